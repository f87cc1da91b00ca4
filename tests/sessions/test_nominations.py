"""Notes verbales received and the people they nominate: accounts created inactive, activation
links that expire, work once and reveal nothing, and the note found again from the person."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import ActivationLink, User
from accounts.services import activation_complete, activation_send
from sessions.models import Nomination
from sessions.services import incoming_note_register, nomination_record
from tests.factories import UserFactory, state

pytestmark = pytest.mark.usefixtures("reference_data")

D = datetime.date
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PASSWORD = "a-long-Password-for-2026"


@pytest.fixture
def staff():
    return UserFactory(secretariat=True)


@pytest.fixture
def note(staff):
    return incoming_note_register(
        actor=staff,
        state=state("KEN"),
        received_on=D(2026, 11, 2),
        dated_on=D(2026, 10, 30),
        their_reference="MFA/UN/2026/17",
        subject="Nomination of the focal point for the second cycle",
        scan=SimpleUploadedFile("scan.pdf", PDF),
    )


def nominate(staff, note, **overrides):
    values = {
        "role": "focal_point",
        "email": "w.otieno@example.go.ke",
        "first_name": "Wanjiru",
        "last_name": "Otieno",
        "preferred_language": "fr",
    }
    return nomination_record(actor=staff, note=note, **{**values, **overrides})


def link_from(message) -> str:
    return re.search(r"http\S+/activate/(\S+)/", message.body).group(1)


def test_a_nomination_creates_an_inactive_account_and_mails_a_link(staff, note, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        nomination = nominate(staff, note)
    person = nomination.person
    assert (person.state.code, person.role, person.is_active, person.has_usable_password()) == (
        "KEN",
        "focal_point",
        False,
        False,
    )
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["w.otieno@example.go.ke"]
    body = mail.outbox[0].body
    assert "Wanjiru Otieno" in body and "/fr/accounts/activate/" in body and "14" in body  # in her language
    # Only a hash of the token is kept.
    token = link_from(mail.outbox[0])
    assert not ActivationLink.objects.filter(token_hash=token).exists()
    # Why does this person have access? The note verbale says.
    assert [n.note for n in person.nominations.all()] == [note]


def test_the_link_activates_once(client, staff, note, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        person = nominate(staff, note).person
    url = reverse("accounts:activate", args=[link_from(mail.outbox[0])])
    assert client.get(url).status_code == 200
    response = client.post(url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.is_active and person.check_password(PASSWORD)
    # Used: the same link shows the same page as any unusable link, and changes nothing.
    response = client.post(url, {"new_password1": "another-Password-2027", "new_password2": "another-Password-2027"})
    assert response.status_code == 404
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_an_expired_an_unknown_and_a_used_link_look_the_same(client, staff, note, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        nominate(staff, note)
    token = link_from(mail.outbox[0])
    ActivationLink.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    expired = client.get(reverse("accounts:activate", args=[token]))
    unknown = client.get(reverse("accounts:activate", args=["no-such-token"]))
    assert expired.status_code == unknown.status_code == 404
    text = "it has expired, it was already used or it does not exist"
    assert text in expired.content.decode() and text in unknown.content.decode()
    with pytest.raises(ValidationError):
        activation_complete(token=token, password=PASSWORD)


def test_a_new_link_replaces_the_old_one(staff, note, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        person = nominate(staff, note).person
        activation_send(user=person, actor=staff)
    first, second = link_from(mail.outbox[0]), link_from(mail.outbox[1])
    with pytest.raises(ValidationError):
        activation_complete(token=first, password=PASSWORD)
    assert activation_complete(token=second, password=PASSWORD).is_active


def test_a_weak_password_is_refused_and_the_link_still_works(client, staff, note, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        nominate(staff, note)
    url = reverse("accounts:activate", args=[link_from(mail.outbox[0])])
    response = client.post(url, {"new_password1": "123", "new_password2": "123"})
    assert response.status_code == 422
    assert client.post(url, {"new_password1": PASSWORD, "new_password2": PASSWORD}).status_code == 302


def test_an_existing_account_of_the_same_state_is_found_another_states_is_refused(staff, note):
    existing = UserFactory(username="kenya-expert", email="expert@example.go.ke", expert=True, state=state("KEN"))
    nomination = nominate(staff, note, email="EXPERT@example.go.ke", role="expert")
    assert nomination.person == existing and User.objects.filter(email__iexact="expert@example.go.ke").count() == 1
    UserFactory(username="uganda", email="someone@example.go.ug", focal_point=True, state=state("UGA"))
    with pytest.raises(ValidationError) as caught:
        nominate(staff, note, email="someone@example.go.ug")
    assert "another State" in caught.value.message_dict["email"][0]
    with pytest.raises(ValidationError):
        nominate(staff, note, email="EXPERT@example.go.ke", role="expert")  # named twice by one note


def test_a_scan_must_be_a_pdf_and_nothing_is_saved(staff):
    with pytest.raises(ValidationError) as caught:
        incoming_note_register(
            actor=staff,
            state=state("KEN"),
            received_on=D(2026, 11, 2),
            subject="x",
            scan=SimpleUploadedFile("scan.pdf", b"<html>"),
        )
    assert "scan" in caught.value.message_dict


def test_only_the_secretariat_records_nominations(note):
    with pytest.raises(PermissionDenied):
        nominate(UserFactory(focal_point=True), note)
    with pytest.raises(PermissionDenied):
        activation_send(user=UserFactory(focal_point=True), actor=UserFactory(expert=True))
    assert not Nomination.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "focal", "expert"])
def test_notes_received_are_for_the_secretariat(client, note, who):
    if who != "anonymous":
        client.force_login(UserFactory(**{"focal_point" if who == "focal" else "expert": True}))
    for url in (
        reverse("sessions:incoming"),
        reverse("sessions:incoming_note", args=[note.pk]),
        reverse("sessions:incoming_scan", args=[note.pk]),
    ):
        assert client.get(url).status_code in (302, 404)


def test_staff_record_a_nomination_on_the_page_and_find_the_note_from_the_person(
    client, staff, note, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    url = reverse("sessions:incoming_note", args=[note.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "role": "observer",
                "first_name": "Amani",
                "last_name": "Kariuki",
                "email": "amani@example.go.ke",
                "preferred_language": "ar",
            },
        )
    assert response.status_code == 302 and len(mail.outbox) == 1
    page = client.get(url).content.decode()
    assert "Amani Kariuki" in page and "Waiting for activation" in page
    found = client.get(reverse("sessions:incoming"), {"q": "kariuki"}).content.decode()
    assert "Nomination of the focal point for the second cycle" in found
    assert client.get(reverse("sessions:incoming_scan", args=[note.pk])).status_code == 200


def test_the_activation_mail_leaves_from_a_worker_after_commit(staff, note, django_capture_on_commit_callbacks):
    from unittest import mock

    from reviewmech.celery import app

    with mock.patch("accounts.tasks.send_account_mail.delay") as delay:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            nominate(staff, note)
        assert not delay.called and not mail.outbox  # nothing leaves inside the request's transaction
        for callback in callbacks:
            callback()
    (subject, body, recipient), _kwargs = delay.call_args
    assert subject  # a subject in the person's language
    assert recipient == "w.otieno@example.go.ke" and "/accounts/activate/" in body
    assert app.amqp.router.route({}, "accounts.send_account_mail")["queue"].name == "default"
