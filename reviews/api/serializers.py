"""Country reviews and findings as the REST API gives them."""

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import User
from reviewmech.i18n import translated
from reviewmech.rest import TranslatedField, TranslatedModelSerializer, TranslatedSerializer
from reviewmech.roles import Role

from ..models import CountryReview, Finding, ReportTranslation, ReviewReport, WorkflowStep


class StepSerializer(TranslatedModelSerializer):
    name = TranslatedField()

    class Meta:
        model = WorkflowStep
        fields = ["code", "order", "name", "indicative_days", "fallbacks"]


class TimelineEntrySerializer(serializers.Serializer):
    step = serializers.CharField(source="step.code", help_text="Code of the workflow step.")
    name = serializers.SerializerMethodField(help_text="The step's name in the request's language.")
    indicative = serializers.DateField(allow_null=True, help_text="Indicative date (from the workflow's durations).")
    actual = serializers.DateField(allow_null=True, help_text="Date the step was completed; null while it is not.")
    current = serializers.BooleanField(source="is_current")
    overdue = serializers.BooleanField(source="is_overdue", help_text="The current step is past its indicative date.")
    paused_days = serializers.IntegerField(help_text="Days the review was paused during this step.")

    def get_name(self, entry) -> str:
        return translated(entry.step, "name").text


class ReviewSerializer(TranslatedSerializer, serializers.ModelSerializer):
    mechanism = serializers.CharField(source="cycle.mechanism.code")
    cycle = serializers.IntegerField(source="cycle_id", help_text="Id of the cycle or phase (/api/v1/cycles/).")
    cycle_title = serializers.SerializerMethodField()
    state = serializers.CharField(source="state.code", help_text="ISO 3166-1 alpha-3 code of the State under review.")
    instrument = serializers.CharField(source="instrument.code")
    regional_group = serializers.SerializerMethodField(help_text="Code of the State's regional group in the mechanism.")
    phase = serializers.SerializerMethodField(help_text="The step the review is at; null once completed.")
    reviewing_states = serializers.SerializerMethodField(help_text="ISO codes of the reviewing States, alphabetical.")
    executive_summary = serializers.SerializerMethodField(help_text="The published executive summary, if any.")
    overdue = serializers.SerializerMethodField(
        help_text="The current step is past its indicative date; null where the timeline is not shown to the caller."
    )
    timeline = serializers.SerializerMethodField(
        help_text="The steps with indicative and actual dates: for those the review involves, and for everyone "
        "where the State consented to publish it; else null."
    )

    class Meta:
        model = CountryReview
        fields = [
            "id",
            "mechanism",
            "cycle",
            "cycle_title",
            "state",
            "instrument",
            "year",
            "regional_group",
            "status",
            "phase",
            "reviewing_states",
            "executive_summary",
            "overdue",
            "timeline",
            "updated_at",
            "fallbacks",
        ]

    def get_cycle_title(self, review) -> str:
        return translated(review.cycle, "title").text

    def get_regional_group(self, review) -> str | None:
        return self.context["groups"].get(review.regional_group_id)

    def _step(self, step) -> dict:
        """A step as ``StepSerializer`` gives it, made once per request: the reviews of a page
        share a dozen steps (a serializer per row was most of a list's time)."""
        steps = self.context.setdefault("steps", {})
        if step.pk not in steps:
            name = translated(step, "name")
            steps[step.pk] = {
                "code": step.code,
                "order": step.order,
                "name": name.text,
                "indicative_days": step.indicative_days,
                "fallbacks": {"name": name.language} if name.is_fallback else {},
            }
        return steps[step.pk]

    @extend_schema_field(StepSerializer(allow_null=True))
    def get_phase(self, review):
        return self._step(review.current_step) if review.current_step else None

    def get_reviewing_states(self, review) -> list[str]:
        return sorted(assignment.state.code for assignment in review.public_reviewers)

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {"symbol": {"type": "string"}, "published_on": {"type": "string", "format": "date"}},
        }
    )
    def get_executive_summary(self, review):
        if review.summary_published_on is None and not review.summary_symbol:
            return None
        return {"symbol": review.summary_symbol or "", "published_on": review.summary_published_on}

    def _timeline(self, review):
        return self.context["timelines"].get(review.pk)

    def get_overdue(self, review) -> bool | None:
        entries = self._timeline(review)
        return None if entries is None else any(entry.is_overdue for entry in entries)

    @extend_schema_field(TimelineEntrySerializer(many=True, allow_null=True))
    def get_timeline(self, review):
        """As ``TimelineEntrySerializer`` describes it, built directly (it is the bulk of a list)."""
        entries = self._timeline(review)
        if entries is None:
            return None
        return [
            {
                "step": entry.step.code,
                "name": self._step(entry.step)["name"],
                "indicative": entry.indicative.isoformat() if entry.indicative else None,
                "actual": entry.actual.isoformat() if entry.actual else None,
                "current": entry.is_current,
                "overdue": entry.is_overdue,
                "paused_days": entry.paused_days,
            }
            for entry in entries
        ]


class FindingSerializer(TranslatedModelSerializer):
    review = serializers.IntegerField(source="review_id")
    state = serializers.CharField(source="review.state.code")
    mechanism = serializers.CharField(source="review.cycle.mechanism.code")
    cycle = serializers.IntegerField(source="review.cycle_id")
    instrument = serializers.CharField(source="article.instrument.code")
    article = serializers.IntegerField(source="article.number")
    text = TranslatedField()
    ta_category = serializers.CharField(source="ta_category.code", allow_null=True, default=None)
    published = serializers.BooleanField(help_text="Whether the review's executive summary is published.")
    executive_summary = serializers.CharField(
        source="summary_symbol", allow_null=True, help_text="Symbol of the published executive summary, if any."
    )
    follow_up = serializers.SerializerMethodField(
        help_text="Follow-up of a recommendation (status and date): for those the review involves, and for "
        "everyone where the State published it; else null."
    )

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {"status": {"type": "string"}, "on": {"type": "string", "format": "date", "nullable": True}},
        }
    )
    def get_follow_up(self, finding):
        if finding.review_id not in self.context["follow_up_shown"] or not finding.follow_up_status:
            return None
        return {"status": finding.follow_up_status, "on": finding.follow_up_on}

    class Meta:
        model = Finding
        fields = [
            "id",
            "review",
            "state",
            "mechanism",
            "cycle",
            "instrument",
            "article",
            "kind",
            "text",
            "ta_category",
            "follow_up",
            "published",
            "executive_summary",
            "fallbacks",
        ]


class ReportTranslationSerializer(serializers.Serializer):
    language = serializers.CharField()
    status = serializers.ChoiceField(choices=ReportTranslation.Status.choices)
    translator = serializers.CharField(source="translator.username", allow_null=True, default=None)
    updated_at = serializers.DateTimeField()


class ReportSerializer(serializers.ModelSerializer):
    review = serializers.IntegerField(source="review_id", help_text="Id of the country review.")
    state = serializers.CharField(source="review.state.code")
    mechanism = serializers.CharField(source="review.cycle.mechanism.code")
    symbol = serializers.CharField(help_text="The UN symbol it is issued under; empty before one is given.")
    translations = serializers.SerializerMethodField(
        help_text="Where the translation into each language stands: for those the review involves; else null."
    )

    class Meta:
        model = ReviewReport
        fields = [
            "id",
            "review",
            "state",
            "mechanism",
            "kind",
            "status",
            "symbol",
            "original_language",
            "agreed_on",
            "published_on",
            "translations",
        ]

    @extend_schema_field(ReportTranslationSerializer(many=True, allow_null=True))
    def get_translations(self, report):
        if not report.involved:
            return None
        order = {code: i for i, (code, _name) in enumerate(settings.LANGUAGES)}
        lines = sorted(report.translations.all(), key=lambda line: order.get(line.language, len(order)))
        return ReportTranslationSerializer(lines, many=True).data


# --- What the staff's writes take ------------------------------------------------------------------


class StepInputSerializer(serializers.Serializer):
    on = serializers.DateField(required=False, help_text="The date the step was completed (default: today).")
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class PauseInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text="Why the review is paused, e.g. the State's request.")
    on = serializers.DateField(required=False, help_text="The first day of the pause (default: today).")


class ResumeInputSerializer(serializers.Serializer):
    on = serializers.DateField(required=False, help_text="The day the review resumes (default: today).")
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class PublishInputSerializer(serializers.Serializer):
    on = serializers.DateField(required=False, help_text="The date of publication (default: today, or the first one).")
    symbol = serializers.CharField(
        required=False, max_length=100, help_text="The UN symbol to issue it under, if it has none yet."
    )


class TranslationInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ReportTranslation.Status.choices)
    translator = serializers.SlugRelatedField(
        slug_field="username",
        queryset=User.objects.filter(role=Role.SECRETARIAT, is_active=True),
        required=False,
        allow_null=True,
        default=None,
        help_text="Username of the translator (a member of the secretariat).",
    )
