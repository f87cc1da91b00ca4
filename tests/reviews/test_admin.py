"""The admin as the secretariat uses it for reviews and the workflow."""

import datetime

import pytest
from django.urls import reverse

from reviews.models import WorkflowStep
from reviews.services import workflow
from tests.factories import CountryReviewFactory, UserFactory

pytestmark = pytest.mark.usefixtures("reference_data")


@pytest.fixture
def staff(client):
    user = UserFactory(secretariat=True)
    client.force_login(user)
    return user


def test_review_admin_lists_and_opens(client, staff, django_assert_max_num_queries):
    review = CountryReviewFactory()
    with django_assert_max_num_queries(20):
        assert client.get(reverse("admin:reviews_countryreview_changelist")).status_code == 200
    assert client.get(reverse("admin:reviews_countryreview_change", args=[review.pk])).status_code == 200
    assert client.get(reverse("admin:reviews_lotdraw_changelist")).status_code == 200


def test_changing_a_duration_in_the_admin_moves_the_deadlines(client, staff):
    review = CountryReviewFactory()
    on = datetime.date.today() - datetime.timedelta(days=5)
    workflow.review_complete_step(review=review, actor=staff, on=on, notify=False)
    review.refresh_from_db()
    assert review.current_due == on + datetime.timedelta(days=21)
    step = WorkflowStep.objects.get(mechanism__code="irm", code="focal_point_named")
    data = {f"name_{code}": getattr(step, f"name_{code}") for code in ("en", "fr", "es", "ru", "ar", "zh_hans")}
    data |= {
        "mechanism": step.mechanism_id,
        "code": step.code,
        "order": step.order,
        "indicative_days": 30,
        "actor_roles": "[]",
    }
    response = client.post(reverse("admin:reviews_workflowstep_change", args=[step.pk]), data, follow=True)
    assert response.status_code == 200
    assert "was recomputed" in response.content.decode()
    review.refresh_from_db()
    assert review.current_due == on + datetime.timedelta(days=30)
    # The change is in the step's history, with who made it.
    latest = step.history.order_by("-history_date").first()
    assert latest.indicative_days == 30 and latest.history_user == staff
    assert client.get(reverse("admin:reviews_workflowstep_history", args=[step.pk])).status_code == 200


def test_the_secretariat_manages_accounts_but_cannot_grant_superuser(client, staff):
    focal_point = UserFactory(focal_point=True)
    url = reverse("admin:accounts_user_change", args=[focal_point.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="is_superuser"' not in page.content.decode()
    admin_user = UserFactory(username="root", is_superuser=True, is_staff=True, role="", state=None)
    # A superuser's account can be read but not changed by the secretariat.
    response = client.get(reverse("admin:accounts_user_change", args=[admin_user.pk]))
    assert response.context["has_change_permission"] is False
    post = client.post(reverse("admin:accounts_user_change", args=[admin_user.pk]), {"username": "hijacked"})
    assert post.status_code == 403
    admin_user.refresh_from_db()
    assert admin_user.username == "root"


def test_people_on_a_review_must_fit_their_role(staff):
    from django.core.exceptions import ValidationError

    from reviews.models import Participant
    from tests.factories import ReviewerAssignmentFactory, state

    review = CountryReviewFactory()  # Kenya
    ReviewerAssignmentFactory(review=review, state=state("UGA"))
    ok = [
        Participant(review=review, user=UserFactory(focal_point=True), role="focal_point"),
        Participant(
            review=review,
            user=UserFactory(expert=True, state=state("UGA")),
            role="expert",
            reviewing_state=state("UGA"),
        ),
        Participant(review=review, user=staff, role="secretariat"),
        Participant(review=review, user=UserFactory(), role="observer"),
    ]
    for participant in ok:
        participant.full_clean()
    wrong = [
        Participant(review=review, user=UserFactory(focal_point=True, state=state("UGA")), role="focal_point"),
        Participant(review=review, user=UserFactory(expert=True), role="expert", reviewing_state=state("FRA")),
        Participant(review=review, user=UserFactory(expert=True), role="expert", reviewing_state=state("UGA")),
        Participant(review=review, user=UserFactory(focal_point=True), role="expert", reviewing_state=state("UGA")),
        Participant(review=review, user=UserFactory(), role="secretariat"),
    ]
    for participant in wrong:
        with pytest.raises(ValidationError):
            participant.full_clean()


def test_naming_a_person_in_the_admin_is_recorded_in_the_history(client, staff):
    from reviews.models import ReviewEvent

    review = CountryReviewFactory()
    focal_point = UserFactory(focal_point=True, first_name="Amina", last_name="Odhiambo")
    url = reverse("admin:reviews_countryreview_change", args=[review.pk])
    prefix = "participants"
    data = {
        "working_languages": "[]",
        "reviewer_assignments-TOTAL_FORMS": "0",
        "reviewer_assignments-INITIAL_FORMS": "0",
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-0-user": focal_point.pk,
        f"{prefix}-0-role": "focal_point",
        f"{prefix}-0-active": "on",
        f"{prefix}-0-review": review.pk,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    event = ReviewEvent.objects.get(review=review, kind=ReviewEvent.Kind.PARTICIPANT_ADDED)
    assert event.actor == staff and "Amina Odhiambo" in event.comment
