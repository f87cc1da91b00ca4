"""Reads of a review's findings, for the findings page, the API and the PDF renderer.

Plain data only (dataclasses, strings, dates): no HTML, no model instances to lazy-load from.
Texts are ``Translated`` values: the text in the requested language, or another language's
text flagged as such so that a reader sees that a translation is missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from reference.models import Article, Cluster
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

    @property
    def kind_counts(self) -> list[tuple[str, str, int]]:
        """``(kind, label, count)`` in the order of the kinds, for templates."""
        return [(kind.value, kind.label, self.counts[kind.value]) for kind in KINDS]


@dataclass
class ReviewFindings:
    review_id: int
    #: Every section with findings, with its counts; only the ``opened`` ones have their rows.
    sections: list[FindingSection] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=_zero_counts)
    #: The keys of the sections whose findings were read.
    opened: list[str] = field(default_factory=list)

    @property
    def opened_sections(self) -> list[FindingSection]:
        return [section for section in self.sections if section.key in self.opened]

    @property
    def current(self) -> FindingSection | None:
        """The one section read, when only one was (a chapter of the page)."""
        opened = self.opened_sections
        return opened[0] if len(opened) == 1 and len(self.sections) > 1 else None

    @property
    def neighbours(self) -> tuple[FindingSection | None, FindingSection | None]:
        """The sections before and after the ``current`` one."""
        current = self.current
        if current is None:
            return None, None
        i = self.sections.index(current)
        return (self.sections[i - 1] if i else None), (self.sections[i + 1] if i + 1 < len(self.sections) else None)

    @property
    def by_cluster(self) -> bool:
        """Whether the sections are clusters (UNTOC) rather than chapters."""
        return any(section.key.startswith("cluster-") for section in self.sections)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def kind_counts(self) -> list[tuple[str, str, int]]:
        """``(kind, label, count)`` in the order of the kinds, for templates."""
        return [(kind.value, kind.label, self.counts[kind.value]) for kind in KINDS]

    def rows(self):
        """Every finding read, in order."""
        for section in self.opened_sections:
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


class _Article:
    """An article's columns (``_ARTICLE_COLUMNS``) as the attributes ``_section_of`` reads."""

    def __init__(self, values: dict):
        self.pk = values["pk"]
        self.number = values["number"]
        self.chapter_id = values["chapter_id"]
        self.__dict__.update((name, values[name]) for name in _in_languages("title"))
        self.chapter = _Values(values, "chapter")
        self.instrument = _Values(values, "instrument")


def _section_of(article, clusters: dict[int, Cluster]) -> tuple[str, str, tuple]:
    """(key, title, sort key) of the section an article is listed under."""
    if article.chapter_id:
        chapter = article.chapter
        title = _("Chapter %(number)s. %(title)s") % {
            "number": chapter.number,
            "title": translated(chapter, "title").text,
        }
        return f"chapter-{article.chapter_id}", title, (0, chapter.order)
    cluster = clusters.get(article.pk)
    if cluster is not None:
        title = _("Cluster %(number)s. %(title)s") % {
            "number": cluster.number,
            "title": translated(cluster, "title").text,
        }
        return f"cluster-{cluster.pk}", title, (1, cluster.number)
    return "instrument", translated(article.instrument, "title").text, (2, 0)


def section_key(review: CountryReview, article: Article) -> str:
    """The key of the section ``article`` is listed under on the findings of ``review`` (no
    query for an article with a chapter, one for an article of a cluster)."""
    if article.chapter_id:
        return f"chapter-{article.chapter_id}"
    cluster = _clusters_of(review, [article.pk]).get(article.pk)
    return f"cluster-{cluster.pk}" if cluster is not None else "instrument"


def _in_languages(field: str) -> tuple[str, ...]:
    """The columns of a translated field, one per language."""
    return tuple(f"{field}_{field_suffix(code)}" for code, _name in settings.LANGUAGES)


class _Values:
    """The columns of a related row named ``prefix__...``, as the attributes of an object (what
    :func:`reviewmech.i18n.translated` reads): ``_Values(row, "chapter").title_en``."""

    def __init__(self, values: dict, prefix: str):
        start = len(prefix) + 2
        self.__dict__.update((name[start:], value) for name, value in values.items() if name.startswith(prefix))


#: The columns an article's place is made from (values, not an article, a chapter and an
#: instrument per article).
_ARTICLE_COLUMNS = (
    "pk",
    "number",
    "chapter_id",
    "instrument__order",
    *_in_languages("title"),
    "chapter__number",
    "chapter__order",
    *_in_languages("chapter__title"),
    *_in_languages("instrument__title"),
)

#: The columns a row is made from: values, not model instances (150 findings with their
#: article, chapter, instrument, category and author were ≈ 900 objects).
_TEXTS = _in_languages("text")
_CATEGORY_NAMES = _in_languages("ta_category__name")
_COLUMNS = (
    "pk",
    "article_id",
    "kind",
    "order",
    "ta_category_id",
    "ta_category__code",
    *_CATEGORY_NAMES,
    "follow_up_status",
    "follow_up_on",
    "follow_up_note",
    "created_at",
    "updated_at",
    "created_by__first_name",
    "created_by__last_name",
    "created_by__username",
    *_TEXTS,
)


class _Texts:
    """A row's texts by column, for :func:`reviewmech.i18n.translated`."""

    def __init__(self, values: dict):
        self.__dict__.update((name, values[name]) for name in _TEXTS)


def _row(values: dict, language: str, labels: dict) -> FindingRow:
    has_category = values["ta_category_id"] is not None
    full_name = f"{values['created_by__first_name']} {values['created_by__last_name']}".strip()
    return FindingRow(
        pk=values["pk"],
        article_id=values["article_id"],
        kind=values["kind"],
        kind_label=labels[values["kind"]],
        text=translated(_Texts(values), "text", language),
        missing_languages=[
            code for (code, _name), column in zip(settings.LANGUAGES, _TEXTS, strict=True) if not values[column]
        ],
        ta_category_code=values["ta_category__code"] if has_category else None,
        ta_category_name=translated(_Values(values, "ta_category"), "name", language) if has_category else None,
        order=values["order"],
        follow_up_status=values["follow_up_status"],
        follow_up_label=labels[values["follow_up_status"]],
        follow_up_on=values["follow_up_on"],
        follow_up_note=values["follow_up_note"],
        created_by=full_name or values["created_by__username"] or "",
        created_at=values["created_at"],
        updated_at=values["updated_at"],
    )


def review_findings(
    review: CountryReview,
    *,
    language: str | None = None,
    kinds=None,
    section: str | None = None,
    article_id: int | None = None,
) -> ReviewFindings:
    """The findings of ``review``, grouped section → article → kind, with counts per kind.

    Every section is listed with its counts. ``section=None`` reads the findings of every
    section; a section's key reads only that section's (the first section's when no section
    has that key); ``article_id`` only the findings of that article, in its section. The
    sections whose findings were read are ``ReviewFindings.opened``.

    Unscoped: for code that has already decided who reads (the PDF renderer of a report the
    secretariat publishes). Pages use ``findings_for_review``. Four queries, or five when some
    article has no chapter (UNTOC clusters), whatever the number of findings.
    """
    language = language or get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        return _grouped(review, language, kinds, section, article_id)


def _grouped(review: CountryReview, language: str, kinds, wanted: str | None, article_id: int | None):
    findings = Finding.objects.filter(review=review).order_by()
    if kinds:
        findings = findings.filter(kind__in=kinds)
    # The outline: how many findings of each kind under each article, and where each article goes.
    counted = list(findings.values_list("article_id", "kind").annotate(n=Count("pk")))
    articles = {
        values["pk"]: _Article(values)
        for values in Article.objects.filter(pk__in={a for a, _k, _n in counted}).order_by().values(*_ARTICLE_COLUMNS)
    }
    without_chapter = [pk for pk, article in articles.items() if not article.chapter_id]
    clusters = _clusters_of(review, without_chapter) if without_chapter else {}
    placement = {pk: _section_of(article, clusters) for pk, article in articles.items()}
    kind_rank = {kind.value: i for i, kind in enumerate(KINDS)}

    def article_rank(pk):
        return placement[pk][2], articles[pk].instrument.order, articles[pk].number

    result = ReviewFindings(review_id=review.pk)
    sections: dict[str, FindingSection] = {}
    by_article: dict[int, ArticleFindings] = {}
    for pk in sorted(articles, key=article_rank):
        key, title, _rank = placement[pk]
        section = sections.get(key)
        if section is None:
            section = sections[key] = FindingSection(key=key, title=title)
        by_article[pk] = ArticleFindings(
            article_id=pk, number=articles[pk].number, title=translated(articles[pk], "title", language)
        )
        section.articles.append(by_article[pk])
    for pk, kind, n in counted:
        for counts in (by_article[pk].counts, sections[placement[pk][0]].counts, result.counts):
            counts[kind] += n
    result.sections = list(sections.values())

    # The findings of the sections asked for, and only those.
    if article_id is not None:
        opened = [placement[article_id][0]] if article_id in placement else []
        findings = findings.filter(article_id=article_id)
    elif wanted is None:
        opened = list(sections)
    else:
        opened = [wanted] if wanted in sections else list(sections)[:1]
        if opened:
            findings = findings.filter(article_id__in=[a.article_id for a in sections[opened[0]].articles])
    result.opened = opened
    if not opened:  # no findings (or none on that article)
        return result
    labels = {value: str(label) for value, label in (*Finding.Kind.choices, *Finding.FollowUp.choices)}
    rows = list(findings.values(*_COLUMNS))
    rows.sort(key=lambda row: (article_rank(row["article_id"]), kind_rank[row["kind"]], row["order"], row["pk"]))
    for values in rows:
        article = by_article[values["article_id"]]
        if not article.kinds or article.kinds[-1].kind != values["kind"]:
            article.kinds.append(KindGroup(kind=values["kind"], label=labels[values["kind"]]))
        article.kinds[-1].findings.append(_row(values, language, labels))
    return result


def findings_for_review(
    user,
    review: CountryReview,
    *,
    language: str | None = None,
    kinds=None,
    section: str | None = None,
    article_id: int | None = None,
) -> ReviewFindings:
    """The findings of ``review`` as ``user`` may read them (see ``review_findings``). Findings
    are never public: anyone the review's findings are not for gets ``PermissionDenied`` (a 404
    on pages)."""
    if not can_read_findings(user, review):
        raise PermissionDenied
    return review_findings(review, language=language, kinds=kinds, section=section, article_id=article_id)
