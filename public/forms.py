"""The public site's filters. An unknown value is a form error the page shows, never a 500."""

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from reference.models import Instrument, RegionalGroup, ReviewCycle, State, TechnicalAssistanceCategory
from reviewmech.i18n import field_suffix
from reviews.models import Finding


class FindingsFilter(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of finding"), choices=[("", _("All kinds")), *Finding.Kind.choices], required=False
    )
    instrument = forms.ModelChoiceField(
        label=_("Instrument"),
        queryset=Instrument.objects.order_by("order"),
        required=False,
        empty_label=_("All"),
        to_field_name="code",
    )
    article = forms.IntegerField(label=_("Article"), min_value=1, max_value=500, required=False)
    ta_category = forms.ModelChoiceField(
        label=_("Technical assistance category"),
        queryset=TechnicalAssistanceCategory.objects.order_by("order"),
        required=False,
        empty_label=_("All"),
        to_field_name="code",
    )
    cycle = forms.ModelChoiceField(
        label=_("Cycle or phase"),
        queryset=ReviewCycle.objects.select_related("mechanism").order_by("mechanism__order", "number"),
        required=False,
        empty_label=_("All"),
    )
    regional_group = forms.ModelChoiceField(
        label=_("Regional group"), queryset=RegionalGroup.objects.all(), required=False, empty_label=_("All")
    )
    state = forms.ModelChoiceField(
        label=_("State"),
        queryset=State.objects.filter(memberships__isnull=False).distinct().order_by("name"),
        required=False,
        empty_label=_("All"),
        to_field_name="code",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # States by their name in the page's language.
        suffix = field_suffix(get_language() or "en")
        self.fields["state"].queryset = self.fields["state"].queryset.order_by(f"name_{suffix}")

    def selector_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "instrument": data["instrument"],
            "article_number": data["article"],
            "ta_category": data["ta_category"],
            "cycle": data["cycle"],
            "regional_group": data["regional_group"],
            "state": data["state"],
        }


class StatisticsFilter(forms.Form):
    cycle = forms.ModelChoiceField(
        label=_("Cycle or phase"),
        queryset=ReviewCycle.objects.select_related("mechanism").order_by("mechanism__order", "number"),
        required=False,
        empty_label=None,
    )
    regional_group = forms.ModelChoiceField(
        label=_("Regional group (durations)"),
        queryset=RegionalGroup.objects.all(),
        required=False,
        empty_label=_("All"),
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Words to find"), max_length=200, required=False)
    language = forms.ChoiceField(label=_("In the documents in"), choices=(), required=False)
    kind = forms.ChoiceField(
        label=_("Documents"),
        required=False,
        choices=[
            ("", _("All published documents")),
            ("report", _("Executive summaries and country reports")),
            ("thematic", _("Thematic reports")),
            ("briefing", _("Summaries of NGO briefings")),
        ],
    )
    state = forms.ModelChoiceField(
        label=_("State"),
        queryset=State.objects.filter(memberships__isnull=False).distinct(),
        required=False,
        empty_label=_("All"),
        to_field_name="code",
    )
    cycle = forms.ModelChoiceField(
        label=_("Cycle or phase"),
        queryset=ReviewCycle.objects.select_related("mechanism").order_by("mechanism__order", "number"),
        required=False,
        empty_label=_("All"),
    )
    regional_group = forms.ModelChoiceField(
        label=_("Regional group"), queryset=RegionalGroup.objects.all(), required=False, empty_label=_("All")
    )

    def __init__(self, *args, **kwargs):
        from django.conf import settings

        super().__init__(*args, **kwargs)
        self.fields["language"].choices = list(settings.LANGUAGES)
        self.fields["language"].initial = get_language()
        suffix = field_suffix(get_language() or "en")
        self.fields["state"].queryset = self.fields["state"].queryset.order_by(f"name_{suffix}")
