"""Read endpoints of the country reviews and their findings: status to all, timelines and
findings as the pages show them to the caller (``reviews.selectors.status``)."""

import django_filters
from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.response import Response

from reference.models import Instrument, Mechanism, RegionalGroup, ReviewCycle, State, TechnicalAssistanceCategory
from reviewmech.rest import (
    IDEMPOTENCY_KEY,
    CodeFilter,
    ReadViewSet,
    WholeNumberFilter,
    YearFilter,
    idempotent,
    validated,
)

from ..models import CountryReview, Finding, ReportTranslation, ReviewReport
from ..selectors import consent
from ..selectors.public import in_regional_group
from ..selectors.status import findings_visible_to, reports_visible_to, reviews_for_status, timelines_for
from ..services import reports, workflow
from . import serializers

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


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
    year = YearFilter(min_value=1990, max_value=2100, help_text="Year of the review.")
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

    # --- The secretariat's writes, through the services the review page uses ---------------------

    def _answer(self, review, status_code=status.HTTP_200_OK):
        """The review as a GET now gives it to the caller."""
        return Response(self.get_serializer(self.get_queryset().get(pk=review.pk)).data, status=status_code)

    @extend_schema(
        summary="Record the current step as completed",
        description="As on the review page: the step the review is at is completed on `on` (today by default) "
        "and the review moves to the next one. The people on the review are notified.",
        request=serializers.StepInputSerializer,
        responses={201: serializers.ReviewSerializer},
        parameters=[IDEMPOTENCY_KEY],
    )
    @action(detail=True, methods=["post"])
    @idempotent
    def steps(self, request, pk=None):
        review = self.get_object()
        data = validated(serializers.StepInputSerializer, request)
        workflow.review_complete_step(review=review, actor=request.user, on=data.get("on"), comment=data["comment"])
        return self._answer(review, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Pause the review",
        description="The secretariat pauses a review in progress (e.g. at the State's request); the days paused "
        "are added to the current step's indicative date when it resumes.",
        request=serializers.PauseInputSerializer,
        responses={200: serializers.ReviewSerializer},
        parameters=[IDEMPOTENCY_KEY],
    )
    @action(detail=True, methods=["post"])
    @idempotent
    def pause(self, request, pk=None):
        review = self.get_object()
        data = validated(serializers.PauseInputSerializer, request)
        workflow.review_pause(review=review, actor=request.user, reason=data["reason"], on=data.get("on"))
        return self._answer(review)

    @extend_schema(
        summary="Resume the review",
        request=serializers.ResumeInputSerializer,
        responses={200: serializers.ReviewSerializer},
        parameters=[IDEMPOTENCY_KEY],
    )
    @action(detail=True, methods=["post"])
    @idempotent
    def resume(self, request, pk=None):
        review = self.get_object()
        data = validated(serializers.ResumeInputSerializer, request)
        workflow.review_resume(review=review, actor=request.user, on=data.get("on"), comment=data["comment"])
        return self._answer(review)


class FindingFilter(django_filters.FilterSet):
    mechanism = _code_filter(Mechanism.objects.all(), "review__cycle__mechanism", "Code of the mechanism.")
    cycle = django_filters.ModelChoiceFilter(
        queryset=ReviewCycle.objects.all(), field_name="review__cycle", help_text="Id of the cycle or phase."
    )
    state = _code_filter(State.objects.all(), "review__state", "ISO code of the State under review.", upper=True)
    instrument = _code_filter(Instrument.objects.all(), "article__instrument", "Code of the instrument.")
    article = WholeNumberFilter(field_name="article__number", help_text="Article number.")
    kind = django_filters.ChoiceFilter(choices=Finding.Kind.choices)
    ta_category = _code_filter(
        TechnicalAssistanceCategory.objects.all(), "ta_category", "Code of the technical assistance category."
    )
    regional_group = CodeFilter(queryset=RegionalGroup.objects.all(), method="in_group", help_text="Regional group.")
    review = WholeNumberFilter(field_name="review_id", help_text="Id of the country review.")

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


class ReportFilter(django_filters.FilterSet):
    review = WholeNumberFilter(field_name="review_id", help_text="Id of the country review.")
    kind = django_filters.ChoiceFilter(choices=ReviewReport.Kind.choices)
    status = django_filters.ChoiceFilter(choices=ReviewReport.Status.choices)
    state = _code_filter(State.objects.all(), "review__state", "ISO code of the State under review.", upper=True)
    mechanism = _code_filter(Mechanism.objects.all(), "review__cycle__mechanism", "Code of the mechanism.")

    class Meta:
        model = ReviewReport
        fields = ["review", "kind", "status", "state", "mechanism"]


@extend_schema_view(list=extend_schema(summary="Reports"), retrieve=extend_schema(summary="A report"))
class ReportViewSet(ReadViewSet):
    """Executive summaries and country review reports: everyone reads the published ones the
    public site shows (a summary always, a full report where the State consented); those a
    review involves also read its drafts and where each translation stands. The secretariat
    publishes them and records the translations. Ordered by id."""

    serializer_class = serializers.ReportSerializer
    filterset_class = ReportFilter
    ordering = "pk"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema's generation: no request to read
            return ReviewReport.objects.none()
        lines = ReportTranslation.objects.select_related("translator").order_by("pk")
        return reports_visible_to(self.request.user).prefetch_related(Prefetch("translations", queryset=lines))

    def _answer(self, report):
        return Response(self.get_serializer(self.get_queryset().get(pk=report.pk)).data)

    @extend_schema(
        summary="Publish the report",
        description="As on the report page: the report the State agreed to is issued under its symbol (given "
        "here if it has none) and the workers render it in the six languages. Publishing it again renders "
        "only what changed.",
        request=serializers.PublishInputSerializer,
        responses={200: serializers.ReportSerializer},
        parameters=[IDEMPOTENCY_KEY],
    )
    @action(detail=True, methods=["post"])
    @idempotent
    def publish(self, request, pk=None):
        report = self.get_object()
        data = validated(serializers.PublishInputSerializer, request)
        reports.report_publish(report=report, actor=request.user, on=data.get("on"), symbol=data.get("symbol"))
        return self._answer(report)

    @extend_schema(
        summary="Record where a translation stands",
        description="Pending, translated or checked, and by whom. Once the report is published, a finished "
        "translation is rendered again (that language only).",
        request=serializers.TranslationInputSerializer,
        responses={200: serializers.ReportSerializer},
        parameters=[OpenApiParameter("language", str, OpenApiParameter.PATH, enum=LANGUAGE_CODES)],
    )
    @action(detail=True, methods=["put"], url_path=r"translations/(?P<language>[a-z]{2}(?:-[a-z]{4})?)")
    def translation(self, request, pk=None, language=None):
        report = self.get_object()
        if language not in LANGUAGE_CODES:
            raise exceptions.NotFound()
        data = validated(serializers.TranslationInputSerializer, request)
        reports.translation_set(
            report=report, actor=request.user, language=language, status=data["status"], translator=data["translator"]
        )
        return self._answer(report)
