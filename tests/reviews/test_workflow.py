"""The country review as a state machine: deadline arithmetic and the workflow services.

``timeline()`` is pure: it is tested first with hand-built, unsaved objects, then with the
real UNCAC workflow. The services are tested for what they record, what they refuse, and
that a refused call leaves the database exactly as it was.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from reviews.models import CountryReview, ReviewEvent, ReviewPause, StepCompletion, WorkflowStep
from reviews.services.workflow import (
    review_complete_step,
    review_pause,
    review_resume,
    review_timeline,
    timeline,
    workflow_step_set_duration,
)
from tests.factories import CountryReviewFactory, UserFactory, cycle, state

D = datetime.date
ACTIVE, PAUSED, SCHEDULED, COMPLETED = (
    CountryReview.Status.ACTIVE,
    CountryReview.Status.PAUSED,
    CountryReview.Status.SCHEDULED,
    CountryReview.Status.COMPLETED,
)
UNCAC_STEPS = [
    "notification",
    "focal_point_named",
    "initial_teleconference",
    "self_assessment",
    "desk_review",
    "active_dialogue",
    "draft_report",
    "report_agreed",
    "summary_translated",
    "published",
    "follow_up",
]
UNTOC_STEPS = ["notification", "questionnaire", "written_feedback", "observations_agreed", "summary", "published"]


# --- helpers ---------------------------------------------------------------------------------


def hand_steps(*durations):
    """Unsaved steps s1, s2... with the given indicative durations."""
    return [
        WorkflowStep(pk=i, code=f"s{i}", order=i, name=f"Step {i}", indicative_days=d)
        for i, d in enumerate(durations, 1)
    ]


def done(step, on):
    return StepCompletion(step=step, completed_on=on)


def paused(step, start, end=None):
    return ReviewPause(step=step, paused_on=start, resumed_on=end, reason="State request")


def at(step, status=ACTIVE):
    return CountryReview(current_step=step, status=status)


def by_code(entries):
    return {entry.step.code: entry for entry in entries}


def advance(review, actor, *dates):
    """Complete the review's next steps on the given dates (without notifications)."""
    for on in dates:
        review_complete_step(review=review, actor=actor, on=on, notify=False)
    review.refresh_from_db()
    return review


def snapshot():
    """Everything a refused call could have changed."""
    rows = {
        StepCompletion: ("review_id", "step_id", "completed_on", "recorded_by_id", "comment"),
        ReviewPause: ("review_id", "step_id", "paused_on", "resumed_on", "reason"),
        ReviewEvent: ("review_id", "kind", "step_id"),
        WorkflowStep: ("order", "indicative_days"),
        CountryReview: ("status", "current_step_id", "current_due", "started_on", "updated_at"),
    }
    return {model: list(model.objects.order_by("pk").values_list("pk", *fields)) for model, fields in rows.items()}


def assert_refused(exc_type, call, field=None, match=None):
    """``call`` raises ``exc_type`` (with a message, on ``field`` if given) and changes nothing."""
    before = snapshot()
    with pytest.raises(exc_type) as info:
        call()
    assert snapshot() == before
    if exc_type is ValidationError:
        assert info.value.messages and all(message.strip() for message in info.value.messages)
        if field:
            assert field in info.value.message_dict, info.value
        if match:
            assert any(match in message for message in info.value.messages), info.value.messages
    return info.value


# --- timeline(): pure arithmetic with hand-built objects ---------------------------------------


class TestTimelineArithmetic:
    def test_nothing_is_planned_before_the_first_step_is_done(self):
        s1, s2, s3 = hand_steps(None, 21, 30)
        entries = timeline(at(s1, SCHEDULED), [s1, s2, s3], [], [], today=D(2017, 1, 1))
        assert [e.indicative for e in entries] == [None, None, None]
        assert [e.is_current for e in entries] == [True, False, False]
        assert not any(e.is_overdue for e in entries)
        assert [e.delay_days for e in entries] == [None, None, None]

    def test_indicative_date_is_the_previous_actual_date_plus_the_duration(self):
        s1, s2, s3, s4 = hand_steps(None, 21, 30, 61)
        entries = timeline(
            at(s3), [s1, s2, s3, s4], [done(s1, D(2017, 1, 10)), done(s2, D(2017, 2, 5))], [], today=D(2017, 2, 20)
        )
        assert [e.indicative for e in entries] == [None, D(2017, 1, 31), D(2017, 3, 7), D(2017, 5, 7)]
        assert [e.actual for e in entries] == [D(2017, 1, 10), D(2017, 2, 5), None, None]
        assert [e.is_done for e in entries] == [True, True, False, False]

    def test_while_a_step_is_to_come_the_next_is_projected_from_its_indicative_date(self):
        s1, s2, s3 = hand_steps(None, 21, 30)
        entries = timeline(at(s2), [s1, s2, s3], [done(s1, D(2017, 1, 10))], [], today=D(2017, 1, 20))
        assert [e.indicative for e in entries] == [None, D(2017, 1, 31), D(2017, 3, 2)]

    def test_a_step_without_duration_has_no_date_and_breaks_the_projection(self):
        s1, s2, s3, s4 = hand_steps(None, 21, None, 30)
        entries = timeline(at(s2), [s1, s2, s3, s4], [done(s1, D(2017, 1, 10))], [], today=D(2017, 1, 20))
        assert [e.indicative for e in entries] == [None, D(2017, 1, 31), None, None]
        # once it is done, its actual date is the base again
        entries = timeline(
            at(s4),
            [s1, s2, s3, s4],
            [done(s1, D(2017, 1, 10)), done(s2, D(2017, 2, 1)), done(s3, D(2017, 6, 1))],
            [],
            today=D(2017, 6, 2),
        )
        assert [e.indicative for e in entries] == [None, D(2017, 1, 31), None, D(2017, 7, 1)]

    @pytest.mark.parametrize(
        ("actual", "delay"),
        [(D(2017, 1, 31), 0), (D(2017, 2, 5), 5), (D(2017, 1, 25), -6), (D(2017, 3, 3), 31)],
    )
    def test_delay_in_days_positive_late_negative_early(self, actual, delay):
        s1, s2, s3 = hand_steps(None, 21, 30)
        entries = timeline(at(s3), [s1, s2, s3], [done(s1, D(2017, 1, 10)), done(s2, actual)], [], today=actual)
        assert entries[1].delay_days == delay
        assert entries[0].delay_days is None  # the first step has no indicative date
        assert entries[2].indicative == actual + datetime.timedelta(days=30)
        assert not entries[1].is_overdue  # a done step is never overdue

    @pytest.mark.parametrize(
        ("today", "overdue", "delay"),
        [
            (D(2017, 1, 30), False, None),
            (D(2017, 1, 31), False, None),
            (D(2017, 2, 1), True, 1),
            (D(2017, 4, 1), True, 60),
        ],
    )
    def test_the_current_step_is_overdue_once_its_date_has_passed(self, today, overdue, delay):
        s1, s2, s3 = hand_steps(None, 21, 30)
        entries = timeline(at(s2), [s1, s2, s3], [done(s1, D(2017, 1, 10))], [], today=today)
        assert entries[1].is_overdue is overdue
        assert entries[1].delay_days == delay

    def test_only_the_current_step_is_overdue(self):
        s1, s2, s3 = hand_steps(None, 21, 30)
        entries = timeline(at(s2), [s1, s2, s3], [done(s1, D(2017, 1, 10))], [], today=D(2017, 4, 1))
        # s3's projected date (2017-03-02) has passed too, but s3 is not the current step
        assert entries[2].indicative == D(2017, 3, 2)
        assert [e.is_overdue for e in entries] == [False, True, False]
        assert entries[2].delay_days is None

    def test_a_paused_review_is_not_overdue(self):
        s1, s2, s3 = hand_steps(None, 21, 30)
        entries = timeline(
            at(s2, PAUSED), [s1, s2, s3], [done(s1, D(2017, 1, 10))], [paused(s2, D(2017, 1, 20))], today=D(2017, 6, 1)
        )
        assert not any(e.is_overdue for e in entries)
        assert entries[1].delay_days is None

    def test_a_pause_of_ten_days_moves_that_step_by_ten_days(self):
        s1, s2, s3 = hand_steps(None, 21, 30)
        pauses = [paused(s2, D(2017, 1, 15), D(2017, 1, 25))]
        entries = timeline(at(s2), [s1, s2, s3], [done(s1, D(2017, 1, 10))], pauses, today=D(2017, 1, 26))
        assert entries[1].indicative == D(2017, 2, 10)  # 2017-01-31 + 10
        assert entries[1].paused_days == 10
        assert entries[2].indicative == D(2017, 3, 12)  # projected from the moved date
        assert entries[2].paused_days == 0
        assert entries[0].actual == D(2017, 1, 10)  # earlier dates are untouched

    def test_pauses_of_the_same_step_add_up(self):
        s1, s2 = hand_steps(None, 21)
        pauses = [paused(s2, D(2017, 1, 12), D(2017, 1, 15)), paused(s2, D(2017, 1, 20), D(2017, 1, 27))]
        entries = timeline(at(s2), [s1, s2], [done(s1, D(2017, 1, 10))], pauses, today=D(2017, 2, 1))
        assert entries[1].paused_days == 10
        assert entries[1].indicative == D(2017, 2, 10)

    def test_an_open_pause_counts_until_today(self):
        s1, s2 = hand_steps(None, 21)
        entries = timeline(
            at(s2, PAUSED), [s1, s2], [done(s1, D(2017, 1, 10))], [paused(s2, D(2017, 1, 15))], today=D(2017, 1, 20)
        )
        assert entries[1].paused_days == 5
        assert entries[1].indicative == D(2017, 2, 5)

    def test_a_pause_in_a_finished_step_does_not_move_the_next_one(self):
        s1, s2, s3 = hand_steps(None, 21, 30)
        pauses = [paused(s2, D(2017, 1, 15), D(2017, 1, 25))]
        completions = [done(s1, D(2017, 1, 10)), done(s2, D(2017, 2, 8))]
        entries = timeline(at(s3), [s1, s2, s3], completions, pauses, today=D(2017, 2, 9))
        assert entries[1].indicative == D(2017, 2, 10)
        assert entries[1].delay_days == -2  # early against the moved date
        assert entries[2].indicative == D(2017, 3, 10)  # from the actual date only
        assert entries[2].paused_days == 0

    def test_a_completed_review_has_no_current_step(self):
        s1, s2 = hand_steps(None, 21)
        entries = timeline(
            at(None, COMPLETED), [s1, s2], [done(s1, D(2017, 1, 10)), done(s2, D(2017, 3, 1))], [], today=D(2018, 1, 1)
        )
        assert not any(e.is_current or e.is_overdue for e in entries)
        assert entries[1].delay_days == 29


# --- timeline() with the real UNCAC workflow ----------------------------------------------------


@pytest.fixture
def uncac_steps(reference_data):
    return list(WorkflowStep.objects.filter(mechanism__code="irm").order_by("order"))


def test_the_uncac_workflow_is_the_one_described(uncac_steps):
    assert [s.code for s in uncac_steps] == UNCAC_STEPS
    days = {s.code: s.indicative_days for s in uncac_steps}
    assert days["notification"] is None and days["follow_up"] is None
    assert days["focal_point_named"] == 21  # 3 weeks
    assert days["initial_teleconference"] == 30  # ~1 month
    assert {s.code for s in uncac_steps if s.actor_roles} == {"desk_review", "draft_report"}


def test_uncac_timeline_from_notification_to_publication(uncac_steps):
    steps = {s.code: s for s in uncac_steps}
    completions = [
        done(steps["notification"], D(2017, 1, 10)),
        done(steps["focal_point_named"], D(2017, 2, 5)),
    ]
    review = at(steps["initial_teleconference"])
    entries = by_code(timeline(review, uncac_steps, completions, [], today=D(2017, 2, 20)))
    assert {code: entries[code].indicative for code in UNCAC_STEPS} == {
        "notification": None,
        "focal_point_named": D(2017, 1, 31),  # actual notification + 21
        "initial_teleconference": D(2017, 3, 7),  # actual focal point (5 days late) + 30
        "self_assessment": D(2017, 5, 7),  # projected + 61
        "desk_review": D(2017, 6, 6),
        "active_dialogue": D(2017, 8, 6),
        "draft_report": D(2017, 10, 6),
        "report_agreed": D(2017, 11, 5),
        "summary_translated": D(2018, 1, 5),
        "published": D(2018, 2, 4),
        "follow_up": None,
    }
    assert entries["focal_point_named"].delay_days == 5
    assert entries["initial_teleconference"].is_current and not entries["initial_teleconference"].is_overdue
    late = by_code(timeline(review, uncac_steps, completions, [], today=D(2017, 3, 17)))
    assert late["initial_teleconference"].is_overdue and late["initial_teleconference"].delay_days == 10
    assert [code for code, entry in late.items() if entry.is_overdue] == ["initial_teleconference"]


# --- review_complete_step ----------------------------------------------------------------------


@pytest.fixture
def staff(reference_data):
    return UserFactory(secretariat=True)


@pytest.fixture
def review(reference_data):
    return CountryReviewFactory()


def test_the_first_step_starts_the_review(review, staff, django_capture_on_commit_callbacks):
    assert review.status == SCHEDULED and review.current_step.code == "notification"
    with django_capture_on_commit_callbacks() as callbacks:
        completion = review_complete_step(review=review, actor=staff, on=D(2017, 1, 10), comment="Note CU 2017/1")
    assert len(callbacks) == 1  # the people on the review are notified after the commit
    review.refresh_from_db()
    assert review.status == ACTIVE
    assert review.started_on == D(2017, 1, 10)
    assert review.current_step.code == "focal_point_named"
    assert review.current_due == D(2017, 1, 31)
    completion.refresh_from_db()
    assert completion.step.code == "notification"
    assert (completion.completed_on, completion.recorded_by, completion.comment) == (
        D(2017, 1, 10),
        staff,
        "Note CU 2017/1",
    )
    assert abs(timezone.now() - completion.recorded_at) < datetime.timedelta(minutes=5)
    event = review.events.get()
    assert event.kind == ReviewEvent.Kind.STEP_COMPLETED
    assert (event.step.code, event.actor, event.comment) == ("notification", staff, "Note CU 2017/1")
    assert event.data == {"completed_on": "2017-01-10", "next_step": "focal_point_named"}


def test_the_next_indicative_date_is_computed_from_the_actual_date(review, staff):
    advance(review, staff, D(2017, 1, 10), D(2017, 2, 5))
    assert review.started_on == D(2017, 1, 10)  # set once
    assert review.current_step.code == "initial_teleconference"
    assert review.current_due == D(2017, 3, 7)
    assert list(review.completions.values_list("step__code", "completed_on")) == [
        ("notification", D(2017, 1, 10)),
        ("focal_point_named", D(2017, 2, 5)),
    ]
    assert review.events.count() == 2


def test_without_notify_nothing_is_enqueued(review, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        review_complete_step(review=review, actor=staff, on=D(2017, 1, 10), notify=False)
    assert callbacks == []


def test_the_date_defaults_to_today_and_may_equal_the_previous_one(review, staff):
    advance(review, staff, D(2017, 1, 10), D(2017, 1, 10))
    completion = review_complete_step(review=review, actor=staff)
    assert completion.completed_on == timezone.localdate()


def test_a_future_date_is_refused(review, staff):
    advance(review, staff, D(2017, 1, 10))
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert_refused(ValidationError, lambda: review_complete_step(review=review, actor=staff, on=tomorrow), "on")


def test_a_date_before_the_previous_step_is_refused(review, staff):
    advance(review, staff, D(2017, 1, 10), D(2017, 2, 5))
    assert_refused(
        ValidationError,
        lambda: review_complete_step(review=review, actor=staff, on=D(2017, 2, 4)),
        "on",
        match="2017-02-05",
    )


def test_a_paused_review_cannot_advance(review, staff):
    advance(review, staff, D(2017, 1, 10))
    review_pause(review=review, actor=staff, reason="State request", on=D(2017, 1, 20))
    assert_refused(ValidationError, lambda: review_complete_step(review=review, actor=staff, on=D(2017, 1, 25)))


def test_the_whole_uncac_workflow_to_completed(review, staff):
    dates = [D(2017, 1, 10) + datetime.timedelta(days=40 * i) for i in range(len(UNCAC_STEPS))]
    for code, on in zip(UNCAC_STEPS, dates, strict=True):
        review.refresh_from_db()
        assert review.current_step.code == code
        review_complete_step(review=review, actor=staff, on=on, notify=False)
    review.refresh_from_db()
    assert review.status == COMPLETED
    assert review.current_step is None and review.current_due is None
    assert review.started_on == dates[0]
    assert list(review.completions.values_list("step__code", flat=True)) == UNCAC_STEPS
    assert review.events.filter(kind=ReviewEvent.Kind.STEP_COMPLETED).count() == len(UNCAC_STEPS)
    assert not any(entry.is_current or entry.is_overdue for entry in review_timeline(review))
    assert_refused(ValidationError, lambda: review_complete_step(review=review, actor=staff, on=dates[-1]))
    assert not CountryReview.objects.overdue().filter(pk=review.pk).exists()


def test_the_whole_untoc_workflow_publishes_after_the_observations_are_agreed(reference_data, staff):
    review = CountryReviewFactory(cycle=cycle("untoc-rm", 1))
    dates = [D(2021, 1, 10) + datetime.timedelta(days=100 * i) for i in range(len(UNTOC_STEPS))]
    advance(review, staff, *dates)
    assert review.status == COMPLETED
    assert list(review.completions.values_list("step__code", flat=True)) == UNTOC_STEPS


def _to_publication(review, staff):
    """Advance a UNCAC review to its 'published' step."""
    n = UNCAC_STEPS.index("published")
    return advance(review, staff, *[D(2017, 1, 10) + datetime.timedelta(days=40 * i) for i in range(n)])


def test_publication_needs_the_report_agreed_by_the_state(review, staff):
    _to_publication(review, staff)
    assert review.current_step.code == "published"
    review.completions.filter(step__code="report_agreed").delete()
    assert_refused(
        ValidationError,
        lambda: review_complete_step(review=review, actor=staff, on=D(2018, 6, 1)),
        match="has not yet agreed",
    )
    review.refresh_from_db()
    assert review.status == ACTIVE and review.current_step.code == "published"


def test_publication_needs_the_report_agreed_even_when_the_workflow_is_reordered(review, staff):
    steps = {s.code: s for s in WorkflowStep.objects.filter(mechanism__code="irm")}
    agreed, published = steps["report_agreed"], steps["published"]
    agreed_order, published_order = agreed.order, published.order
    published.order = 999
    published.save()
    agreed.order = published_order
    agreed.save()
    published.order = agreed_order
    published.save()
    n = UNCAC_STEPS.index("report_agreed")  # 'published' now comes where 'report_agreed' was
    advance(review, staff, *[D(2017, 1, 10) + datetime.timedelta(days=40 * i) for i in range(n)])
    assert review.current_step.code == "published"
    assert_refused(
        ValidationError, lambda: review_complete_step(review=review, actor=staff, on=D(2018, 6, 1)), match="agreed"
    )


def test_publication_is_allowed_once_agreed(review, staff):
    _to_publication(review, staff)
    review_complete_step(review=review, actor=staff, on=D(2018, 6, 1), notify=False)
    review.refresh_from_db()
    assert review.current_step.code == "follow_up"
    assert review.current_due is None  # follow-up has no deadline
    assert review.status == ACTIVE


# --- pause and resume ----------------------------------------------------------------------------


@pytest.fixture
def running(review, staff):
    """Notified on 2017-01-10: the focal point is due by 2017-01-31."""
    return advance(review, staff, D(2017, 1, 10))


def test_pausing_keeps_the_dates_and_leaves_the_overdue_list(running, staff, django_capture_on_commit_callbacks):
    assert CountryReview.objects.overdue(today=D(2017, 2, 1)).filter(pk=running.pk).exists()
    assert not CountryReview.objects.overdue(today=D(2017, 1, 31)).filter(pk=running.pk).exists()
    with django_capture_on_commit_callbacks() as callbacks:
        pause = review_pause(review=running, actor=staff, reason="At the request of the State", on=D(2017, 1, 20))
    assert len(callbacks) == 1
    running.refresh_from_db()
    assert running.status == PAUSED
    assert running.current_due == D(2017, 1, 31)  # unchanged while paused
    assert running.started_on == D(2017, 1, 10)
    assert (pause.step.code, pause.paused_on, pause.resumed_on, pause.paused_by) == (
        "focal_point_named",
        D(2017, 1, 20),
        None,
        staff,
    )
    event = running.events.filter(kind=ReviewEvent.Kind.PAUSED).get()
    assert (event.actor, event.comment, event.step.code) == (staff, "At the request of the State", "focal_point_named")
    assert not CountryReview.objects.overdue().filter(pk=running.pk).exists()
    assert not CountryReview.objects.overdue(today=D(2030, 1, 1)).filter(pk=running.pk).exists()


def test_resuming_pushes_the_indicative_date_by_the_days_paused(running, staff):
    review_pause(review=running, actor=staff, reason="State request", on=D(2017, 1, 20))
    pause = review_resume(review=running, actor=staff, on=D(2017, 1, 30), comment="Elections over")
    running.refresh_from_db()
    assert running.status == ACTIVE
    assert running.current_due == D(2017, 2, 10)  # 2017-01-31 + 10 days paused
    assert (pause.resumed_on, pause.resumed_by) == (D(2017, 1, 30), staff)
    assert running.started_on == D(2017, 1, 10)
    assert list(running.completions.values_list("step__code", "completed_on")) == [("notification", D(2017, 1, 10))]
    event = running.events.filter(kind=ReviewEvent.Kind.RESUMED).get()
    assert event.data == {"resumed_on": "2017-01-30", "paused_days": 10}
    assert event.comment == "Elections over"
    entry = by_code(review_timeline(running, today=D(2017, 2, 1)))["focal_point_named"]
    assert (entry.indicative, entry.paused_days, entry.is_overdue) == (D(2017, 2, 10), 10, False)
    assert not CountryReview.objects.overdue(today=D(2017, 2, 10)).filter(pk=running.pk).exists()
    assert CountryReview.objects.overdue(today=D(2017, 2, 11)).filter(pk=running.pk).exists()
    # the step can be recorded again, and the next date comes from its actual date only
    advance(running, staff, D(2017, 2, 8))
    assert running.current_due == D(2017, 3, 10)


def test_two_pauses_in_one_step_add_up(running, staff):
    review_pause(review=running, actor=staff, reason="State request", on=D(2017, 1, 12))
    review_resume(review=running, actor=staff, on=D(2017, 1, 15))
    review_pause(review=running, actor=staff, reason="Elections", on=D(2017, 1, 20))
    review_resume(review=running, actor=staff, on=D(2017, 1, 27))
    running.refresh_from_db()
    assert running.current_due == D(2017, 2, 10)


@pytest.mark.parametrize("reason", ["", "   \n", None])
def test_a_pause_needs_a_reason(running, staff, reason):
    assert_refused(ValidationError, lambda: review_pause(review=running, actor=staff, reason=reason), "reason")


def test_only_a_review_in_progress_can_be_paused(review, staff):
    # scheduled
    assert_refused(ValidationError, lambda: review_pause(review=review, actor=staff, reason="x", on=D(2017, 1, 1)))
    # already paused
    advance(review, staff, D(2017, 1, 10))
    review_pause(review=review, actor=staff, reason="State request", on=D(2017, 1, 20))
    assert_refused(ValidationError, lambda: review_pause(review=review, actor=staff, reason="x", on=D(2017, 1, 21)))


def test_a_completed_review_cannot_be_paused(reference_data, staff):
    review = CountryReviewFactory(cycle=cycle("untoc-rm", 1))
    advance(review, staff, *[D(2021, 1, 10) + datetime.timedelta(days=100 * i) for i in range(len(UNTOC_STEPS))])
    assert review.status == COMPLETED
    assert_refused(ValidationError, lambda: review_pause(review=review, actor=staff, reason="x", on=D(2023, 1, 1)))


@pytest.mark.parametrize(
    ("on", "why"),
    [
        (timezone.localdate() + datetime.timedelta(days=1), "in the future"),
        (D(2017, 1, 5), "before the current step began (notification on 2017-01-10)"),
    ],
)
def test_a_pause_date_out_of_range_is_refused(running, staff, on, why):
    assert_refused(ValidationError, lambda: review_pause(review=running, actor=staff, reason="x", on=on), "on")


def test_a_pause_cannot_start_inside_an_earlier_one(running, staff):
    """Overlapping pauses would count the same days twice in the indicative date."""
    review_pause(review=running, actor=staff, reason="State request", on=D(2017, 1, 15))
    review_resume(review=running, actor=staff, on=D(2017, 1, 25))
    assert_refused(
        ValidationError, lambda: review_pause(review=running, actor=staff, reason="x", on=D(2017, 1, 20)), "on"
    )
    review_pause(review=running, actor=staff, reason="again", on=D(2017, 1, 25))  # the day it resumed is fine


def test_resume_is_refused_when_not_paused_or_out_of_range(running, staff):
    assert_refused(ValidationError, lambda: review_resume(review=running, actor=staff, on=D(2017, 1, 25)))
    review_pause(review=running, actor=staff, reason="State request", on=D(2017, 1, 20))
    assert_refused(ValidationError, lambda: review_resume(review=running, actor=staff, on=D(2017, 1, 19)), "on")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert_refused(ValidationError, lambda: review_resume(review=running, actor=staff, on=tomorrow), "on")
    running.refresh_from_db()
    assert running.status == PAUSED


# --- workflow_step_set_duration -------------------------------------------------------------------


def test_a_new_duration_recomputes_reviews_at_that_step_or_later(reference_data, staff):
    teleconference = WorkflowStep.objects.get(mechanism__code="irm", code="initial_teleconference")
    assert teleconference.indicative_days == 30
    earlier = advance(CountryReviewFactory(state=state("KEN")), staff, D(2017, 1, 10))
    at_step = advance(CountryReviewFactory(state=state("UGA")), staff, D(2017, 1, 10), D(2017, 2, 5))
    at_step_paused = advance(CountryReviewFactory(state=state("TZA")), staff, D(2017, 1, 10), D(2017, 2, 5))
    review_pause(review=at_step_paused, actor=staff, reason="State request", on=D(2017, 2, 10))
    review_resume(review=at_step_paused, actor=staff, on=D(2017, 2, 20))
    later = advance(CountryReviewFactory(state=state("NGA")), staff, D(2017, 1, 10), D(2017, 2, 5), D(2017, 3, 1))
    untoc = advance(CountryReviewFactory(cycle=cycle("untoc-rm", 1), state=state("GHA")), staff, D(2021, 1, 10))
    assert (earlier.current_due, at_step.current_due, later.current_due) == (
        D(2017, 1, 31),
        D(2017, 3, 7),
        D(2017, 5, 1),
    )
    at_step_paused.refresh_from_db()
    assert at_step_paused.current_due == D(2017, 3, 17)
    # stale values show which reviews are recomputed at all
    stale = D(2000, 1, 1)
    CountryReview.objects.filter(pk__in=[earlier.pk, later.pk, untoc.pk]).update(current_due=stale)
    before = at_step.updated_at

    updated = workflow_step_set_duration(step=teleconference, days=45, actor=staff)

    teleconference.refresh_from_db()
    assert teleconference.indicative_days == 45
    for r in (earlier, at_step, at_step_paused, later, untoc):
        r.refresh_from_db()
    assert at_step.current_due == D(2017, 3, 22)  # 2017-02-05 + 45
    assert at_step_paused.current_due == D(2017, 4, 1)  # + 10 days paused, kept
    assert later.current_due == D(2017, 5, 1)  # recomputed (from its actual teleconference date)
    assert earlier.current_due == stale  # an earlier step: not touched
    assert untoc.current_due == stale  # another mechanism: not touched
    assert updated == 3
    assert at_step.updated_at > before
    assert by_code(review_timeline(earlier))["initial_teleconference"].indicative == D(2017, 3, 2) + datetime.timedelta(
        days=15
    )


def test_removing_a_duration_removes_the_indicative_date(reference_data, staff):
    teleconference = WorkflowStep.objects.get(mechanism__code="irm", code="initial_teleconference")
    at_step = advance(CountryReviewFactory(), staff, D(2017, 1, 10), D(2017, 2, 5))
    assert workflow_step_set_duration(step=teleconference, days=None, actor=staff) == 1
    at_step.refresh_from_db()
    assert at_step.current_due is None
    assert not CountryReview.objects.overdue().filter(pk=at_step.pk).exists()


@pytest.mark.parametrize("days", [-1, 40000, "abc"])
def test_a_bad_duration_is_refused_and_nothing_changes(reference_data, staff, days):
    teleconference = WorkflowStep.objects.get(mechanism__code="irm", code="initial_teleconference")
    advance(CountryReviewFactory(), staff, D(2017, 1, 10), D(2017, 2, 5))
    assert_refused(
        ValidationError, lambda: workflow_step_set_duration(step=teleconference, days=days, actor=staff), "days"
    )
    teleconference.refresh_from_db()
    assert teleconference.indicative_days == 30


def test_only_the_secretariat_changes_durations(reference_data):
    teleconference = WorkflowStep.objects.get(mechanism__code="irm", code="initial_teleconference")
    for actor in (
        UserFactory(focal_point=True),
        UserFactory(expert=True),
        UserFactory(secretariat=True, is_active=False),
    ):
        assert_refused(
            PermissionDenied, lambda a=actor: workflow_step_set_duration(step=teleconference, days=5, actor=a)
        )
