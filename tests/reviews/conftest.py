"""Fixtures shared by the review tests: Kenya's review and the people around it."""

import pytest

from tests.factories import CountryReviewFactory, UserFactory


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
