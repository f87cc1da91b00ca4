"""The active dialogue in a real browser: France's expert plans a country visit to Kenya, Kenya's
focal point agrees (in a browser of their own) that civil society is met, the expert adds a
civil-society organization, takes the meeting into a calendar (.ics) and records the outcome."""

import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from reviews.models import DialogueMeeting, MeetingParticipant
from reviews.services.workflow import review_complete_step
from tests.browser.conftest import sign_in
from tests.factories import CountryReviewFactory, ParticipantFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("browser_ready")]

AGENDA = "Meetings with the Ethics and Anti-Corruption Commission and the Office of the DPP."
OUTCOME = "The visit took place as planned; follow-up questions on article 9 were agreed."


@pytest.mark.django_db(transaction=True)
def test_expert_plans_a_visit_focal_point_agrees_expert_adds_civil_society(page, browser, live_server, reference_data):
    review = CountryReviewFactory()
    staff = UserFactory(username="sofia", secretariat=True)
    review_complete_step(review=review, actor=staff, on=datetime.date(2024, 1, 10), notify=False)
    UserFactory(username="wanjiru", first_name="Wanjiru", last_name="Kamau", focal_point=True)
    ParticipantFactory(
        review=review, user=UserFactory(username="pierre", first_name="Pierre", last_name="Martin", expert=True)
    )
    meetings_url = f"{live_server.url}/en/reviews/{review.pk}/meetings/"

    # The expert opens the meetings from the review page and plans a country visit.
    sign_in(page, live_server.url, "pierre")
    page.goto(f"{live_server.url}/en/reviews/{review.pk}/")
    page.get_by_role("link", name="Active dialogue: meetings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Active dialogue: meetings")
    expect(page.get_by_text("No meeting has been planned yet.")).to_be_visible()
    page.get_by_role("link", name="Plan a meeting").click()
    page.get_by_label("Mode").select_option("country_visit")
    page.get_by_label("First day").fill("2024-05-06")
    page.get_by_label("Last day").fill("2024-05-08")
    page.get_by_label("Venue").fill("Nairobi, Integrity Centre")
    page.get_by_label("Agenda").fill(AGENDA)
    expect(page.get_by_label("The State under review agrees", exact=False)).to_have_count(0)  # not the expert's
    page.get_by_role("button", name="Plan the meeting").click()
    expect(page.get_by_text("The meeting is planned.")).to_be_visible()
    meeting = DialogueMeeting.objects.get()
    card = page.locator(f"#meeting-{meeting.pk}")
    expect(card.get_by_role("heading", level=2)).to_contain_text("Country visit")
    expect(card).to_contain_text(AGENDA)
    expect(card).to_contain_text("Not agreed by the State under review")

    # Kenya's focal point, in a browser of their own, agrees to meet civil society.
    focal_context = browser.new_context()
    try:
        focal_page = focal_context.new_page()
        sign_in(focal_page, live_server.url, "wanjiru")
        focal_page.goto(meetings_url)
        expect(focal_page.get_by_role("link", name="Plan a meeting")).to_have_count(0)
        focal_page.get_by_role("link", name="Edit the meeting").click()
        expect(focal_page.get_by_label("First day")).to_have_count(0)  # the dates are the experts'
        focal_page.get_by_label("The State under review agrees", exact=False).check()
        focal_page.get_by_role("button", name="Save the meeting").click()
        expect(focal_page.get_by_text("The meeting is saved.")).to_be_visible()
    finally:
        focal_context.close()
    meeting.refresh_from_db()
    assert meeting.stakeholders_agreed is True and meeting.sequence == 1

    # The expert reloads and adds a civil-society organization (the card alone is replaced).
    page.goto(meetings_url)
    expect(card).to_contain_text("The State under review agrees")
    card.get_by_text("Add a participant").click()
    card.get_by_label("Sector").select_option("civil_society")
    card.get_by_label("Body or organization").fill("Transparency International Kenya")
    card.get_by_role("button", name="Add the participant").click()
    expect(card.get_by_text("The participant is added.")).to_be_visible()
    expect(card.get_by_role("heading", name="Civil society")).to_be_visible()
    expect(card).to_contain_text("Transparency International Kenya")
    participant = MeetingParticipant.objects.get()
    assert (participant.meeting, participant.sector) == (meeting, MeetingParticipant.Sector.CIVIL_SOCIETY)

    # The meeting goes into a calendar.
    with page.expect_download() as download_info:
        card.get_by_role("link", name="Add to my calendar (.ics)").click()
    download = download_info.value
    assert download.suggested_filename == "meeting-KEN-2024-05-06.ics"
    text = Path(download.path()).read_bytes().decode("utf-8")  # as sent: lines end in CRLF
    assert text.startswith("BEGIN:VCALENDAR")
    for line in (
        "SUMMARY:Country visit: Kenya",
        "DTSTART;VALUE=DATE:20240506",
        "DTEND;VALUE=DATE:20240509",
        f"UID:{meeting.uid}@reviewmech",
        "SEQUENCE:2",
        "LOCATION:Nairobi\\, Integrity Centre",
    ):
        assert line + "\r\n" in text, line

    # After the visit the expert records its outcome.
    card.get_by_text("Record the outcome").click()
    card.get_by_label("Outcome note").fill(OUTCOME)
    card.get_by_role("button", name="Save the outcome note").click()
    expect(page.get_by_text("The outcome note is saved.")).to_be_visible()
    expect(card.locator(".meeting-outcome")).to_have_text(OUTCOME)
    meeting.refresh_from_db()
    assert meeting.outcome_note == OUTCOME and meeting.sequence == 3
