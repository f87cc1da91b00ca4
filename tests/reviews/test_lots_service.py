"""The drawing of lots as a recorded service (``reviews.services.lots``), on the real
reference data: UNCAC second cycle and UNTOC first phase (DOMAIN.md sections 3–4)."""

from __future__ import annotations

import datetime
import threading
from collections import Counter, defaultdict

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from reference.models import MechanismMembership, Party, RegionalGroup
from reference.models import ReviewCycle as ReviewCycleModel
from reviews import lots
from reviews.models import CountryReview, LotDraw, ReviewerAssignment, ReviewEvent
from reviews.services.lots import lots_draw_reviewers, lots_draw_years, lots_redraw
from tests.concurrency import race
from tests.factories import UserFactory, cycle

pytestmark = pytest.mark.django_db

#: Queries of one ``lots_draw_reviewers`` call, whatever the number of reviews in the year.
#: Measured: 15 for a UNCAC year (8 or 46 reviews), 18 on SQLite / 15 on PostgreSQL for a
#: UNTOC year (~210 reviews: SQLite splits the bulk inserts into batches of 999 parameters).
#: It was 208 before the reviewing States' ids were read in one query.
MAX_QUERIES_PER_DRAW = 25


# --- Helpers ---------------------------------------------------------------------------------


@pytest.fixture
def staff(reference_data):
    return UserFactory(secretariat=True)


@pytest.fixture
def uncac(reference_data):
    return cycle("irm", 2)


@pytest.fixture
def untoc(reference_data):
    return cycle("untoc-rm", 1)


@pytest.fixture
def uncac_years(uncac, staff):
    """UNCAC cycle 2 with the years of review drawn."""
    lots_draw_years(cycle=uncac, actor=staff, seed="years")
    return uncac


def main_instrument(review_cycle):
    return review_cycle.mechanism.instruments.filter(parent__isnull=True).order_by("order").first()


def groups_of(review_cycle) -> dict[str, str]:
    return dict(
        MechanismMembership.objects.filter(mechanism=review_cycle.mechanism).values_list(
            "state__code", "regional_group__code"
        )
    )


def parties_of(instrument) -> dict[str, datetime.date | None]:
    return dict(Party.objects.filter(instrument=instrument).values_list("state__code", "since"))


def assignments(review_cycle, **filters):
    """(reviewer, reviewed, instrument, basis) of the active assignments."""
    return list(
        ReviewerAssignment.objects.filter(review__cycle=review_cycle, active=True, **filters)
        .order_by("pk")
        .values_list("state__code", "review__state__code", "review__instrument__code", "basis")
    )


def reviewers_by_review(review_cycle, year) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(State, instrument) → [(reviewer, basis)] in the order drawn."""
    result = defaultdict(list)
    for reviewer, reviewed, instrument, basis in assignments(review_cycle, review__year=year):
        result[reviewed, instrument].append((reviewer, basis))
    return result


def years_pool(review_cycle, excluded=()) -> list[lots.Party]:
    """The inputs of a years draw, as the audit record's parameters describe them."""
    groups = groups_of(review_cycle)
    start = datetime.date(review_cycle.start_year, 1, 1)
    return [
        lots.Party(code, groups[code], joined_late=bool(since and since >= start))
        for code, since in parties_of(main_instrument(review_cycle)).items()
        if code in groups and code not in excluded
    ]


def no_reciprocal_pairs(pairs):
    pairs = set(pairs)
    return {(a, b) for a, b in pairs if (b, a) in pairs} == set()


# --- Years of review -------------------------------------------------------------------------


def test_draw_years_schedules_every_state_party_once(uncac, staff):
    draw = lots_draw_years(cycle=uncac, actor=staff, seed="years")

    parties = parties_of(main_instrument(uncac))
    reviews = CountryReview.objects.filter(cycle=uncac)
    per_state = Counter(reviews.values_list("state__code", flat=True))
    assert set(per_state) == set(parties) and len(parties) == 193
    assert set(per_state.values()) == {1}

    late = {code for code, since in parties.items() if since and since >= datetime.date(uncac.start_year, 1, 1)}
    last = uncac.start_year + uncac.review_years
    # Parties since the cycle began (2015): their instruments dated in reference/reference_data/parties.yaml.
    assert late == {"BLZ", "BRB", "BTN", "GNQ", "GRD", "JPN", "KNA", "NZL", "SOM", "TCD", "VAT", "WSM"}
    assert set(reviews.filter(year=last).values_list("state__code", flat=True)) == late
    totals = Counter(reviews.exclude(year=last).values_list("year", flat=True))
    assert sorted(totals) == list(range(uncac.start_year, last))
    assert max(totals.values()) - min(totals.values()) <= 1
    groups = groups_of(uncac)
    for group in set(groups.values()):
        per_year = Counter(
            reviews.filter(state__code__in=[c for c, g in groups.items() if g == group])
            .exclude(year=last)
            .values_list("year", flat=True)
        )
        counts = [per_year[year] for year in range(uncac.start_year, last)]
        assert max(counts) - min(counts) <= 1, (group, counts)

    # The audit record: kind, seed, who, inputs and the whole result.
    assert draw.kind == LotDraw.Kind.YEARS and draw.seed == "years" and draw.drawn_by == staff
    pool = draw.parameters.pop("pool")
    assert draw.parameters == {"years": 4, "excluded": [], "cycle_start": "2015-01-01"}
    assert len(pool) == reviews.count() and {"state", "group", "late"} == set(pool[0])
    assert sorted((row["state"], row["year"]) for row in draw.result) == sorted(
        reviews.values_list("state__code", "year")
    )
    assert all(r.status == CountryReview.Status.SCHEDULED and r.current_step is not None for r in reviews)

    # One SCHEDULED event per review, pointing at the draw.
    events = ReviewEvent.objects.filter(review__cycle=uncac)
    assert events.count() == reviews.count()
    for event in events.select_related("review"):
        assert event.kind == ReviewEvent.Kind.SCHEDULED and event.actor == staff
        assert event.data == {"draw": draw.pk, "seed": "years", "year": event.review.year}


def test_draw_years_is_reproducible_from_its_audit_record(uncac, staff):
    with transaction.atomic():
        first = lots_draw_years(cycle=uncac, actor=staff, seed="same seed")
        first_result = first.result
        transaction.set_rollback(True)  # a fresh database state
    assert not CountryReview.objects.filter(cycle=uncac).exists()

    again = lots_draw_years(cycle=uncac, actor=staff, seed="same seed")
    assert again.result == first_result

    # Anyone can re-run the draw from the record: its seed, its parameters, the States parties.
    rerun = lots.allocate_years(years_pool(uncac, again.parameters["excluded"]), again.parameters["years"], again.seed)
    assert {code: uncac.start_year + year - 1 for code, year in rerun.items()} == {
        row["state"]: row["year"] for row in again.result
    }


def test_draw_years_with_another_seed_differs(uncac, staff):
    with transaction.atomic():
        first = lots_draw_years(cycle=uncac, actor=staff, seed="one").result
        transaction.set_rollback(True)
    assert lots_draw_years(cycle=uncac, actor=staff, seed="two").result != first


def test_draw_years_without_a_seed_records_a_random_one(uncac, staff):
    draw = lots_draw_years(cycle=uncac, actor=staff)
    assert len(draw.seed) == 16


def test_draw_years_twice_is_refused(uncac_years, staff):
    before = CountryReview.objects.filter(cycle=uncac_years).count()
    with pytest.raises(ValidationError, match="already been drawn"):
        lots_draw_years(cycle=uncac_years, actor=staff, seed="again")
    assert CountryReview.objects.filter(cycle=uncac_years).count() == before
    assert LotDraw.objects.filter(cycle=uncac_years, kind=LotDraw.Kind.YEARS).count() == 1


def test_excluded_states_are_not_scheduled(uncac, staff):
    draw = lots_draw_years(cycle=uncac, actor=staff, seed="years", exclude=["KEN", "FRA"])
    scheduled = set(CountryReview.objects.filter(cycle=uncac).values_list("state__code", flat=True))
    assert not scheduled & {"KEN", "FRA"} and len(scheduled) == 191
    assert draw.parameters["excluded"] == ["FRA", "KEN"]


def test_untoc_reviews_per_instrument_the_state_is_party_to(untoc, staff):
    lots_draw_years(cycle=untoc, actor=staff, seed="untoc years")

    instruments = list(untoc.mechanism.instruments.all())
    assert {i.code for i in instruments} == {"untoc", "tip", "som", "fir"}
    expected = {(code, i.code) for i in instruments for code in parties_of(i)}
    reviews = CountryReview.objects.filter(cycle=untoc)
    assert set(reviews.values_list("state__code", "instrument__code")) == expected
    assert reviews.count() == len(expected) == 193 + 183 + 162 + 132
    # A State's Convention and Protocols are reviewed the same year.
    years = defaultdict(set)
    for code, year in reviews.values_list("state__code", "year"):
        years[code].add(year)
    assert all(len(y) == 1 for y in years.values())
    start = datetime.date(untoc.start_year, 1, 1)
    late = {code for code, since in parties_of(main_instrument(untoc)).items() if since and since >= start}
    assert late == {"BTN", "SSD"}  # parties since 2023: the year after the three groups
    assert {y for code, ys in years.items() if code not in late for y in ys} == {2020, 2021, 2022}
    assert {y for code in late for y in years[code]} == {2023}


# --- Reviewing States ------------------------------------------------------------------------


def test_draw_reviewers_two_per_review_first_from_the_same_group(uncac_years, staff):
    draw = lots_draw_reviewers(cycle=uncac_years, year=2016, actor=staff, seed="reviewers")

    groups = groups_of(uncac_years)
    parties = parties_of(main_instrument(uncac_years))
    drawn = reviewers_by_review(uncac_years, 2016)
    reviews = CountryReview.objects.filter(cycle=uncac_years, year=2016)
    assert {code for code, _instrument in drawn} == set(reviews.values_list("state__code", flat=True))
    for (state, _instrument), chosen in drawn.items():
        (first, first_basis), (second, second_basis) = chosen
        assert first_basis == "same_group" and groups[first] == groups[state]
        assert second_basis == "any_group"
        assert len({state, first, second}) == 3
        assert first in parties and second in parties
    load = Counter(reviewer for reviewer, *_ in assignments(uncac_years))
    assert max(load.values()) <= uncac_years.reviewer_cap
    assert no_reciprocal_pairs((a, b) for a, b, *_ in assignments(uncac_years))

    # The audit record, and its re-run from seed and inputs (the first draw of the cycle).
    assert draw.kind == LotDraw.Kind.REVIEWERS and draw.year == 2016 and draw.seed == "reviewers"
    assert draw.drawn_by == staff and draw.parameters["cap"] == 3 and draw.parameters["excluded"] == []
    assert [(r["state"], r["reviewer"], r["basis"]) for r in draw.result] == [
        (state, reviewer, basis) for (state, _i), chosen in sorted(drawn.items()) for reviewer, basis in chosen
    ]
    rerun, attempt = lots.draw_reviewers(
        [lots.Slot(code, groups[code]) for code, _i in drawn],
        [lots.Party(code, group) for code, group in groups.items()],
        seed=draw.seed,
        cap=draw.parameters["cap"],
        is_party=lambda code: code in parties,
    )
    assert attempt == draw.parameters["attempt"]
    assert {(state, "uncac"): chosen for state, chosen in rerun.items()} == dict(drawn)

    events = ReviewEvent.objects.filter(review__in=reviews, kind=ReviewEvent.Kind.REVIEWERS_DRAWN)
    assert events.count() == reviews.count()
    for event in events.select_related("review__state"):
        assert event.data == {
            "draw": draw.pk,
            "reviewers": [reviewer for reviewer, _b in drawn[event.review.state.code, "uncac"]],
        }


def test_whole_cycle_no_reciprocal_pair_and_cap(uncac_years, staff):
    first = uncac_years.start_year
    for year in range(first, first + uncac_years.review_years + 1):  # and the late joiners' year
        lots_draw_reviewers(cycle=uncac_years, year=year, actor=staff, seed=f"cycle-{year}")

    pairs = [(a, b) for a, b, *_ in assignments(uncac_years)]
    assert len(pairs) == 2 * 193 == len(set(pairs))
    assert no_reciprocal_pairs(pairs)
    assert max(Counter(a for a, _b in pairs).values()) <= uncac_years.reviewer_cap


def test_draw_reviewers_twice_for_a_year_is_refused(uncac_years, staff):
    lots_draw_reviewers(cycle=uncac_years, year=2017, actor=staff, seed="first")
    before = assignments(uncac_years)
    with pytest.raises(ValidationError) as exc:
        lots_draw_reviewers(cycle=uncac_years, year=2017, actor=staff, seed="second")
    assert exc.value.messages == ["The reviewing States for 2017 have already been drawn."]
    assert assignments(uncac_years) == before
    assert LotDraw.objects.filter(cycle=uncac_years, kind=LotDraw.Kind.REVIEWERS).count() == 1
    # Another year is still open.
    lots_draw_reviewers(cycle=uncac_years, year=2018, actor=staff, seed="second")


def test_draw_reviewers_for_a_year_without_reviews_is_refused(uncac_years, staff):
    with pytest.raises(ValidationError, match="No State is scheduled for review in 2030"):
        lots_draw_reviewers(cycle=uncac_years, year=2030, actor=staff)


def test_excluded_states_are_never_drawn(uncac_years, staff):
    excluded = sorted(
        set(groups_of(uncac_years))
        - set(CountryReview.objects.filter(cycle=uncac_years, year=2016).values_list("state__code", flat=True))
    )[::2]
    draw = lots_draw_reviewers(cycle=uncac_years, year=2016, actor=staff, seed="excl", exclude=excluded)

    assert draw.parameters["excluded"] == excluded
    drawn = {reviewer for reviewer, *_ in assignments(uncac_years)}
    assert drawn and not drawn & set(excluded)


def test_cap_too_low_is_refused_and_writes_nothing(uncac_years, staff):
    uncac_years.reviewer_cap = 0
    uncac_years.save()
    with pytest.raises(ValidationError, match="Raise the maximum number of reviews"):
        lots_draw_reviewers(cycle=uncac_years, year=2016, actor=staff, seed="cap")
    assert not ReviewerAssignment.objects.filter(review__cycle=uncac_years).exists()
    assert not LotDraw.objects.filter(cycle=uncac_years, kind=LotDraw.Kind.REVIEWERS).exists()
    assert not ReviewEvent.objects.filter(kind=ReviewEvent.Kind.REVIEWERS_DRAWN).exists()


def test_untoc_reviewers_parties_other_group_and_extra_for_protocols(untoc, staff):
    lots_draw_years(cycle=untoc, actor=staff, seed="untoc years")
    draw = lots_draw_reviewers(cycle=untoc, year=2020, actor=staff, seed="untoc reviewers")

    groups = groups_of(untoc)
    parties = {i.code: parties_of(i) for i in untoc.mechanism.instruments.all()}
    drawn = reviewers_by_review(untoc, 2020)
    reviews = set(CountryReview.objects.filter(cycle=untoc, year=2020).values_list("state__code", "instrument__code"))
    assert set(drawn) == reviews
    extras = 0
    for (state, instrument), chosen in drawn.items():
        reviewers = [reviewer for reviewer, _basis in chosen]
        assert len(chosen) == 2 and len(set(reviewers)) == 2 and state not in reviewers
        assert all(reviewer in parties[instrument] for reviewer in reviewers), (state, instrument, chosen)
        if instrument == "untoc":
            (first, first_basis), (second, second_basis) = chosen
            assert first_basis == "same_group" and groups[first] == groups[state]
            assert second_basis == "other_group" and groups[second] != groups[state]
            continue
        # A Protocol: the Convention's reviewers where they are party to it, else an extra one.
        main = drawn[state, "untoc"]
        for reviewer, basis in main:
            if reviewer in parties[instrument]:
                assert (reviewer, basis) in chosen
        for reviewer, basis in chosen:
            if basis == "extra":
                extras += 1
                assert reviewer not in {r for r, _b in main}
            else:
                assert (reviewer, basis) in main
        assert sum(basis == "extra" for _r, basis in chosen) == sum(
            reviewer not in parties[instrument] for reviewer, _b in main
        )
    assert extras > 0  # the seed draws some reviewers not party to a Protocol
    assert extras == sum(row["basis"] == "extra" for row in draw.result)

    pairs = {(a, b) for a, b, *_ in assignments(untoc)}
    assert no_reciprocal_pairs(pairs)
    assert max(Counter(a for a, _b in pairs).values()) <= untoc.reviewer_cap


def test_untoc_extra_reviewer_impossible_is_refused_and_writes_nothing(untoc, staff):
    """A Protocol with two parties only: the State under review needs two reviewers party to
    it and there is one. The Convention's reviewers can be drawn, the extra reviewer for the
    Protocol cannot: a ValidationError naming the State, not a crash."""
    lots_draw_years(cycle=untoc, actor=staff, seed="untoc years")
    firearms = untoc.mechanism.instruments.get(code="fir")
    state = (
        CountryReview.objects.filter(cycle=untoc, year=2020, instrument=firearms)
        .order_by("state__code")
        .values_list("state__code", flat=True)
        .first()
    )
    Party.objects.filter(instrument=firearms).exclude(state__code__in=[state, "AUT"]).delete()

    with pytest.raises(ValidationError) as exc:
        lots_draw_reviewers(cycle=untoc, year=2020, actor=staff, seed="fir")
    assert exc.value.messages == [
        f"The draw is impossible under the rules (State under review: {state}). "
        "Raise the maximum number of reviews per reviewing State or exclude fewer States."
    ]
    assert not ReviewerAssignment.objects.filter(review__cycle=untoc).exists()
    assert not LotDraw.objects.filter(cycle=untoc, kind=LotDraw.Kind.REVIEWERS).exists()
    assert not ReviewEvent.objects.filter(review__cycle=untoc, kind=ReviewEvent.Kind.REVIEWERS_DRAWN).exists()


def test_query_count_does_not_grow_with_the_reviews(uncac_years, untoc, staff, django_assert_max_num_queries):
    counts = {}
    late = uncac_years.start_year + uncac_years.review_years  # the year of the late joiners alone
    for review_cycle, year in ((uncac_years, 2016), (uncac_years, late)):
        size = CountryReview.objects.filter(cycle=review_cycle, year=year).count()
        with django_assert_max_num_queries(MAX_QUERIES_PER_DRAW) as queries:
            lots_draw_reviewers(cycle=review_cycle, year=year, actor=staff, seed=f"q{year}")
        counts[size] = len(queries)
    lots_draw_years(cycle=untoc, actor=staff, seed="untoc years")
    size = CountryReview.objects.filter(cycle=untoc, year=2021).count()
    with django_assert_max_num_queries(MAX_QUERIES_PER_DRAW) as queries:
        lots_draw_reviewers(cycle=untoc, year=2021, actor=staff, seed="q2021")
    counts[size] = len(queries)

    print(f"queries per draw, by reviews in the year: {counts}")
    assert sorted(counts)[:2] == [12, 45] and max(counts) > 200  # reviews in the year
    assert counts[12] == counts[45], counts  # the same for 12 reviews as for 45


# --- Redraws ---------------------------------------------------------------------------------


@pytest.fixture
def drawn_2016(uncac_years, staff):
    lots_draw_reviewers(cycle=uncac_years, year=2016, actor=staff, seed="2016")
    return uncac_years


def same_group_assignment(review_cycle, code=None):
    queryset = ReviewerAssignment.objects.filter(
        review__cycle=review_cycle, review__year=2016, active=True, basis="same_group"
    ).select_related("review__state", "state")
    if code:
        queryset = queryset.filter(review__state__code=code)
    return queryset.order_by("review__state__code").first()


def test_redraw_replaces_one_reviewer_and_records_who_asked(drawn_2016, staff):
    old = same_group_assignment(drawn_2016)
    review = old.review
    other = review.reviewer_assignments.get(active=True, basis="any_group")

    draw = lots_redraw(assignment=old, actor=staff, seed="redraw", comment="Asked by note verbale")

    old.refresh_from_db()
    new = old.replaced_by
    assert not old.active and new is not None and new.active
    assert new.review == review and new.basis == "same_group" and new.draw == draw
    assert new.state != old.state and new.state != review.state and new.state != other.state
    groups = groups_of(drawn_2016)
    assert groups[new.state.code] == groups[review.state.code]
    assert set(review.reviewer_assignments.filter(active=True)) == {other, new}

    assert draw.kind == LotDraw.Kind.REDRAW and draw.attempt == 1 and draw.seed == "redraw"
    assert draw.review == review and draw.requested_by_state == review.state and draw.drawn_by == staff
    assert draw.year == 2016
    assert draw.parameters == {
        "replaced": old.state.code,
        "basis": "same_group",
        "exceptional": False,
        "excluded": [old.state.code],  # and any State excluded from the year's draw
    }
    assert draw.result == [{"state": review.state.code, "reviewer": new.state.code, "basis": "same_group"}]
    event = review.events.get(kind=ReviewEvent.Kind.REDRAWN)
    assert event.actor == staff and event.comment == "Asked by note verbale"
    assert event.data == {"draw": draw.pk, "replaced": old.state.code, "reviewer": new.state.code, "attempt": 1}

    pairs = [(a, b) for a, b, *_ in assignments(drawn_2016)]
    assert no_reciprocal_pairs(pairs)
    assert max(Counter(a for a, _b in pairs).values()) <= drawn_2016.reviewer_cap


def test_redraw_limit(drawn_2016, staff):
    assignment = same_group_assignment(drawn_2016)
    review = assignment.review
    replaced = [assignment.state.code]

    def current():
        return review.reviewer_assignments.get(active=True, basis="same_group")

    for attempt in (1, 2):
        draw = lots_redraw(assignment=current(), actor=staff, seed=f"r{attempt}")
        assert draw.attempt == attempt and draw.requested_by_state == review.state
        replaced.append(current().state.code)

    with pytest.raises(ValidationError, match="only as an exception"):
        lots_redraw(assignment=current(), actor=staff, seed="r3")
    draw = lots_redraw(assignment=current(), actor=staff, seed="r3", exceptional=True)
    assert draw.attempt == 3 and draw.parameters["exceptional"] is True
    replaced.append(current().state.code)

    for exceptional in (False, True):
        with pytest.raises(ValidationError, match="and the exceptional one"):
            lots_redraw(assignment=current(), actor=staff, seed="r4", exceptional=exceptional)

    assert list(
        LotDraw.objects.filter(review=review, kind=LotDraw.Kind.REDRAW)
        .order_by("attempt")
        .values_list("attempt", flat=True)
    ) == [1, 2, 3]
    # Four States in turn, none of them drawn back after being replaced.
    assert len(set(replaced)) == 4, replaced
    assert review.reviewer_assignments.filter(active=True).count() == 2
    assert review.reviewer_assignments.filter(active=False).count() == 3


def test_redraw_limit_is_configurable(drawn_2016, staff):
    drawn_2016.redraw_limit = 0
    drawn_2016.save()
    assignment = same_group_assignment(drawn_2016)
    with pytest.raises(ValidationError, match="used its 0 redraws"):
        lots_redraw(assignment=assignment, actor=staff)
    assert lots_redraw(assignment=assignment, actor=staff, exceptional=True).attempt == 1


def test_redraw_of_a_replaced_reviewer_is_refused(drawn_2016, staff):
    assignment = same_group_assignment(drawn_2016)
    lots_redraw(assignment=assignment, actor=staff, seed="once")
    with pytest.raises(ValidationError, match="already been replaced"):
        lots_redraw(assignment=assignment, actor=staff, seed="twice")
    assert LotDraw.objects.filter(kind=LotDraw.Kind.REDRAW).count() == 1


def test_redraw_never_draws_an_excluded_state(uncac_years, staff):
    """The States excluded from a year's draw stay excluded when a reviewer is redrawn."""
    groups = groups_of(uncac_years)
    under_review = set(CountryReview.objects.filter(cycle=uncac_years, year=2016).values_list("state__code", flat=True))
    # All African States not under review this year but three are excluded: without the
    # rule, a redraw would pick one of them (they have reviewed nobody yet).
    excluded = sorted(c for c, g in groups.items() if g == "african" and c not in under_review)[3:]
    lots_draw_reviewers(cycle=uncac_years, year=2016, actor=staff, seed="2016", exclude=excluded)
    african = [c for c in sorted(under_review) if groups[c] == "african"]

    for code in african[:4]:
        assignment = same_group_assignment(uncac_years, code)
        for attempt in range(3):
            try:
                lots_redraw(assignment=assignment, actor=staff, seed=f"{code}-{attempt}", exceptional=True)
            except ValidationError:
                break  # nobody left to draw: refused, which is fine
            assignment.refresh_from_db()
            assignment = assignment.replaced_by
            assert assignment.state.code not in excluded
    drawn = {reviewer for reviewer, *_ in assignments(uncac_years)}
    assert not drawn & set(excluded)


def test_redraw_never_draws_back_a_replaced_state(drawn_2016, staff):
    """The Eastern European group is cut down (after the draw) to the State under review,
    its reviewer A and one more State B: the first redraw gives B, the second has nobody
    left, and must not draw A back."""
    assignment = same_group_assignment(drawn_2016)
    review = assignment.review
    group = MechanismMembership.objects.get(mechanism=drawn_2016.mechanism, state=review.state).regional_group
    state, first = review.state.code, assignment.state.code
    other = review.reviewer_assignments.get(active=True, basis="any_group").state.code
    load = Counter(reviewer for reviewer, *_ in assignments(drawn_2016))
    reviewed_by_state = {b for a, b, *_ in assignments(drawn_2016) if a == state}
    second = next(
        code
        for code, g in sorted(groups_of(drawn_2016).items())
        if g == group.code
        and code not in {state, first, other}
        and code not in reviewed_by_state
        and load[code] < drawn_2016.reviewer_cap
    )
    elsewhere = RegionalGroup.objects.exclude(pk=group.pk).first()
    MechanismMembership.objects.filter(mechanism=drawn_2016.mechanism, regional_group=group).exclude(
        state__code__in=[state, first, second]
    ).update(regional_group=elsewhere)

    lots_redraw(assignment=assignment, actor=staff, seed="one")
    replacement = review.reviewer_assignments.get(active=True, basis="same_group")
    assert replacement.state.code == second
    with pytest.raises(ValidationError, match="No other State can be drawn"):
        lots_redraw(assignment=replacement, actor=staff, seed="two")
    assert review.reviewer_assignments.get(active=True, basis="same_group") == replacement
    assert LotDraw.objects.filter(review=review, kind=LotDraw.Kind.REDRAW).count() == 1


@pytest.mark.parametrize("role", ["focal_point", "expert", "observer"])
def test_only_the_secretariat_draws_lots(drawn_2016, untoc, staff, role):
    user = UserFactory(**({role: True} if role != "observer" else {}))
    assignment = same_group_assignment(drawn_2016)
    with pytest.raises(PermissionDenied):
        lots_draw_years(cycle=untoc, actor=user, seed="x")
    with pytest.raises(PermissionDenied):
        lots_draw_reviewers(cycle=drawn_2016, year=2017, actor=user, seed="x")
    with pytest.raises(PermissionDenied):
        lots_redraw(assignment=assignment, actor=user, seed="x")
    assert not CountryReview.objects.filter(cycle=untoc).exists()
    assert not ReviewerAssignment.objects.filter(review__year=2017).exists()
    assert not LotDraw.objects.filter(kind=LotDraw.Kind.REDRAW).exists()


# --- Concurrent draws (PostgreSQL) -----------------------------------------------------------


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_concurrent_reviewers_draws_give_one_result(postgresql, reference_data):
    staff = UserFactory(secretariat=True)
    uncac = cycle("irm", 2)
    lots_draw_years(cycle=uncac, actor=staff, seed="years")

    seeds = iter(["thread-a", "thread-b"])
    lock = threading.Lock()

    def draw():
        with lock:
            seed = next(seeds)
        return lots_draw_reviewers(cycle=uncac, year=2016, actor=staff, seed=seed)

    results, errors = race(draw)

    assert len(results) == 1, errors
    assert len(errors) == 1 and isinstance(errors[0], ValidationError), errors
    assert errors[0].messages == ["The reviewing States for 2016 have already been drawn."]
    assert LotDraw.objects.filter(cycle=uncac, kind=LotDraw.Kind.REVIEWERS, year=2016).count() == 1
    reviews = CountryReview.objects.filter(cycle=uncac, year=2016)
    assert reviews.count() > 40  # a fifth of the parties or so, as the years were drawn
    for review in reviews:
        assert review.reviewer_assignments.filter(active=True).count() == 2
        assert set(review.reviewer_assignments.values_list("draw_id", flat=True)) == {results[0].pk}


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_concurrent_years_draws_give_one_result(postgresql, reference_data):
    staff = UserFactory(secretariat=True)
    uncac = cycle("irm", 2)

    results, errors = race(lambda: lots_draw_years(cycle=uncac, actor=staff))

    assert len(results) == 1, errors
    assert len(errors) == 1 and isinstance(errors[0], ValidationError), errors
    assert LotDraw.objects.filter(cycle=uncac, kind=LotDraw.Kind.YEARS).count() == 1
    assert CountryReview.objects.filter(cycle=uncac).count() == 193


def test_a_redraw_takes_the_replaced_states_experts_off_the_review(reference_data):
    from reviews.models import Participant
    from tests.factories import ParticipantFactory, UserFactory

    staff = UserFactory(secretariat=True)
    cycle = ReviewCycleModel.objects.get(mechanism__code="irm", number=2)
    lots_draw_years(cycle=cycle, actor=staff, seed="experts")
    lots_draw_reviewers(cycle=cycle, year=2016, actor=staff, seed="experts-2016")
    review = cycle.reviews.filter(year=2016).first()
    leaving, staying = list(review.reviewer_assignments.filter(active=True).select_related("state"))
    expert = ParticipantFactory(review=review, user=UserFactory(expert=True, state=leaving.state))
    other = ParticipantFactory(review=review, user=UserFactory(expert=True, state=staying.state))
    lots_redraw(assignment=leaving, actor=staff, seed="redraw")
    expert.refresh_from_db()
    other.refresh_from_db()
    assert not expert.active and other.active
    assert ReviewEvent.objects.filter(review=review, kind=ReviewEvent.Kind.PARTICIPANT_REMOVED).count() == 1
    assert not CountryReview.objects.visible_to(expert.user).filter(pk=review.pk).exists()
    assert Participant.objects.filter(review=review, active=True).count() == 1


def test_the_years_record_carries_its_inputs(reference_data):
    from reviews import lots as pure
    from tests.factories import UserFactory

    cycle = ReviewCycleModel.objects.get(mechanism__code="irm", number=2)
    draw = lots_draw_years(cycle=cycle, actor=UserFactory(secretariat=True), seed="self-contained")
    pool = [pure.Party(p["state"], p["group"], p["late"]) for p in draw.parameters["pool"]]
    rerun = pure.allocate_years(pool, draw.parameters["years"], draw.seed)
    assert {row["state"]: row["year"] - cycle.start_year + 1 for row in draw.result} == rerun
