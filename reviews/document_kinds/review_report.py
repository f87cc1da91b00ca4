"""The executive summary and the country review report of a review."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from documents.kinds import DocumentKind, DocumentMeta, register
from reviewmech.i18n import translated

from .. import access
from ..models import Finding, ReportTranslation, ReviewReport
from ..selectors.findings import review_findings


def report_sections(report: ReviewReport) -> list[dict]:
    """The report's chapters (UNCAC) or its one cluster section (UNTOC), each with its
    narrative and its findings by kind (as the blueprint has them), in the order of the
    articles. The findings come from the same selector as the findings page."""
    review = report.review
    findings = review_findings(review)
    # UNCAC sections are chapters; a UNTOC report has one section for everything found.
    by_key = {section.key: section for section in findings.sections}
    sections = []
    for section in report.sections.select_related("chapter").order_by("chapter__order"):
        found = [by_key.get(f"chapter-{section.chapter_id}")] if section.chapter_id else findings.sections
        kinds = [
            {
                "kind": kind,
                "label": label,
                "findings": [
                    {"number": article.number, "row": row}
                    for part in found
                    if part
                    for article in part.articles
                    for group in article.kinds
                    if group.kind == kind
                    for row in group.findings
                ],
            }
            for kind, label in Finding.Kind.choices
        ]
        sections.append(
            {
                "section": section,
                "narrative": translated(section, "narrative"),
                "heading": section.chapter or ", ".join(str(c) for c in review.cycle.clusters.all()),
                "kinds": kinds,
                "count": sum(len(k["findings"]) for k in kinds),
            }
        )
    return sections


@register
class ReviewReportKind(DocumentKind):
    slug = "review-report"
    model = ReviewReport
    label_related = ("document", "review__state")
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
