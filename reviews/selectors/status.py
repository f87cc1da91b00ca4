"""Reviews as a caller may see them, for the REST API: every review's status is public (the
open data's status table says as much); the timeline of its steps is shown to those the review
involves (``CountryReview.objects.visible_to``) and, where the State consented, to everyone —
the same rule as the review page and the public State page. A fixed number of queries for a
page of reviews, whatever its size.
"""

from __future__ import annotations

from django.db.models import BooleanField, Case, Exists, OuterRef, Prefetch, Q, Subquery, Value, When

from reviewmech.roles import is_secretariat

from ..access import can_read_findings
from ..models import CountryReview, Finding, ReviewReport
from . import consent
from .public import _timelines, published_findings
from .reviews import active_reviewers, with_regional_group


def reviews_for_status():
    """Every review with what its status needs: State, cycle, instrument, step, regional
    group, the reviewing States, the published executive summary's symbol and date."""
    summaries = ReviewReport.objects.filter(
        review_id=OuterRef("pk"), kind=ReviewReport.Kind.EXECUTIVE_SUMMARY, status=ReviewReport.Status.PUBLISHED
    )
    return (
        with_regional_group(CountryReview.objects.all())
        .select_related("state", "cycle__mechanism", "instrument", "current_step")
        .annotate(
            summary_symbol=Subquery(summaries.values("document__symbol")[:1]),
            summary_published_on=Subquery(summaries.values("published_on")[:1]),
        )
        .prefetch_related(Prefetch("reviewer_assignments", queryset=active_reviewers(), to_attr="public_reviewers"))
    )


def timelines_for(user, reviews, today=None) -> dict[int, list | None]:
    """Per review, its timeline if ``user`` may see it, else ``None``. At most five queries."""
    reviews = list(reviews)
    if not reviews:
        return {}
    ids = [review.pk for review in reviews]
    involved = set(CountryReview.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    in_force = consent.decisions(reviews)
    allowed = [
        review
        for review in reviews
        if review.pk in involved or consent.granted(review, consent.Item.TIMELINE, in_force)
    ]
    timelines = _timelines(allowed, today)
    return {review.pk: timelines.get(review.pk) for review in reviews}


def findings_visible_to(user):
    """The findings ``user`` may read: those of published executive summaries for everyone;
    those of the reviews whose findings they read on the findings page (``can_read_findings``:
    the secretariat, the State under review, the experts and observers on the review), drafts
    included. A queryset; ``published`` says whether the finding's summary is published."""
    published = published_findings()
    summaries = ReviewReport.objects.filter(
        review_id=OuterRef("review_id"),
        kind=ReviewReport.Kind.EXECUTIVE_SUMMARY,
        status=ReviewReport.Status.PUBLISHED,
    )
    findings = Finding.objects.annotate(
        published=Exists(summaries), summary_symbol=Subquery(summaries.values("document__symbol")[:1])
    ).select_related("review__state", "review__cycle__mechanism", "article__instrument", "ta_category")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return findings.filter(pk__in=published.values("pk"))
    if is_secretariat(user):
        return findings
    readable = [
        review.pk
        for review in CountryReview.objects.visible_to(user).select_related("cycle")
        if can_read_findings(user, review)
    ]
    return findings.filter(Q(pk__in=published.values("pk")) | Q(review_id__in=readable))


def reports_visible_to(user):
    """The executive summaries and country reports ``user`` may see: those of the reviews the
    review page shows them (drafts included, as the report page does), and for everyone the
    published ones the public reads (``is_public_report``: a summary always, a full report with
    the State's consent). ``involved`` tells which rows are of the caller's own reviews."""
    in_force = consent.all_decisions()
    full_reports = {
        review_id
        for (review_id, item), _decision in in_force.items()
        if item == consent.Item.FULL_REPORT and consent.granted(review_id, item, in_force)
    }
    public = Q(status=ReviewReport.Status.PUBLISHED) & (
        Q(kind=ReviewReport.Kind.EXECUTIVE_SUMMARY) | Q(review_id__in=full_reports)
    )
    reports = ReviewReport.objects.select_related("review__state", "review__cycle__mechanism", "document")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return reports.filter(public).annotate(involved=Value(False))
    mine = CountryReview.objects.visible_to(user).values("pk")
    return reports.filter(public | Q(review_id__in=mine)).annotate(
        involved=Case(When(review_id__in=mine, then=True), default=False, output_field=BooleanField())
    )
