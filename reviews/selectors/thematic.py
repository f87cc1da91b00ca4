"""Reads for thematic implementation reports and regional supplementary addenda.

The figures are aggregates over the **completed** reviews of a cycle, for one chapter (UNCAC)
or one cluster (UNTOC), optionally limited to the States of one regional group: how many
reviews and States are covered, and per article how many good practices, challenges,
recommendations and technical assistance needs were found. Never per State, never an
ordering of States, never a score (resolution 5/5, IRM terms of reference): the only place a
State is named is a good practice the secretariat chooses to quote, and quotes are listed by
article, then alphabetically by State.

The figures are a JSON-serialisable dict, so that publication can freeze them in
``ThematicReport.figures``. Article titles, instrument titles and category names are kept in
every language, so that a frozen report renders in each of the six languages without
reading the reference data again.
"""

from __future__ import annotations

import copy

from django.conf import settings
from django.db.models import Count
from django.utils.translation import get_language

from reference.models import Article, MechanismMembership
from reviewmech.i18n import field_suffix
from reviewmech.roles import is_secretariat

from ..models import CountryReview, Finding, ThematicReport

#: The kinds of finding counted per article, in the order of the columns.
KINDS = tuple(Finding.Kind.values)
#: How many technical assistance categories the figures list.
TOP_TA_CATEGORIES = 10
#: Bumped when the shape of the dict changes, so that frozen figures can be read back.
FIGURES_VERSION = 1

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)
FALLBACK = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def _check_scope(chapter, cluster):
    if (chapter is None) == (cluster is None):
        raise ValueError("A thematic report covers exactly one chapter or one cluster.")


def scope_articles(*, chapter=None, cluster=None):
    """The articles of the chapter, or of the cluster (which may span the Convention and
    its Protocols)."""
    _check_scope(chapter, cluster)
    if chapter is not None:
        return Article.objects.filter(chapter=chapter)
    return Article.objects.filter(clusters=cluster)


def covered_reviews(cycle, *, chapter=None, cluster=None, regional_group=None):
    """The completed reviews of the cycle on an instrument of the chapter or cluster; with a
    regional group, only those of States in that group for the cycle's mechanism."""
    articles = scope_articles(chapter=chapter, cluster=cluster)
    reviews = CountryReview.objects.filter(
        cycle=cycle,
        status=CountryReview.Status.COMPLETED,
        instrument_id__in=articles.values("instrument_id"),
    )
    if regional_group is not None:
        members = MechanismMembership.objects.filter(mechanism_id=cycle.mechanism_id, regional_group=regional_group)
        reviews = reviews.filter(state_id__in=members.values("state_id"))
    return reviews


def _raw_translations(obj, field: str) -> dict[str, str]:
    """``{language: text}`` of a translated field, empty where not translated."""
    return {code: getattr(obj, f"{field}_{field_suffix(code)}", "") or "" for code in LANGUAGE_CODES}


def _pick(translations: dict, language: str) -> tuple[str, bool]:
    """The text in the language, else the English one (flagged as a fallback)."""
    text = translations.get(language) or ""
    if text:
        return text, False
    return translations.get(FALLBACK) or "", language != FALLBACK


def thematic_figures(cycle, chapter=None, cluster=None, regional_group=None) -> dict:
    """The aggregates of a thematic report or regional addendum, computed now.

    A handful of queries whatever the number of articles or findings: the coverage in one
    aggregate, the articles in one, the counts per (article, kind) in one grouped query, the
    technical assistance categories in one grouped query."""
    _check_scope(chapter, cluster)
    articles = list(
        scope_articles(chapter=chapter, cluster=cluster)
        .select_related("instrument")
        .order_by("instrument__order", "number")
    )
    reviews = covered_reviews(cycle, chapter=chapter, cluster=cluster, regional_group=regional_group)
    coverage = reviews.aggregate(reviews=Count("pk"), states=Count("state_id", distinct=True))
    findings = Finding.objects.filter(review__in=reviews, article_id__in=[a.pk for a in articles])

    counts = {
        (row["article_id"], row["kind"]): row["n"]
        for row in findings.values("article_id", "kind").annotate(n=Count("pk")).order_by()
    }

    rows = []
    totals = dict.fromkeys(KINDS, 0)
    for article in articles:
        row = {
            "article": article.pk,
            "instrument": article.instrument.code,
            "instrument_titles": _raw_translations(article.instrument, "short_title"),
            "number": article.number,
            "titles": _raw_translations(article, "title"),
        }
        for kind in KINDS:
            row[kind] = counts.get((article.pk, kind), 0)
            totals[kind] += row[kind]
        row["total"] = sum(row[kind] for kind in KINDS)
        rows.append(row)
    totals["total"] = sum(totals[kind] for kind in KINDS)

    ta_needs = findings.filter(kind=Finding.Kind.TA_NEED)
    name_fields = [f"ta_category__name_{field_suffix(code)}" for code in LANGUAGE_CODES]
    # Every category in one grouped query (the secretariat's list is short); the database
    # orders by count, ties alphabetically by code; the first ten are listed.
    per_category = list(
        ta_needs.filter(ta_category__isnull=False)
        .values("ta_category__code", *name_fields)
        .annotate(n=Count("pk"))
        .order_by("-n", "ta_category__code")
    )
    categories = [
        {
            "code": row["ta_category__code"],
            "names": {code: row[f"ta_category__name_{field_suffix(code)}"] or "" for code in LANGUAGE_CODES},
            "count": row["n"],
        }
        for row in per_category[:TOP_TA_CATEGORIES]
    ]

    figures = {
        "version": FIGURES_VERSION,
        "scope": {
            "cycle": cycle.pk,
            "chapter": chapter.pk if chapter is not None else None,
            "cluster": cluster.pk if cluster is not None else None,
            "regional_group": regional_group.pk if regional_group is not None else None,
        },
        "reviews_covered": coverage["reviews"],
        "states_covered": coverage["states"],
        "articles": rows,
        "totals": totals,
        "ta_categories": categories,
        # TA needs recorded without a category: counted in the totals, not in the table.
        "ta_needs_without_category": totals[Finding.Kind.TA_NEED] - sum(row["n"] for row in per_category),
    }
    return figures_in_language(figures)


def figures_in_language(figures: dict, language: str | None = None) -> dict:
    """A copy of the figures with every title and name in the language (the English text,
    flagged ``*_fallback``, where a translation is missing). Reads no database."""
    language = language or get_language() or settings.LANGUAGE_CODE
    result = copy.deepcopy(figures)
    for row in result.get("articles", []):
        row["title"], row["title_fallback"] = _pick(row.get("titles", {}), language)
        row["instrument_title"], _fallback = _pick(row.get("instrument_titles", {}), language)
    for category in result.get("ta_categories", []):
        category["name"], category["name_fallback"] = _pick(category.get("names", {}), language)
    return result


def report_scope(report: ThematicReport) -> dict:
    """The keyword arguments that select a report's reviews and articles."""
    return {"chapter": report.chapter, "cluster": report.cluster, "regional_group": report.regional_group}


def report_figures(report: ThematicReport) -> dict:
    """A published report's frozen figures; a draft's computed now. In the active language."""
    if report.status == ThematicReport.Status.PUBLISHED and report.figures:
        return figures_in_language(report.figures)
    return thematic_figures(report.cycle, **report_scope(report))


def _state_name_order() -> str:
    return f"review__state__name_{field_suffix(get_language() or settings.LANGUAGE_CODE)}"


def _quote_order(queryset):
    """By article, then alphabetically by State (in the active language): never a ranking."""
    return queryset.select_related("review__state", "article__instrument", "ta_category").order_by(
        "article__instrument__order", "article__number", _state_name_order(), "order", "pk"
    )


def good_practice_candidates(cycle, chapter=None, cluster=None, regional_group=None):
    """The good practices the secretariat may quote: those found by the covered reviews on
    the articles of the chapter or cluster."""
    reviews = covered_reviews(cycle, chapter=chapter, cluster=cluster, regional_group=regional_group)
    return _quote_order(
        Finding.objects.filter(
            kind=Finding.Kind.GOOD_PRACTICE,
            review__in=reviews,
            article__in=scope_articles(chapter=chapter, cluster=cluster),
        )
    )


def report_candidates(report: ThematicReport):
    return good_practice_candidates(report.cycle, **report_scope(report))


def quoted_findings(report: ThematicReport) -> list[Finding]:
    """The good practices quoted in the report, by article then alphabetically by State."""
    return list(_quote_order(report.quoted_findings.all()))


# --- The staff pages ------------------------------------------------------------------------


def thematic_reports_for(user, cycle=None):
    """Thematic reports and regional addenda, drafts included: the secretariat's only."""
    if not is_secretariat(user):
        return ThematicReport.objects.none()
    reports = ThematicReport.objects.select_related(
        "cycle__mechanism", "chapter__instrument", "cluster", "regional_group", "created_by", "published_by", "document"
    )
    if cycle is not None:
        reports = reports.filter(cycle=cycle)
    return reports


def thematic_report_for(user, pk) -> ThematicReport:
    """One report, or ``ThematicReport.DoesNotExist`` for anyone who may not see it."""
    return thematic_reports_for(user).get(pk=pk)
