"""The country pairings of a cycle (or one year of it) as plain values, for the pairings page
and its CSV: one row per review, without a model instance per row.

At ten times today's data a cycle has ≈ 665 reviews: the reviews with their State, instrument
and reviewing States as model instances came to ≈ 4,700 objects. Here the reviews and their
reviewing States are ``values()``, and each State, instrument and regional group is read once,
so that a page translates each name once (``PairingsTable``), not once per row.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

from django.conf import settings

from reference.models import Instrument, RegionalGroup, ReviewCycle, State
from reviewmech.i18n import field_suffix

from .reviews import active_reviewers, state_name_order, with_regional_group


@dataclass
class PairingsTable:
    #: ``{"pk", "year", "state_id", "instrument_id", "regional_group_id", "reviewers"}`` per
    #: review, ``reviewers`` being ``(state_id, basis)`` in the order of ``active_reviewers``
    #: (the one from the State's own regional group first). Alphabetical by State under review.
    rows: list[dict]
    #: Each State as its code and its names (``name_en``…): what the table shows of it, not a
    #: model instance (≈ 190 States, every column of each).
    states: dict[int, SimpleNamespace]
    instruments: dict[int, Instrument]
    groups: dict[int, RegionalGroup]


def pairings_table(cycle: ReviewCycle, year: int | None = None) -> PairingsTable:
    """The same rows as ``selectors.reviews.pairings``, as values: five queries whatever the
    number of reviews (four when the cycle has none)."""
    reviews = cycle.reviews.all()
    if year:
        reviews = reviews.filter(year=year)
    rows = list(
        with_regional_group(reviews)
        .order_by("year", state_name_order(), "instrument__order")
        .values("pk", "year", "state_id", "instrument_id", "regional_group_id")
    )
    assignments = active_reviewers().filter(review__cycle=cycle)
    if year:
        assignments = assignments.filter(review__year=year)
    by_review: dict[int, list[tuple[int, str]]] = {}
    for review_id, state_id, basis in assignments.values_list("review_id", "state_id", "basis"):
        by_review.setdefault(review_id, []).append((state_id, basis))
    state_ids = {row["state_id"] for row in rows}
    for row in rows:
        row["reviewers"] = reviewers = by_review.get(row["pk"], [])
        state_ids.update(state_id for state_id, _basis in reviewers)
    instrument_ids = {row["instrument_id"] for row in rows}
    return PairingsTable(
        rows=rows,
        states=_states(state_ids),
        instruments=Instrument.objects.in_bulk(instrument_ids) if instrument_ids else {},
        groups={group.pk: group for group in RegionalGroup.objects.all()},
    )


_STATE_COLUMNS = ("pk", "code", *(f"name_{field_suffix(code)}" for code, _name in settings.LANGUAGES))


def _states(state_ids) -> dict[int, SimpleNamespace]:
    if not state_ids:
        return {}
    rows = State.objects.filter(pk__in=state_ids).order_by().values(*_STATE_COLUMNS)
    return {row["pk"]: SimpleNamespace(**row) for row in rows}
