"""Reads of country reviews, always scoped to the person asking (``visible_to``).

No ordering of States by delay or by any score, anywhere: lists are alphabetical or by
date of the next step; delays are shown per review and as counts.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, F, FilteredRelation, OuterRef, Prefetch, Q, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import get_language

from reference.models import Mechanism, MechanismMembership, RegionalGroup, ReviewCycle
from reviewmech.i18n import field_suffix

from ..models import CountryReview, LotDraw, Participant, ReviewerAssignment, ReviewEvent, WorkflowStep
from ..services.workflow import review_timeline
from .dialogue import meeting_of_event


def state_name_order() -> str:
    """Order by the State's name in the active language (alphabetical: never a ranking)."""
    return f"state__name_{field_suffix(get_language() or 'en')}"


def with_regional_group(queryset):
    """Annotate each review with the regional group of its State for its mechanism."""
    return queryset.annotate(regional_group_id=Subquery(regional_group_of_review()))


def regional_group_of_review():
    """The regional group of the outer review's State in its mechanism: one membership (unique
    per mechanism and State), so no ordering — the model's default one would join three
    tables and sort for every review (122 → 43 ms for the dashboard's counts at ten times
    today's data)."""
    return (
        MechanismMembership.objects.filter(mechanism_id=OuterRef("cycle__mechanism_id"), state_id=OuterRef("state_id"))
        .order_by()
        .values("regional_group_id")[:1]
    )


def active_reviewers():
    """Active reviewing States, the one from the State's own regional group first."""
    same_group_first = Case(When(basis=ReviewerAssignment.Basis.SAME_GROUP, then=Value(0)), default=Value(1))
    return ReviewerAssignment.objects.filter(active=True).select_related("state").order_by(same_group_first, "pk")


def reviews_for(user):
    return CountryReview.objects.visible_to(user)


def review_list(user, queryset=None):
    """Reviews for a table (year, State, instrument, reviewing States, step, date, status):
    neither their regional group nor their cycle, which the table does not show."""
    queryset = queryset if queryset is not None else reviews_for(user)
    return (
        queryset.select_related("state", "instrument", "current_step")
        .prefetch_related(Prefetch("reviewer_assignments", queryset=active_reviewers(), to_attr="active_reviewers"))
        .order_by(*REVIEW_LIST_ORDER, state_name_order(), "instrument__order")
    )


#: The order of the tables of reviews: by year, then the State's name (``state_name_order``).
REVIEW_LIST_ORDER = ("year",)


def review_list_page(user, queryset, number, per_page: int) -> Page:
    """One page of ``review_list(user, queryset)``. The page's reviews are found by sorting
    their keys alone, then read with what the table shows: sorting the whole rows (every
    translated column of the State, instrument and step) of the 8,000 reviews of a mechanism
    took 70 ms in PostgreSQL for the 50 shown."""
    keys = queryset.order_by(*REVIEW_LIST_ORDER, state_name_order(), "instrument__order").values_list("pk", flat=True)
    page = Paginator(keys, per_page).get_page(number)
    # The page's slice of keys as a subquery: one query for the rows, sorted again (50 rows).
    page.object_list = list(review_list(user, CountryReview.objects.filter(pk__in=page.object_list)))
    return page


@dataclass
class MatrixRow:
    group: RegionalGroup | None
    cells: list[dict] = field(default_factory=list)
    total: int = 0
    overdue: int = 0


@dataclass
class Dashboard:
    mechanism: Mechanism
    cycle: ReviewCycle | None
    steps: list[WorkflowStep]
    rows: list[MatrixRow]
    column_totals: list[dict]
    total: int
    overdue_total: int
    paused_total: int
    overdue: list[CountryReview]
    upcoming: list[CountryReview]
    today: datetime.date
    #: Every regional group, in their order (the rows of the matrix are those with reviews).
    groups: list[RegionalGroup] = field(default_factory=list)


COMPLETED = "completed"
#: How many overdue reviews the dashboard lists (a link leads to all of them).
OVERDUE_SHOWN = 25


def dashboard(user, *, mechanism: Mechanism, cycle: ReviewCycle | None, filtered=None, today=None) -> Dashboard:
    """Counts of reviews by phase × regional group (one grouped query), the overdue steps and
    the next deadlines. ``filtered`` is an already filtered queryset of visible reviews."""
    today = today or timezone.localdate()
    base = filtered if filtered is not None else reviews_for(user)
    base = base.filter(cycle__mechanism=mechanism)
    if cycle is not None:
        base = base.filter(cycle=cycle)
    steps = list(WorkflowStep.objects.filter(mechanism=mechanism).order_by("order"))
    groups = list(RegionalGroup.objects.order_by("order", "code"))
    overdue_q = Q(status=CountryReview.Status.ACTIVE, current_due__lt=today)
    # The regional group by a join on the membership of the review's State in its mechanism
    # (unique), not a subquery run for every review: 70 → 20 ms over UNTOC's 8,000 reviews.
    membership = FilteredRelation(
        "state__memberships", condition=Q(state__memberships__mechanism=F("cycle__mechanism"))
    )
    counts = (
        base.annotate(membership=membership)
        .values("membership__regional_group_id", "current_step_id")
        .annotate(
            n=Count("id"),
            late=Count("id", filter=overdue_q),
            paused=Count("id", filter=Q(status=CountryReview.Status.PAUSED)),
        )
        .order_by()
    )
    cell = defaultdict(lambda: {"n": 0, "late": 0})
    paused_total = 0
    for row in counts:
        paused_total += row.pop("paused")
        key = (row["membership__regional_group_id"], row["current_step_id"] or COMPLETED)
        cell[key]["n"] += row["n"]
        cell[key]["late"] += row["late"]
    columns = [s.pk for s in steps] + [COMPLETED]
    rows = []
    for group in groups:
        matrix_row = MatrixRow(group)
        for column in columns:
            value = cell[(group.pk, column)]
            matrix_row.cells.append({"column": column, **value})
            matrix_row.total += value["n"]
            matrix_row.overdue += value["late"]
        if matrix_row.total:
            rows.append(matrix_row)
    column_totals = [
        {"column": column, "n": sum(r.cells[i]["n"] for r in rows), "late": sum(r.cells[i]["late"] for r in rows)}
        for i, column in enumerate(columns)
    ]
    # The first OVERDUE_SHOWN only, with the count from the grouped query: not every overdue
    # review of a mechanism (2,190 at ten times today's data) to show a few; each list sorted
    # on its keys alone, then its rows read (``_first``).
    overdue = _first(base.filter(overdue_q), (state_name_order(), "instrument__order"), OVERDUE_SHOWN)
    upcoming = _first(
        base.filter(status=CountryReview.Status.ACTIVE, current_due__gte=today), ("current_due", state_name_order()), 10
    )
    return Dashboard(
        mechanism=mechanism,
        cycle=cycle,
        steps=steps,
        rows=rows,
        column_totals=column_totals,
        total=sum(r.total for r in rows),
        overdue_total=sum(r.overdue for r in rows),
        paused_total=paused_total,
        overdue=overdue,
        upcoming=upcoming,
        today=today,
        groups=groups,
    )


def _first(queryset, order: tuple, limit: int) -> list[CountryReview]:
    """The first ``limit`` reviews of ``queryset`` in ``order``, with their State, instrument
    and step, in one query: the keys sorted alone in a subquery, then the rows read and sorted
    again (sorting the whole rows, every translated column, of thousands of reviews is what
    took the time)."""
    keys = queryset.order_by(*order).values("pk")[:limit]
    return list(
        CountryReview.objects.filter(pk__in=keys).select_related("state", "instrument", "current_step").order_by(*order)
    )


@dataclass
class ReviewPage:
    review: CountryReview
    timeline: list
    reviewers: list[ReviewerAssignment]
    replaced: list[ReviewerAssignment]
    participants: list[Participant]
    events: list[ReviewEvent]
    redraws_used: int
    open_pause: object | None


def review_page(user, pk: int) -> ReviewPage:
    """Everything the review page shows; raises ``CountryReview.DoesNotExist`` when the
    person may not see the review (the view answers 404, revealing nothing)."""
    review = (
        reviews_for(user).select_related("state", "instrument", "cycle", "cycle__mechanism", "current_step").get(pk=pk)
    )
    assignments = list(
        review.reviewer_assignments.select_related("state", "draw", "draw__session").order_by(
            Case(When(basis=ReviewerAssignment.Basis.SAME_GROUP, then=Value(0)), default=Value(1)), "pk"
        )
    )
    events = list(review.events.select_related("actor", "step")[:100])
    for event in events:  # a meeting planned, changed or cancelled: what it was, what changed
        event.meeting = meeting_of_event(event, review)
    return ReviewPage(
        review=review,
        timeline=review_timeline(review),
        reviewers=[a for a in assignments if a.active],
        replaced=[a for a in assignments if not a.active],
        participants=list(
            review.participants.filter(active=True).select_related("user", "reviewing_state").order_by("role", "pk")
        ),
        events=events,
        redraws_used=LotDraw.objects.filter(kind=LotDraw.Kind.REDRAW, review=review).count(),
        # Only a paused review has an open pause: no query for the others.
        open_pause=review.pauses.filter(resumed_on__isnull=True).first()
        if review.status == CountryReview.Status.PAUSED
        else None,
    )


@dataclass
class PairingRow:
    review: CountryReview
    group: RegionalGroup | None
    reviewers: list[ReviewerAssignment]


def pairings(cycle: ReviewCycle, year: int | None = None) -> list[PairingRow]:
    """The country pairings of a cycle (or one year of it): the table annexed to the report of
    the session at which the lots were drawn. Alphabetical by State under review."""
    reviews = cycle.reviews.all()
    if year:
        reviews = reviews.filter(year=year)
    groups = {g.pk: g for g in RegionalGroup.objects.all()}
    reviews = (
        with_regional_group(reviews)
        .select_related("state", "instrument")
        .prefetch_related(Prefetch("reviewer_assignments", queryset=active_reviewers(), to_attr="active_reviewers"))
        .order_by("year", state_name_order(), "instrument__order")
    )
    return [PairingRow(r, groups.get(r.regional_group_id), r.active_reviewers) for r in reviews]


def cycle_years(cycle: ReviewCycle) -> list[dict]:
    """Per year of the cycle: how many reviews, and whether their reviewers were drawn."""
    rows = (
        cycle.reviews.values("year")
        .annotate(
            reviews=Count("id", distinct=True),
            states=Count("state", distinct=True),
            drawn=Count("reviewer_assignments", filter=Q(reviewer_assignments__active=True), distinct=True),
        )
        .order_by("year")
    )
    return list(rows)


def cycle_draws(cycle: ReviewCycle):
    return cycle.draws.select_related("session", "session__body", "drawn_by", "requested_by_state", "review__state")
