"""The executive summary and the country review report of a review."""

from collections import defaultdict

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from reviewmech.i18n import translated

from .. import access
from ..models import Finding, ReportTranslation, ReviewReport
from .base import DocumentKind, DocumentMeta, register


def report_sections(report: ReviewReport) -> list[dict]:
    """The report's chapters (UNCAC) or its one cluster section (UNTOC), each with its
    narrative and its findings by kind, in the order of the articles."""
    review = report.review
    findings = list(
        Finding.objects.filter(review=review)
        .select_related("article__chapter", "ta_category")
        .order_by("article__number", "order", "pk")
    )
    per_chapter = report_sections_by_chapter(review)
    by_chapter = defaultdict(lambda: defaultdict(list))
    for finding in findings:
        by_chapter[finding.article.chapter_id if per_chapter else None][finding.kind].append(finding)
    sections = []
    for section in report.sections.select_related("chapter").order_by("chapter__order"):
        kinds = by_chapter.get(section.chapter_id, {})
        sections.append(
            {
                "section": section,
                "narrative": translated(section, "narrative"),
                "heading": section.chapter or ", ".join(str(c) for c in review.cycle.clusters.all()),
                "kinds": [
                    {"kind": kind, "label": label, "findings": kinds.get(kind, [])}
                    for kind, label in Finding.Kind.choices
                ],
                "count": sum(len(v) for v in kinds.values()),
            }
        )
    return sections


def report_sections_by_chapter(review) -> bool:
    """UNCAC reports run chapter by chapter; a UNTOC review covers one cluster in one section."""
    return review.cycle.chapters.filter(instrument_id=review.instrument_id).exists()


@register
class ReviewReportKind(DocumentKind):
    slug = "review-report"
    model = ReviewReport
    template = "pdf/review_report.html"

    def meta(self, report):
        return DocumentMeta(
            symbol=report.symbol,
            title=_("%(kind)s: %(state)s") % {"kind": report.get_kind_display(), "state": report.review.state.name},
            date=report.published_on,
            original_language=report.original_language,
        )

    def context(self, report, variant):
        review = report.review
        language = get_language()
        translation = ReportTranslation.objects.filter(report=report, language=language).first()
        untranslated = language != report.original_language and (
            translation is None or translation.status == ReportTranslation.Status.PENDING
        )
        return {
            "report": report,
            "review": review,
            "introduction": translated(report, "introduction"),
            "legal_framework": translated(report, "legal_framework"),
            "sections": report_sections(report),
            "untranslated": untranslated,
            "reviewers": [a.state for a in review.reviewer_assignments.filter(active=True).select_related("state")],
        }

    def is_public(self, report):
        return report.is_public

    def can_read(self, user, report):
        return access.can_view_review(user, report.review)

    def can_render(self, user, report):
        return access.can_draft_report(user, report.review)
