"""The findings page in a real browser: each finding is text with links; its forms come in
place on demand (HTMX) and, saved, give the finding back as text, without reloading the page;
the same links lead to a page with the form when JavaScript is off."""

import pytest
from playwright.sync_api import expect

from reviews.models import Finding
from tests.browser.conftest import sign_in, watch_csp
from tests.factories import CountryReviewFactory, FindingFactory, UserFactory, article_of

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("browser_ready")]


@pytest.mark.django_db(transaction=True)
def test_staff_edits_follows_up_and_deletes_findings_in_place(page, live_server, reference_data, shared_cache):
    """With the production shape's cache (Redis, shared): the page kept there follows every change."""
    UserFactory(username="sofia", secretariat=True)
    review = CountryReviewFactory()
    first = FindingFactory(review=review, text_en="The Commission lacks staff.", kind="challenge")
    second = FindingFactory(review=review, text_en="Publish the asset declarations.", kind="recommendation")
    violations = watch_csp(page)
    sign_in(page, live_server.url, "sofia")
    page.goto(f"{live_server.url}/en/reviews/{review.pk}/findings/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Findings")
    page.evaluate("window.sameDocument = true")  # gone if anything reloads the page
    item = page.locator(f"#finding-{first.pk}")
    expect(item.locator("textarea")).to_have_count(0)

    # Edit: the form in place of the text, then the text back, changed.
    item.get_by_role("link", name="Edit").click()
    expect(item.get_by_label("Text")).to_have_value("The Commission lacks staff.")
    item.get_by_label("Text").fill("The Commission lacks staff and a budget.")
    item.get_by_role("button", name="Save the finding").click()
    expect(item.locator(".finding-text")).to_have_text("The Commission lacks staff and a budget.")
    expect(item).to_contain_text("The finding is saved.")

    # Follow-up: the form under the text, then the badge.
    item.get_by_role("link", name="Update the follow-up").click()
    item.locator("select[name$=follow_up_status]").select_option("in_progress")
    item.get_by_role("button", name="Save the follow-up").click()
    expect(item.locator(".finding-meta")).to_contain_text("Follow-up: In progress")

    # Delete: asked first; Cancel gives the finding back untouched.
    other = page.locator(f"#finding-{second.pk}")
    other.get_by_role("link", name="Delete").click()
    expect(other).to_contain_text("Delete this finding? The history keeps a copy.")
    other.get_by_role("link", name="Cancel").click()
    expect(other.get_by_role("link", name="Delete")).to_be_visible()
    assert page.evaluate("window.sameDocument") is True
    other.get_by_role("link", name="Delete").click()
    other.get_by_role("button", name="Delete the finding").click()
    expect(page.get_by_text("The finding is deleted.")).to_be_visible()  # the page again, without it
    expect(page.locator(f"#finding-{second.pk}")).to_have_count(0)
    assert not Finding.objects.filter(pk=second.pk).exists()
    first.refresh_from_db()
    assert (first.text_en, first.follow_up_status) == ("The Commission lacks staff and a budget.", "in_progress")
    page.reload()  # the page read again: the edit and the follow-up are there
    expect(page.locator(f"#finding-{first.pk} .finding-text")).to_have_text("The Commission lacks staff and a budget.")
    expect(page.locator(f"#finding-{first.pk} .finding-meta")).to_contain_text("Follow-up: In progress")
    assert violations == []


@pytest.mark.django_db(transaction=True)
def test_without_javascript_the_links_lead_to_the_forms(browser, live_server, reference_data):
    UserFactory(username="sofia", secretariat=True)
    review = CountryReviewFactory()
    finding = FindingFactory(review=review, text_en="The Commission lacks staff.", kind="challenge")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server.url, "sofia")
    page.goto(f"{live_server.url}/en/reviews/{review.pk}/findings/")
    item = page.locator(f"#finding-{finding.pk}")
    item.get_by_role("link", name="Update the follow-up").click()
    expect(page).to_have_url(
        f"{live_server.url}/en/reviews/{review.pk}/findings/{finding.pk}/follow-up/#finding-{finding.pk}"
    )
    item.locator("select[name$=follow_up_status]").select_option("in_progress")
    item.get_by_role("button", name="Save the follow-up").click()
    expect(page.get_by_text("The follow-up is saved.")).to_be_visible()
    expect(page.locator(f"#finding-{finding.pk} .finding-meta")).to_contain_text("Follow-up: In progress")
    context.close()


@pytest.mark.django_db(transaction=True)
def test_chapters_moving_and_adding_on_demand(page, live_server, reference_data):
    """One chapter at a time; "Move down" submits the page's one move form; the form to add a
    finding comes in place of its link and, saved, leads to the finding in its chapter."""
    UserFactory(username="sofia", secretariat=True)
    review = CountryReviewFactory()
    first = FindingFactory(review=review, text_en="First challenge.", kind="challenge", order=0)
    FindingFactory(review=review, text_en="Second challenge.", kind="challenge", order=1)
    FindingFactory(review=review, article=article_of(review, 52), text_en="Asset recovery is slow.")
    violations = watch_csp(page)
    sign_in(page, live_server.url, "sofia")
    page.goto(f"{live_server.url}/en/reviews/{review.pk}/findings/")
    expect(page.get_by_text("Asset recovery is slow.")).to_have_count(0)  # chapter V: its own page
    page.locator(f"#finding-{first.pk}").get_by_role("button", name="Move down").click()
    expect(page.locator(".findings-list .finding-text").first).to_have_text("Second challenge.")
    first.refresh_from_db()
    assert first.order == 1

    page.get_by_role("link", name="Chapter V. Asset recovery", exact=True).click()
    expect(page.get_by_text("Asset recovery is slow.")).to_be_visible()
    page.evaluate("window.sameDocument = true")
    page.locator("#add-finding").get_by_role("link", name="Add a finding").click()
    form = page.locator("#add-form")
    form.get_by_label("Article").select_option(str(article_of(review, 53).pk))
    form.get_by_label("Text").fill("Freezing orders take months.")
    assert page.evaluate("window.sameDocument") is True  # the form came without a reload
    form.get_by_role("button", name="Save the finding").click()
    expect(page.get_by_text("The finding is saved.")).to_be_visible()
    expect(page.get_by_text("Freezing orders take months.")).to_be_visible()
    assert "?chapter=chapter-" in page.url
    assert violations == []
