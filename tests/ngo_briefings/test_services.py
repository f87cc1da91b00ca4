"""The civil-society services: organizations and their accounts, registration for a briefing
(places, waiting list, duplicates, closing, concurrency), and civil-society input to a review
(when it is taken, the State's consent to meet, files, sharing, replies, history)."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import User
from ngo_briefings.models import Briefing, CivilSocietyInput, Organization, Registration
from ngo_briefings.services import (
    briefing_save,
    input_record,
    input_reply,
    input_share,
    input_submit,
    member_create,
    organization_approve,
    organization_save,
    registration_cancel,
    registration_create,
    self_register,
)
from reference.models import Body
from reviews.models import CountryReview, DialogueMeeting, WorkflowStep
from sessions.models import Session
from sessions.services import session_save
from tests.concurrency import race
from tests.factories import CountryReviewFactory, UserFactory, ngo_member, state

pytestmark = pytest.mark.usefixtures("reference_data")

D = datetime.date
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def staff():
    return UserFactory(secretariat=True)


@pytest.fixture
def organization(staff):
    return organization_save(
        actor=staff,
        name={"en": "Transparency Watch", "fr": "Veille transparence"},
        kind=Organization.Kind.NGO,
        country=state("KEN"),
        website="https://transparency-watch.example.org",
        ecosoc_status=Organization.Ecosoc.SPECIAL,
    )


def upcoming_session(staff, days=30):
    start = timezone.localdate() + datetime.timedelta(days=days)
    return session_save(
        actor=staff,
        body=Body.objects.get(code="irg"),
        number=17,
        part=Session.Part.REGULAR,
        starts_on=start,
        ends_on=start + datetime.timedelta(days=4),
        city={"en": "Vienna", "fr": "Vienne"},
    )


@pytest.fixture
def briefing(staff):
    session = upcoming_session(staff)
    return briefing_save(
        actor=staff, number=16, session=session, held_on=session.starts_on + datetime.timedelta(days=1), capacity=2
    )


def step(code):
    return WorkflowStep.objects.get(mechanism__code="irm", code=code)


@pytest.fixture
def review():
    """Kenya's review, at the desk review: it takes civil-society input."""
    return CountryReviewFactory(status=CountryReview.Status.ACTIVE, current_step=step("desk_review"))


# --- Organizations and accounts --------------------------------------------------------------------


def test_a_self_registered_organization_waits_for_approval_then_gets_an_activation_link(
    staff, django_capture_on_commit_callbacks
):
    member = self_register(
        organization_name="Observatorio Anticorrupción",
        kind=Organization.Kind.ACADEMIA,
        email="ana@observatorio.example.org",
        first_name="Ana",
        last_name="Pérez",
        preferred_language="es",
    )
    user = member.user
    assert member.organization.status == Organization.Status.PENDING
    assert user.role == "ngo" and not user.is_active and user.state_id is None
    assert not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        organization_approve(actor=staff, organization=member.organization)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@observatorio.example.org"]
    # In the person's language, and saying why the account exists (not a Government nomination).
    assert "Observatorio Anticorrupción" in message.body and "nota verbal" not in message.body
    with pytest.raises(ValidationError):
        organization_approve(actor=staff, organization=member.organization)


def test_bad_organization_input_is_refused_on_its_field(staff):
    with pytest.raises(ValidationError) as error:
        organization_save(actor=staff, name="", kind="club", ecosoc_status="gold")
    assert set(error.value.message_dict) == {"name", "kind", "ecosoc_status"}
    with pytest.raises(ValidationError) as error:
        organization_save(actor=staff, name="X", website="not a url")
    assert "website" in error.value.message_dict
    assert not Organization.objects.exists()


def test_only_the_secretariat_creates_accounts_and_an_email_is_used_once(staff, organization):
    with pytest.raises(PermissionDenied):
        member_create(actor=UserFactory(focal_point=True), organization=organization, email="x@example.org")
    member_create(actor=staff, organization=organization, email="mary@tw.example.org")
    with pytest.raises(ValidationError) as error:
        member_create(actor=staff, organization=organization, email="MARY@tw.example.org")
    assert "email" in error.value.message_dict
    assert User.objects.filter(email__iexact="mary@tw.example.org").count() == 1


# --- Registration for a briefing ----------------------------------------------------------------


def test_places_then_the_waiting_list_and_a_freed_place_goes_to_the_first_waiting(
    briefing, organization, django_capture_on_commit_callbacks
):
    people = [ngo_member(organization, preferred_language=lang) for lang in ("en", "fr", "ru")]
    with django_capture_on_commit_callbacks(execute=True):
        registrations = [registration_create(actor=person, briefing=briefing) for person in people]
    assert [r.status for r in registrations] == ["confirmed", "confirmed", "waiting"]
    # A confirmation in each person's language.
    assert "confirmée" in mail.outbox[1].subject and "лист ожидания" in mail.outbox[2].subject.lower()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(actor=people[0], registration=registrations[0])
    registrations[2].refresh_from_db()
    assert registrations[2].status == "confirmed"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [people[2].email]
    # The history says who changed what.
    assert registrations[0].history.first().history_user == people[0]


def test_a_duplicate_or_a_late_registration_is_refused_with_a_message(briefing, organization):
    person = ngo_member(organization)
    registration_create(actor=person, briefing=briefing)
    with pytest.raises(ValidationError, match="already registered"):
        registration_create(actor=person, briefing=briefing)
    Briefing.objects.filter(pk=briefing.pk).update(registration_closes_on=timezone.localdate() - datetime.timedelta(1))
    with pytest.raises(ValidationError, match="closed"):
        registration_create(actor=ngo_member(organization), briefing=briefing)
    assert Registration.objects.count() == 1


def test_only_an_approved_organizations_account_registers(briefing, staff):
    with pytest.raises(PermissionDenied):
        registration_create(actor=UserFactory(focal_point=True), briefing=briefing)
    pending = self_register(organization_name="New NGO", kind="ngo", email="new@ngo.example.org")
    User.objects.filter(pk=pending.user_id).update(is_active=True)
    with pytest.raises(ValidationError, match="awaiting"):
        registration_create(actor=User.objects.get(pk=pending.user_id), briefing=briefing)


def test_someone_elses_registration_cannot_be_cancelled(briefing, organization):
    registration = registration_create(actor=ngo_member(organization), briefing=briefing)
    with pytest.raises(PermissionDenied):
        registration_cancel(actor=ngo_member(organization), registration=registration)


def test_a_briefing_is_held_during_its_session(staff):
    session = upcoming_session(staff)
    with pytest.raises(ValidationError) as error:
        briefing_save(
            actor=staff, number=1, session=session, held_on=session.ends_on + datetime.timedelta(1), capacity=0
        )
    assert set(error.value.message_dict) == {"held_on", "capacity"}


@pytest.mark.django_db(transaction=True)
def test_two_people_taking_the_last_place_at_once_never_both_get_it(postgresql, reference_data):
    staff = UserFactory(secretariat=True)
    session = upcoming_session(staff)
    briefing = briefing_save(actor=staff, number=20, session=session, held_on=session.starts_on, capacity=1)
    organization = organization_save(actor=staff, name="Race NGO")
    people = [ngo_member(organization) for _ in range(4)]
    queue = iter(people)
    results, errors = race(lambda: registration_create(actor=next(queue), briefing=briefing), count=4)
    assert not errors, errors
    assert sorted(r.status for r in results) == ["confirmed", "waiting", "waiting", "waiting"]


# --- Civil-society input to a review ----------------------------------------------------------------


def test_input_is_taken_only_at_the_steps_that_take_it(review, organization):
    person = ngo_member(organization)
    item = input_submit(actor=person, review=review, title="Asset declarations", text="Our findings on article 8.")
    assert item.status == "received" and item.organization == organization and item.channel == "platform"
    CountryReview.objects.filter(pk=review.pk).update(current_step=step("report_agreed"))
    with pytest.raises(ValidationError, match="does not take civil-society input"):
        input_submit(actor=person, review=review, title="Late", text="Too late.")
    CountryReview.objects.filter(pk=review.pk).update(current_step=step("desk_review"), status="paused")
    with pytest.raises(ValidationError):
        input_submit(actor=person, review=review, title="Paused", text="Paused.")
    assert CivilSocietyInput.objects.count() == 1


def test_asking_to_meet_needs_the_states_consent(review, organization, staff):
    person = ngo_member(organization)
    with pytest.raises(ValidationError) as error:
        input_submit(actor=person, review=review, title="Visit", text="We would like to meet.", asks_to_meet=True)
    assert "asks_to_meet" in error.value.message_dict
    soon = timezone.localdate() + datetime.timedelta(days=20)
    DialogueMeeting.objects.create(
        review=review, mode="country_visit", starts_on=soon, ends_on=soon, stakeholders_agreed=True
    )
    item = input_submit(actor=person, review=review, title="Visit", text="We would like to meet.", asks_to_meet=True)
    assert item.asks_to_meet


def test_files_go_through_the_attachment_checks_and_nothing_is_saved_on_a_bad_one(review, organization):
    person = ngo_member(organization)
    good = SimpleUploadedFile("report.pdf", PDF)
    bad = SimpleUploadedFile("macro.pdf", b"MZ\x90\x00 not a document")
    with pytest.raises(ValidationError) as error:
        input_submit(actor=person, review=review, title="Report", text="See attached.", uploads=[good, bad])
    assert "macro.pdf" in error.value.message_dict["files"][0]
    assert not CivilSocietyInput.objects.exists()
    item = input_submit(
        actor=person, review=review, title="Report", text="See attached.", uploads=[SimpleUploadedFile("r.pdf", PDF)]
    )
    attachment = item.attachments.get()
    assert attachment.kind == "pdf" and attachment.filename == "r.pdf" and "r.pdf" not in attachment.file.name


def test_input_received_by_other_channels_is_recorded_by_the_secretariat(review, staff):
    with pytest.raises(ValidationError) as error:
        input_record(
            actor=staff,
            review=review,
            title="Letter",
            text="…",
            channel="platform",
            received_on=timezone.localdate() + datetime.timedelta(1),
        )
    assert set(error.value.message_dict) == {"sender", "channel", "received_on"}
    item = input_record(
        actor=staff,
        review=review,
        title="Letter",
        text="On whistle-blower protection.",
        channel="letter",
        sender="Kenya Integrity Forum",
        received_on=D(2026, 11, 30),
    )
    assert item.from_name == "Kenya Integrity Forum"
    with pytest.raises(PermissionDenied):
        input_record(
            actor=UserFactory(focal_point=True),
            review=review,
            title="x",
            text="y",
            channel="email",
            sender="z",
            received_on=D(2026, 11, 30),
        )


def test_shared_then_replied_by_the_state_under_review_with_history(review, organization, staff):
    item = input_submit(actor=ngo_member(organization), review=review, title="Procurement", text="Emergency rules.")
    kenya = UserFactory(focal_point=True)
    with pytest.raises(ValidationError, match="not shared"):
        input_reply(actor=kenya, item=item, reply="Thank you.")
    input_share(actor=staff, item=item)
    with pytest.raises(PermissionDenied):
        input_reply(actor=UserFactory(focal_point=True, state=state("UGA")), item=item, reply="Not ours.")
    with pytest.raises(PermissionDenied):
        input_reply(actor=UserFactory(expert=True), item=item, reply="Experts do not reply for the State.")
    with pytest.raises(ValidationError):
        input_reply(actor=kenya, item=item, reply="  ")
    input_reply(actor=kenya, item=item, reply="Thank you; the new law is attached to our checklist.")
    item.refresh_from_db()
    assert item.status == "replied" and item.replied_by == kenya
    assert [h.status for h in item.history.order_by("history_date")] == ["received", "shared", "replied"]
    assert [h.history_user for h in item.history.order_by("history_date")][1:] == [staff, kenya]
