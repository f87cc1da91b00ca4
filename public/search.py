"""Full-text search of what is published: executive summaries and the full reports published
with the State's consent (their text, sections and findings), thematic reports, and the
summaries of NGO briefings — in the language chosen, one of the six.

How words are matched, per language and database:

- PostgreSQL, Arabic, English, French, Russian, Spanish: the full-text search configuration of
  that language (``arabic``, ``english``, ``french``, ``russian``, ``spanish``: stemming, so
  "declarations" finds "declaration"), a web-search style query, and PostgreSQL's highlighted
  snippets.
- Chinese, on any database: Chinese writes no spaces between words, and PostgreSQL has no
  Chinese configuration; a stemmer would see a whole sentence as one word. Each term of the
  query is looked for as it is written (substring match), which finds any word of two or more
  characters.
- SQLite (the development default): every term as a substring, accents and case as written by
  SQLite's LIKE (case-insensitive for ASCII only).

Outside PostgreSQL's own snippets, a snippet is the text around the first term found, with the
terms marked. Results are listed by date of publication, the latest first.
"""

from __future__ import annotations

import datetime
import html
import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q
from django.utils.safestring import mark_safe

from ngo_briefings.models import Briefing
from ngo_briefings.selectors import published_briefings
from reviewmech.i18n import field_suffix
from reviews.models import Finding, ReportSection, ReviewReport, ThematicReport
from reviews.selectors import consent
from reviews.selectors.public import in_regional_group, is_public_report

#: PostgreSQL's text search configuration per language; Chinese has none (see above).
CONFIGS = {"ar": "arabic", "en": "english", "fr": "french", "ru": "russian", "es": "spanish"}
SNIPPET_CHARS = 160
MAX_QUERY = 200


@dataclass
class Hit:
    kind: str
    published_on: datetime.date | None
    snippet: str
    report: ReviewReport | None = None
    thematic: ThematicReport | None = None
    briefing: Briefing | None = None


def terms_of(query: str, language: str) -> list[str]:
    query = " ".join((query or "").split())[:MAX_QUERY]
    if not query:
        return []
    return [t for t in re.split(r"\s+", query.replace('"', " ")) if t]


def _full_text(language: str) -> str | None:
    return CONFIGS.get(language) if connection.vendor == "postgresql" else None


def _python_snippet(text: str, terms: list[str]) -> str:
    lower = text.lower()
    positions = [lower.find(t.lower()) for t in terms if lower.find(t.lower()) >= 0]
    start = max(min(positions, default=0) - SNIPPET_CHARS // 2, 0)
    excerpt = text[start : start + SNIPPET_CHARS]
    escaped = html.escape(excerpt)
    for term in sorted(set(terms), key=len, reverse=True):
        escaped = re.sub(re.escape(html.escape(term)), lambda m: f"<mark>{m.group(0)}</mark>", escaped, flags=re.I)
    return ("…" if start else "") + escaped + ("…" if start + SNIPPET_CHARS < len(text) else "")


def _matching(queryset, fields: list[str], query: str, terms: list[str], language: str):
    """``queryset`` narrowed to the rows whose ``fields`` (already per-language column names)
    match, each with a ``snippet`` (safe HTML)."""
    config = _full_text(language)
    if config:
        search = SearchQuery(query, search_type="websearch", config=config)
        vector = SearchVector(*fields, config=config)
        rows = queryset.annotate(search_vector=vector).filter(search_vector=search)
        rows = rows.annotate(
            snippet_text=SearchHeadline(
                fields[0] if len(fields) == 1 else vector_text(fields),
                search,
                config=config,
                start_sel="<mark>",
                stop_sel="</mark>",
                max_words=30,
                min_words=15,
            )
        )
        for row in rows:
            row.snippet = mark_safe(_escape_headline(row.snippet_text))  # noqa: S308 - escaped below
            yield row
        return
    condition = Q()
    for term in terms:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": term})
        condition &= any_field
    for row in queryset.filter(condition):
        text = " ".join(getattr(row, name) or "" for name in fields)
        row.snippet = mark_safe(_python_snippet(text, terms))  # noqa: S308 - built from escaped text
        yield row


def vector_text(fields):
    """The fields joined by a space, for one snippet over all of them."""
    from django.db.models import TextField, Value
    from django.db.models.functions import Coalesce, Concat

    parts = []
    for name in fields:
        parts += [Coalesce(name, Value(""), output_field=TextField()), Value(" ")]
    return Concat(*parts[:-1], output_field=TextField())


def _escape_headline(headline: str) -> str:
    """PostgreSQL's headline is the document's own text with <mark> added: escape the text,
    keep the marks."""
    pieces = re.split(r"(</?mark>)", headline or "")
    return "".join(p if p in ("<mark>", "</mark>") else html.escape(p) for p in pieces)


def search(query: str, language: str, *, kind: str = "", state=None, cycle=None, regional_group=None) -> list[Hit]:
    """What is published and matches ``query`` in ``language``."""
    terms = terms_of(query, language)
    if not terms:
        return []
    query = " ".join(terms)
    suffix = field_suffix(language)
    hits: dict[tuple, Hit] = {}

    if kind in ("", "report"):
        reports = ReviewReport.objects.filter(status=ReviewReport.Status.PUBLISHED).select_related(
            "review__state", "review__cycle", "document"
        )
        if state is not None:
            reports = reports.filter(review__state=state)
        if cycle is not None:
            reports = reports.filter(review__cycle=cycle)
        if regional_group is not None:
            reports = in_regional_group(reports, regional_group)
        reports = list(reports)
        in_force = consent.decisions({r.review_id for r in reports})
        public = {r.pk: r for r in reports if is_public_report(r, in_force)}
        summaries = {r.review_id: r for r in public.values() if r.kind == ReviewReport.Kind.EXECUTIVE_SUMMARY}

        def add(report, snippet):
            hits.setdefault(("report", report.pk), Hit("report", report.published_on, snippet, report=report))

        for report in _matching(
            ReviewReport.objects.filter(pk__in=list(public)),
            [f"introduction_{suffix}", f"legal_framework_{suffix}"],
            query,
            terms,
            language,
        ):
            add(public[report.pk], report.snippet)
        for section in _matching(
            ReportSection.objects.filter(report_id__in=list(public)), [f"narrative_{suffix}"], query, terms, language
        ):
            add(public[section.report_id], section.snippet)
        for finding in _matching(
            Finding.objects.filter(review_id__in=list(summaries)), [f"text_{suffix}"], query, terms, language
        ):
            add(summaries[finding.review_id], finding.snippet)

    if kind in ("", "thematic") and state is None and regional_group is None:
        thematic = ThematicReport.objects.filter(status=ThematicReport.Status.PUBLISHED)
        if cycle is not None:
            thematic = thematic.filter(cycle=cycle)
        for report in _matching(
            thematic.select_related("document"), [f"title_{suffix}", f"introduction_{suffix}"], query, terms, language
        ):
            hits.setdefault(
                ("thematic", report.pk), Hit("thematic", report.published_on, report.snippet, thematic=report)
            )

    if kind in ("", "briefing") and state is None and cycle is None and regional_group is None:
        briefings = published_briefings().select_related("session__body")
        for briefing in _matching(briefings, [f"summary_{suffix}"], query, terms, language):
            hits.setdefault(
                ("briefing", briefing.pk),
                Hit("briefing", briefing.summary_issued_on, briefing.snippet, briefing=briefing),
            )

    return sorted(hits.values(), key=lambda h: h.published_on or datetime.date.min, reverse=True)
