"""Who sees and who moves a country review: one role matrix, asked of every predicate.

Kenya's UNCAC review is at the desk review (a step the governmental experts may record);
France is its reviewing State. Uganda's review exists beside it, to show what is *not* seen.
"""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from reviews.access import can_complete_step, can_manage_review, can_view_review
from reviews.models import CountryReview, ReviewEvent, ReviewPause, StepCompletion, WorkflowStep
from reviews.services.workflow import (
    review_complete_step,
    review_pause,
    review_resume,
    workflow_step_set_duration,
)
from tests.factories import CountryReviewFactory, ParticipantFactory, ReviewerAssignmentFactory, UserFactory, state

D = datetime.date

pytestmark = pytest.mark.usefixtures("reference_data")


@pytest.fixture
def staff():
    return UserFactory(secretariat=True)


@pytest.fixture
def steps():
    return {s.code: s for s in WorkflowStep.objects.filter(mechanism__code="irm")}


def _advance(review, actor, *dates):
    for on in dates:
        review_complete_step(review=review, actor=actor, on=on, notify=False)
    review.refresh_from_db()
    return review


@pytest.fixture
def kenya(staff):
    """Kenya's review, notified 2017-01-10 and now at the desk review."""
    review = CountryReviewFactory(state=state("KEN"))
    ReviewerAssignmentFactory(review=review, state=state("FRA"), basis="other_group")
    _advance(review, staff, D(2017, 1, 10), D(2017, 1, 31), D(2017, 3, 1), D(2017, 5, 1))
    assert review.current_step.code == "desk_review" and review.status == CountryReview.Status.ACTIVE
    return review


@pytest.fixture
def uganda():
    return CountryReviewFactory(state=state("UGA"))


def _participant(review, user, **kwargs):
    ParticipantFactory(review=review, user=user, **kwargs)
    return user


#: name -> how to make the person, given Kenya's and Uganda's reviews
PEOPLE = {
    "secretariat": lambda ken, uga: UserFactory(secretariat=True),
    "superuser": lambda ken, uga: UserFactory(is_superuser=True, is_staff=True, role="", state=None),
    "focal_point_with_participant": lambda ken, uga: _participant(ken, UserFactory(focal_point=True)),
    "focal_point_without_participant": lambda ken, uga: UserFactory(focal_point=True),
    "focal_point_of_another_state": lambda ken, uga: UserFactory(focal_point=True, state=state("UGA")),
    "expert_assigned": lambda ken, uga: _participant(ken, UserFactory(expert=True)),
    "expert_not_assigned": lambda ken, uga: UserFactory(expert=True),
    "expert_assigned_elsewhere": lambda ken, uga: _participant(uga, UserFactory(expert=True)),
    "expert_removed": lambda ken, uga: _participant(ken, UserFactory(expert=True), active=False),
    "expert_only_observing": lambda ken, uga: _participant(ken, UserFactory(expert=True), role="observer"),
    "observer_assigned": lambda ken, uga: _participant(ken, UserFactory()),
    "observer_not_assigned": lambda ken, uga: UserFactory(),
    "anonymous": lambda ken, uga: AnonymousUser(),
    "inactive_secretariat": lambda ken, uga: UserFactory(secretariat=True, is_active=False),
    "inactive_focal_point": lambda ken, uga: _participant(ken, UserFactory(focal_point=True, is_active=False)),
    "inactive_expert_assigned": lambda ken, uga: _participant(ken, UserFactory(expert=True, is_active=False)),
}

# Which reviews each person sees, and what they may do on Kenya's review:
#   manage = pause, resume, draw lots, change the workflow
#   desk   = record the desk review (experts listed on the step)
#   other  = record a secretariat-only step (report agreed)
MATRIX = {
    #                                  sees          manage desk   other
    "secretariat": ({"KEN", "UGA"}, True, True, True),
    "superuser": ({"KEN", "UGA"}, True, True, True),
    "focal_point_with_participant": ({"KEN"}, False, False, False),
    "focal_point_without_participant": ({"KEN"}, False, False, False),
    "focal_point_of_another_state": ({"UGA"}, False, False, False),
    "expert_assigned": ({"KEN"}, False, True, False),
    "expert_not_assigned": (set(), False, False, False),
    "expert_assigned_elsewhere": ({"UGA"}, False, False, False),
    "expert_removed": (set(), False, False, False),
    "expert_only_observing": ({"KEN"}, False, False, False),
    "observer_assigned": ({"KEN"}, False, False, False),
    "observer_not_assigned": (set(), False, False, False),
    "anonymous": (set(), False, False, False),
    "inactive_secretariat": (set(), False, False, False),
    "inactive_focal_point": (set(), False, False, False),
    "inactive_expert_assigned": (set(), False, False, False),
}
assert set(MATRIX) == set(PEOPLE)


@pytest.fixture(params=sorted(PEOPLE))
def person(request, kenya, uganda):
    return request.param, PEOPLE[request.param](kenya, uganda)


def test_visible_to(person, kenya, uganda):
    name, user = person
    sees = MATRIX[name][0]
    assert set(CountryReview.objects.visible_to(user).values_list("state__code", flat=True)) == sees
    assert can_view_review(user, kenya) is ("KEN" in sees)
    assert can_view_review(user, uganda) is ("UGA" in sees)


def test_can_manage_review(person, kenya):
    name, user = person
    assert can_manage_review(user, kenya) is MATRIX[name][1]
    assert can_manage_review(user) is MATRIX[name][1]


def test_can_complete_step(person, kenya, steps):
    name, user = person
    _sees, _manage, desk, other = MATRIX[name]
    assert can_complete_step(user, kenya) is desk  # the current step: the desk review
    assert can_complete_step(user, kenya, steps["desk_review"]) is desk
    assert can_complete_step(user, kenya, steps["report_agreed"]) is other


def test_nobody_records_a_step_of_a_paused_or_completed_review(person, kenya, staff):
    name, user = person
    review_pause(review=kenya, actor=staff, reason="State request", on=D(2017, 5, 2))
    kenya.refresh_from_db()
    assert can_complete_step(user, kenya) is False
    review_resume(review=kenya, actor=staff, on=D(2017, 5, 3))
    kenya.refresh_from_db()
    assert can_complete_step(user, kenya) is MATRIX[name][2]
    CountryReview.objects.filter(pk=kenya.pk).update(status=CountryReview.Status.COMPLETED, current_step=None)
    kenya.refresh_from_db()
    assert can_complete_step(user, kenya) is False


def _history(review):
    review = CountryReview.objects.get(pk=review.pk)
    return (
        (review.status, review.current_step_id, review.current_due, review.updated_at),
        list(StepCompletion.objects.filter(review=review).values_list("step_id", "completed_on", "recorded_by_id")),
        list(ReviewPause.objects.filter(review=review).values_list("paused_on", "resumed_on")),
        list(ReviewEvent.objects.filter(review=review).values_list("pk", flat=True)),
    )


@pytest.mark.parametrize("name", [name for name, row in sorted(MATRIX.items()) if not row[2]])
def test_review_complete_step_is_refused_and_changes_nothing(name, kenya, uganda):
    user = PEOPLE[name](kenya, uganda)
    before = _history(kenya)
    with pytest.raises(PermissionDenied):
        review_complete_step(review=kenya, actor=user, on=D(2017, 5, 20))
    assert _history(kenya) == before


def test_a_focal_point_cannot_advance_any_step(kenya, staff, steps):
    focal = _participant(kenya, UserFactory(focal_point=True))
    for step in steps.values():
        assert can_complete_step(focal, kenya, step) is False, step.code
    before = _history(kenya)
    with pytest.raises(PermissionDenied):
        review_complete_step(review=kenya, actor=focal, on=D(2017, 5, 20), comment="done")
    assert _history(kenya) == before
    _advance(kenya, staff, D(2017, 5, 20))  # the secretariat moves on to the active dialogue
    with pytest.raises(PermissionDenied):
        review_complete_step(review=kenya, actor=focal, on=D(2017, 6, 1))


def test_an_assigned_expert_records_the_desk_review_and_nothing_else(kenya):
    expert = _participant(kenya, UserFactory(expert=True))
    completion = review_complete_step(review=kenya, actor=expert, on=D(2017, 5, 20), comment="Questions sent")
    assert (completion.step.code, completion.recorded_by) == ("desk_review", expert)
    assert kenya.events.filter(kind=ReviewEvent.Kind.STEP_COMPLETED, actor=expert, step__code="desk_review").exists()
    kenya.refresh_from_db()
    assert kenya.current_step.code == "active_dialogue"
    before = _history(kenya)
    with pytest.raises(PermissionDenied):
        review_complete_step(review=kenya, actor=expert, on=D(2017, 6, 1))
    assert _history(kenya) == before


@pytest.mark.parametrize(
    "name", ["focal_point_with_participant", "expert_assigned", "observer_assigned", "inactive_secretariat"]
)
def test_only_the_secretariat_pauses_resumes_and_changes_durations(name, kenya, uganda, staff, steps):
    user = PEOPLE[name](kenya, uganda)
    before = _history(kenya)
    with pytest.raises(PermissionDenied):
        review_pause(review=kenya, actor=user, reason="State request", on=D(2017, 5, 2))
    assert _history(kenya) == before
    review_pause(review=kenya, actor=staff, reason="State request", on=D(2017, 5, 2))
    paused = _history(kenya)
    with pytest.raises(PermissionDenied):
        review_resume(review=kenya, actor=user, on=D(2017, 5, 3))
    assert _history(kenya) == paused
    with pytest.raises(PermissionDenied):
        workflow_step_set_duration(step=steps["desk_review"], days=1, actor=user)
    assert WorkflowStep.objects.get(pk=steps["desk_review"].pk).indicative_days == 30
