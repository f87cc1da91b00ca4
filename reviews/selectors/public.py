"""What anyone may read of a State's country reviews, without signing in: per review the cycle
or phase, the instrument, the year, the reviewing States, the status and the step it is at, and
the published reports with their files per language. Nothing else: no dates of steps (the
timeline needs the State's consent), no people, no drafts, no findings of unpublished reports.

A fixed number of queries whatever the number of reviews.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch

from documents.models import Rendition

from ..models import CountryReview, ReviewReport
from .reviews import active_reviewers


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


def public_reviews_of_state(state) -> list[PublicReview]:
    """The State's reviews, the latest cycle first, as the public may see them."""
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
    reports = [report for review in reviews for report in review.published_reports if report.is_public]
    renditions = defaultdict(dict)
    if reports:
        content_type = ContentType.objects.get_for_model(ReviewReport)
        for rendition in Rendition.objects.filter(
            content_type=content_type,
            object_id__in=[r.pk for r in reports],
            variant=Rendition.Variant.FINAL,
            status=Rendition.Status.DONE,
        ).exclude(file=""):
            renditions[rendition.object_id][rendition.language] = rendition
    names = dict(settings.LANGUAGES)
    result = []
    for review in reviews:
        public_reports = [
            PublicReport(
                report,
                [PublicFile(code, names[code], renditions[report.pk].get(code)) for code in names],
            )
            for report in sorted(review.published_reports, key=lambda r: r.kind != ReviewReport.Kind.EXECUTIVE_SUMMARY)
            if report.is_public
        ]
        result.append(PublicReview(review, review.public_reviewers, public_reports))
    return result
