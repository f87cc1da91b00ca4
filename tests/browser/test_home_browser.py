"""The home page in a real browser, left-to-right and right-to-left."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("browser_ready", "reference_data")]


@pytest.mark.django_db(transaction=True)
def test_home_in_english_then_arabic(page, live_server, reference_data):
    page.goto(f"{live_server.url}/en/")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Review mechanisms")
    expect(page.get_by_role("heading", name="Implementation Review Mechanism")).to_be_visible()

    page.get_by_role("navigation", name="Languages").get_by_role("link", name="العربية").click()
    expect(page).to_have_url(f"{live_server.url}/ar/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    # The page is mirrored: the brand sits on the right in Arabic.
    brand = page.locator(".brand").bounding_box()
    assert brand["x"] > page.viewport_size["width"] / 2 - brand["width"]
    # A regional group opens to show its States in Arabic.
    page.locator("details.group summary").first.click()
    expect(page.locator("details.group[open] .state-list li").first).to_be_visible()

    page.screenshot(path=str(live_server_artifacts() / "home-ar.png"), full_page=False)


def live_server_artifacts():
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "var" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path
