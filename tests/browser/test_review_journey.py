"""The secretariat's main journey in a real browser: draw lots, open a review, advance it."""

import datetime

import pytest
from playwright.sync_api import expect

from reference.models import ReviewCycle
from reviews.models import CountryReview, StepCompletion
from tests.browser.conftest import sign_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("browser_ready")]


@pytest.mark.django_db(transaction=True)
def test_staff_draws_lots_and_advances_a_review(page, live_server, reference_data, shared_cache):
    """With the production shape's cache (Redis, shared): the pages kept there follow every step."""
    UserFactory(username="sofia", secretariat=True)
    cycle = ReviewCycle.objects.get(mechanism__code="irm", number=2)
    sign_in(page, live_server.url, "sofia")

    # Draw the years of review, then the reviewing States of the first year.
    page.goto(f"{live_server.url}/en/cycles/{cycle.pk}/lots/")
    page.fill("#id_years-seed", "journey-2016")
    page.get_by_role("button", name="Draw the years").click()
    expect(page.get_by_text("Lots drawn with seed journey-2016.")).to_be_visible()
    page.get_by_text("Draw the reviewing States for 2016").click()
    page.get_by_role("button", name="Draw for 2016").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Country pairings")
    first_row = page.locator("table.data tbody tr").first
    expect(first_row.locator("td").nth(3)).to_contain_text("From the same regional group")

    # The dashboard filtered on the third step: none there yet (and the page kept in the cache).
    third = cycle.mechanism.steps.order_by("order")[2]
    dashboard = f"{live_server.url}/en/reviews/?mechanism=irm&cycle={cycle.pk}"
    page.goto(f"{dashboard}&phase={third.pk}")
    expect(page.locator("#dashboard-results")).to_contain_text("No review matches these filters.")
    page.go_back()

    # Open a review and record its first step in place (HTMX).
    first_row.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Timeline")).to_be_visible()
    page.get_by_label("Comment (optional)").fill("Note verbale CU 2016/101")
    page.get_by_role("button", name="Record this step").click()
    expect(page.get_by_text("Recorded: Notification of the State under review.")).to_be_visible()
    current = page.locator("table.timeline tr[aria-current=step]")
    expect(current).to_contain_text("Focal point named")
    review = CountryReview.objects.get(pk=int(page.url.rstrip("/").rsplit("/", 1)[1]))
    assert StepCompletion.objects.filter(review=review).count() == 1

    # The same page in Arabic: right to left, and the next step recorded there.
    page.get_by_role("navigation", name="Languages").get_by_role("link", name="العربية").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("table.timeline tr[aria-current=step]")).to_contain_text(review.current_step.name_ar)
    page.locator("#review-workflow form").first.locator("button[type=submit]").click()
    expect(page.locator("table.timeline tr[aria-current=step]")).to_contain_text("الاجتماع")
    assert StepCompletion.objects.filter(review=review).count() == 2
    review.refresh_from_db()
    assert review.current_due == datetime.date.today() + datetime.timedelta(days=30)

    # The English page, read in English before the second step and kept: read afresh, with
    # both steps in its history and the third current.
    page.goto(f"{live_server.url}/en/reviews/{review.pk}/")
    expect(page.locator("table.timeline tr[aria-current=step]")).to_contain_text(review.current_step.name_en)
    expect(page.locator("ol.history")).to_contain_text("Note verbale CU 2016/101")
    expect(page.locator("ol.history")).to_contain_text("Focal point named")  # the step recorded in Arabic

    # Back on the dashboard, the same address finds the review at its third step (read afresh
    # after the change, not the page kept before it), and so does the filter (HTMX).
    assert review.current_step == third
    page.goto(f"{dashboard}&phase={third.pk}")
    expect(page.locator("#dashboard-results table.data").last).to_contain_text(review.state.name_en)
    page.goto(dashboard)
    page.select_option("#id_phase", str(third.pk))
    results = page.locator("#dashboard-results")
    expect(results.locator("table.data").last).to_contain_text(review.state.name_en)
