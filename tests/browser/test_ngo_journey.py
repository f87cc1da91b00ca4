"""Civil society in a real browser: an organization registers for a briefing and sends input on
Kenya's review with a file; the secretariat shares it with the review team; Kenya's focal point
replies; the organization reads the reply; and later, once the secretariat publishes the summary
of a briefing in French, the organization reads it in French and finds its French PDF."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ngo_briefings.models import CivilSocietyInput, Registration
from ngo_briefings.services import briefing_save, organization_save
from reference.models import Body
from reviews.models import CountryReview, WorkflowStep
from sessions.models import Session
from sessions.services import session_save
from tests.browser.conftest import sign_in
from tests.factories import CountryReviewFactory, UserFactory, ngo_member

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("browser_ready", "reference_data")]

PDF = b"%PDF-1.4\n% monitoring report\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def irg_session(staff, number, start):
    return session_save(
        actor=staff,
        body=Body.objects.get(code="irg"),
        number=number,
        part=Session.Part.REGULAR,
        starts_on=start,
        ends_on=start + datetime.timedelta(days=4),
        city={"en": "Vienna", "fr": "Vienne"},
    )


@pytest.mark.django_db(transaction=True)
def test_an_organization_registers_sends_input_gets_a_reply_and_reads_the_summary_in_french(page, browser, live_server):
    staff = UserFactory(username="sofia", secretariat=True)
    organization = organization_save(actor=staff, name={"en": "Integrity Watch", "fr": "Veille intégrité"})
    ngo_member(organization, username="grace", first_name="Grace", last_name="Wanjiku")
    UserFactory(username="amina", first_name="Amina", focal_point=True)  # Kenya's focal point
    CountryReviewFactory(
        status=CountryReview.Status.ACTIVE,
        current_step=WorkflowStep.objects.get(mechanism__code="irm", code="desk_review"),
    )
    soon = timezone.localdate() + datetime.timedelta(days=40)
    briefing_save(actor=staff, number=16, session=irg_session(staff, 17, soon), held_on=soon, capacity=30)
    past = irg_session(staff, 11, datetime.date(2020, 8, 31))
    briefing_save(actor=staff, number=9, session=past, held_on=datetime.date(2020, 9, 1), capacity=100)
    base = live_server.url

    # 1. The organization registers for the upcoming briefing.
    sign_in(page, base, "grace")
    page.goto(f"{base}/en/ngo-briefings/")
    page.get_by_role("link", name="Briefing 16").click()
    page.get_by_label("My organization may be listed").check()
    page.get_by_role("button", name="Register", exact=True).click()
    expect(page.get_by_text("Your place is confirmed.").first).to_be_visible()
    assert Registration.objects.get().status == "confirmed"

    # 2. It sends input on Kenya's review, with a file.
    page.goto(f"{base}/en/civil-society/")
    page.get_by_role("link", name="Send input").click()
    page.get_by_label("Subject").fill("Asset declarations")
    page.get_by_label("Your input").fill("Declarations are filed but never verified.")
    page.set_input_files("#id_files", files=[{"name": "report.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.get_by_role("button", name="Send the input").click()
    expect(page.get_by_text("Your input is received.")).to_be_visible()
    item = CivilSocietyInput.objects.get()
    assert item.attachments.count() == 1

    # 3. The secretariat shares it with the review team.
    secretariat = browser.new_context()
    staff_page = secretariat.new_page()
    sign_in(staff_page, base, "sofia")
    staff_page.goto(f"{base}/en/civil-society/input/{item.pk}/")
    staff_page.get_by_role("button", name="Share with the review team").click()
    expect(staff_page.get_by_text("The input is shared with the review team.")).to_be_visible()

    # 4. Kenya's focal point finds it and replies.
    kenya = browser.new_context()
    focal_page = kenya.new_page()
    sign_in(focal_page, base, "amina")
    focal_page.goto(f"{base}/en/civil-society/")
    focal_page.get_by_role("link", name="Asset declarations").click()
    focal_page.get_by_label("The reply").fill("Verification starts next year.")
    focal_page.get_by_role("button", name="Send the reply").click()
    expect(focal_page.get_by_text("The reply is saved.")).to_be_visible()
    kenya.close()

    # 5. The organization reads the reply.
    page.goto(f"{base}/en/civil-society/input/{item.pk}/")
    expect(page.locator("main")).to_contain_text("Verification starts next year.")

    # 6. The secretariat writes the summary of briefing 9 in French and publishes it.
    staff_page.goto(f"{base}/en/ngo-briefings/9/")
    staff_page.get_by_text("Write the summary in a language").click()
    staff_page.select_option("#id_language", "fr")
    staff_page.fill(
        "#id_summary", "La neuvième réunion d'information a eu lieu le 1er septembre 2020.\n\nElle était utile."
    )
    staff_page.get_by_role("button", name="Save the summary").click()
    expect(staff_page.get_by_text("The summary is saved.")).to_be_visible()
    staff_page.get_by_role("button", name="Publish the summary").click()
    expect(staff_page.get_by_text("The summary is published", exact=False)).to_be_visible()
    secretariat.close()

    # 7. The organization reads it in French, with its French PDF.
    page.goto(f"{base}/fr/ngo-briefings/9/")
    expect(page.locator("ol.summary")).to_contain_text("La neuvième réunion d'information a eu lieu")
    link = page.locator("a[href$='/fr.pdf'][href*='ngo-briefing-summary']")
    expect(link).to_have_count(1)
    response = page.request.get(base + link.get_attribute("href"))
    assert response.ok and response.body().startswith(b"%PDF")
