"""Forms of the sessions app: they carry the input; the rules are the services'."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from reference.models import Body, Instrument, RegionalGroup, State
from reviewmech.forms import DateInput

from .models import STATE_ROLES_ORDERED, NoteTemplate, NoteVerbale, Session

OTHER_LANGUAGES = [(code, name) for code, name in settings.LANGUAGES if code != "en"]
PLACE_FIELDS = {"city": (_("City"), 100), "venue": (_("Venue"), 200), "room": (_("Room"), 200)}


def _suffix(code):
    return code.replace("-", "_")


class SessionForm(forms.Form):
    """A session or one of its parts. Its title is not typed: it is made from the body, the
    number and the part in each language."""

    body = forms.ModelChoiceField(label=_("Body"), queryset=Body.objects.order_by("code"))
    number = forms.IntegerField(label=_("Session number"), min_value=1, max_value=200)
    part = forms.ChoiceField(label=_("Part"), choices=Session.Part.choices)
    starts_on = forms.DateField(label=_("First day"), widget=DateInput)
    ends_on = forms.DateField(label=_("Last day"), widget=DateInput)
    opens_at = forms.TimeField(
        label=_("Opening time"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    country = forms.ModelChoiceField(label=_("Country"), queryset=State.objects.order_by("code"), required=False)
    parallel_with = forms.ModelChoiceField(
        label=_("Held in parallel with"),
        queryset=Session.objects.select_related("body").order_by("-starts_on"),
        required=False,
    )

    def __init__(self, *args, session: Session | None = None, **kwargs):
        if session is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(session)
        super().__init__(*args, **kwargs)
        if session is not None:
            self.fields["parallel_with"].queryset = self.fields["parallel_with"].queryset.exclude(pk=session.pk)
        for name, (label, limit) in PLACE_FIELDS.items():
            self.fields[f"{name}_en"] = forms.CharField(
                label=label, max_length=limit, required=name == "city", widget=forms.TextInput(attrs={"dir": "auto"})
            )
        for code, language in OTHER_LANGUAGES:
            for name, (label, limit) in PLACE_FIELDS.items():
                self.fields[f"{name}_{_suffix(code)}"] = forms.CharField(
                    label=f"{label} ({language})",
                    max_length=limit,
                    required=False,
                    widget=forms.TextInput(attrs={"dir": "auto", "lang": code}),
                )

    @staticmethod
    def initial_from(session: Session) -> dict:
        initial = {
            "body": session.body_id,
            "number": session.number,
            "part": session.part,
            "starts_on": session.starts_on,
            "ends_on": session.ends_on,
            "opens_at": session.opens_at,
            "country": session.country_id,
            "parallel_with": session.parallel_with_id,
        }
        for code, _language in settings.LANGUAGES:
            for name in PLACE_FIELDS:
                key = f"{name}_{_suffix(code)}"
                initial[key] = getattr(session, key) or ""
        return initial

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        places = {
            name: {code: data.get(f"{name}_{_suffix(code)}", "") for code, _language in settings.LANGUAGES}
            for name in PLACE_FIELDS
        }
        return {
            "body": data["body"],
            "number": data["number"],
            "part": data["part"],
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "opens_at": data["opens_at"],
            "country": data["country"],
            "parallel_with": data["parallel_with"],
            **places,
        }


class AgendaItemForm(forms.Form):
    number = forms.IntegerField(label=_("Item"), min_value=1, max_value=99)
    letter = forms.CharField(label=_("Sub-item"), required=False, max_length=2, help_text=_("a, b, c… for a sub-item."))
    title = forms.CharField(label=_("Title (English)"), max_length=500, widget=forms.TextInput(attrs={"dir": "auto"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, language in OTHER_LANGUAGES:
            self.fields[f"title_{_suffix(code)}"] = forms.CharField(
                label=_("Title (%(language)s)") % {"language": language},
                max_length=500,
                required=False,
                widget=forms.TextInput(attrs={"dir": "auto", "lang": code}),
            )

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        titles = {"en": data["title"], **{code: data.get(f"title_{_suffix(code)}", "") for code, _l in OTHER_LANGUAGES}}
        return {"number": data["number"], "letter": data["letter"], "title": titles}


class AgendaDocumentForm(forms.Form):
    symbol = forms.CharField(
        label=_("Symbol of a registered document"),
        max_length=80,
        widget=forms.TextInput(attrs={"dir": "ltr", "spellcheck": "false"}),
    )


class NoteVerbaleForm(forms.Form):
    template = forms.ModelChoiceField(label=_("Text"), queryset=NoteTemplate.objects.order_by("code"))
    session = forms.ModelChoiceField(
        label=_("Session"), queryset=Session.objects.select_related("body").order_by("-starts_on"), required=False
    )
    dated_on = forms.DateField(label=_("Date"), widget=DateInput)
    addressees = forms.ChoiceField(label=_("Addressees"), choices=NoteVerbale.Addressees.choices)
    instrument = forms.ModelChoiceField(
        label=_("Instrument"), queryset=Instrument.objects.order_by("order"), required=False
    )
    regional_group = forms.ModelChoiceField(
        label=_("Regional group"), queryset=RegionalGroup.objects.order_by("order"), required=False
    )
    states = forms.ModelMultipleChoiceField(label=_("States"), queryset=State.objects.order_by("code"), required=False)
    number = forms.IntegerField(
        label=_("Number"),
        required=False,
        min_value=1,
        help_text=_("Leave empty for the next reference of the year; give it to record an earlier note."),
    )


class IncomingNoteForm(forms.Form):
    state = forms.ModelChoiceField(label=_("State"), queryset=State.objects.order_by("code"))
    received_on = forms.DateField(label=_("Received on"), widget=DateInput)
    dated_on = forms.DateField(label=_("Date of the note"), widget=DateInput, required=False)
    their_reference = forms.CharField(label=_("Their reference"), max_length=100, required=False)
    subject = forms.CharField(label=_("Subject"), max_length=300, widget=forms.TextInput(attrs={"dir": "auto"}))
    scan = forms.FileField(label=_("Scan (PDF)"), required=False)


class NominationForm(forms.Form):
    role = forms.ChoiceField(label=_("Named as"), choices=[(r.value, r.label) for r in STATE_ROLES_ORDERED])
    first_name = forms.CharField(label=_("First name"), max_length=150, widget=forms.TextInput(attrs={"dir": "auto"}))
    last_name = forms.CharField(label=_("Last name"), max_length=150, widget=forms.TextInput(attrs={"dir": "auto"}))
    email = forms.EmailField(label=_("E-mail"))
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES, initial="en")
