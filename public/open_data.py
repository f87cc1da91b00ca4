"""Open data: the review status table and the published findings as CSV and JSON, with a
documented, versioned set of columns.

The columns of a version never change: a new column or a changed meaning is a new version, at
a new address (``/open-data/v1/…``). Values are plain: codes (ISO 3166-1 alpha-3 for States,
the mechanisms', instruments' and categories' codes), ISO 8601 dates, ``true``/``false``, lists
joined by ``;``. Names are in English; the findings' text is in the language asked for, with the
language it is actually in (a missing translation falls back visibly, never to nothing).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from reviewmech.i18n import translated
from reviews.selectors.public import published_findings, status_table

VERSION = "1"


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a Table Schema type: string, integer, boolean, date
    description: str  # lazily translated: the schema page shows it in the page's language


REVIEW_COLUMNS = (
    Column(
        "mechanism", "string", _("Code of the review mechanism: irm (UNCAC) or untoc-rm (UNTOC and its Protocols).")
    ),
    Column("cycle", "integer", _("Number of the review cycle (UNCAC) or phase (UNTOC).")),
    Column("cycle_title", "string", _("Title of the cycle or phase, in English.")),
    Column(
        "instrument",
        "string",
        _("Code of the instrument under review (uncac, untoc, trafficking, smuggling, firearms)."),
    ),
    Column("state", "string", _("ISO 3166-1 alpha-3 code of the State under review.")),
    Column("state_name", "string", _("Name of the State under review, in English.")),
    Column(
        "regional_group",
        "string",
        _("Code of the State's United Nations regional group in the mechanism (empty if none)."),
    ),
    Column("year", "integer", _("Year of review drawn by lot.")),
    Column("status", "string", _("scheduled, active, paused or completed.")),
    Column("current_step", "string", _("Code of the step the review is at (empty once completed).")),
    Column("reviewing_states", "string", _("ISO codes of the reviewing States, joined by ';', alphabetical.")),
    Column("executive_summary", "string", _("Symbol of the published executive summary (empty if none).")),
    Column("executive_summary_published_on", "date", _("Date the executive summary was published (empty if none).")),
    Column(
        "full_report_public", "boolean", _("Whether the full country report is published with the State's consent.")
    ),
    Column(
        "self_assessment_public", "boolean", _("Whether the self-assessment is published with the State's consent.")
    ),
    Column("timeline_public", "boolean", _("Whether the State agreed to publish the dates of the review's steps.")),
)

FINDING_COLUMNS = (
    Column("state", "string", _("ISO 3166-1 alpha-3 code of the State under review.")),
    Column("mechanism", "string", _("Code of the review mechanism.")),
    Column("cycle", "integer", _("Number of the review cycle or phase.")),
    Column("instrument", "string", _("Code of the instrument.")),
    Column("article", "integer", _("Number of the article of the instrument.")),
    Column("kind", "string", _("good_practice, challenge, recommendation or ta_need.")),
    Column("ta_category", "string", _("Code of the technical assistance category (technical assistance needs).")),
    Column("language", "string", _("Language the text is in: the one asked for, or the one it falls back to.")),
    Column("text", "string", _("The finding, as published in the executive summary.")),
    Column("executive_summary", "string", _("Symbol of the executive summary the finding is published in.")),
)

RESOURCES = {"reviews": REVIEW_COLUMNS, "findings": FINDING_COLUMNS}

#: Above this many rows a findings file is cut, and says so in its header: ask with filters.
FINDINGS_LIMIT = 100_000


def _flag(value: bool) -> str:
    return "true" if value else "false"


def review_rows():
    """The status table as rows of strings, in ``REVIEW_COLUMNS`` order."""
    for row in status_table():
        review = row.review
        yield {
            "mechanism": review.cycle.mechanism.code,
            "cycle": str(review.cycle.number),
            "cycle_title": review.cycle.title_en or review.cycle.title,
            "instrument": review.instrument.code,
            "state": review.state.code,
            "state_name": review.state.name_en or review.state.name,
            "regional_group": row.regional_group_code,
            "year": str(review.year),
            "status": review.status,
            "current_step": review.current_step.code if review.current_step_id else "",
            "reviewing_states": ";".join(row.reviewer_codes),
            "executive_summary": row.summary_symbol,
            "executive_summary_published_on": row.summary_published_on.isoformat() if row.summary_published_on else "",
            "full_report_public": _flag(row.full_report_public),
            "self_assessment_public": _flag(row.self_assessment_public),
            "timeline_public": _flag(row.timeline_public),
        }


def finding_rows(language: str = "en", **filters):
    """The published findings as rows of strings, in ``FINDING_COLUMNS`` order."""
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    for finding in published_findings(**filters).select_related("review__cycle__mechanism")[:FINDINGS_LIMIT]:
        text = translated(finding, "text", language)
        yield {
            "state": finding.review.state.code,
            "mechanism": finding.review.cycle.mechanism.code,
            "cycle": str(finding.review.cycle.number),
            "instrument": finding.article.instrument.code,
            "article": str(finding.article.number),
            "kind": finding.kind,
            "ta_category": finding.ta_category.code if finding.ta_category_id else "",
            "language": text.language,
            "text": text.text,
            "executive_summary": finding.summary_symbol or "",
        }


def schema(base_url: str = "") -> dict:
    """The machine-readable schema of this version (a Frictionless Data package descriptor),
    described in English."""
    with translation.override("en"):
        return _descriptor(base_url)


def _descriptor(base_url: str) -> dict:
    return {
        "profile": "tabular-data-package",
        "name": "reviewmech-open-data",
        "version": VERSION,
        "resources": [
            {
                "name": name,
                "path": f"{base_url}/open-data/v{VERSION}/{name}.csv",
                "format": "csv",
                "encoding": "utf-8",
                "profile": "tabular-data-resource",
                "schema": {
                    "fields": [{"name": c.name, "type": c.type, "description": str(c.description)} for c in columns]
                },
            }
            for name, columns in RESOURCES.items()
        ],
    }
