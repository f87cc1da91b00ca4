"""The public site in a real browser: a visitor finds a State in Spanish, opens its review
timeline, downloads the Spanish executive summary and explores the technical assistance needs
under article 13; and axe-core finds no serious or critical accessibility violation on the
public pages in English and Arabic."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from documents.models import Rendition
from documents.services.registry import document_register
from reference.models import TechnicalAssistanceCategory
from reviews.models import CountryReview, ReviewReport, StepCompletion, WorkflowStep
from reviews.services.consent import consent_record
from tests.factories import (
    CountryReviewFactory,
    FindingFactory,
    ReviewerAssignmentFactory,
    UserFactory,
    article_of,
    state,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("browser_ready", "reference_data")]

SPANISH_PDF = b"%PDF-1.4\n% resumen ejecutivo\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def seed_kenya():
    staff = UserFactory(secretariat=True)
    steps = list(WorkflowStep.objects.filter(mechanism__code="irm").order_by("order"))
    review = CountryReviewFactory(
        status=CountryReview.Status.ACTIVE, current_step=steps[4], started_on=datetime.date(2017, 3, 1)
    )
    for step, day in zip(
        steps[:4],
        (datetime.date(2017, 3, 1), datetime.date(2017, 3, 20), datetime.date(2017, 4, 18), datetime.date(2017, 6, 30)),
        strict=True,
    ):
        StepCompletion.objects.create(review=review, step=step, completed_on=day, recorded_by=staff)
    ReviewerAssignmentFactory(review=review, state=state("UGA"))
    document = document_register(actor=staff, symbol="CAC/COSP/IRG/II/1/1/Add.12", title="Executive summary: Kenya")
    report = ReviewReport.objects.create(
        review=review, kind=ReviewReport.Kind.EXECUTIVE_SUMMARY, status="published", document=document
    )
    rendition = Rendition.objects.create(
        content_type=ContentType.objects.get_for_model(ReviewReport),
        object_id=report.pk,
        language="es",
        status=Rendition.Status.DONE,
    )
    rendition.file.save("kenya-es.pdf", ContentFile(SPANISH_PDF))
    FindingFactory(
        review=review,
        kind="ta_need",
        article=article_of(review, 13),
        ta_category=TechnicalAssistanceCategory.objects.get(code="capacity_building"),
        text_en="Training of civil society monitors.",
        text_es="Capacitación de los observadores de la sociedad civil.",
    )
    consent_record(actor=staff, review=review, item="timeline", decision="granted", message="Nota verbal de 2 de mayo")
    return review


@pytest.mark.django_db(transaction=True)
def test_a_visitor_finds_a_state_in_spanish_and_its_summary_and_ta_needs(page, live_server):
    seed_kenya()
    base = live_server.url
    page.goto(f"{base}/es/")
    page.locator("nav.main-nav a[href='/es/states/']").click()
    page.get_by_role("link", name="Kenya", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kenya")
    # The timeline, published with the State's agreement.
    page.locator("details:has(table) summary").first.click()
    expect(page.locator("details table")).to_contain_text("20 de marzo de 2017")
    # The executive summary in Spanish.
    spanish = page.locator("a[hreflang=es][href*='/documents/review-report/']")
    expect(spanish).to_have_count(1)
    response = page.request.get(base + spanish.get_attribute("href"))  # a PDF opens in the browser
    assert response.ok and response.body() == SPANISH_PDF
    # Technical assistance needs under article 13.
    page.locator("nav.main-nav a[href='/es/findings/']").click()
    page.select_option("#id_kind", "ta_need")
    page.fill("#id_article", "13")
    page.locator("form.filters button[type=submit]").click()
    expect(page.locator(".finding")).to_have_count(1)
    expect(page.locator(".finding")).to_contain_text("Capacitación de los observadores")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "ar"])
def test_public_pages_have_no_serious_accessibility_violation(page, live_server, language):
    seed_kenya()
    axe = Axe()
    problems = {}
    for path in (
        "/",
        "/states/",
        "/states/KEN/",
        "/findings/",
        "/statistics/",
        "/search/?q=Kenya",
        "/open-data/",
        "/ngo-briefings/",
        "/sessions/",
    ):
        page.goto(f"{live_server.url}/{language}{path}")
        for details in page.locator("details").all():  # open what is folded, to check it too
            details.evaluate("element => element.open = true")
        results = axe.run(page)
        serious = [
            (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        if serious:
            problems[path] = serious
    assert not problems, problems
