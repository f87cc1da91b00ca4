"""The Content-Security-Policy in a real browser (issue 18): the public pages, the staff's pages,
Django's admin and the API's documentation work under it, and Chromium reports no violation.
(The HTMX autosave under the policy is in the checklist journey.)"""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in, watch_csp
from tests.factories import CountryReviewFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("browser_ready")]


@pytest.mark.django_db(transaction=True)
def test_pages_work_under_the_policy_without_a_violation(page, live_server, reference_data):
    review = CountryReviewFactory()
    UserFactory(username="sofia", secretariat=True, is_staff=True, is_superuser=True)
    violations = watch_csp(page)
    base = live_server.url

    page.goto(f"{base}/ar/statistics/")
    expect(page.locator("table").first).to_be_visible()
    page.goto(f"{base}/api/docs/")
    expect(page.get_by_text("reviewmech API").first).to_be_visible()  # Swagger UI ran its script file

    sign_in(page, base, "sofia")
    page.goto(f"{base}/en/reviews/{review.pk}/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto(f"{base}/en/admin/reviews/countryreview/{review.pk}/change/")
    expect(page.locator("#content h1")).to_be_visible()
    page.goto(f"{base}/en/admin/")
    expect(page.locator("#content h1")).to_be_visible()
    assert violations == []
