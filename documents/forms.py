"""Forms of the documents registry. The rules are the services'; these only carry the input."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from reference.models import Body, State
from reviewmech.forms import DateInput

from .models import Distribution

LANGUAGE_CHOICES = settings.LANGUAGES


class DocumentRegisterForm(forms.Form):
    """Register a document: under a symbol given in full, or numbered in a series."""

    symbol = forms.CharField(
        label=_("Symbol"),
        required=False,
        max_length=80,
        widget=forms.TextInput(attrs={"dir": "ltr", "spellcheck": "false", "autocapitalize": "characters"}),
        help_text=_(
            "For example CAC/COSP/IRG/2026/4 or CAC/COSP/IRG/2026/CRP.3. "
            "Leave it empty to take the next number of the body's series."
        ),
    )
    body = forms.ModelChoiceField(label=_("Body"), queryset=Body.objects.order_by("code"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2099)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[
            ("", _("Numbered document")),
            ("CRP", _("Conference room paper (CRP)")),
            ("L", _("Limited (L)")),
            ("INF", _("Information (INF)")),
        ],
    )
    title = forms.CharField(label=_("Title"), max_length=500, widget=forms.TextInput(attrs={"dir": "auto"}))
    original_language = forms.ChoiceField(label=_("Original language"), choices=LANGUAGE_CHOICES, initial="en")
    distribution = forms.ChoiceField(
        label=_("Distribution"), choices=Distribution.choices, initial=Distribution.GENERAL
    )
    issued_on = forms.DateField(label=_("Date"), required=False, widget=DateInput)
    concerned_states = forms.ModelMultipleChoiceField(
        label=_("States concerned"),
        queryset=State.objects.order_by("code"),
        required=False,
        help_text=_("A Limited document is also shared with the States it concerns."),
    )

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        body = data["body"]
        return {
            "symbol": data["symbol"],
            "prefix": body.symbol_prefix if body else "",
            "year": data["year"],
            "kind": data["kind"],
            "body": body,
            "title": {data["original_language"]: data["title"]},
            "original_language": data["original_language"],
            "distribution": data["distribution"],
            "issued_on": data["issued_on"],
            "concerned_states": data["concerned_states"],
        }


class DocumentFileForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    file = forms.FileField(label=_("File (PDF or Word)"))


class DocumentIssueForm(forms.Form):
    on = forms.DateField(label=_("Date of issue"), required=False, widget=DateInput)
