"""Forms of the executive summary and country report pages."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reviewmech.forms import DateInput
from reviewmech.i18n import field_suffix, is_rtl

from .models import ReportTranslation
from .services.reports import MAX_TEXT


class ReportTextForm(forms.Form):
    """The texts of one language version: introduction, legal framework, one narrative per
    chapter; the symbol too for the secretariat."""

    introduction = forms.CharField(label=_("Introduction"), required=False, max_length=MAX_TEXT)
    legal_framework = forms.CharField(label=_("Legal and institutional framework"), required=False, max_length=MAX_TEXT)
    symbol = forms.CharField(label=_("Document symbol"), required=False, max_length=60)

    def __init__(self, *args, report, language, sections, with_symbol, **kwargs):
        suffix = field_suffix(language)
        initial = {
            "introduction": getattr(report, f"introduction_{suffix}") or "",
            "legal_framework": getattr(report, f"legal_framework_{suffix}") or "",
            "symbol": report.symbol,
        }
        for section in sections:
            initial[f"section_{section.pk}"] = getattr(section, f"narrative_{suffix}") or ""
        super().__init__(*args, initial=initial, **kwargs)
        attrs = {"rows": 6, "lang": language, "dir": "rtl" if is_rtl(language) else "ltr"}
        self.fields["introduction"].widget = forms.Textarea(attrs=attrs)
        self.fields["legal_framework"].widget = forms.Textarea(attrs=attrs)
        self.section_names = []
        for section in sections:
            name = f"section_{section.pk}"
            self.fields[name] = forms.CharField(
                label=str(section.chapter) if section.chapter else _("Cluster under review"),
                required=False,
                max_length=MAX_TEXT,
                widget=forms.Textarea(attrs=attrs),
            )
            self.section_names.append(name)
        if not with_symbol:
            del self.fields["symbol"]

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in ("introduction", "legal_framework")}
        if "symbol" in self.fields:
            data["symbol"] = self.cleaned_data["symbol"]
        data["sections"] = {name.removeprefix("section_"): self.cleaned_data[name] for name in self.section_names}
        return data


class ReportAgreeForm(forms.Form):
    on = forms.DateField(label=_("Agreed on"), widget=DateInput, initial=timezone.localdate)
    consent_to_publish = forms.BooleanField(
        label=_("The State agrees to publish the full country review report"), required=False
    )


class ReportReopenForm(forms.Form):
    reason = forms.CharField(label=_("Reason for reopening"), max_length=500)


class ReportPublishForm(forms.Form):
    symbol = forms.CharField(
        label=_("Document symbol"),
        max_length=60,
        required=False,
        help_text=_("For example CAC/COSP/IRG/II/1/1/Add.12."),
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )
    on = forms.DateField(label=_("Date of the document"), widget=DateInput, initial=timezone.localdate)


class TranslationStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ReportTranslation.Status.choices)
    translator = forms.ModelChoiceField(label=_("Translator"), queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        from accounts.models import User
        from reviewmech.roles import Role

        super().__init__(*args, **kwargs)
        self.fields["translator"].queryset = User.objects.filter(role=Role.SECRETARIAT, is_active=True).order_by(
            "last_name", "first_name"
        )
