"""The drawing of lots, recorded: which States are reviewed each year, who reviews them,
and redraws at the request of the State under review.

Each function locks the cycle row first (``select_for_update``: on PostgreSQL a concurrent
draw for the same cycle waits, then finds the draw done and refuses), computes with the pure
functions of ``reviews.lots`` and writes one ``LotDraw`` audit record with seed and result.
"""

from __future__ import annotations

import datetime
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from reference.models import MechanismMembership, Party, ReviewCycle
from reviewmech.roles import Role

from .. import lots, scopes
from ..access import can_manage_review
from ..models import CountryReview, LotDraw, ReviewerAssignment, ReviewEvent, WorkflowStep
from .workflow import participant_recorded


def new_seed() -> str:
    return secrets.token_hex(8)


def _lock_cycle(cycle: ReviewCycle) -> ReviewCycle:
    return ReviewCycle.objects.select_for_update().select_related("mechanism").get(pk=cycle.pk)


def _main_instrument(cycle: ReviewCycle):
    """The convention a cycle reviews (its protocols are reviewed alongside)."""
    return cycle.mechanism.instruments.filter(parent__isnull=True).order_by("order").first()


def _memberships(cycle: ReviewCycle) -> dict[str, lots.Party]:
    return {
        m.state.code: lots.Party(m.state.code, m.regional_group.code)
        for m in MechanismMembership.objects.filter(mechanism=cycle.mechanism).select_related("state", "regional_group")
    }


def _parties_by_instrument(cycle: ReviewCycle) -> dict[int, dict[str, datetime.date | None]]:
    result: dict[int, dict[str, datetime.date | None]] = {}
    for party in Party.objects.filter(instrument__mechanisms=cycle.mechanism).select_related("state"):
        result.setdefault(party.instrument_id, {})[party.state.code] = party.since
    return result


def _ledger(cycle: ReviewCycle) -> lots.Ledger:
    ledger = lots.Ledger()
    seen = set()
    assignments = ReviewerAssignment.objects.filter(review__cycle=cycle, active=True).values_list(
        "state__code", "review__state__code"
    )
    for reviewer, reviewed in assignments:
        # A State reviewing another for the Convention and its Protocols counts once.
        if (reviewer, reviewed) not in seen:
            seen.add((reviewer, reviewed))
            ledger.add(reviewer, reviewed)
    return ledger


def _impossible(exc: lots.DrawImpossible) -> ValidationError:
    return ValidationError(
        _(
            "The draw is impossible under the rules (State under review: %(state)s). "
            "Raise the maximum number of reviews per reviewing State or exclude fewer States."
        )
        % {"state": exc.state or "—"}
    )


def _check_actor(actor):
    if not can_manage_review(actor):
        raise PermissionDenied(_("Only the secretariat may draw lots."))


@transaction.atomic
def lots_draw_years(*, cycle: ReviewCycle, actor, seed: str | None = None, session=None, exclude=()) -> LotDraw:
    """Schedule every State party of the cycle in one of its years, by lot.

    Creates one review per State and instrument it is party to (UNCAC: the Convention;
    UNTOC: the Convention and each of its Protocols, reviewed together).
    """
    _check_actor(actor)
    cycle = _lock_cycle(cycle)
    if cycle.reviews.exists():
        raise ValidationError(_("The years of review of this cycle have already been drawn."))
    seed = seed or new_seed()
    members = _memberships(cycle)
    parties = _parties_by_instrument(cycle)
    main = _main_instrument(cycle)
    cycle_start = datetime.date(cycle.start_year, 1, 1)
    excluded = set(exclude)
    pool = [
        lots.Party(code, members[code].group, joined_late=bool(since and since >= cycle_start))
        for code, since in parties.get(main.pk, {}).items()
        if code in members and code not in excluded
    ]
    if not pool:
        raise ValidationError(_("This cycle has no States parties to draw."))
    allocation = lots.allocate_years(pool, cycle.review_years, seed)

    draw = LotDraw.objects.create(
        cycle=cycle,
        kind=LotDraw.Kind.YEARS,
        session=session,
        seed=seed,
        drawn_by=actor,
        parameters={
            "years": cycle.review_years,
            "excluded": sorted(excluded),
            "cycle_start": cycle_start.isoformat(),
            # The inputs themselves, so that the draw can be re-run from this record alone
            # even after the secretariat edits memberships or party dates.
            "pool": [
                {"state": p.code, "group": p.group, "late": p.joined_late} for p in sorted(pool, key=lambda p: p.code)
            ],
        },
        result=[{"state": code, "year": cycle.start_year + year - 1} for code, year in sorted(allocation.items())],
    )
    first_step = WorkflowStep.objects.filter(mechanism=cycle.mechanism).order_by("order").first()
    instruments = list(cycle.mechanism.instruments.order_by("order"))
    from reference.models import State

    states = {s.code: s for s in State.objects.filter(code__in=allocation)}
    reviews = [
        CountryReview(
            cycle=cycle,
            state=states[code],
            instrument=instrument,
            year=cycle.start_year + year - 1,
            current_step=first_step,
        )
        for code, year in sorted(allocation.items())
        for instrument in instruments
        if code in parties.get(instrument.pk, {})
    ]
    CountryReview.objects.bulk_create(reviews)
    created = CountryReview.objects.filter(cycle=cycle)
    ReviewEvent.objects.bulk_create(
        ReviewEvent(
            review=review,
            kind=ReviewEvent.Kind.SCHEDULED,
            actor=actor,
            data={"draw": draw.pk, "seed": seed, "year": review.year},
        )
        for review in created
    )
    return draw


@transaction.atomic
def lots_draw_reviewers(
    *, cycle: ReviewCycle, year: int, actor, seed: str | None = None, session=None, exclude=()
) -> LotDraw:
    """Draw two reviewing States for every State reviewed in ``year`` of ``cycle``."""
    _check_actor(actor)
    cycle = _lock_cycle(cycle)
    reviews = list(cycle.reviews.filter(year=year).select_related("state", "instrument"))
    if not reviews:
        raise ValidationError(_("No State is scheduled for review in %(year)s.") % {"year": year})
    if ReviewerAssignment.objects.filter(review__in=reviews, active=True).exists():
        raise ValidationError(_("The reviewing States for %(year)s have already been drawn.") % {"year": year})
    seed = seed or new_seed()
    members = _memberships(cycle)
    parties = _parties_by_instrument(cycle)
    main = _main_instrument(cycle)
    main_parties = parties.get(main.pk, {})
    untoc_rule = cycle.mechanism.instruments.count() > 1
    excluded = set(exclude)

    main_reviews = {r.state.code: r for r in reviews if r.instrument_id == main.pk}
    slots = [lots.Slot(code, members[code].group) for code in main_reviews if code in members]
    protocol_reviews = [r for r in reviews if r.instrument_id != main.pk]
    #: (State, Protocol review) → its reviewers, drawn with the attempt that succeeded.
    extras: dict[int, list[tuple[str, str]]] = {}

    def protocol_reviewers(drawn, ledger, attempt):
        """UNTOC: the same reviewers for each Protocol the State is party to; where one of them
        is not party to that Protocol, an extra reviewer is drawn for it alone. One that cannot
        be drawn makes the whole attempt be drawn again."""
        extras.clear()
        for review in protocol_reviews:
            chosen = drawn.get(review.state.code)
            if chosen is None:
                continue
            protocol_parties = parties.get(review.instrument_id, {})
            keep = [reviewer for reviewer, _basis in chosen if reviewer in protocol_parties]
            rows = []
            for reviewer, basis in chosen:
                if reviewer in protocol_parties:
                    rows.append((reviewer, basis))
                    continue
                # The first attempt keeps the numbers draws have always used.
                prefix = seed if attempt == 1 else f"{seed}:{attempt}"
                extra = lots.draw_one(
                    lots.Slot(review.state.code, members[review.state.code].group),
                    members.values(),
                    basis=lots.EXTRA,
                    seed=f"{prefix}:{review.instrument.code}:{reviewer}",
                    cap=cycle.reviewer_cap,
                    ledger=ledger,
                    excluded=excluded | {r for r, _b in chosen},
                    keep=keep,
                    is_party=lambda c, p=protocol_parties: c in p,
                )
                ledger.add(extra, review.state.code)
                keep.append(extra)
                rows.append((extra, lots.EXTRA))
            extras[review.pk] = rows

    try:
        drawn, attempt = lots.draw_reviewers(
            slots,
            members.values(),
            seed=seed,
            cap=cycle.reviewer_cap,
            ledger=_ledger(cycle),
            excluded=excluded,
            other_group_rule=untoc_rule,
            is_party=lambda code: code in main_parties,
            complete=protocol_reviewers if protocol_reviews else None,
        )
    except lots.DrawImpossible as exc:
        raise _impossible(exc) from exc

    draw = LotDraw.objects.create(
        cycle=cycle,
        kind=LotDraw.Kind.REVIEWERS,
        year=year,
        session=session,
        seed=seed,
        drawn_by=actor,
        parameters={"cap": cycle.reviewer_cap, "excluded": sorted(excluded), "attempt": attempt},
        result=[],
    )
    state_ids = dict(
        MechanismMembership.objects.filter(mechanism=cycle.mechanism).values_list("state__code", "state_id")
    )
    assignments, result = [], []
    for code, chosen in sorted(drawn.items()):
        review = main_reviews[code]
        for reviewer, basis in chosen:
            assignments.append(ReviewerAssignment(review=review, state_id=state_ids[reviewer], basis=basis, draw=draw))
            result.append({"state": code, "instrument": main.code, "reviewer": reviewer, "basis": basis})
        for review in (r for r in protocol_reviews if r.state.code == code):
            for reviewer, basis in extras.get(review.pk, []):
                assignments.append(
                    ReviewerAssignment(review=review, state_id=state_ids[reviewer], basis=basis, draw=draw)
                )
                result.append(
                    {"state": code, "instrument": review.instrument.code, "reviewer": reviewer, "basis": basis}
                )
    ReviewerAssignment.objects.bulk_create(assignments)
    scopes.touch_reviews(a.review_id for a in assignments)
    draw.result = result
    draw.save(update_fields=["result"])
    ReviewEvent.objects.bulk_create(
        ReviewEvent(
            review=review,
            kind=ReviewEvent.Kind.REVIEWERS_DRAWN,
            actor=actor,
            data={
                "draw": draw.pk,
                "reviewers": [
                    row["reviewer"]
                    for row in result
                    if row["state"] == review.state.code and row["instrument"] == review.instrument.code
                ],
            },
        )
        for review in reviews
    )
    return draw


@transaction.atomic
def lots_redraw(
    *,
    assignment: ReviewerAssignment,
    actor,
    seed: str | None = None,
    session=None,
    exceptional: bool = False,
    comment: str = "",
) -> LotDraw:
    """Replace one reviewing State at the request of the State under review.

    The State may ask ``cycle.redraw_limit`` times; once more only as an exception, which
    the secretariat must mark as such.
    """
    _check_actor(actor)
    review = assignment.review
    cycle = _lock_cycle(review.cycle)
    assignment = ReviewerAssignment.objects.select_related("state", "review__state").get(pk=assignment.pk)
    if not assignment.active:
        raise ValidationError(_("This reviewing State has already been replaced."))
    used = LotDraw.objects.filter(kind=LotDraw.Kind.REDRAW, review=review).count()
    limit = cycle.redraw_limit + (1 if exceptional else 0)
    if used >= limit:
        if used == cycle.redraw_limit:
            message = _(
                "The State under review has used its %(limit)s redraws. A further redraw is possible only as an "
                "exception."
            )
        else:
            message = _("The State under review has used its %(limit)s redraws and the exceptional one.")
        raise ValidationError(message % {"limit": cycle.redraw_limit})
    seed = seed or new_seed()
    members = _memberships(cycle)
    parties = _parties_by_instrument(cycle).get(review.instrument_id, {})
    ledger = _ledger(cycle)
    # The replaced State is not drawn again for this review, nor is the other reviewer, nor
    # any State replaced earlier on it, nor a State excluded from the year's draw.
    current = list(review.reviewer_assignments.select_related("state"))
    keep = [a.state.code for a in current if a.active and a.pk != assignment.pk]
    excluded = {a.state.code for a in current if a.pk == assignment.pk or not a.active}
    year_draw = (
        LotDraw.objects.filter(cycle=cycle, kind=LotDraw.Kind.REVIEWERS, year=review.year).order_by("pk").first()
    )
    if year_draw:
        excluded.update(year_draw.parameters.get("excluded", []))
    code = review.state.code
    try:
        new_code = lots.draw_one(
            lots.Slot(code, members[code].group),
            members.values(),
            basis=assignment.basis,
            seed=seed,
            cap=cycle.reviewer_cap,
            ledger=ledger,
            excluded=excluded,
            keep=keep,
            is_party=lambda c: c in parties,
        )
    except lots.DrawImpossible as exc:
        raise ValidationError(_("No other State can be drawn under the rules for this review.")) from exc
    draw = LotDraw.objects.create(
        cycle=cycle,
        kind=LotDraw.Kind.REDRAW,
        year=review.year,
        session=session,
        seed=seed,
        attempt=used + 1,
        review=review,
        requested_by_state=review.state,
        drawn_by=actor,
        parameters={
            "replaced": assignment.state.code,
            "basis": assignment.basis,
            "exceptional": exceptional,
            "excluded": sorted(excluded),
        },
        result=[{"state": code, "reviewer": new_code, "basis": assignment.basis}],
    )
    from reference.models import State

    replacement = ReviewerAssignment.objects.create(
        review=review, state=State.objects.get(code=new_code), basis=assignment.basis, draw=draw
    )
    assignment.active = False
    assignment.replaced_by = replacement
    assignment.save(update_fields=["active", "replaced_by"])
    ReviewEvent.objects.create(
        review=review,
        kind=ReviewEvent.Kind.REDRAWN,
        actor=actor,
        comment=comment,
        data={"draw": draw.pk, "replaced": assignment.state.code, "reviewer": new_code, "attempt": used + 1},
    )
    # The experts of the State that no longer reviews leave the review (and stop seeing it).
    leaving = list(
        review.participants.filter(active=True, role=Role.EXPERT, reviewing_state=assignment.state).select_related(
            "user", "review"
        )
    )
    for participant in leaving:
        participant.active = False
        participant.save(update_fields=["active"])
        participant_recorded(participant=participant, actor=actor, added=False)
    return draw
