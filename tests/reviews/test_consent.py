"""The consent ledger: who records what the State under review agreed to publish, on what basis,
the latest decision in force (withdrawal included), the flags the pages show following it, the
review page's section, and the public State page asking it."""

import datetime
from importlib import import_module

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from reviews.models import Checklist, ConsentDecision, CountryReview, ReviewEvent, ReviewReport, WorkflowStep
from reviews.selectors import consent as consent_selectors
from reviews.services.consent import consent_record
from reviews.services.workflow import review_complete_step
from sessions.services import incoming_note_register
from tests.factories import CountryReviewFactory, ParticipantFactory, UserFactory, state

pytestmark = pytest.mark.usefixtures("reference_data")

D = datetime.date


@pytest.fixture
def staff():
    return UserFactory(secretariat=True)


@pytest.fixture
def review():
    return CountryReviewFactory(
        status=CountryReview.Status.ACTIVE,
        current_step=WorkflowStep.objects.get(mechanism__code="irm", code="desk_review"),
        started_on=D(2017, 3, 1),
    )


def test_the_secretariat_records_a_decision_on_what_it_rests_on(staff, review):
    with pytest.raises(ValidationError) as error:
        consent_record(actor=staff, review=review, item="timeline", decision="granted")
    assert "message" in error.value.message_dict  # no basis: refused
    note = incoming_note_register(actor=staff, state=state("KEN"), received_on=D(2019, 5, 2), subject="Publication")
    decision = consent_record(
        actor=staff, review=review, item="timeline", decision="granted", decided_on=D(2019, 5, 2), incoming_note=note
    )
    assert decision.recorded_by == staff and decision.incoming_note == note
    assert consent_selectors.granted(review, "timeline")
    event = ReviewEvent.objects.get(kind=ReviewEvent.Kind.CONSENT_CHANGED)
    assert event.data == {"item": "timeline", "decision": "granted", "decided_on": "2019-05-02"}


def test_bad_decisions_are_refused_on_their_field(staff, review):
    uganda_note = incoming_note_register(actor=staff, state=state("UGA"), received_on=D(2019, 5, 2), subject="x")
    with pytest.raises(ValidationError) as error:
        consent_record(
            actor=staff,
            review=review,
            item="everything",
            decision="maybe",
            decided_on=timezone.localdate() + datetime.timedelta(days=1),
            incoming_note=uganda_note,
        )
    assert set(error.value.message_dict) >= {"item", "decision", "decided_on", "incoming_note"}
    assert not ConsentDecision.objects.exists()


def test_only_the_state_under_review_decides(review):
    for outsider in (UserFactory(focal_point=True, state=state("UGA")), UserFactory(expert=True), UserFactory()):
        with pytest.raises(PermissionDenied):
            consent_record(actor=outsider, review=review, item="timeline", decision="granted", message="x")
    kenya = UserFactory(focal_point=True)
    decision = consent_record(actor=kenya, review=review, item="focal_point_contacts", decision="granted")
    assert decision.message == "Recorded by the State's focal point."
    review.refresh_from_db()
    assert review.focal_point_contacts_public


def test_the_latest_decision_is_in_force_and_the_flags_follow(staff, review):
    report = ReviewReport.objects.create(review=review, kind=ReviewReport.Kind.COUNTRY_REPORT, status="published")
    checklist = Checklist.objects.create(review=review)
    for item in ("full_report", "self_assessment"):
        consent_record(actor=staff, review=review, item=item, decision="granted", message="E-mail of 3 May")
    report.refresh_from_db()
    checklist.refresh_from_db()
    assert report.consent_to_publish and report.is_public and checklist.consent_to_publish
    for item in ("full_report", "self_assessment"):
        consent_record(actor=staff, review=review, item=item, decision="refused", message="Withdrawn by note")
    report.refresh_from_db()
    checklist.refresh_from_db()
    assert not report.consent_to_publish and not report.is_public and not checklist.consent_to_publish
    assert not consent_selectors.granted(review, "full_report")
    assert len(consent_selectors.ledger(review)) == 4


def test_flags_recorded_before_the_ledger_are_carried_over(staff, review):
    migration = import_module("reviews.migrations.0013_consent_ledger")
    ReviewReport.objects.create(
        review=review, kind="country_report", status="agreed", consent_to_publish=True, agreed_on=D(2019, 1, 5)
    )
    CountryReview.objects.filter(pk=review.pk).update(focal_point_contacts_public=True)
    migration.carry_over(apps, None)
    in_force = consent_selectors.decisions([review])
    assert consent_selectors.decision_of(in_force, review, "full_report") == "granted"
    assert consent_selectors.decision_of(in_force, review, "focal_point_contacts") == "granted"
    assert consent_selectors.decision_of(in_force, review, "timeline") == "not_asked"


# --- The review page -------------------------------------------------------------------------------


def test_the_secretariat_records_a_decision_from_the_review_page(client, staff, review):
    client.force_login(staff)
    url = reverse("reviews:review_consent", args=[review.pk])
    bad = client.post(
        url, {"consent-item": "timeline", "consent-decision": "granted", "consent-decided_on": "2019-05-02"}
    )
    assert bad.status_code == 422 and "Say what the decision rests on" in bad.content.decode()
    ok = client.post(
        url,
        {
            "consent-item": "timeline",
            "consent-decision": "granted",
            "consent-decided_on": "2019-05-02",
            "consent-message": "E-mail of the focal point of 2 May 2019",
        },
    )
    assert ok.status_code == 302
    page = client.get(reverse("reviews:review_detail", args=[review.pk])).content.decode()
    assert "E-mail of the focal point of 2 May 2019" in page


@pytest.mark.parametrize("who,sees", [("focal", True), ("expert", False), ("other focal", False)])
def test_who_sees_and_records_consent_on_the_review_page(client, review, who, sees):
    user = {
        "focal": lambda: UserFactory(focal_point=True),
        "expert": lambda: UserFactory(expert=True),
        "other focal": lambda: UserFactory(focal_point=True, state=state("UGA")),
    }[who]()
    ParticipantFactory(review=review, user=user)
    client.force_login(user)
    page = client.get(reverse("reviews:review_detail", args=[review.pk]))
    assert ("Publication: what the State agreed to" in page.content.decode()) == sees
    response = client.post(
        reverse("reviews:review_consent", args=[review.pk]),
        {"consent-item": "timeline", "consent-decision": "granted", "consent-decided_on": "2019-05-02"},
    )
    assert response.status_code == (302 if sees else 404)
    assert ConsentDecision.objects.exists() == sees


# --- The public State page asks the ledger -----------------------------------------------------------


def test_the_timeline_and_the_focal_point_are_public_only_with_consent(client, staff, review):
    focal = UserFactory(first_name="Wanjiru", last_name="Kamau", focal_point=True, organization="EACC")
    ParticipantFactory(review=review, user=focal)
    review_complete_step(review=review, actor=staff, on=D(2017, 6, 1), notify=False)
    page = client.get("/en/states/KEN/").content.decode()
    assert "Timeline of the review" not in page and "Kamau" not in page and "1 June 2017" not in page
    consent_record(actor=staff, review=review, item="timeline", decision="granted", message="Note of 2 May")
    consent_record(actor=staff, review=review, item="focal_point_contacts", decision="granted", message="Same note")
    page = client.get("/en/states/KEN/").content.decode()
    assert "Timeline of the review" in page and "1 June 2017" in page
    assert "Wanjiru Kamau" in page and focal.email in page
    consent_record(actor=staff, review=review, item="timeline", decision="refused", message="Withdrawn")
    page = client.get("/en/states/KEN/").content.decode()
    assert "Timeline of the review" not in page and "Wanjiru Kamau" in page


def test_the_latest_self_assessment_is_public_only_with_consent(staff, review, django_capture_on_commit_callbacks):
    from documents.kinds import kind_for
    from documents.models import Rendition
    from reviews.models import ChecklistSubmission

    checklist = Checklist.objects.create(review=review)
    first = ChecklistSubmission.objects.create(checklist=checklist, number=1, answers=[])
    second = ChecklistSubmission.objects.create(checklist=checklist, number=2, answers=[])
    kind = kind_for(second)
    assert not kind.is_public(second)
    consent_record(actor=staff, review=review, item="self_assessment", decision="granted", message="Note of 2 May")
    assert kind.is_public(second) and not kind.is_public(first)  # the latest version only
    # Its PDF is asked of the workers, for the public page to offer.
    assert Rendition.objects.for_document(second).exists()
    consent_record(actor=staff, review=review, item="self_assessment", decision="refused", message="Withdrawn")
    assert not kind.is_public(second)


def test_the_follow_up_is_public_only_with_consent_and_a_published_summary(client, staff, review):
    from tests.factories import FindingFactory
    from tests.public.test_findings import summary

    FindingFactory(
        review=review,
        kind="recommendation",
        text_en="Adopt a whistle-blower protection law.",
        follow_up_status="implemented",
        follow_up_on=D(2021, 3, 1),
        follow_up_note="Law 12 of 2021 in force.",
    )
    consent_record(actor=staff, review=review, item="follow_up", decision="granted", message="Note of 2 May")
    assert "Law 12 of 2021" not in client.get("/en/states/KEN/").content.decode()  # no published summary yet
    summary(review)
    page = client.get("/en/states/KEN/").content.decode()
    assert "Follow-up of the recommendations" in page and "Law 12 of 2021 in force." in page and "1 March 2021" in page
    consent_record(actor=staff, review=review, item="follow_up", decision="refused", message="Withdrawn")
    assert "Law 12 of 2021" not in client.get("/en/states/KEN/").content.decode()
