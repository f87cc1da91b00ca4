"""Publishing in a real browser, with a real worker: the secretariat publishes Kenya's agreed
executive summary and watches the six PDFs being made in the live panel (HTMX polling), each
rendered by a Celery worker process on Redis, not by the web server; then downloads one."""

from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from playwright.sync_api import expect

from documents.models import Rendition
from reviews.models import ReviewReport
from reviews.services import reports as service
from tests.browser.conftest import sign_in
from tests.factories import CountryReviewFactory, FindingFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.services, pytest.mark.usefixtures("browser_ready")]

LANGUAGES = ["ar", "zh-hans", "en", "fr", "ru", "es"]
SYMBOL = "CAC/COSP/IRG/II/1/1/Add.9"


@pytest.mark.django_db(transaction=True)
def test_staff_publishes_and_watches_six_pdfs_made_by_the_worker(page, live_server, enqueue_to_redis_worker):
    staff = UserFactory(username="sofia", first_name="Sofia", last_name="Rossi", secretariat=True)
    focal = UserFactory(username="wanjiru", focal_point=True)
    review = CountryReviewFactory()
    FindingFactory(review=review, text_en="The Commission publishes its annual report.", kind="good_practice")
    report = service.report_open(review=review, kind=ReviewReport.Kind.EXECUTIVE_SUMMARY, actor=staff)
    service.report_update(
        report=report,
        actor=staff,
        language="en",
        data={"introduction": "Kenya ratified the Convention on 9 December 2003.", "symbol": SYMBOL},
    )
    service.report_agree(report=report, actor=focal)

    sign_in(page, live_server.url, "sofia")
    page.goto(f"{live_server.url}/en/reviews/{review.pk}/reports/executive_summary/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Executive summary")
    expect(page.locator(".badge-report-agreed")).to_have_text("Agreed by the State under review")
    panel = page.locator("section.renditions")
    expect(panel).to_contain_text("No PDF has been requested yet.")

    # A web request never renders a PDF: were the live server to render one, it would fail.
    with mock.patch("reviewmech.pdf.render_pdf", side_effect=AssertionError("a PDF rendered in a web request")):
        page.get_by_role("button", name="Publish in six languages").click()
        expect(page.get_by_text("Published. The PDFs are being made in the six languages.")).to_be_visible()
        expect(page.locator(".badge-report-published")).to_be_visible()
        page.evaluate("window.sameDocument = true")  # gone if anything reloads the page

        final = panel.locator("tbody tr[data-variant=final]")
        expect(final).to_have_count(6)
        # The worker makes them while the panel polls every 2 s; Chinese takes the longest.
        expect(panel.locator("tr[data-variant=final][data-status=done]")).to_have_count(6, timeout=120_000)
        expect(panel.locator(".badge-rendition-done")).to_have_count(6)
        for row in final.all():
            expect(row.locator(".badge")).to_have_text("Done")
        expect(panel).to_have_attribute("aria-busy", "false")  # and it stops polling
        assert panel.get_attribute("hx-trigger") is None
        assert page.evaluate("window.sameDocument") is True  # the panel changed in place (HTMX)

    renditions = {r.language: r for r in Rendition.objects.for_document(report)}
    assert sorted(renditions) == sorted(LANGUAGES)
    for rendition in renditions.values():
        assert (rendition.status, rendition.render_count, rendition.error) == (Rendition.Status.DONE, 1, "")
        # Written by the worker process into this test's MEDIA_ROOT.
        assert (Path(settings.MEDIA_ROOT) / rendition.file.name).read_bytes().startswith(b"%PDF-")

    # Download one through the page's link (Chromium opens it in its PDF viewer).
    link = panel.locator("tr[data-language=fr][data-variant=final]").get_by_role("link", name="Download")
    assert link.get_attribute("href") == f"/documents/review-report/{report.pk}/fr.pdf"
    with page.expect_response(lambda response: response.url.endswith("/fr.pdf")) as opened:
        link.click()
    response = opened.value
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert "CAC_COSP_IRG_II_1_1_Add.9-FR.pdf" in response.headers["content-disposition"]
    # Chromium's viewer replaces the body it hands back; fetch the same address in the same session.
    assert page.request.get(response.url).body().startswith(b"%PDF-")
