"""Thematic implementation reports and regional supplementary addenda, as PDF."""

from itertools import groupby

from django.utils.translation import gettext as _

from documents.kinds import DocumentKind, DocumentMeta, register
from reviewmech.i18n import translated
from reviewmech.roles import is_secretariat

from ..models import ThematicReport
from ..selectors.thematic import quoted_findings, report_figures


def quotes_by_article(report: ThematicReport) -> list[dict]:
    """The quoted good practices grouped by article, each group alphabetical by State."""
    return [
        {"article": article, "findings": list(findings)}
        for article, findings in groupby(quoted_findings(report), key=lambda finding: finding.article)
    ]


@register
class ThematicReportKind(DocumentKind):
    slug = "thematic-report"
    model = ThematicReport
    label_related = ("document",)
    template = "pdf/thematic_report.html"

    def meta(self, report):
        return DocumentMeta(
            symbol=report.symbol,
            title=translated(report, "title").text,
            date=report.published_on,
            original_language="en",
        )

    def context(self, report, variant):
        figures = report_figures(report)
        return {
            "report": report,
            "mechanism": report.cycle.mechanism,
            "title": translated(report, "title"),
            "introduction": translated(report, "introduction"),
            "figures": figures,
            "quotes": quotes_by_article(report),
            "kind_label": _("Regional supplementary addendum") if report.regional_group_id else _("Thematic report"),
        }

    def is_public(self, report):
        return report.status == ThematicReport.Status.PUBLISHED

    def can_read(self, user, report):
        return is_secretariat(user)

    def can_render(self, user, report):
        return is_secretariat(user)
