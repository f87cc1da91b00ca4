"""Forms of the civil-society app: they carry the input; the rules are the services'."""

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from reference.models import State
from reviewmech.forms import DateInput
from sessions.models import Session

from .models import CivilSocietyInput, Organization


def _suffix(code):
    return code.replace("-", "_")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each is checked by the service (type by content, size)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.docx,.odt"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


def language_choices():
    return list(settings.LANGUAGES)


class JoinForm(forms.Form):
    """An organization asks for an account (the secretariat approves it)."""

    organization_name = forms.CharField(label=_("Name of the organization"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind of organization"), choices=Organization.Kind.choices)
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=State.objects.order_by("name"), required=False, empty_label="—"
    )
    website = forms.URLField(label=_("Website"), max_length=300, required=False, assume_scheme="https")
    area_of_work = forms.CharField(
        label=_("Area of work"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    ecosoc_status = forms.ChoiceField(
        label=_("ECOSOC consultative status"), choices=Organization.Ecosoc.choices, required=False
    )
    first_name = forms.CharField(label=_("Your first name"), max_length=150)
    last_name = forms.CharField(label=_("Your last name"), max_length=150)
    email = forms.EmailField(label=_("Your e-mail address"))
    preferred_language = forms.ChoiceField(label=_("Language of your e-mails"), choices=language_choices)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"preferred_language": get_language()})
        super().__init__(*args, **kwargs)

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        language = get_language()
        # The name and area of work are in the language of the page they were typed on.
        data["organization_name"] = {language: data["organization_name"]}
        data["area_of_work"] = {language: data["area_of_work"]} if data["area_of_work"] else None
        return data


class MemberForm(forms.Form):
    """The secretariat gives a person of an organization an account."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"))
    preferred_language = forms.ChoiceField(label=_("Language of the e-mails"), choices=language_choices)


class RegistrationForm(forms.Form):
    listed = forms.BooleanField(
        label=_("My organization may be listed on the briefing's page among those that took part"), required=False
    )


class InputForm(forms.Form):
    """Written input from an organization on a review."""

    title = forms.CharField(label=_("Subject"), max_length=300)
    text = forms.CharField(label=_("Your input"), max_length=50000, widget=forms.Textarea(attrs={"rows": 12}))
    language = forms.ChoiceField(label=_("Language of the input"), choices=language_choices)
    files = MultipleFileField(
        label=_("Files"),
        required=False,
        help_text=_("PDF, DOCX or ODT, up to 10 files."),
    )
    asks_to_meet = forms.BooleanField(
        label=_("We ask to meet the review team during the dialogue"),
        required=False,
        help_text=_("The State under review has agreed to meetings with civil society in this review."),
    )

    def __init__(self, *args, meeting_possible: bool = False, **kwargs):
        kwargs.setdefault("initial", {"language": get_language()})
        super().__init__(*args, **kwargs)
        if not meeting_possible:
            del self.fields["asks_to_meet"]

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data["uploads"] = data.pop("files")
        return data


class InputRecordForm(forms.Form):
    """The secretariat records input received by another channel."""

    organization = forms.ModelChoiceField(
        label=_("Organization"),
        queryset=Organization.objects.filter(status=Organization.Status.APPROVED).order_by("name"),
        required=False,
    )
    sender = forms.CharField(
        label=_("Or: sent by"), max_length=300, required=False, help_text=_("When the sender has no organization here.")
    )
    channel = forms.ChoiceField(
        label=_("Received by"),
        choices=[c for c in CivilSocietyInput.Channel.choices if c[0] != CivilSocietyInput.Channel.PLATFORM],
    )
    received_on = forms.DateField(label=_("Received on"), widget=DateInput)
    title = forms.CharField(label=_("Subject"), max_length=300)
    text = forms.CharField(label=_("Input"), max_length=50000, widget=forms.Textarea(attrs={"rows": 10}))
    language = forms.ChoiceField(label=_("Language of the input"), choices=language_choices)
    files = MultipleFileField(label=_("Files"), required=False, help_text=_("PDF, DOCX or ODT, up to 10 files."))

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data["uploads"] = data.pop("files")
        return data


class ReplyForm(forms.Form):
    reply = forms.CharField(label=_("The reply"), max_length=50000, widget=forms.Textarea(attrs={"rows": 6}))


class BriefingForm(forms.Form):
    """A briefing for NGOs on the margins of a session of the Implementation Review Group."""

    number = forms.IntegerField(label=_("Number of the briefing"), min_value=1, max_value=500)
    session = forms.ModelChoiceField(
        label=_("Held on the margins of"),
        queryset=Session.objects.filter(body__code="irg").select_related("body").order_by("-starts_on"),
    )
    held_on = forms.DateField(label=_("Date"), widget=DateInput)
    starts_at = forms.TimeField(
        label=_("Starting time"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    room = forms.CharField(label=_("Room"), max_length=200, required=False)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=5000)
    registration_closes_on = forms.DateField(label=_("Registration closes on"), required=False, widget=DateInput)
    chair_name = forms.CharField(label=_("Chair"), max_length=200, required=False)
    chair_state = forms.ModelChoiceField(
        label=_("State of the chair"), queryset=State.objects.order_by("name"), required=False
    )
    chair_role = forms.CharField(
        label=_("Role of the chair"),
        max_length=300,
        required=False,
        help_text=_("e.g. the Rapporteur of the Conference at its eighth session."),
    )
    programme = forms.CharField(
        label=_("Symbol of the programme"),
        max_length=80,
        required=False,
        help_text=_("A conference room paper of the registry, e.g. CAC/COSP/IRG/2020/CRP.14."),
        widget=forms.TextInput(attrs={"dir": "ltr", "spellcheck": "false"}),
    )

    def __init__(self, *args, briefing=None, **kwargs):
        if briefing is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "number": briefing.number,
                "session": briefing.session_id,
                "held_on": briefing.held_on,
                "starts_at": briefing.starts_at,
                "room": getattr(briefing, f"room_{_suffix(get_language())}") or "",
                "capacity": briefing.capacity,
                "registration_closes_on": briefing.registration_closes_on,
                "chair_name": briefing.chair_name,
                "chair_state": briefing.chair_state_id,
                "chair_role": getattr(briefing, f"chair_role_{_suffix(get_language())}") or "",
                "programme": briefing.programme.symbol if briefing.programme_id else "",
            }
        super().__init__(*args, **kwargs)

    def clean_programme(self):
        from documents.models import Document

        symbol = self.cleaned_data["programme"].strip()
        if not symbol:
            return None
        document = Document.objects.filter(symbol=symbol).first()
        if document is None:
            raise forms.ValidationError(_("No document is registered under this symbol."))
        return document

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        language = get_language()
        # Room and role in the language of the page; the other languages keep theirs.
        data["room"] = {language: data["room"]}
        data["chair_role"] = {language: data["chair_role"]}
        return data


class PresentationForm(forms.Form):
    speaker = forms.CharField(label=_("Speaker"), max_length=300)
    topic = forms.CharField(label=_("Topic"), max_length=500)
    symbols = forms.CharField(
        label=_("Documents (symbols, one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "ltr", "spellcheck": "false"}),
    )

    def clean_symbols(self):
        from documents.models import Document

        symbols = [line.strip() for line in self.cleaned_data["symbols"].splitlines() if line.strip()]
        documents = list(Document.objects.filter(symbol__in=symbols))
        unknown = sorted(set(symbols) - {d.symbol for d in documents})
        if unknown:
            raise forms.ValidationError(
                _("No document is registered under: %(symbols)s.") % {"symbols": ", ".join(unknown)}
            )
        return documents

    def service_arguments(self) -> dict:
        language = get_language()
        data = self.cleaned_data
        return {
            "speaker": {language: data["speaker"]},
            "topic": {language: data["topic"]},
            "documents": data["symbols"],
        }


class QuestionForm(forms.Form):
    topic = forms.CharField(label=_("Topic"), max_length=200)
    text = forms.CharField(label=_("Question or proposal"), max_length=10000, widget=forms.Textarea(attrs={"rows": 3}))
    response = forms.CharField(
        label=_("Response of the secretariat"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def service_arguments(self) -> dict:
        language = get_language()
        return {key: {language: value} if value else None for key, value in self.cleaned_data.items()}


class SummaryForm(forms.Form):
    """The summary in one language at a time (paragraphs separated by a blank line)."""

    language = forms.ChoiceField(label=_("Language of this text"), choices=language_choices)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=100000,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Paragraphs separated by a blank line; they are numbered in the PDF."),
    )
    issued_on = forms.DateField(label=_("Date of the summary"), required=False, widget=DateInput)

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {"summary": {data["language"]: data["summary"]}, "issued_on": data["issued_on"]}
