"""What anyone may read of a State's country reviews, without signing in: per review the cycle
or phase, the instrument, the year, the reviewing States, the status and the step it is at, the
published executive summaries with their files per language — and, only where the State agreed
(the consent ledger, ``selectors.consent``): the timeline of its steps, its focal point's
contact details, the full report, the self-assessment. No drafts, ever.

A fixed number of queries whatever the number of reviews.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.utils.text import capfirst

from documents.models import Rendition
from reference.models import MechanismMembership
from reviewmech.roles import Role

from ..models import (
    ChecklistSubmission,
    CountryReview,
    Finding,
    Participant,
    ReviewPause,
    ReviewReport,
    StepCompletion,
    WorkflowStep,
)
from ..services.workflow import timeline
from . import consent
from .reviews import active_reviewers, state_name_order, with_regional_group


def is_public_report(report: ReviewReport, in_force: dict) -> bool:
    """The one rule of what the public reads of a published report: an executive summary
    always; the full country report only with the State's consent (the ledger, ``in_force``
    from ``consent.decisions``)."""
    if report.status != ReviewReport.Status.PUBLISHED:
        return False
    if report.kind == ReviewReport.Kind.EXECUTIVE_SUMMARY:
        return True
    return consent.granted(report.review_id, consent.Item.FULL_REPORT, in_force)


def in_regional_group(queryset, regional_group, review_path: str = "review__"):
    """Rows (of reviews, or of what ``review_path`` leads to a review from) whose State is in
    ``regional_group`` in the review's mechanism."""
    members = MechanismMembership.objects.filter(
        mechanism_id=OuterRef(f"{review_path}cycle__mechanism_id"),
        state_id=OuterRef(f"{review_path}state_id"),
        regional_group=regional_group,
    )
    return queryset.filter(Exists(members))


@dataclass
class PublicFile:
    language: str
    name: str
    rendition: Rendition | None


@dataclass
class PublicReport:
    report: ReviewReport
    #: The six languages, each with its PDF or None ("not issued in this language").
    files: list[PublicFile] = field(default_factory=list)

    @property
    def available(self) -> list[PublicFile]:
        return [f for f in self.files if f.rendition is not None]


@dataclass
class PublicReview:
    review: CountryReview
    reviewers: list
    reports: list[PublicReport]
    #: Planned against actual dates of each step, where the State agreed to publish them.
    timeline: list | None = None
    #: The focal points' names and addresses, where the State agreed to publish them.
    focal_points: list | None = None
    #: The latest self-assessment version and its PDF per language, where the State agreed.
    self_assessment: PublicReport | None = None
    #: The recommendations of the published summary with their follow-up, where the State agreed.
    follow_up: list | None = None


def public_reviews_of_state(state, today=None) -> list[PublicReview]:
    """The State's reviews, the latest cycle first, as the public may see them: what the
    consent ledger allows (``selectors.consent``), nothing more."""
    published = ReviewReport.objects.filter(status=ReviewReport.Status.PUBLISHED).select_related("document")
    reviews = list(
        CountryReview.objects.filter(state=state)
        .select_related("cycle__mechanism", "instrument", "current_step")
        .prefetch_related(
            Prefetch("reviewer_assignments", queryset=active_reviewers(), to_attr="public_reviewers"),
            Prefetch("reports", queryset=published, to_attr="published_reports"),
        )
        .order_by("cycle__mechanism__order", "-cycle__number", "instrument__order", "year")
    )
    in_force = consent.decisions(reviews)

    def allowed(review, item):
        return consent.granted(review, item, in_force)

    def public(report):
        return is_public_report(report, in_force)

    reports = [report for review in reviews for report in review.published_reports if public(report)]
    with_timeline = [review for review in reviews if allowed(review, consent.Item.TIMELINE)]
    with_contacts = [review for review in reviews if allowed(review, consent.Item.FOCAL_POINT_CONTACTS)]
    with_self_assessment = [review for review in reviews if allowed(review, consent.Item.SELF_ASSESSMENT)]
    with_follow_up = [
        review
        for review in reviews
        if allowed(review, consent.Item.FOLLOW_UP)
        and any(r.kind == ReviewReport.Kind.EXECUTIVE_SUMMARY for r in review.published_reports)
    ]
    follow_up = _follow_up(with_follow_up)
    submissions = _latest_submissions(with_self_assessment)
    renditions = _final_pdfs(ReviewReport, [r.pk for r in reports])
    submission_pdfs = _final_pdfs(ChecklistSubmission, [s.pk for s in submissions.values()])
    timelines = _timelines(with_timeline, today)
    contacts = _focal_points(with_contacts)
    names = dict(settings.LANGUAGES)

    def files(pdfs, pk):
        return [PublicFile(code, names[code], pdfs[pk].get(code)) for code in names]

    result = []
    for review in reviews:
        public_reports = [
            PublicReport(report, files(renditions, report.pk))
            for report in sorted(review.published_reports, key=lambda r: r.kind != ReviewReport.Kind.EXECUTIVE_SUMMARY)
            if public(report)
        ]
        submission = submissions.get(review.pk)
        result.append(
            PublicReview(
                review,
                review.public_reviewers,
                public_reports,
                timeline=timelines.get(review.pk),
                focal_points=contacts.get(review.pk),
                self_assessment=PublicReport(submission, files(submission_pdfs, submission.pk)) if submission else None,
                follow_up=follow_up.get(review.pk),
            )
        )
    return result


def _final_pdfs(model, ids) -> dict[int, dict[str, Rendition]]:
    pdfs = defaultdict(dict)
    if ids:
        for rendition in Rendition.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=ids,
            variant=Rendition.Variant.FINAL,
        ).with_file():
            pdfs[rendition.object_id][rendition.language] = rendition
    return pdfs


def _latest_submissions(reviews) -> dict[int, ChecklistSubmission]:
    latest = {}
    if reviews:
        for submission in (
            ChecklistSubmission.objects.filter(checklist__review__in=reviews)
            .select_related("checklist")
            .order_by("checklist_id", "-number")
        ):
            latest.setdefault(submission.checklist.review_id, submission)
    return latest


def _timelines(reviews, today) -> dict[int, list]:
    if not reviews:
        return {}
    steps = defaultdict(list)
    for step in WorkflowStep.objects.filter(mechanism_id__in={r.cycle.mechanism_id for r in reviews}).order_by("order"):
        steps[step.mechanism_id].append(step)
    completions, pauses = defaultdict(list), defaultdict(list)
    for completion in StepCompletion.objects.filter(review__in=reviews):
        completions[completion.review_id].append(completion)
    for pause in ReviewPause.objects.filter(review__in=reviews):
        pauses[pause.review_id].append(pause)
    return {
        review.pk: timeline(review, steps[review.cycle.mechanism_id], completions[review.pk], pauses[review.pk], today)
        for review in reviews
    }


def _follow_up(reviews) -> dict[int, list]:
    """The recommendations of each review's published summary, with their follow-up (one query)."""
    found = defaultdict(list)
    if reviews:
        for finding in (
            Finding.objects.filter(review__in=reviews, kind=Finding.Kind.RECOMMENDATION)
            .select_related("article__instrument")
            .order_by("article__instrument__order", "article__number", "order", "pk")
        ):
            found[finding.review_id].append(finding)
    return found


def _focal_points(reviews) -> dict[int, list]:
    people = defaultdict(list)
    if reviews:
        for participant in (
            Participant.objects.filter(review__in=reviews, role=Role.FOCAL_POINT, active=True)
            .select_related("user")
            .order_by("user__last_name")
        ):
            people[participant.review_id].append(participant.user)
    return people


def published_findings(
    *,
    cycle=None,
    instrument=None,
    article_number: int | None = None,
    kind: str = "",
    ta_category=None,
    regional_group=None,
    state=None,
):
    """The findings of published executive summaries — never of a draft or an agreed one — for
    the public explorer, by article then State (alphabetical: never a ranking), each with its
    summary to link to. A queryset: the page paginates it in a fixed number of queries."""
    summaries = ReviewReport.objects.filter(
        review_id=OuterRef("review_id"),
        kind=ReviewReport.Kind.EXECUTIVE_SUMMARY,
        status=ReviewReport.Status.PUBLISHED,
    )
    findings = (
        Finding.objects.filter(Exists(summaries))
        .annotate(summary_id=Subquery(summaries.values("pk")[:1]))
        .annotate(summary_symbol=Subquery(summaries.values("document__symbol")[:1]))
        .select_related("review__state", "review__cycle", "article__instrument", "ta_category")
    )
    if cycle is not None:
        findings = findings.filter(review__cycle=cycle)
    if instrument is not None:
        findings = findings.filter(article__instrument=instrument)
    if article_number:
        findings = findings.filter(article__number=article_number)
    if kind:
        findings = findings.filter(kind=kind)
    if ta_category is not None:
        findings = findings.filter(ta_category=ta_category)
    if state is not None:
        findings = findings.filter(review__state=state)
    if regional_group is not None:
        findings = in_regional_group(findings, regional_group)
    return findings.order_by(
        "article__instrument__order", "article__number", f"review__{state_name_order()}", "kind", "order", "pk"
    )


@dataclass
class StatusRow:
    """One review in the public status table (the open data's ``reviews`` resource)."""

    review: CountryReview
    regional_group_code: str
    reviewer_codes: list[str]
    summary_symbol: str
    summary_published_on: object
    full_report_public: bool
    self_assessment_public: bool
    timeline_public: bool


def status_table() -> list[StatusRow]:
    """Every review as the public may see it, in a fixed number of queries (five): the status
    table civil society otherwise compiles by hand. Alphabetical by State code within each
    cycle: never an order of merit."""
    from reference.models import RegionalGroup

    summaries = ReviewReport.objects.filter(
        review_id=OuterRef("pk"), kind=ReviewReport.Kind.EXECUTIVE_SUMMARY, status=ReviewReport.Status.PUBLISHED
    )
    full_reports = ReviewReport.objects.filter(
        review_id=OuterRef("pk"), kind=ReviewReport.Kind.COUNTRY_REPORT, status=ReviewReport.Status.PUBLISHED
    )
    reviews = list(
        with_regional_group(CountryReview.objects.all())
        .select_related("state", "cycle__mechanism", "instrument", "current_step")
        .annotate(
            summary_symbol=Subquery(summaries.values("document__symbol")[:1]),
            summary_published_on=Subquery(summaries.values("published_on")[:1]),
            full_report_published=Exists(full_reports),
            has_submission=Exists(ChecklistSubmission.objects.filter(checklist__review_id=OuterRef("pk"))),
        )
        .prefetch_related(Prefetch("reviewer_assignments", queryset=active_reviewers(), to_attr="public_reviewers"))
        .order_by("cycle__mechanism__order", "cycle__number", "instrument__order", "year", "state__code")
    )
    groups = dict(RegionalGroup.objects.values_list("pk", "code"))
    in_force = consent.all_decisions()
    rows = []
    for review in reviews:
        rows.append(
            StatusRow(
                review=review,
                regional_group_code=groups.get(review.regional_group_id, ""),
                reviewer_codes=sorted(a.state.code for a in review.public_reviewers),
                summary_symbol=review.summary_symbol or "",
                summary_published_on=review.summary_published_on,
                full_report_public=review.full_report_published
                and consent.granted(review, consent.Item.FULL_REPORT, in_force),
                self_assessment_public=review.has_submission
                and consent.granted(review, consent.Item.SELF_ASSESSMENT, in_force),
                timeline_public=consent.granted(review, consent.Item.TIMELINE, in_force),
            )
        )
    return rows


@dataclass
class Publication:
    """Something published, for the feeds: an executive summary, a full report (with the
    State's consent), a thematic report, or (from ngo_briefings) an NGO briefing's summary."""

    key: str
    kind: str
    published_on: object
    #: The kind as a reader sees it (lazily translated).
    label: object
    #: What it is about: a State, a thematic report's title, a briefing (a Translated or a str).
    subject: object
    symbol: str = ""
    state_code: str = ""
    number: int | None = None

    def subject_text(self) -> str:
        return getattr(self.subject, "text", None) or str(self.subject)

    def title(self) -> str:
        text = f"{self.label}: {self.subject_text()}"
        return f"{text} ({self.symbol})" if self.symbol else text

    def description(self) -> str:
        return self.title()


def recent_publications(*, state=None, limit: int = 50) -> list[Publication]:
    """The latest published reports (of one State, or all, with the thematic reports), newest
    first: what the public may read, as the consent ledger allows."""
    from reviewmech.i18n import translated

    reports = (
        ReviewReport.objects.filter(status=ReviewReport.Status.PUBLISHED)
        .select_related("review__state", "document")
        .order_by("-published_on", "-pk")
    )
    if state is not None:
        reports = reports.filter(review__state=state)
    reports = list(reports[: limit * 2])
    in_force = consent.decisions({r.review_id for r in reports})
    entries = []
    for report in reports:
        if not is_public_report(report, in_force):
            continue
        entries.append(
            Publication(
                key=f"review-report-{report.pk}",
                kind=report.kind,
                published_on=report.published_on,
                label=report.get_kind_display(),
                subject=translated(report.review.state, "name"),
                symbol=report.symbol,
                state_code=report.review.state.code,
            )
        )
    if state is None:
        from ..models import ThematicReport

        for thematic in (
            ThematicReport.objects.filter(status=ThematicReport.Status.PUBLISHED)
            .select_related("document")
            .order_by("-published_on", "-pk")[:limit]
        ):
            entries.append(
                Publication(
                    key=f"thematic-report-{thematic.pk}",
                    kind="thematic_report",
                    published_on=thematic.published_on,
                    label=capfirst(ThematicReport._meta.verbose_name),
                    subject=translated(thematic, "title"),
                    symbol=thematic.symbol,
                )
            )
    return entries[:limit]
