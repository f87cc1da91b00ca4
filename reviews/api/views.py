"""Read endpoints of the country reviews and their findings: status to all, timelines and
findings as the pages show them to the caller (``reviews.selectors.status``)."""

import django_filters
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view

from reference.models import Instrument, Mechanism, RegionalGroup, ReviewCycle, State, TechnicalAssistanceCategory
from reviewmech.rest import CodeFilter, ReadViewSet

from ..models import CountryReview, Finding
from ..selectors import consent
from ..selectors.public import in_regional_group
from ..selectors.status import findings_visible_to, reviews_for_status, timelines_for
from . import serializers


def _code_filter(queryset, field_name, help_text, **kwargs):
    return CodeFilter(queryset=queryset, field_name=field_name, help_text=help_text, **kwargs)


class ReviewFilter(django_filters.FilterSet):
    mechanism = _code_filter(Mechanism.objects.all(), "cycle__mechanism", "Code of the mechanism: `irm` or `untoc-rm`.")
    cycle = django_filters.ModelChoiceFilter(queryset=ReviewCycle.objects.all(), help_text="Id of the cycle or phase.")
    state = _code_filter(State.objects.all(), "state", "ISO 3166-1 alpha-3 code of the State under review.", upper=True)
    instrument = _code_filter(Instrument.objects.all(), "instrument", "Code of the instrument.")
    regional_group = CodeFilter(
        queryset=RegionalGroup.objects.all(),
        method="in_group",
        help_text="Code of the regional group of the State under review, in its mechanism.",
    )
    phase = django_filters.CharFilter(
        field_name="current_step__code", help_text="Code of the step the review is at, e.g. `desk_review`."
    )
    status = django_filters.ChoiceFilter(choices=CountryReview.Status.choices)
    year = django_filters.NumberFilter(min_value=1990, max_value=2100, help_text="Year of the review.")
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", help_text="Reviews changed at or after this time (ISO 8601)."
    )

    class Meta:
        model = CountryReview
        fields = ["mechanism", "cycle", "state", "instrument", "regional_group", "phase", "status", "year"]

    def in_group(self, queryset, name, value):
        return queryset.filter(regional_group_id=value.pk)


@extend_schema_view(
    list=extend_schema(summary="Country reviews", description=__doc__),
    retrieve=extend_schema(summary="A country review"),
)
class ReviewViewSet(ReadViewSet):
    """Every country review: cycle or phase, State, instrument, year, status, the step it is
    at, the reviewing States and the published executive summary. The timeline (indicative and
    actual dates of each step, overdue flag) for those the review involves, and for everyone where
    the State consented. Ordered by id: never a ranking."""

    serializer_class = serializers.ReviewSerializer
    filterset_class = ReviewFilter
    ordering = "pk"

    def get_queryset(self):
        return reviews_for_status()

    def get_serializer(self, *args, **kwargs):
        if args:
            instances = args[0] if isinstance(args[0], list | tuple) else [args[0]]
            kwargs["context"] = {
                **self.get_serializer_context(),
                "timelines": timelines_for(self.request.user, instances, timezone.localdate()),
                "groups": dict(RegionalGroup.objects.values_list("pk", "code")),
            }
        return super().get_serializer(*args, **kwargs)


class FindingFilter(django_filters.FilterSet):
    mechanism = _code_filter(Mechanism.objects.all(), "review__cycle__mechanism", "Code of the mechanism.")
    cycle = django_filters.ModelChoiceFilter(
        queryset=ReviewCycle.objects.all(), field_name="review__cycle", help_text="Id of the cycle or phase."
    )
    state = _code_filter(State.objects.all(), "review__state", "ISO code of the State under review.", upper=True)
    instrument = _code_filter(Instrument.objects.all(), "article__instrument", "Code of the instrument.")
    article = django_filters.NumberFilter(field_name="article__number", help_text="Article number.")
    kind = django_filters.ChoiceFilter(choices=Finding.Kind.choices)
    ta_category = _code_filter(
        TechnicalAssistanceCategory.objects.all(), "ta_category", "Code of the technical assistance category."
    )
    regional_group = CodeFilter(queryset=RegionalGroup.objects.all(), method="in_group", help_text="Regional group.")
    review = django_filters.NumberFilter(field_name="review_id", help_text="Id of the country review.")

    class Meta:
        model = Finding
        fields = ["mechanism", "cycle", "state", "instrument", "article", "kind", "ta_category", "review"]

    def in_group(self, queryset, name, value):
        return in_regional_group(queryset, value)


@extend_schema_view(list=extend_schema(summary="Findings"), retrieve=extend_schema(summary="A finding"))
class FindingViewSet(ReadViewSet):
    """Good practices, challenges, recommendations and technical assistance needs. Everyone reads
    the findings of published executive summaries; the secretariat, the State under review and
    the experts and observers on a review also read its findings in draft (``published`` false).
    The follow-up of a recommendation shows where the State published it. Ordered by id."""

    serializer_class = serializers.FindingSerializer
    filterset_class = FindingFilter
    ordering = "pk"

    def get_queryset(self):
        return findings_visible_to(self.request.user)

    def get_serializer(self, *args, **kwargs):
        if args:
            findings = args[0] if isinstance(args[0], list | tuple) else [args[0]]
            review_ids = {finding.review_id for finding in findings}
            involved = set(
                CountryReview.objects.visible_to(self.request.user)
                .filter(pk__in=review_ids)
                .values_list("pk", flat=True)
            )
            in_force = consent.decisions(review_ids)
            shown = {pk for pk in review_ids if pk in involved or consent.granted(pk, consent.Item.FOLLOW_UP, in_force)}
            kwargs["context"] = {**self.get_serializer_context(), "follow_up_shown": shown}
        return super().get_serializer(*args, **kwargs)
