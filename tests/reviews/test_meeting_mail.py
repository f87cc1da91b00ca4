"""A dialogue meeting in the calendars of the people on the review: planned, it is sent to each
of them as an invitation (iTIP REQUEST); changed, as an update (REQUEST, same UID, next
SEQUENCE); removed, as a cancellation (CANCEL, STATUS:CANCELLED, same UID, next SEQUENCE). The
review's events are the outbox of these e-mails: sent after the commit, never for a change
that rolled back, once per person. Each change is in the review's history, with who made it
and what changed.

Kenya's review, started on 10 January 2024: France's expert (Pierre), an Austrian observer
(Anna) and Kenya's focal point (Wanjiru, who reads French) are on it; Sofia of the secretariat
acts without being on it.
"""

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from icalendar import Calendar

from reviews.models import DialogueMeeting, Notification, Participant, ReviewEvent
from reviews.services import notifications
from reviews.services.dialogue import (
    meeting_create,
    meeting_delete,
    meeting_update,
    outcome_record,
    participant_add,
)
from reviews.services.workflow import review_complete_step
from tests.factories import ParticipantFactory, UserFactory

pytestmark = pytest.mark.usefixtures("reference_data")

D = datetime.date
Kind = ReviewEvent.Kind


@pytest.fixture
def people(review, expert, observer, focal):
    """Who is on Kenya's review and receives mail; and two people on it who do not."""
    focal.preferred_language = "fr"
    focal.save(update_fields=["preferred_language"])
    ParticipantFactory(review=review, user=focal)
    ParticipantFactory(review=review, user=UserFactory(username="no-email", expert=True, email=""))
    ParticipantFactory(review=review, user=UserFactory(username="former", expert=True), active=False)
    return {"expert": expert, "observer": observer, "focal": focal}


@pytest.fixture
def started(review, staff, people):
    review_complete_step(review=review, actor=staff, on=D(2024, 1, 10), notify=False)
    review.refresh_from_db()
    return review


def plan(review, actor, **fields):
    data = {
        "mode": DialogueMeeting.Mode.COUNTRY_VISIT,
        "starts_on": D(2024, 5, 6),
        "ends_on": D(2024, 5, 8),
        "venue": "Nairobi, Integrity Centre",
        "agenda": "Meetings with the Ethics and Anti-Corruption Commission.",
    }
    return meeting_create(review=review, actor=actor, **{**data, **fields})


@pytest.fixture
def invited(started, expert, django_capture_on_commit_callbacks):
    """The country visit, planned by the expert; its invitations sent, then put aside."""
    with django_capture_on_commit_callbacks(execute=True):
        meeting = plan(started, expert)
    assert len(mail.outbox) == 3
    mail.outbox.clear()
    return meeting


EVERYONE = ["anna@example.org", "pierre@example.org", "wanjiru@example.org"]


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def calendar_of(message):
    """The iTIP method of the mail's calendar part and its one event."""
    (part,) = [part for part in message.message().walk() if part.get_content_type() == "text/calendar"]
    calendar = Calendar.from_ical(part.get_payload(decode=True))
    (event,) = calendar.walk("VEVENT")
    assert str(calendar["METHOD"]) == part.get_param("method")
    assert part.get_filename() == "meeting-KEN-" + event.decoded("DTSTART").isoformat() + ".ics"
    return part.get_param("method"), event


def mail_to(address):
    found = [message for message in mail.outbox if message.to == [address]]
    assert len(found) == 1, f"{len(found)} mails to {address}"
    return found[0]


# --- Service: invitation, update, cancellation ---------------------------------------------------


def test_planning_sends_each_person_on_the_review_an_invitation(started, expert, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = plan(started, expert)
    # The planner too (their calendar holds it as well); not the secretariat officer who is
    # not on the review, nor those without an address or no longer on it.
    assert recipients() == EVERYONE
    for address in EVERYONE:
        method, event = calendar_of(mail_to(address))
        assert method == "REQUEST"
        assert str(event["UID"]) == f"{meeting.uid}@reviewmech" and event["SEQUENCE"] == 0
        assert str(event["STATUS"]) == "CONFIRMED"
        assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (D(2024, 5, 6), D(2024, 5, 9))
        assert [str(a) for a in [event["ATTENDEE"]]] == [f"mailto:{address}"]  # nobody else's address
        assert str(event["ORGANIZER"]) == "mailto:no-reply@reviewmech.localhost"
        assert event["ATTENDEE"].params["RSVP"] == "FALSE"
        assert event.decoded("DTSTAMP").tzinfo is not None

    english = mail_to("anna@example.org")
    assert english.subject == "Invitation: Country visit: Kenya (May 6, 2024 – May 8, 2024)"
    assert "A meeting of the review of Kenya is planned." in english.body
    assert "Venue: Nairobi, Integrity Centre" in english.body and "Recorded by: Pierre Martin" in english.body
    assert f"http://127.0.0.1:8000/en/reviews/{started.pk}/meetings/" in english.body
    french = mail_to("wanjiru@example.org")  # in the language of her profile
    assert "6 mai 2024" in french.subject and f"/fr/reviews/{started.pk}/meetings/" in french.body
    _, event = calendar_of(french)
    assert str(event["SUMMARY"]) != "Country visit: Kenya" and "Kenya" in str(event["SUMMARY"])

    (event,) = ReviewEvent.objects.filter(review=started, kind__in=ReviewEvent.MEETING_KINDS)
    assert (event.kind, event.actor, event.notification_due, event.notified_at is not None) == (
        Kind.MEETING_PLANNED,
        expert,
        False,
        True,
    )


def test_rescheduling_sends_an_update_with_the_same_uid_and_the_next_sequence(
    invited, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting_update(meeting=invited, actor=staff, starts_on=D(2024, 5, 13), ends_on=D(2024, 5, 15))
    assert recipients() == EVERYONE  # the same people, once each
    for address in EVERYONE:
        method, event = calendar_of(mail_to(address))
        assert method == "REQUEST" and str(event["STATUS"]) == "CONFIRMED"
        assert str(event["UID"]) == f"{invited.uid}@reviewmech" and event["SEQUENCE"] == 1
        assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (D(2024, 5, 13), D(2024, 5, 16))
    english = mail_to("anna@example.org")
    assert english.subject == "Changed: Country visit: Kenya (May 13, 2024 – May 15, 2024)"
    assert "First day: May 6, 2024 → May 13, 2024" in english.body
    assert "Last day: May 8, 2024 → May 15, 2024" in english.body
    assert "Recorded by: Sofia Rossi" in english.body
    assert DialogueMeeting.objects.get(pk=invited.pk).sequence == 1


def test_a_new_place_or_link_is_an_update_too(invited, expert, django_capture_on_commit_callbacks):
    link = "https://meet.example.org/kenya"
    with django_capture_on_commit_callbacks(execute=True):
        meeting_update(meeting=invited, actor=expert, mode=DialogueMeeting.Mode.ONLINE, venue="", meeting_link=link)
    method, event = calendar_of(mail_to("anna@example.org"))
    assert (method, event["SEQUENCE"], str(event["LOCATION"]), str(event["URL"])) == ("REQUEST", 1, link, link)
    body = mail_to("anna@example.org").body
    assert "Mode: Country visit → Online dialogue" in body
    assert "Venue: Nairobi, Integrity Centre → —" in body and f"Meeting link: — → {link}" in body


def test_removing_sends_a_cancellation_to_the_same_people(invited, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        meeting_update(meeting=invited, actor=staff, venue="Nairobi, Kenyatta Centre")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_delete(meeting=invited, actor=staff)
    assert recipients() == EVERYONE
    for address in EVERYONE:
        method, event = calendar_of(mail_to(address))
        assert method == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
        assert str(event["UID"]) == f"{invited.uid}@reviewmech" and event["SEQUENCE"] == 2  # past the update
        assert event.decoded("DTSTART") == D(2024, 5, 6) and str(event["LOCATION"]) == "Nairobi, Kenyatta Centre"
    english = mail_to("anna@example.org")
    assert english.subject == "Cancelled: Country visit: Kenya (May 6, 2024 – May 8, 2024)"
    assert "A meeting of the review of Kenya is cancelled." in english.body
    assert DialogueMeeting.history.filter(id=invited.pk).latest("history_id").sequence == 2


def test_whoever_got_the_meeting_and_left_the_review_gets_its_cancellation_not_its_changes(
    invited, staff, people, django_capture_on_commit_callbacks
):
    Participant.objects.filter(user=people["observer"]).update(active=False)
    newcomer = UserFactory(username="okello", expert=True)
    ParticipantFactory(review=invited.review, user=newcomer)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_update(meeting=invited, actor=staff, ends_on=D(2024, 5, 9))
    # The observer no longer sees the review; the newcomer gets the meeting as it is now.
    assert recipients() == ["okello@example.org", "pierre@example.org", "wanjiru@example.org"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_delete(meeting=invited, actor=staff)
    assert recipients() == ["anna@example.org", "okello@example.org", "pierre@example.org", "wanjiru@example.org"]
    assert all(calendar_of(message)[0] == "CANCEL" for message in mail.outbox)


@pytest.mark.parametrize("change", ["update", "delete"])
def test_nothing_is_sent_nor_recorded_when_the_transaction_rolls_back(
    invited, staff, change, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        if change == "update":
            meeting_update(meeting=invited, actor=staff, starts_on=D(2024, 5, 7))
        else:
            meeting_delete(meeting=invited, actor=staff)
        raise RuntimeError("a later step of the same request failed")
    assert callbacks == [] and mail.outbox == []
    assert list(ReviewEvent.objects.filter(kind__in=ReviewEvent.MEETING_KINDS).values_list("kind", flat=True)) == [
        Kind.MEETING_PLANNED
    ]
    assert DialogueMeeting.objects.get(pk=invited.pk).sequence == 0


def test_each_person_gets_one_mail_whatever_the_retries(invited, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        meeting_delete(meeting=invited, actor=staff)
    event = ReviewEvent.objects.get(kind=Kind.MEETING_CANCELLED)
    assert notifications.notify_event(event_id=event.pk) == 0  # a retried task, a duplicate message
    notifications.notification_resend(event=event, actor=staff)  # by hand, from the operations page
    assert notifications.notify_event(event_id=event.pk) == 0
    assert recipients() == EVERYONE
    assert Notification.objects.filter(key__startswith=f"event:{event.pk}:").count() == 3


def test_the_mail_sent_late_carries_the_meeting_as_it_was_then(invited, staff, expert, settings):
    """The broker was down: the sweeper sends the update after the meeting changed again. It
    carries that update's dates and sequence; the later one follows with its own."""
    from unittest import mock

    with mock.patch("reviews.tasks.notify_review_event.delay", side_effect=ConnectionError("broker down")):
        with transaction.atomic():
            meeting_update(meeting=invited, actor=staff, starts_on=D(2024, 5, 7))
        with transaction.atomic():
            meeting_update(meeting=invited, actor=expert, starts_on=D(2024, 5, 8))
    late = ReviewEvent.objects.filter(kind=Kind.MEETING_CHANGED).order_by("pk")
    assert [event.notification_due for event in late] == [True, True] and mail.outbox == []
    for event in late:
        notifications.notify_event(event_id=event.pk)
    sequences = [(calendar_of(m)[1]["SEQUENCE"], calendar_of(m)[1].decoded("DTSTART")) for m in mail.outbox]
    assert sorted(set(sequences)) == [(1, D(2024, 5, 7)), (2, D(2024, 5, 8))]
    assert len(mail.outbox) == 6


def test_what_the_calendar_does_not_show_is_recorded_without_mail(
    invited, staff, expert, focal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting_update(meeting=invited, actor=staff, stakeholders_agreed=True)
        participant_add(meeting=invited, actor=focal, sector="government", organization="EACC")
        outcome_record(meeting=invited, actor=expert, outcome_note="Held.")
    assert mail.outbox == []
    event = ReviewEvent.objects.get(kind=Kind.MEETING_CHANGED)  # the State's agreement, in the history
    assert not event.notification_due and event.data["changed"] == ["stakeholders_agreed"]
    assert event.data["before"] == {"stakeholders_agreed": False}
    # The sequence still grows: a .ics downloaded now replaces the one downloaded before.
    assert DialogueMeeting.objects.get(pk=invited.pk).sequence == 3

    with django_capture_on_commit_callbacks(execute=True):
        meeting_update(meeting=invited, actor=focal, agenda="New agenda")  # the calendar shows the agenda
    method, event = calendar_of(mail_to("anna@example.org"))
    assert (method, event["SEQUENCE"], str(event["DESCRIPTION"])) == ("REQUEST", 4, "New agenda")
    assert "Agenda: changed" in mail_to("anna@example.org").body


# --- Pages: the form, the removal, the history ---------------------------------------------------


def test_rescheduling_and_removing_on_the_pages_mail_the_people_and_fill_the_history(
    client, invited, staff, observer, django_capture_on_commit_callbacks
):
    edit = reverse("reviews:meeting_edit", args=[invited.review_id, invited.pk])
    client.force_login(staff)
    assert "receive the change" not in client.get(edit).content.decode()
    assert "is sent by e-mail to the people on this review" in client.get(edit).content.decode()
    fields = {
        "mode": "country_visit",
        "starts_on": "2024-05-13",
        "ends_on": "2024-05-15",
        "venue": "Nairobi, Integrity Centre",
        "meeting_link": "",
        "agenda": invited.agenda,
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(edit, fields).status_code == 302
    assert recipients() == EVERYONE
    assert {calendar_of(message)[1]["SEQUENCE"] for message in mail.outbox} == {1}
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reviews:meeting_delete", args=[invited.review_id, invited.pk]))
    assert response.status_code == 302 and not DialogueMeeting.objects.filter(pk=invited.pk).exists()
    assert recipients() == EVERYONE
    assert {calendar_of(message)[0] for message in mail.outbox} == {"CANCEL"}

    client.force_login(observer)  # who reads the review reads its history
    html = client.get(reverse("reviews:review_detail", args=[invited.review_id])).content.decode()
    history = html[html.index('id="history-title"') :]
    planned, changed, cancelled = (
        history.index("Dialogue meeting planned"),
        history.index("Dialogue meeting changed"),
        history.index("Dialogue meeting cancelled"),
    )
    assert cancelled < changed < planned  # the latest first
    changes = history[changed:planned]
    assert "Sofia Rossi" in changes and "Pierre Martin" in history[planned:]
    assert 'First day: <span dir="auto">May 6, 2024</span> → <span dir="auto">May 13, 2024</span>' in changes
    assert 'Last day: <span dir="auto">May 8, 2024</span> → <span dir="auto">May 15, 2024</span>' in changes
    assert "Country visit" in history[cancelled:changed] and "May 13, 2024" in history[cancelled:changed]


def test_the_history_shows_only_that_the_agenda_changed(client, invited, focal, observer):
    meeting_update(meeting=invited, actor=focal, agenda="SECRET-NEW agenda")
    client.force_login(observer)
    html = client.get(reverse("reviews:review_detail", args=[invited.review_id])).content.decode()
    assert "Agenda: changed" in html and "SECRET-NEW" not in html and "Wanjiru Kamau" in html


def test_the_forms_say_who_is_told(client, invited, expert, focal):
    client.force_login(expert)
    new = client.get(reverse("reviews:meeting_new", args=[invited.review_id])).content.decode()
    assert "The people on this review receive an invitation by e-mail" in new
    edit = client.get(reverse("reviews:meeting_edit", args=[invited.review_id, invited.pk])).content.decode()
    assert "receive a cancellation by e-mail" in edit
    client.force_login(focal)
    edit = client.get(reverse("reviews:meeting_edit", args=[invited.review_id, invited.pk])).content.decode()
    assert "A change of the agenda is sent by e-mail" in edit and "cancellation" not in edit
