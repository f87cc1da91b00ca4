"""Aggregates for the public site — never a ranking: counts by phase and regional group,
technical assistance needs by category and article, and the distribution of the time the steps
take (median and quartiles). No figure is given per State, and a duration figure drawn from
fewer than ``MIN_GROUP`` reviews is withheld, so that no State's own dates can be read from it.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import pairwise

from django.db.models import Count, Exists, OuterRef

from reference.models import RegionalGroup, TechnicalAssistanceCategory

from ..models import CountryReview, Finding, ReviewReport, StepCompletion, WorkflowStep
from .reviews import with_regional_group

#: Fewer reviews than this in a cell: the duration figures are not shown.
MIN_GROUP = 5


@dataclass
class PhaseTable:
    groups: list[RegionalGroup]
    #: (key, label) of each column: scheduled, each step in order, paused, completed.
    phases: list[tuple[str, object]]
    #: counts[group_pk][phase key]
    counts: dict = field(default_factory=dict)
    totals: dict = field(default_factory=dict)
    maximum: int = 0


def reviews_by_phase(cycle) -> PhaseTable:
    """How many reviews of a cycle are at each phase, per regional group (two queries)."""
    steps = list(WorkflowStep.objects.filter(mechanism_id=cycle.mechanism_id).order_by("order"))
    phases = [("scheduled", CountryReview.Status.SCHEDULED.label)]
    phases += [(f"step-{s.pk}", s) for s in steps]
    phases += [("paused", CountryReview.Status.PAUSED.label), ("completed", CountryReview.Status.COMPLETED.label)]
    rows = (
        with_regional_group(CountryReview.objects.filter(cycle=cycle))
        .values("regional_group_id", "status", "current_step_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = defaultdict(Counter)
    for row in rows:
        status = row["status"]
        key = status if status != CountryReview.Status.ACTIVE else f"step-{row['current_step_id']}"
        counts[row["regional_group_id"]][key] += row["n"]
    groups = [g for g in RegionalGroup.objects.all() if counts.get(g.pk)]
    totals = Counter()
    for counter in counts.values():
        totals.update(counter)
    maximum = max((n for counter in counts.values() for n in counter.values()), default=0)
    return PhaseTable(groups, phases, {g: dict(c) for g, c in counts.items()}, dict(totals), maximum)


@dataclass
class TaNeeds:
    categories: list[TechnicalAssistanceCategory]
    #: [(article, {category pk: count}, total)] by instrument and article number.
    rows: list
    totals: dict
    maximum: int = 0


def ta_needs(cycle=None) -> TaNeeds:
    """Technical assistance needs of the published executive summaries, by article and category
    (two queries)."""
    published = ReviewReport.objects.filter(
        review_id=OuterRef("review_id"), kind=ReviewReport.Kind.EXECUTIVE_SUMMARY, status=ReviewReport.Status.PUBLISHED
    )
    findings = Finding.objects.filter(Exists(published), kind=Finding.Kind.TA_NEED)
    if cycle is not None:
        findings = findings.filter(review__cycle=cycle)
    counted = (
        findings.values("article_id", "article__number", "article__instrument__order", "ta_category_id")
        .annotate(n=Count("pk"))
        .order_by("article__instrument__order", "article__number")
    )
    by_article = {}
    totals = Counter()
    for row in counted:
        entry = by_article.setdefault(row["article_id"], Counter())
        entry[row["ta_category_id"]] += row["n"]
        totals[row["ta_category_id"]] += row["n"]
    from reference.models import Article

    articles = Article.objects.in_bulk(list(by_article))
    rows = [(articles[pk], dict(counter), sum(counter.values())) for pk, counter in by_article.items()]
    categories = [c for c in TechnicalAssistanceCategory.objects.order_by("order") if totals.get(c.pk)]
    maximum = max((total for _a, _c, total in rows), default=0)
    return TaNeeds(categories, rows, dict(totals), maximum)


@dataclass
class Duration:
    step: WorkflowStep
    count: int
    median: float | None
    lower_quartile: float | None
    upper_quartile: float | None
    indicative: int | None

    @property
    def withheld(self) -> bool:
        return self.count < MIN_GROUP


def step_durations(cycle, regional_group=None) -> list[Duration]:
    """For each step of the cycle's workflow, the days from the previous step to it over the
    reviews that completed both: median and quartiles (three queries). A step with fewer than
    ``MIN_GROUP`` such reviews is withheld."""
    steps = list(WorkflowStep.objects.filter(mechanism_id=cycle.mechanism_id).order_by("order"))
    reviews = with_regional_group(CountryReview.objects.filter(cycle=cycle))
    if regional_group is not None:
        reviews = reviews.filter(regional_group_id=regional_group.pk)
    review_ids = reviews.values("pk")
    done = defaultdict(dict)
    for completion in StepCompletion.objects.filter(review_id__in=review_ids).values(
        "review_id", "step_id", "completed_on"
    ):
        done[completion["review_id"]][completion["step_id"]] = completion["completed_on"]
    result = []
    for previous, step in pairwise(steps):
        days = sorted(
            (dates[step.pk] - dates[previous.pk]).days
            for dates in done.values()
            if step.pk in dates and previous.pk in dates
        )
        median = statistics.median(days) if days else None
        quartiles = statistics.quantiles(days, n=4, method="inclusive") if len(days) >= 2 else [None, None, None]
        result.append(Duration(step, len(days), median, quartiles[0], quartiles[2], step.indicative_days))
    return result
