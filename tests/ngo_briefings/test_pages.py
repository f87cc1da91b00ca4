"""The civil-society pages: the public briefings (bounded queries whatever the registrations),
registering and cancelling, an organization's request for an account and its approval, and
civil-society input — who may read it, on every page and file, for every role."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ngo_briefings.models import Briefing, CivilSocietyInput, Organization, Registration
from ngo_briefings.services import (
    briefing_save,
    input_share,
    input_submit,
    organization_save,
    registration_create,
)
from reference.models import Body
from reviews.models import CountryReview, WorkflowStep
from sessions.models import Session
from sessions.services import session_save
from tests.factories import CountryReviewFactory, ParticipantFactory, UserFactory, ngo_member, state

pytestmark = pytest.mark.usefixtures("reference_data")

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def staff():
    return UserFactory(secretariat=True)


@pytest.fixture
def organization(staff):
    return organization_save(actor=staff, name={"en": "Transparency Watch", "fr": "Veille transparence"})


@pytest.fixture
def briefing(staff):
    start = timezone.localdate() + datetime.timedelta(days=30)
    session = session_save(
        actor=staff,
        body=Body.objects.get(code="irg"),
        number=17,
        part=Session.Part.REGULAR,
        starts_on=start,
        ends_on=start + datetime.timedelta(days=4),
        city="Vienna",
    )
    return briefing_save(actor=staff, number=16, session=session, held_on=start, capacity=3)


@pytest.fixture
def review():
    step = WorkflowStep.objects.get(mechanism__code="irm", code="desk_review")
    return CountryReviewFactory(status=CountryReview.Status.ACTIVE, current_step=step)


@pytest.fixture
def shared_input(review, organization, staff):
    item = input_submit(
        actor=ngo_member(organization),
        review=review,
        title="Whistle-blowers",
        text="Protection in law and in practice.",
        uploads=[SimpleUploadedFile("evidence.pdf", PDF)],
    )
    return input_share(actor=staff, item=item)


# --- Briefings -----------------------------------------------------------------------------------


def test_briefing_pages_are_public_with_bounded_queries(client, briefing, organization, django_assert_max_num_queries):
    for _ in range(3):
        registration_create(actor=ngo_member(organization), briefing=briefing)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("ngo_briefings:briefings"))
    assert page.status_code == 200 and "Briefing 16" in page.content.decode()
    with django_assert_max_num_queries(14):
        page = client.get(reverse("ngo_briefings:briefing", args=[16]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "3 of 3 taken" in body
    # The public does not see who registered.
    assert "Registered participants" not in body and "@example.org" not in body
    more = [ngo_member(organization) for _ in range(20)]
    for person in more:
        registration_create(actor=person, briefing=briefing)
    with django_assert_max_num_queries(14):
        client.get(reverse("ngo_briefings:briefing", args=[16]))
    with django_assert_max_num_queries(8):
        client.get(reverse("ngo_briefings:briefings"))


def test_an_organization_registers_from_the_page_and_a_duplicate_gets_a_message(client, briefing, organization):
    person = ngo_member(organization)
    client.force_login(person)
    url = reverse("ngo_briefings:register", args=[16])
    response = client.post(url, {"listed": "on"})
    assert response.status_code == 302
    registration = Registration.objects.get(person=person)
    assert registration.status == "confirmed" and registration.listed
    again = client.post(url, {})
    assert again.status_code == 422 and "already registered" in again.content.decode()
    page = client.get(reverse("ngo_briefings:briefing", args=[16]))
    assert "Your place is confirmed." in page.content.decode()
    cancel = client.post(reverse("ngo_briefings:cancel", args=[16, registration.pk]))
    assert cancel.status_code == 302
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_people_who_are_not_an_organization_cannot_register(client, briefing):
    client.force_login(UserFactory(focal_point=True))
    assert client.post(reverse("ngo_briefings:register", args=[16]), {}).status_code == 404
    client.logout()
    assert client.post(reverse("ngo_briefings:register", args=[16]), {}).status_code == 302  # to sign in
    assert not Registration.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "ngo", "focal", "expert"])
def test_the_secretariats_pages_are_404_to_everyone_else(client, briefing, organization, who):
    users = {
        "ngo": lambda: ngo_member(organization),
        "focal": lambda: UserFactory(focal_point=True),
        "expert": lambda: UserFactory(expert=True),
    }
    if who != "anonymous":
        client.force_login(users[who]())
    for url in (
        reverse("ngo_briefings:briefing_new"),
        reverse("ngo_briefings:briefing_edit", args=[16]),
        reverse("ngo_briefings:organizations"),
        reverse("ngo_briefings:organization", args=[organization.pk]),
    ):
        assert client.get(url).status_code in (302, 404), url
    for url in (
        reverse("ngo_briefings:presentation_add", args=[16]),
        reverse("ngo_briefings:question_add", args=[16]),
        reverse("ngo_briefings:summary_save", args=[16]),
        reverse("ngo_briefings:summary_publish", args=[16]),
        reverse("ngo_briefings:organization_approve", args=[organization.pk]),
        reverse("ngo_briefings:organization_decline", args=[organization.pk]),
    ):
        assert client.post(url, {"summary": "x", "language": "en", "speaker": "x", "topic": "y"}).status_code in (
            302,
            404,
        ), url
    briefing.refresh_from_db()
    assert not briefing.summary and not briefing.presentations.exists()


def test_the_secretariat_adds_a_briefing_and_its_content(client, staff, briefing):
    client.force_login(staff)
    session = briefing.session
    bad = client.post(
        reverse("ngo_briefings:briefing_new"),
        {"number": 16, "session": session.pk, "held_on": str(session.ends_on + datetime.timedelta(5)), "capacity": 10},
    )
    assert bad.status_code == 422
    body = bad.content.decode()
    assert "already recorded" in body and "between its first and last day" in body
    client.post(
        reverse("ngo_briefings:presentation_add", args=[16]), {"speaker": "Secretariat", "topic": "Performance"}
    )
    client.post(reverse("ngo_briefings:question_add", args=[16]), {"topic": "Follow-up", "text": "A template."})
    response = client.post(
        reverse("ngo_briefings:summary_save", args=[16]), {"language": "fr", "summary": "Premier.\n\nSecond."}
    )
    assert response.status_code == 302
    briefing.refresh_from_db()
    assert briefing.summary_fr == "Premier.\n\nSecond." and not briefing.summary_en
    assert briefing.presentations.get().topic_en == "Performance"
    client.post(reverse("ngo_briefings:summary_publish", args=[16]))
    assert Briefing.objects.get(pk=briefing.pk).summary_published


def test_an_unpublished_summary_is_the_secretariats_only(client, staff, briefing):
    Briefing.objects.filter(pk=briefing.pk).update(summary_en="Draft words of the summary.")
    assert "Draft words" not in client.get(reverse("ngo_briefings:briefing", args=[16])).content.decode()
    client.force_login(staff)
    assert "Draft words" in client.get(reverse("ngo_briefings:briefing", args=[16])).content.decode()


def test_the_session_page_links_to_the_briefing_on_its_margins(client, briefing):
    page = client.get(reverse("sessions:session", args=[briefing.session_id]))
    assert reverse("ngo_briefings:briefing", args=[16]) in page.content.decode()


# --- Organizations ---------------------------------------------------------------------------------


def test_an_organization_asks_for_an_account_and_the_secretariat_approves_it(client, staff, mailoutbox):
    response = client.post(
        reverse("ngo_briefings:join"),
        {
            "organization_name": "Observatoire citoyen",
            "kind": "ngo",
            "first_name": "Claire",
            "last_name": "Martin",
            "email": "claire@observatoire.example.org",
            "preferred_language": "fr",
            "ecosoc_status": "",
        },
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 200
    organization = Organization.objects.get(status="pending")
    assert organization.name_en == "Observatoire citoyen"
    bad = client.post(reverse("ngo_briefings:join"), {"organization_name": "", "kind": "club", "email": "nope"})
    assert bad.status_code == 422
    client.force_login(staff)
    assert "Observatoire citoyen" in client.get(reverse("ngo_briefings:organizations")).content.decode()
    client.post(reverse("ngo_briefings:organization_approve", args=[organization.pk]))
    organization.refresh_from_db()
    assert organization.status == "approved"


# --- Civil-society input -------------------------------------------------------------------------------


def readers(review, organization):
    """Every kind of person, and whether they may read input shared on Kenya's review."""
    assigned = UserFactory(expert=True)
    ParticipantFactory(review=review, user=assigned)
    return {
        "anonymous": (None, False),
        "staff": (UserFactory(secretariat=True), True),
        "own organization": (ngo_member(organization), True),
        "Kenya's focal point": (UserFactory(focal_point=True), True),
        "assigned expert": (assigned, True),
        "another State's focal point": (UserFactory(focal_point=True, state=state("UGA")), False),
        "unassigned expert": (UserFactory(expert=True), False),
        "observer of Kenya": (UserFactory(state=state("KEN")), False),
        "another organization": (
            ngo_member(organization_save(actor=UserFactory(secretariat=True), name="Other")),
            False,
        ),
    }


def test_who_reads_civil_society_input_on_every_page_and_file(client, review, organization, shared_input):
    attachment = shared_input.attachments.get()
    urls = [
        reverse("ngo_briefings:input", args=[shared_input.pk]),
        reverse("ngo_briefings:input_file", args=[shared_input.pk, attachment.pk]),
    ]
    for name, (user, may) in readers(review, organization).items():
        client.logout()
        if user:
            client.force_login(user)
        for url in urls:
            status = client.get(url).status_code
            if user is None:
                assert status == 302, (name, url)  # to sign in, revealing nothing
            else:
                assert status == (200 if may else 404), (name, url)
        if user is not None and user.role != "observer":
            listing = client.get(reverse("ngo_briefings:home"))
            assert ("Whistle-blowers" in listing.content.decode()) == may, name
    # Never on a public page.
    client.logout()
    for url in (reverse("ngo_briefings:briefings"), reverse("home")):
        assert "Whistle-blowers" not in client.get(url).content.decode()


def test_input_not_yet_shared_stays_with_the_secretariat_and_the_sender(client, review, organization):
    sender = ngo_member(organization)
    item = input_submit(actor=sender, review=review, title="Not yet", text="Pending screening.")
    kenya = UserFactory(focal_point=True)
    client.force_login(kenya)
    assert client.get(reverse("ngo_briefings:input", args=[item.pk])).status_code == 404
    client.force_login(sender)
    assert client.get(reverse("ngo_briefings:input", args=[item.pk])).status_code == 200


def test_an_organization_sends_input_with_files_and_bad_input_keeps_what_was_typed(client, review, organization):
    person = ngo_member(organization)
    client.force_login(person)
    url = reverse("ngo_briefings:input_new", args=[review.pk])
    page = client.get(url)
    assert page.status_code == 200 and "asks_to_meet" not in page.content.decode()  # the State did not agree
    bad = client.post(
        url,
        {
            "title": "Procurement",
            "text": "Emergency procurement rules.",
            "language": "en",
            "files": [SimpleUploadedFile("x.exe", b"MZ\x90\x00")],
        },
    )
    assert bad.status_code == 422
    body = bad.content.decode()
    assert "not a PDF, DOCX or ODT" in body and "Emergency procurement rules." in body
    ok = client.post(
        url,
        {
            "title": "Procurement",
            "text": "Emergency procurement rules.",
            "language": "en",
            "files": [SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.pdf", PDF)],
        },
    )
    assert ok.status_code == 302
    assert CivilSocietyInput.objects.get().attachments.count() == 2


def test_a_review_that_does_not_take_input_says_so(client, review, organization):
    CountryReview.objects.filter(pk=review.pk).update(
        current_step=WorkflowStep.objects.get(mechanism__code="irm", code="report_agreed")
    )
    client.force_login(ngo_member(organization))
    url = reverse("ngo_briefings:input_new", args=[review.pk])
    assert "does not take civil-society input" in client.get(url).content.decode()
    response = client.post(url, {"title": "Late", "text": "Late.", "language": "en"})
    assert response.status_code == 422 and not CivilSocietyInput.objects.exists()


def test_the_focal_point_replies_and_the_organization_reads_the_reply(client, review, organization, shared_input):
    kenya = UserFactory(focal_point=True)
    client.force_login(kenya)
    empty = client.post(reverse("ngo_briefings:input_reply", args=[shared_input.pk]), {"reply": ""})
    assert empty.status_code == 422
    client.post(reverse("ngo_briefings:input_reply", args=[shared_input.pk]), {"reply": "Thank you for the input."})
    client.force_login(UserFactory(expert=True))
    assert client.post(reverse("ngo_briefings:input_reply", args=[shared_input.pk]), {"reply": "x"}).status_code == 404
    client.force_login(shared_input.submitted_by)
    page = client.get(reverse("ngo_briefings:input", args=[shared_input.pk])).content.decode()
    assert "Thank you for the input." in page


def test_the_admin_opens_for_the_secretariat(client, staff, briefing, organization, shared_input):
    Registration.objects.create(
        briefing=briefing, organization=organization, person=ngo_member(organization), status="confirmed"
    )
    client.force_login(UserFactory(username="admin-staff", secretariat=True, is_superuser=True))
    for name in ("organization", "briefing", "registration", "civilsocietyinput"):
        assert client.get(reverse(f"admin:ngo_briefings_{name}_changelist")).status_code == 200, name
    assert client.get(reverse("admin:ngo_briefings_briefing_change", args=[briefing.pk])).status_code == 200
    assert client.get(reverse("admin:ngo_briefings_organization_change", args=[organization.pk])).status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "focal", "expert", "observer", "staff", "ngo"])
def test_who_reaches_the_input_forms_and_the_civil_society_page(client, review, organization, who):
    users = {
        "focal": lambda: UserFactory(focal_point=True),
        "expert": lambda: UserFactory(expert=True),
        "observer": lambda: UserFactory(),
        "staff": lambda: UserFactory(secretariat=True),
        "ngo": lambda: ngo_member(organization),
    }
    if who != "anonymous":
        client.force_login(users[who]())
    expected = {
        # the organization writes its input; the secretariat records input received otherwise
        reverse("ngo_briefings:input_new", args=[review.pk]): who == "ngo",
        reverse("ngo_briefings:input_record", args=[review.pk]): who == "staff",
        reverse("ngo_briefings:home"): who in ("focal", "expert", "staff", "ngo"),
    }
    for url, allowed in expected.items():
        status = client.get(url).status_code
        if who == "anonymous":
            assert status == 302, url
        else:
            assert status == (200 if allowed else 404), (who, url)
    assert client.post(
        reverse("ngo_briefings:input_new", args=[review.pk]), {"title": "x", "text": "y", "language": "en"}
    ).status_code == (302 if who in ("ngo", "anonymous") else 404)
    assert CivilSocietyInput.objects.filter(title="x").count() == (1 if who == "ngo" else 0)
