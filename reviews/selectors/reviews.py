"""Reads of country reviews, always scoped to the person asking (``visible_to``).

No ordering of States by delay or by any score, anywhere: lists are alphabetical or by
date of the next step; delays are shown per review and as counts.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    DateField,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import get_language

from reference.models import Mechanism, MechanismMembership, RegionalGroup, ReviewCycle
from reviewmech.i18n import field_suffix

from ..models import CountryReview, LotDraw, Participant, ReviewerAssignment, ReviewEvent, WorkflowStep


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


def review_assignments(review: CountryReview) -> list[ReviewerAssignment]:
    """Every reviewing State of the review, active or replaced, those of its own regional group
    first (the order of ``active_reviewers``)."""
    assignments = review.reviewer_assignments.select_related("state").defer("draw", "replaced_by").order_by()
    return sorted(assignments, key=lambda a: (a.basis != ReviewerAssignment.Basis.SAME_GROUP, a.pk))


def redraws_used(review: CountryReview) -> int:
    """How many of the cycle's redraws the review has used."""
    return LotDraw.objects.filter(kind=LotDraw.Kind.REDRAW, review=review).count()


#: What the review page shows of a person: their name.
_USER_FIELDS = ("first_name", "last_name", "username")


def _name_fields() -> tuple[str, ...]:
    """A translated ``name``'s columns: what ``translated`` may read, the fallbacks too."""
    return ("name", *_languages("name"))


def review_participants(review: CountryReview) -> list[Participant]:
    """The people named on the review (active), by role, with what the page shows of them:
    name, e-mail, telephone and reviewing State."""
    return list(
        review.participants.filter(active=True)
        .select_related("user", "reviewing_state")
        .only(
            "review",
            "role",
            "reviewing_state",
            "user",
            *(f"user__{name}" for name in (*_USER_FIELDS, "email", "phone")),
            *(f"reviewing_state__{name}" for name in _name_fields()),
        )
        .order_by("role", "pk")
    )


def review_events(review: CountryReview, start: int = 0, stop: int | None = None) -> list[ReviewEvent]:
    """Events of the review's history, the latest first, from ``start`` to ``stop`` (None: all),
    with their actor's name and their step."""
    events = (
        review.events.select_related("actor", "step")
        .only(
            "review",
            "kind",
            "at",
            "comment",
            "data",
            "actor",
            "step",
            *(f"actor__{name}" for name in _USER_FIELDS),
            *(f"step__{name}" for name in _name_fields()),
        )
        .order_by("-at", "-pk")
    )
    return list(events[start:stop])


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


def review_list_page(user, queryset, number, per_page: int, *, count: int | None = None, steps=None) -> Page:
    """One page of ``queryset``'s reviews in the order of ``review_list``, as ``ListedReview``
    rows with their active reviewers. The page's reviews are found by sorting their keys alone,
    then read with what the table shows: sorting the whole rows (every translated column of the
    State, instrument and step) of the 8,000 reviews of a mechanism took 70 ms in PostgreSQL
    for the 50 shown. ``count``, when the caller has it (the dashboard's grouped counts), saves
    the count query; ``steps``, the mechanism's workflow steps already loaded, the reading of
    each review's step."""
    order = (*REVIEW_LIST_ORDER, state_name_order(), "instrument__order", "pk")
    paginator = Paginator(queryset.order_by(*order).values_list("pk", flat=True), per_page)
    if count is not None:
        paginator.count = count  # a cached property: the count query is not run
    page = paginator.get_page(number)
    # The page's slice of keys as a subquery: one query for the rows, sorted again (50 rows).
    page.object_list = listed_reviews(page.object_list, order, steps, reviewers=True)
    return page


# --- Reviews as plain rows ------------------------------------------------------------------------
# The dashboard's lists are read with ``.values()``: a model instance costs more to build than
# the rest of its row (django-modeltranslation adds to each), and a page of the dashboard showed
# some 460 of them. A row's State and instrument are plain objects with the columns the page
# reads (``translated`` reads ``name_fr`` as it would on the model); its step is one of the
# mechanism's steps the page has already loaded.


class Plain:
    """A row read with ``.values()``, its columns as attributes."""

    def __init__(self, **columns):
        self.__dict__.update(columns)

    def __repr__(self):
        return f"<{type(self).__name__} {self.__dict__}>"


class ListedState(Plain):
    """A State: ``pk``, ``code`` and its name in every language (``name_en``, ``name_fr``...)."""


class ListedInstrument(Plain):
    """An instrument: ``pk`` and its short title in every language (``short_title_en``...)."""


class ListedAssignment(NamedTuple):
    """An active reviewing State of a review."""

    state: ListedState
    basis: str


@dataclass(slots=True)
class ListedReview:
    """A review of the dashboard's lists, with what they show (the attributes the tables read
    on a ``CountryReview``)."""

    pk: int
    year: int
    status: str
    current_due: datetime.date | None
    cycle_id: int
    current_step_id: int | None
    state: ListedState
    instrument: ListedInstrument
    current_step: WorkflowStep | None
    active_reviewers: list[ListedAssignment] = field(default_factory=list)

    def get_status_display(self):
        """As the model's: the status's label, the value itself if it has none."""
        return dict(CountryReview.Status.choices).get(self.status, self.status)


def _languages(name: str) -> list[str]:
    """``name``'s column in every language: ``name_ar``, ``name_zh_hans``..."""
    return [f"{name}_{field_suffix(code)}" for code, _language in settings.LANGUAGES]


def _state_columns(prefix: str) -> list[str]:
    return [f"{prefix}code", *(prefix + column for column in _languages("name"))]


def _plain(cls, pk, row: dict, prefix: str, columns: list[str], seen: dict):
    """The object of ``cls`` for key ``pk`` from the ``prefix``-ed columns of ``row``, one per
    key in ``seen`` (the rows of a page share their States)."""
    obj = seen.get((cls, pk))
    if obj is None:
        start = len(prefix)
        obj = seen[(cls, pk)] = cls(pk=pk, **{column[start:]: row[column] for column in columns})
    return obj


def listed_reviews(keys, order, steps=None, *, reviewers: bool = False) -> list[ListedReview]:
    """The reviews ``keys`` names (a queryset of keys, possibly sorted and sliced: it becomes a
    subquery; or a ``Q`` of such subqueries), in ``order``, as ``ListedReview`` rows: one
    query, no model instance. Their step is taken from ``steps`` (the mechanism's, already
    loaded), else read. With ``reviewers``, each with its active reviewing States
    (``active_reviewers``, in that order), read in the same query: a row per reviewing State."""
    state_columns = _state_columns("state__")
    instrument_columns = ["instrument__" + column for column in _languages("short_title")]
    columns = [
        "pk",
        "year",
        "status",
        "current_due",
        "cycle_id",
        "current_step_id",
        "state_id",
        "instrument_id",
        *state_columns,
        *instrument_columns,
    ]
    reviews = CountryReview.objects.filter(keys if isinstance(keys, Q) else Q(pk__in=keys))
    reviewer_columns = _state_columns("reviewer__state__")
    if reviewers:
        reviews = reviews.annotate(
            reviewer=FilteredRelation("reviewer_assignments", condition=Q(reviewer_assignments__active=True))
        )
        same_group_first = Case(When(reviewer__basis=ReviewerAssignment.Basis.SAME_GROUP, then=Value(0)), default=1)
        order = (*order, same_group_first, "reviewer__pk")
        columns += ["reviewer__state_id", "reviewer__basis", *reviewer_columns]
    rows = list(reviews.order_by(*order).values(*columns))
    steps_by_pk = {step.pk: step for step in steps} if steps is not None else {}
    missing = {row["current_step_id"] for row in rows if row["current_step_id"]} - steps_by_pk.keys()
    if missing:  # not the mechanism's steps given: read them (one query)
        steps_by_pk.update((step.pk, step) for step in WorkflowStep.objects.filter(pk__in=missing))
    seen: dict = {}
    listed: list[ListedReview] = []
    for row in rows:
        if not listed or listed[-1].pk != row["pk"]:
            listed.append(
                ListedReview(
                    pk=row["pk"],
                    year=row["year"],
                    status=row["status"],
                    current_due=row["current_due"],
                    cycle_id=row["cycle_id"],
                    current_step_id=row["current_step_id"],
                    state=_plain(ListedState, row["state_id"], row, "state__", state_columns, seen),
                    instrument=_plain(
                        ListedInstrument, row["instrument_id"], row, "instrument__", instrument_columns, seen
                    ),
                    current_step=steps_by_pk.get(row["current_step_id"]),
                )
            )
        if reviewers and row["reviewer__state_id"] is not None:
            state = _plain(ListedState, row["reviewer__state_id"], row, "reviewer__state__", reviewer_columns, seen)
            listed[-1].active_reviewers.append(ListedAssignment(state, row["reviewer__basis"]))
    return listed


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
    overdue: list[ListedReview]
    upcoming: list[ListedReview]
    today: datetime.date
    #: Every regional group, in their order (the rows of the matrix are those with reviews).
    groups: list[RegionalGroup] = field(default_factory=list)
    #: Every review counted, whether or not its State has a regional group in the mechanism
    #: (``total`` is the matrix's): the number of reviews of the list.
    count: int = 0


COMPLETED = "completed"
#: How many overdue reviews the dashboard lists (a link leads to all of them).
OVERDUE_SHOWN = 25


def workflow_steps(mechanism: Mechanism) -> list[WorkflowStep]:
    return list(WorkflowStep.objects.filter(mechanism=mechanism).order_by("order"))


def regional_groups() -> list[RegionalGroup]:
    return list(RegionalGroup.objects.order_by("order", "code"))


def dashboard(
    user,
    *,
    mechanism: Mechanism,
    cycle: ReviewCycle | None,
    filtered=None,
    today=None,
    steps: list[WorkflowStep] | None = None,
    groups: list[RegionalGroup] | None = None,
) -> Dashboard:
    """Counts of reviews by phase × regional group (one grouped query), the overdue steps and
    the next deadlines. ``filtered`` is an already filtered queryset of visible reviews;
    ``steps`` (``workflow_steps``) and ``groups`` (``regional_groups``) when the caller has
    them already."""
    today = today or timezone.localdate()
    base = filtered if filtered is not None else reviews_for(user)
    base = base.filter(cycle__mechanism=mechanism)
    if cycle is not None:
        base = base.filter(cycle=cycle)
    steps = steps if steps is not None else workflow_steps(mechanism)
    groups = groups if groups is not None else regional_groups()
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
    paused_total = count = 0
    for row in counts:
        paused_total += row.pop("paused")
        count += row["n"]
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
    overdue, upcoming = _overdue_and_upcoming(base, overdue_q, today, steps)
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
        count=count,
    )


#: How many of the next deadlines the dashboard lists.
UPCOMING_SHOWN = 10


def _overdue_and_upcoming(base, overdue_q: Q, today, steps) -> tuple[list[ListedReview], list[ListedReview]]:
    """The first OVERDUE_SHOWN overdue reviews, alphabetical, and the UPCOMING_SHOWN next
    deadlines, by date — not every overdue review of a mechanism (2,190 at ten times today's
    data) to show a few, their number being the grouped query's. Each list's keys are sorted
    alone in a subquery (sorting the whole rows, every translated column, of thousands of
    reviews is what took the time); the rows of both are read in one query, sorted the overdue
    first, each list in its own order. The two are apart: an overdue review's date is past."""
    name = state_name_order()
    overdue_keys = base.filter(overdue_q).order_by(name, "instrument__order", "pk").values("pk")[:OVERDUE_SHOWN]
    upcoming_keys = (
        base.filter(status=CountryReview.Status.ACTIVE, current_due__gte=today)
        .order_by("current_due", name, "pk")
        .values("pk")[:UPCOMING_SHOWN]
    )
    late = Q(current_due__lt=today)
    order = (
        Case(When(late, then=Value(0)), default=Value(1)),  # the overdue first
        Case(When(late, then=Value(None)), default=F("current_due"), output_field=DateField()),  # the others by date
        name,
        Case(When(late, then=F("instrument__order")), default=Value(None), output_field=IntegerField()),
        "pk",
    )
    rows = listed_reviews(Q(pk__in=overdue_keys) | Q(pk__in=upcoming_keys), order, steps)
    overdue = [row for row in rows if row.current_due < today]
    return overdue, rows[len(overdue) :]


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
