"""Filters of the review lists (the dashboard and the list share them)."""

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reference.models import RegionalGroup, ReviewCycle
from reviewmech.i18n import translated

from .models import CountryReview, WorkflowStep
from .selectors.reviews import regional_group_of_review


class ListedChoiceField(django_filters.fields.ModelChoiceField):
    """A choice among ``objects`` the page has already read (the mechanism's cycles, its steps,
    the regional groups): the chosen key is looked up among them, not read again with a query.
    ``objects`` must be those of ``queryset``, which the field keeps for its other uses."""

    def __init__(self, *args, objects, **kwargs):
        super().__init__(*args, **kwargs)
        self.objects = {obj.pk: obj for obj in objects}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            # As the query would: "14" or " 14" is the key 14, "x" no key.
            key = self.queryset.model._meta.pk.to_python(value)
        except ValidationError:
            key = None
        if key not in self.objects:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})
        return self.objects[key]


class ReviewFilter(django_filters.FilterSet):
    cycle = django_filters.ModelChoiceFilter(
        label=_("Cycle or phase"), queryset=ReviewCycle.objects.select_related("mechanism"), empty_label=_("All")
    )
    year = django_filters.NumberFilter(label=_("Year"))
    region = django_filters.ModelChoiceFilter(
        label=_("Regional group"), queryset=RegionalGroup.objects.all(), method="filter_region", empty_label=_("All")
    )
    phase = django_filters.ModelChoiceFilter(
        label=_("Current step"),
        queryset=WorkflowStep.objects.select_related("mechanism"),
        field_name="current_step",
        empty_label=_("All"),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CountryReview.Status.choices, empty_label=_("All"))
    overdue = django_filters.ChoiceFilter(
        label=_("Deadline"),
        choices=[("yes", _("Overdue")), ("no", _("Not overdue"))],
        method="filter_overdue",
        empty_label=_("All"),
    )
    q = django_filters.CharFilter(label=_("State"), method="filter_state")

    class Meta:
        model = CountryReview
        fields = ["cycle", "year", "region", "phase", "status", "overdue", "q"]

    def __init__(self, *args, mechanism=None, cycles=None, steps=None, groups=None, **kwargs):
        """``mechanism``: the cycles and steps to choose from are its own. ``cycles`` (the
        mechanism's), ``steps`` (its steps) and ``groups`` (every regional group), when the page
        has read them already: the choice is checked against them, with no query."""
        super().__init__(*args, **kwargs)
        if mechanism is not None:
            self.filters["cycle"].queryset = ReviewCycle.objects.filter(mechanism=mechanism)
            self.filters["phase"].queryset = WorkflowStep.objects.filter(mechanism=mechanism)
        for name, objects in (("cycle", cycles), ("phase", steps), ("region", groups)):
            if objects is not None:
                self.filters[name].field_class = ListedChoiceField
                self.filters[name].extra["objects"] = objects

    @property
    def form(self):
        form = super().form
        form.fields["cycle"].label_from_instance = lambda cycle: translated(cycle, "title").text
        form.fields["phase"].label_from_instance = lambda step: f"{step.order}. {translated(step, 'name').text}"
        form.fields["region"].label_from_instance = lambda group: translated(group, "name").text
        return form

    def filter_region(self, queryset, name, value):
        return queryset.annotate(_group=Subquery(regional_group_of_review())).filter(_group=value.pk)

    def filter_overdue(self, queryset, name, value):
        overdue = queryset.overdue(timezone.localdate())
        return overdue if value == "yes" else queryset.exclude(pk__in=overdue.values("pk"))

    def filter_state(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        names = Q()
        for code in ("en", "fr", "es", "ru", "ar", "zh_hans"):
            names |= Q(**{f"state__name_{code}__icontains": value})
        return queryset.filter(names | Q(state__code__iexact=value))
