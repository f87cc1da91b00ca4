"""The drawing of lots, as pure functions of their inputs and a seed.

No database here: ``reviews.services.lots`` gathers the inputs, calls these functions and
records the outcome. The same inputs and seed always give the same result, so every draw
can be re-run and checked from its audit record.

Rules (DOMAIN.md sections 3 and 4, all parameters are data):
- years: each regional group is spread over the years of the cycle in proportion to its
  size (per year, a group's counts differ by one at most, and so do the yearly totals);
  late joiners go to the year after the last;
- reviewers: two per State under review, never itself. UNCAC: one from its own regional
  group, one from any group. UNTOC: one from its own group, one from another group, both
  parties to the instrument. No reciprocal pair in a cycle (if A reviews B, B does not
  review A); no State reviews more than ``cap`` times in the cycle; excluded States are
  never drawn. Among the eligible States, one with the fewest reviews so far is drawn, so
  that the burden is shared.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

SAME_GROUP = "same_group"
OTHER_GROUP = "other_group"
ANY_GROUP = "any_group"
EXTRA = "extra"

#: How many times a reviewers draw is retried, with derived seeds, before giving up.
MAX_ATTEMPTS = 200


class DrawImpossible(Exception):
    """No draw satisfies the rules (too few eligible States, a cap too low...)."""

    def __init__(self, message: str, state: str | None = None):
        super().__init__(message)
        self.state = state


@dataclass(frozen=True)
class Party:
    code: str
    group: str
    joined_late: bool = False


@dataclass(frozen=True)
class Slot:
    """A State under review that needs reviewers."""

    state: str
    group: str


@dataclass
class Ledger:
    """What the cycle already holds: who reviews whom, and how often."""

    pairs: set[tuple[str, str]] = field(default_factory=set)  # (reviewer, reviewed)
    load: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, reviewer: str, reviewed: str):
        self.pairs.add((reviewer, reviewed))
        self.load[reviewer] = self.count(reviewer) + 1

    def count(self, reviewer: str) -> int:
        """Reviews ``reviewer`` carries out so far (``load`` may be a plain dict)."""
        return self.load.get(reviewer, 0)

    def copy(self) -> Ledger:
        return Ledger(set(self.pairs), defaultdict(int, self.load))


def rng_for(seed: str, attempt: int = 1) -> random.Random:
    return random.Random(f"{seed}:{attempt}")  # noqa: S311 - a lottery, not cryptography


def allocate_years(parties: Iterable[Party], years: int, seed: str) -> dict[str, int]:
    """Year (1..years) for each State; late joiners get ``years + 1``."""
    if years < 1:
        raise ValueError("years must be at least 1")
    rng = rng_for(seed)
    result: dict[str, int] = {}
    by_group: dict[str, list[str]] = defaultdict(list)
    for party in sorted(parties, key=lambda p: p.code):
        if party.joined_late:
            result[party.code] = years + 1
        else:
            by_group[party.group].append(party.code)
    totals = dict.fromkeys(range(1, years + 1), 0)
    for group in sorted(by_group):
        members = by_group[group]
        rng.shuffle(members)
        base, extra = divmod(len(members), years)
        # The group's remainder goes to the years with the fewest States so far.
        order = sorted(totals, key=lambda y: (totals[y], rng.random()))
        counts = {year: base + (1 if year in order[:extra] else 0) for year in totals}
        position = 0
        for year in sorted(counts):
            for code in members[position : position + counts[year]]:
                result[code] = year
            position += counts[year]
            totals[year] += counts[year]
    return result


def _eligible(
    candidate: Party,
    slot: Slot,
    ledger: Ledger,
    cap: int,
    excluded: set[str],
    chosen: Iterable[str],
    is_party: Callable[[str], bool],
) -> bool:
    return (
        candidate.code != slot.state
        and candidate.code not in excluded
        and candidate.code not in chosen
        and ledger.count(candidate.code) < cap
        and (slot.state, candidate.code) not in ledger.pairs  # B already reviews A: no A→B
        and (candidate.code, slot.state) not in ledger.pairs
        and is_party(candidate.code)
    )


def _pick(candidates: list[Party], ledger: Ledger, rng: random.Random) -> Party | None:
    if not candidates:
        return None
    fewest = min(ledger.count(c.code) for c in candidates)
    return rng.choice([c for c in candidates if ledger.count(c.code) == fewest])


def _draw_once(slots, pool, ledger, cap, excluded, other_group_rule, is_party, rng):
    ledger = ledger.copy()
    result: dict[str, list[tuple[str, str]]] = {}
    order = list(slots)
    rng.shuffle(order)
    for slot in order:
        chosen: list[tuple[str, str]] = []
        second_basis = OTHER_GROUP if other_group_rule else ANY_GROUP
        for basis in (SAME_GROUP, second_basis):
            codes = [code for code, _basis in chosen]
            candidates = [
                c
                for c in pool
                if _eligible(c, slot, ledger, cap, excluded, codes, is_party)
                and (
                    (basis == SAME_GROUP and c.group == slot.group)
                    or (basis == OTHER_GROUP and c.group != slot.group)
                    or basis == ANY_GROUP
                )
            ]
            picked = _pick(candidates, ledger, rng)
            if picked is None:
                raise DrawImpossible(f"no eligible {basis} reviewer for {slot.state}", slot.state)
            chosen.append((picked.code, basis))
            ledger.add(picked.code, slot.state)
        result[slot.state] = chosen
    return result, ledger


def draw_reviewers(
    slots: Iterable[Slot],
    pool: Iterable[Party],
    *,
    seed: str,
    cap: int,
    ledger: Ledger | None = None,
    excluded: Iterable[str] = (),
    other_group_rule: bool = False,
    is_party: Callable[[str], bool] = lambda code: True,
    complete: Callable[[dict[str, list[tuple[str, str]]], Ledger, int], None] | None = None,
) -> tuple[dict[str, list[tuple[str, str]]], int]:
    """Two reviewers (code, basis) for every slot, and the attempt that succeeded.

    ``complete(result, ledger, attempt)``, when given, finishes an attempt (the extra reviewers
    of the Protocols, say) on the ledger as the attempt left it; if it raises
    ``DrawImpossible`` the whole attempt is drawn again, with the next attempt's numbers.
    Raises ``DrawImpossible`` when no attempt satisfies the rules.
    """
    slots = sorted(slots, key=lambda s: s.state)
    pool = sorted(pool, key=lambda p: p.code)
    ledger = ledger or Ledger()
    excluded = set(excluded)
    last_error = None
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            result, drawn = _draw_once(
                slots, pool, ledger, cap, excluded, other_group_rule, is_party, rng_for(seed, attempt)
            )
            if complete is not None:
                complete(result, drawn, attempt)
        except DrawImpossible as exc:
            last_error = exc
            continue
        return result, attempt
    raise last_error or DrawImpossible("no eligible reviewer")


def draw_one(
    slot: Slot,
    pool: Iterable[Party],
    *,
    basis: str,
    seed: str,
    cap: int,
    ledger: Ledger,
    excluded: Iterable[str] = (),
    keep: Iterable[str] = (),
    is_party: Callable[[str], bool] = lambda code: True,
) -> str:
    """One reviewer of ``basis`` for ``slot`` (a redraw, or an extra reviewer for a protocol);
    ``keep`` are the reviewers the review keeps, who cannot be drawn again."""
    pool = sorted(pool, key=lambda p: p.code)
    candidates = [
        c
        for c in pool
        if _eligible(c, slot, ledger, cap, set(excluded), list(keep), is_party)
        and (
            (basis == SAME_GROUP and c.group == slot.group)
            or (basis == OTHER_GROUP and c.group != slot.group)
            or basis in (ANY_GROUP, EXTRA)
        )
    ]
    picked = _pick(candidates, ledger, rng_for(seed))
    if picked is None:
        raise DrawImpossible(f"no eligible {basis} reviewer for {slot.state}", slot.state)
    return picked.code
