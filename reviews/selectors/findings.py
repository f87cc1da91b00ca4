"""Reads of a review's findings, for the findings page, the API and the PDF renderer.

Plain data only (dataclasses, strings, dates): no HTML, no model instances to lazy-load from.
Texts are ``Translated`` values: the text in the requested language, or another language's
text flagged as such so that a reader sees that a translation is missing.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from reference.models import Cluster
from reviewmech.i18n import Translated, field_suffix, translated

from ..access import can_read_findings
from ..models import CountryReview, Finding

KINDS = tuple(Finding.Kind)


def _zero_counts() -> dict[str, int]:
    return {kind.value: 0 for kind in KINDS}


def finding_text(finding: Finding, language: str | None = None) -> Translated:
    """The finding's text in ``language`` (default: the active one), with the fallback of
    :func:`reviewmech.i18n.translated`."""
    return translated(finding, "text", language)


@dataclass
class FindingRow:
    pk: int
    article_id: int
    kind: str
    kind_label: str
    text: Translated
    #: Languages with no text yet (the secretariat's translation work).
    missing_languages: list[str]
    ta_category_code: str | None
    ta_category_name: Translated | None
    order: int
    follow_up_status: str
    follow_up_label: str
    follow_up_on: date | None
    follow_up_note: str
    created_by: str
    created_at: datetime
    updated_at: datetime


@dataclass
class KindGroup:
    kind: str
    label: str
    findings: list[FindingRow] = field(default_factory=list)


@dataclass
class ArticleFindings:
    article_id: int
    number: int
    title: Translated
    kinds: list[KindGroup] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=_zero_counts)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class FindingSection:
    """A chapter (UNCAC), a cluster (UNTOC) or, failing both, the instrument."""

    key: str
    title: str
    articles: list[ArticleFindings] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=_zero_counts)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class ReviewFindings:
    review_id: int
    sections: list[FindingSection] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=_zero_counts)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def kind_counts(self) -> list[tuple[str, str, int]]:
        """``(kind, label, count)`` in the order of the kinds, for templates."""
        return [(kind.value, kind.label, self.counts[kind.value]) for kind in KINDS]

    def rows(self):
        """Every finding, in order."""
        for section in self.sections:
            for article in section.articles:
                for group in article.kinds:
                    yield from group.findings


def _clusters_of(review: CountryReview, article_ids) -> dict[int, Cluster]:
    """The cluster under review in this cycle that each article belongs to (one query)."""
    links = (
        Cluster.articles.through.objects.filter(cluster__cycles=review.cycle_id, article_id__in=article_ids)
        .select_related("cluster")
        .order_by("cluster__number")
    )
    found: dict[int, Cluster] = {}
    for link in links:
        found.setdefault(link.article_id, link.cluster)
    return found


def _section_of(article, clusters: dict[int, Cluster]) -> tuple[str, str, tuple]:
    """(key, title, sort key) of the section an article is listed under."""
    if article.chapter_id:
        chapter = article.chapter
        title = _("Chapter %(number)s. %(title)s") % {
            "number": chapter.number,
            "title": translated(chapter, "title").text,
        }
        return f"chapter-{chapter.pk}", title, (0, chapter.order)
    cluster = clusters.get(article.pk)
    if cluster is not None:
        title = _("Cluster %(number)s. %(title)s") % {
            "number": cluster.number,
            "title": translated(cluster, "title").text,
        }
        return f"cluster-{cluster.pk}", title, (1, cluster.number)
    return "instrument", translated(article.instrument, "title").text, (2, 0)


def _row(finding: Finding, language: str) -> FindingRow:
    category = finding.ta_category
    author = finding.created_by
    return FindingRow(
        pk=finding.pk,
        article_id=finding.article_id,
        kind=finding.kind,
        kind_label=str(Finding.Kind(finding.kind).label),
        text=finding_text(finding, language),
        missing_languages=[
            code for code, _name in settings.LANGUAGES if not getattr(finding, f"text_{field_suffix(code)}", None)
        ],
        ta_category_code=category.code if category else None,
        ta_category_name=translated(category, "name", language) if category else None,
        order=finding.order,
        follow_up_status=finding.follow_up_status,
        follow_up_label=str(Finding.FollowUp(finding.follow_up_status).label),
        follow_up_on=finding.follow_up_on,
        follow_up_note=finding.follow_up_note,
        created_by=(author.get_full_name() or author.username) if author else "",
        created_at=finding.created_at,
        updated_at=finding.updated_at,
    )


def review_findings(review: CountryReview, *, language: str | None = None, kinds=None) -> ReviewFindings:
    """All findings of ``review``, grouped section → article → kind, with counts per kind.

    Unscoped: for code that has already decided who reads (the PDF renderer of a report the
    secretariat publishes). Pages and the API use ``findings_for_review``. Two queries, or
    three when some article has no chapter (UNTOC clusters), whatever the number of findings.
    """
    language = language or get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        return _grouped(review, language, kinds)


def _grouped(review: CountryReview, language: str, kinds) -> ReviewFindings:
    findings = Finding.objects.filter(review=review).select_related(
        "article", "article__chapter", "article__instrument", "ta_category", "created_by"
    )
    if kinds:
        findings = findings.filter(kind__in=kinds)
    findings = list(findings)
    without_chapter = [f.article_id for f in findings if not f.article.chapter_id]
    clusters = _clusters_of(review, without_chapter) if without_chapter else {}
    placement = {}  # article id → (section key, title, rank)
    for finding in findings:
        if finding.article_id not in placement:
            placement[finding.article_id] = _section_of(finding.article, clusters)
    kind_rank = {kind.value: i for i, kind in enumerate(KINDS)}
    findings.sort(
        key=lambda f: (
            placement[f.article_id][2],
            f.article.instrument.order,
            f.article.number,
            kind_rank[f.kind],
            f.order,
            f.pk,
        )
    )

    result = ReviewFindings(review_id=review.pk)
    sections: OrderedDict[str, FindingSection] = OrderedDict()
    articles: dict[int, ArticleFindings] = {}
    for finding in findings:
        key, title, _rank = placement[finding.article_id]
        section = sections.get(key)
        if section is None:
            section = sections[key] = FindingSection(key=key, title=title)
        article = articles.get(finding.article_id)
        if article is None:
            article = articles[finding.article_id] = ArticleFindings(
                article_id=finding.article_id,
                number=finding.article.number,
                title=translated(finding.article, "title", language),
            )
            section.articles.append(article)
        if not article.kinds or article.kinds[-1].kind != finding.kind:
            article.kinds.append(KindGroup(kind=finding.kind, label=str(Finding.Kind(finding.kind).label)))
        article.kinds[-1].findings.append(_row(finding, language))
        for counts in (article.counts, section.counts, result.counts):
            counts[finding.kind] += 1
    result.sections = list(sections.values())
    return result


def findings_for_review(user, review: CountryReview, *, language: str | None = None, kinds=None) -> ReviewFindings:
    """The findings of ``review`` as ``user`` may read them. Findings are never public: anyone
    the review's findings are not for gets ``PermissionDenied`` (a 404 on pages)."""
    if not can_read_findings(user, review):
        raise PermissionDenied
    return review_findings(review, language=language, kinds=kinds)
