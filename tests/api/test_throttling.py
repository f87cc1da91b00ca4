"""Throttling: anonymous clients and tokens each have a rate; past it, a 429 problem with
Retry-After (the cache counts: the test uses its own, cleared)."""

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.usefixtures("reference_data")


@pytest.fixture
def low_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "5/minute"},
    }
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    saved = SimpleRateThrottle.THROTTLE_RATES  # read once, when DRF loads: set back after
    api_settings.reload()
    SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    cache.clear()
    yield
    SimpleRateThrottle.THROTTLE_RATES = saved
    cache.clear()


def test_anonymous_clients_past_their_rate_get_a_429_with_retry_after(client, low_rates):
    answers = [client.get("/api/v1/regional-groups/") for _ in range(4)]
    assert [a.status_code for a in answers[:3]] == [200, 200, 200]
    assert answers[3].status_code == 429
    assert int(answers[3]["Retry-After"]) > 0
    assert answers[3]["Content-Type"] == "application/problem+json" and answers[3].json()["status"] == 429


def test_a_token_has_its_own_higher_rate(client, low_rates):
    from accounts.services import api_token_create
    from tests.factories import UserFactory

    person = UserFactory()
    _token, secret = api_token_create(user=person, actor=person, name="tracker", days=30)
    statuses = [
        client.get("/api/v1/regional-groups/", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code for _ in range(6)
    ]
    assert statuses == [200] * 5 + [429]
