"""Fixtures shared by the review tests: Kenya's review and the people around it."""

import pytest

from reference.models import ReviewCycle
from tests.factories import CountryReviewFactory, ParticipantFactory, UserFactory, state


@pytest.fixture
def review(reference_data):
    """A UNCAC cycle-2 review of Kenya, scheduled."""
    return CountryReviewFactory()


@pytest.fixture
def focal(reference_data):
    """Kenya's national focal point."""
    return UserFactory(username="wanjiru", first_name="Wanjiru", last_name="Kamau", focal_point=True)


@pytest.fixture
def staff(reference_data):
    return UserFactory(username="sofia", first_name="Sofia", last_name="Rossi", secretariat=True)


@pytest.fixture
def expert(review):
    """A governmental expert of France, assigned to Kenya's review."""
    return ParticipantFactory(
        review=review, user=UserFactory(username="pierre", first_name="Pierre", last_name="Martin", expert=True)
    ).user


@pytest.fixture
def other_expert(review):
    """A second assigned expert, from the other reviewing State."""
    return ParticipantFactory(review=review, user=UserFactory(username="okello", expert=True, state=state("UGA"))).user


@pytest.fixture
def observer(review):
    """An observer (Austria) on Kenya's review: reads, never writes."""
    return ParticipantFactory(review=review, user=UserFactory(username="anna")).user


@pytest.fixture
def outsider_expert(reference_data):
    """An expert assigned to no review of Kenya's."""
    return UserFactory(username="camila", expert=True, state=state("COL"))


@pytest.fixture
def uganda_focal(reference_data):
    """The focal point of another State."""
    return UserFactory(username="sarah", focal_point=True, state=state("UGA"))


@pytest.fixture
def uncac_cycle(reference_data):
    return ReviewCycle.objects.get(mechanism__code="irm", number=2)


@pytest.fixture
def drawn(staff, uncac_cycle):
    """UNCAC cycle 2 with years and the reviewers of its first year drawn."""
    from reviews.services import lots

    lots.lots_draw_years(cycle=uncac_cycle, actor=staff, seed="views")
    lots.lots_draw_reviewers(cycle=uncac_cycle, year=2016, actor=staff, seed="views-2016")
    return uncac_cycle
