"""Property tests of the drawing of lots (``reviews.lots``): pure functions, no database.

Random sets of States in 2–6 regional groups, random years, caps, exclusions, States not
party to the instrument and reviews already in the cycle; the invariants of DOMAIN.md
sections 3–4 must hold for every input, and the same seed must give the same draw.
"""

from __future__ import annotations

import string
from collections import Counter, defaultdict

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from reviews import lots
from reviews.lots import ANY_GROUP, EXTRA, OTHER_GROUP, SAME_GROUP, DrawImpossible, Ledger, Party, Slot

PROPERTY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- Strategies ------------------------------------------------------------------------------

codes = st.text(alphabet=string.ascii_uppercase, min_size=3, max_size=3)
seeds = st.text(alphabet=string.ascii_letters + string.digits + "-:", min_size=1, max_size=16)


@st.composite
def parties(draw, min_size=1, max_size=60, late=True):
    """States with random codes in 2–6 regional groups; a few joined late."""
    state_codes = draw(st.lists(codes, min_size=min_size, max_size=max_size, unique=True))
    group_count = draw(st.integers(min_value=2, max_value=6))
    groups = [f"group{i}" for i in range(group_count)]
    late_flags = st.booleans() if late else st.just(False)
    return [
        Party(code, draw(st.sampled_from(groups)), joined_late=draw(late_flags) and draw(st.booleans()))
        for code in state_codes
    ]


@st.composite
def reviewer_draws(draw, min_pool=6, max_pool=24, max_slots=10):
    """The inputs of a reviewers draw: a pool, the States under review (from the pool), a cap,
    reviews already in the cycle (a ledger without reciprocal pairs), exclusions and
    non-parties. Most are feasible, many are not (a group of one, a cap of 0...)."""
    pool = draw(parties(min_size=min_pool, max_size=max_pool, late=False))
    groups = {p.code: p.group for p in pool}
    slot_codes = draw(st.lists(st.sampled_from(sorted(groups)), min_size=1, max_size=max_slots, unique=True))
    slots = [Slot(code, groups[code]) for code in slot_codes]
    cap = draw(st.integers(min_value=1, max_value=5) | st.just(0))
    ledger = Ledger()
    reviewed_earlier = [code for code in groups if code not in slot_codes]
    for reviewed in draw(st.lists(st.sampled_from(reviewed_earlier), unique=True)) if reviewed_earlier else []:
        for reviewer in draw(st.lists(st.sampled_from(sorted(groups)), max_size=2, unique=True)):
            if reviewer != reviewed and (reviewed, reviewer) not in ledger.pairs:
                ledger.add(reviewer, reviewed)
    excluded = set(draw(st.lists(st.sampled_from(sorted(groups)), max_size=3)))
    non_parties = set(draw(st.lists(st.sampled_from(sorted(groups)), max_size=2)))
    other_group_rule = draw(st.booleans())
    seed = draw(seeds)
    return pool, slots, cap, ledger, excluded, non_parties, other_group_rule, seed


def _snapshot(ledger: Ledger):
    return set(ledger.pairs), {code: n for code, n in ledger.load.items() if n}


# --- Years of review -------------------------------------------------------------------------


@PROPERTY
@given(pool=parties(), years=st.integers(min_value=1, max_value=6), seed=seeds)
def test_every_state_gets_one_year_and_late_joiners_the_year_after(pool, years, seed):
    allocation = lots.allocate_years(pool, years, seed)

    assert set(allocation) == {p.code for p in pool}
    for party in pool:
        if party.joined_late:
            assert allocation[party.code] == years + 1
        else:
            assert 1 <= allocation[party.code] <= years


@PROPERTY
@given(pool=parties(), years=st.integers(min_value=1, max_value=6), seed=seeds)
def test_years_are_proportional_to_group_size(pool, years, seed):
    allocation = lots.allocate_years(pool, years, seed)
    on_time = [p for p in pool if not p.joined_late]

    per_group = defaultdict(Counter)
    for party in on_time:
        per_group[party.group][allocation[party.code]] += 1
    for group, counts in per_group.items():
        per_year = [counts[year] for year in range(1, years + 1)]
        assert max(per_year) - min(per_year) <= 1, (group, per_year)
        assert sum(per_year) == sum(1 for p in on_time if p.group == group)

    totals = Counter(allocation[p.code] for p in on_time)
    per_year = [totals[year] for year in range(1, years + 1)]
    assert max(per_year) - min(per_year) <= 1, per_year


@PROPERTY
@given(pool=parties(), years=st.integers(min_value=1, max_value=6), seed=seeds, order_seed=st.randoms())
def test_years_depend_only_on_the_inputs_and_the_seed(pool, years, seed, order_seed):
    first = lots.allocate_years(pool, years, seed)
    shuffled = list(pool)
    order_seed.shuffle(shuffled)

    assert lots.allocate_years(shuffled, years, seed) == first
    assert lots.allocate_years(iter(pool), years, seed) == first  # any iterable


def test_different_seeds_give_different_years():
    pool = [Party(f"S{i:02d}", f"group{i % 5}") for i in range(60)]
    allocations = {tuple(sorted(lots.allocate_years(pool, 4, f"seed-{n}").items())) for n in range(10)}
    assert len(allocations) == 10


def test_years_must_be_positive():
    with pytest.raises(ValueError):
        lots.allocate_years([Party("AAA", "g")], 0, "seed")


def test_no_states_no_years():
    assert lots.allocate_years([], 4, "seed") == {}


# --- Reviewing States ------------------------------------------------------------------------


def assert_valid_draw(result, *, pool, slots, cap, ledger, excluded, non_parties, other_group_rule):
    groups = {p.code: p.group for p in pool}
    assert set(result) == {s.state for s in slots}
    pairs = set(ledger.pairs)
    load = Counter(ledger.load)
    for slot in slots:
        chosen = result[slot.state]
        reviewers = [code for code, _basis in chosen]
        assert len(chosen) == 2 and len(set(reviewers)) == 2, chosen
        assert slot.state not in reviewers
        (first, first_basis), (second, second_basis) = chosen
        assert first_basis == SAME_GROUP and groups[first] == slot.group
        if other_group_rule:
            assert second_basis == OTHER_GROUP and groups[second] != slot.group
        else:
            assert second_basis == ANY_GROUP
        for reviewer in reviewers:
            assert reviewer in groups
            assert reviewer not in excluded
            assert reviewer not in non_parties
            assert (reviewer, slot.state) not in pairs, "the same pair twice in a cycle"
            pairs.add((reviewer, slot.state))
            load[reviewer] += 1
    reciprocal = {(a, b) for a, b in pairs if (b, a) in pairs}
    assert not reciprocal
    drawn = {code for chosen in result.values() for code, _basis in chosen}
    assert all(load[code] <= cap for code in drawn), {code: load[code] for code in drawn}


@PROPERTY
@given(inputs=reviewer_draws())
def test_reviewers_draw_keeps_every_rule(inputs):
    pool, slots, cap, ledger, excluded, non_parties, other_group_rule, seed = inputs
    before = _snapshot(ledger)
    kwargs = {
        "seed": seed,
        "cap": cap,
        "ledger": ledger,
        "excluded": excluded,
        "other_group_rule": other_group_rule,
        "is_party": lambda code: code not in non_parties,
    }
    try:
        result, attempt = lots.draw_reviewers(slots, pool, **kwargs)
    except DrawImpossible as exc:
        event("impossible")
        assert exc.state in {s.state for s in slots}
        assert _snapshot(ledger) == before
        return
    event("drawn")
    assert 1 <= attempt <= lots.MAX_ATTEMPTS
    assert_valid_draw(
        result,
        pool=pool,
        slots=slots,
        cap=cap,
        ledger=ledger,
        excluded=excluded,
        non_parties=non_parties,
        other_group_rule=other_group_rule,
    )
    assert _snapshot(ledger) == before, "the caller's ledger is not changed"
    # Deterministic: the same inputs in any order give the same draw.
    again = lots.draw_reviewers(list(reversed(slots)), list(reversed(pool)), **kwargs)
    assert again == (result, attempt)


@st.composite
def roomy_draws(draw):
    """Inputs for which a draw obviously exists: every group has at least five States, the
    cap leaves room and nothing is excluded."""
    group_count = draw(st.integers(min_value=2, max_value=6))
    sizes = draw(st.lists(st.integers(min_value=5, max_value=9), min_size=group_count, max_size=group_count))
    pool = [Party(f"G{g}S{i}", f"group{g}") for g, size in enumerate(sizes) for i in range(size)]
    slots_count = draw(st.integers(min_value=1, max_value=len(pool) // 3))
    slots = [Slot(p.code, p.group) for p in draw(st.permutations(pool))[:slots_count]]
    return pool, slots, draw(st.integers(min_value=2, max_value=4)), draw(st.booleans()), draw(seeds)


@PROPERTY
@given(inputs=roomy_draws())
def test_reviewers_draw_succeeds_when_there_is_room(inputs):
    pool, slots, cap, other_group_rule, seed = inputs
    result, _attempt = lots.draw_reviewers(slots, pool, seed=seed, cap=cap, other_group_rule=other_group_rule)
    assert_valid_draw(
        result,
        pool=pool,
        slots=slots,
        cap=cap,
        ledger=Ledger(),
        excluded=set(),
        non_parties=set(),
        other_group_rule=other_group_rule,
    )


@PROPERTY
@given(inputs=roomy_draws())
def test_the_burden_is_shared(inputs):
    """Among eligible States the one with the fewest reviews is drawn: with room for
    everyone, nobody reviews more than twice while someone of the group has not reviewed."""
    pool, slots, _cap, other_group_rule, seed = inputs
    result, _attempt = lots.draw_reviewers(slots, pool, seed=seed, cap=10, other_group_rule=other_group_rule)
    load = Counter(code for chosen in result.values() for code, _basis in chosen)
    assert max(load.values()) <= 3


def _feasible(slots, pool, cap, ledger, excluded, is_party, other_group_rule) -> bool:
    """Exhaustive search: does any draw satisfy the rules? (small inputs only)"""
    groups = {p.code: p.group for p in pool}
    pairs = set(ledger.pairs)
    load = Counter(ledger.load)

    def ok(code, slot):
        return (
            code != slot.state
            and code not in excluded
            and is_party(code)
            and load[code] < cap
            and (code, slot.state) not in pairs
            and (slot.state, code) not in pairs
        )

    def search(i):
        if i == len(slots):
            return True
        slot = slots[i]
        for first in groups:
            if groups[first] != slot.group or not ok(first, slot):
                continue
            for second in groups:
                if second == first or not ok(second, slot):
                    continue
                if other_group_rule and groups[second] == slot.group:
                    continue
                for code in (first, second):
                    pairs.add((code, slot.state))
                    load[code] += 1
                found = search(i + 1)
                for code in (first, second):
                    pairs.discard((code, slot.state))
                    load[code] -= 1
                if found:
                    return True
        return False

    return search(0)


@PROPERTY
@given(inputs=reviewer_draws(min_pool=3, max_pool=8, max_slots=3))
def test_draw_impossible_only_when_no_draw_exists(inputs):
    pool, slots, cap, ledger, excluded, non_parties, other_group_rule, seed = inputs
    feasible = _feasible(slots, pool, cap, ledger, excluded, lambda c: c not in non_parties, other_group_rule)
    event("feasible" if feasible else "infeasible")
    try:
        lots.draw_reviewers(
            slots,
            pool,
            seed=seed,
            cap=cap,
            ledger=ledger,
            excluded=excluded,
            other_group_rule=other_group_rule,
            is_party=lambda code: code not in non_parties,
        )
    except DrawImpossible:
        assert not feasible, "a draw exists but DrawImpossible was raised"
    else:
        assert feasible


def test_different_seeds_give_different_reviewers():
    pool = [Party(f"S{i:02d}", f"group{i % 5}") for i in range(60)]
    slots = [Slot(p.code, p.group) for p in pool[:15]]
    results = {repr(sorted(lots.draw_reviewers(slots, pool, seed=f"seed-{n}", cap=3)[0].items())) for n in range(10)}
    assert len(results) == 10


def test_reciprocal_pair_already_in_the_cycle_is_never_drawn():
    # B reviewed A earlier in the cycle: B's only possible same-group reviewer would be A.
    pool = [Party("AAA", "g1"), Party("BBB", "g1"), Party("CCC", "g2"), Party("DDD", "g2")]
    ledger = Ledger()
    ledger.add("BBB", "AAA")
    with pytest.raises(DrawImpossible) as exc:
        lots.draw_reviewers([Slot("BBB", "g1")], pool, seed="s", cap=3, ledger=ledger)
    assert exc.value.state == "BBB"


@pytest.mark.parametrize(
    ("pool", "slots", "kwargs"),
    [
        pytest.param(
            [Party("AAA", "g1"), Party("BBB", "g2"), Party("CCC", "g2")],
            [Slot("AAA", "g1")],
            {"cap": 3},
            id="alone-in-its-group",
        ),
        pytest.param(
            [Party(c, "g1") for c in ("AAA", "BBB", "CCC")],
            [Slot("AAA", "g1")],
            {"cap": 0},
            id="cap-zero",
        ),
        pytest.param(
            [Party(c, "g1") for c in ("AAA", "BBB", "CCC", "DDD")],
            [Slot("AAA", "g1")],
            {"cap": 3, "other_group_rule": True},
            id="untoc-no-other-group",
        ),
        pytest.param(
            [Party(c, "g1") for c in ("AAA", "BBB", "CCC", "DDD")],
            [Slot("AAA", "g1")],
            {"cap": 3, "excluded": {"BBB", "CCC"}},
            id="all-but-one-excluded",
        ),
        pytest.param(
            [Party(c, "g1") for c in ("AAA", "BBB", "CCC", "DDD")],
            [Slot("AAA", "g1")],
            {"cap": 3, "is_party": lambda code: code in {"AAA", "BBB"}},
            id="one-party-only",
        ),
        pytest.param(
            # Three States under review need six reviews; three reviewers with cap 1 give three.
            [Party(c, "g1") for c in ("AAA", "BBB", "CCC", "DDD", "EEE", "FFF")],
            [Slot(c, "g1") for c in ("AAA", "BBB", "CCC")],
            {"cap": 1, "excluded": {"AAA", "BBB", "CCC"}},
            id="cap-too-low-for-the-year",
        ),
    ],
)
def test_impossible_draw_raises(pool, slots, kwargs):
    with pytest.raises(DrawImpossible):
        lots.draw_reviewers(slots, pool, seed="seed", **kwargs)


def test_cap_counts_reviews_already_in_the_ledger():
    pool = [Party(c, "g1") for c in ("AAA", "BBB", "CCC", "DDD")]
    ledger = Ledger()
    ledger.add("BBB", "XXX")
    ledger.add("BBB", "YYY")
    result, _ = lots.draw_reviewers([Slot("AAA", "g1")], pool, seed="seed", cap=2, ledger=ledger)
    assert "BBB" not in {code for code, _basis in result["AAA"]}
    with pytest.raises(DrawImpossible):
        lots.draw_reviewers([Slot("AAA", "g1")], pool, seed="seed", cap=2, ledger=ledger, excluded={"CCC"})


# --- One reviewer: a redraw, or an extra reviewer for a Protocol --------------------------------


@st.composite
def single_draws(draw):
    pool, slots, cap, ledger, excluded, non_parties, _rule, seed = draw(reviewer_draws(max_slots=1))
    basis = draw(st.sampled_from([SAME_GROUP, OTHER_GROUP, ANY_GROUP, EXTRA]))
    keep = draw(st.lists(st.sampled_from([p.code for p in pool]), max_size=2, unique=True))
    return pool, slots[0], basis, cap, ledger, excluded, keep, non_parties, seed


def _eligible_for_one(pool, slot, basis, cap, ledger, excluded, keep, non_parties):
    return [
        p
        for p in pool
        if p.code != slot.state
        and p.code not in excluded
        and p.code not in keep
        and p.code not in non_parties
        and ledger.load.get(p.code, 0) < cap
        and (p.code, slot.state) not in ledger.pairs
        and (slot.state, p.code) not in ledger.pairs
        and (
            (basis == SAME_GROUP and p.group == slot.group)
            or (basis == OTHER_GROUP and p.group != slot.group)
            or basis in (ANY_GROUP, EXTRA)
        )
    ]


@PROPERTY
@given(inputs=single_draws())
def test_draw_one_keeps_every_rule(inputs):
    pool, slot, basis, cap, ledger, excluded, keep, non_parties, seed = inputs
    eligible = _eligible_for_one(pool, slot, basis, cap, ledger, excluded, keep, non_parties)
    before = _snapshot(ledger)
    kwargs = {
        "basis": basis,
        "seed": seed,
        "cap": cap,
        "ledger": ledger,
        "excluded": excluded,
        "keep": keep,
        "is_party": lambda code: code not in non_parties,
    }
    try:
        code = lots.draw_one(slot, pool, **kwargs)
    except DrawImpossible as exc:
        event("impossible")
        assert not eligible
        assert exc.state == slot.state
        return
    assert code in {p.code for p in eligible}
    # The burden is shared: one of the eligible States with the fewest reviews.
    assert ledger.load.get(code, 0) == min(ledger.load.get(p.code, 0) for p in eligible)
    assert _snapshot(ledger) == before
    assert lots.draw_one(slot, list(reversed(pool)), **kwargs) == code


def test_draw_one_with_different_seeds_draws_different_states():
    pool = [Party(f"S{i:02d}", "g1") for i in range(30)]
    drawn = {
        lots.draw_one(Slot("S00", "g1"), pool, basis=SAME_GROUP, seed=f"s{n}", cap=3, ledger=Ledger())
        for n in range(20)
    }
    assert len(drawn) > 5


def test_ledger_accepts_a_plain_dict_of_loads():
    """``Ledger.load`` is declared a ``dict``: a plain one must work as well as a defaultdict."""
    ledger = Ledger(pairs={("BBB", "XXX")}, load={"BBB": 1})
    pool = [Party(c, "g1") for c in ("AAA", "BBB", "CCC", "DDD")]
    assert lots.draw_one(Slot("AAA", "g1"), pool, basis=SAME_GROUP, seed="s", cap=1, ledger=ledger) in {"CCC", "DDD"}
    result, _ = lots.draw_reviewers([Slot("AAA", "g1")], pool, seed="s", cap=1, ledger=ledger)
    assert {code for code, _basis in result["AAA"]} == {"CCC", "DDD"}
    ledger.add("CCC", "YYY")
    assert ledger.load["CCC"] == 1


def test_an_attempt_its_completion_cannot_finish_is_drawn_again():
    """The extra reviewers of the Protocols are part of the attempt: when they cannot be
    drawn, the main draw is made again with the next attempt's numbers, not refused."""
    pool = [Party(f"S{i:02d}", f"group{i % 3}") for i in range(12)]
    slots = [Slot("S00", "group0"), Slot("S01", "group1")]
    seen = []

    def complete(result, ledger, attempt):
        seen.append((attempt, dict(result)))
        if attempt < 3:
            raise DrawImpossible("no eligible extra reviewer for S00", "S00")
        assert all(ledger.count(code) for chosen in result.values() for code, _basis in chosen)

    drawn, attempt = lots.draw_reviewers(slots, pool, seed="cop-10", cap=3, complete=complete)
    assert attempt == 3 and [a for a, _r in seen] == [1, 2, 3]
    assert drawn == seen[-1][1]
    # Without a completion, the same seed gives the first attempt's draw: nothing changes for
    # draws that never needed one.
    assert lots.draw_reviewers(slots, pool, seed="cop-10", cap=3) == (seen[0][1], 1)
