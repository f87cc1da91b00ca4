"""The OpenAPI contract under fuzzing: schemathesis generates requests from the live schema
(bounded examples, derandomized: a fixed seed) and checks every answer — no 5xx, the status
documented, the body conforming to the schema, the content type declared, data outside the schema
refused. Anonymous, and with a token of the secretariat that writes (who sees and may do the most)."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from reviewmech.wsgi import application

pytestmark = pytest.mark.usefixtures("reference_data", "fuzz_data")

# The schema is read from the application itself (no network), once, at collection.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """As Django's test client does: the WSGI calls must not close the test's connection."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_data(db):
    """A review with a timeline, findings in draft and published: answers with data in them."""
    from reviews.models import ReviewReport
    from tests.factories import CountryReviewFactory, FindingFactory

    review = CountryReviewFactory(status="active")
    FindingFactory(review=review, kind="good_practice", text_en="Kenya publishes asset declarations.")
    ReviewReport.objects.create(review=review, kind="executive_summary", status="published")


SETTINGS = settings(max_examples=25, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))


def _secretariat_token():
    from accounts.services import api_token_create
    from tests.factories import UserFactory

    staff = UserFactory(secretariat=True)
    return api_token_create(user=staff, actor=staff, name="fuzzing", days=30, scope="write")[1]


# Every check but one: a filter naming a code that does not exist (``?mechanism=xyz``) is a
# valid string for the schema, and the API answers it 400 on purpose (the codes are data).
EXCLUDED = [positive_data_acceptance]


@schema.parametrize()
@SETTINGS
def test_the_api_holds_its_contract(case):
    case.call_and_validate(excluded_checks=EXCLUDED)


@schema.parametrize()
@SETTINGS
def test_the_api_holds_its_contract_for_the_secretariat_writing(case):
    """With a token that writes: the fuzzed writes reach the services, which refuse what is not
    valid with a 400 (or 404, 409, 422), never a 5xx."""
    case.call_and_validate(headers={"Authorization": f"Bearer {_secretariat_token()}"}, excluded_checks=EXCLUDED)
