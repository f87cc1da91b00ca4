"""The country review as a state machine: completing steps, pausing, resuming.

Each transition checks who acts and the preconditions, records the actual date and who
recorded it, writes the review's history and, once the transaction commits, notifies the
people on the review. Indicative dates are computed, never typed in: see ``timeline``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import scopes
from ..access import can_complete_step, can_manage_review
from ..models import CountryReview, ReviewEvent, ReviewPause, StepCompletion, WorkflowStep

#: A step that may only be completed once one of these has been (whichever the workflow has).
PRECONDITIONS = {
    "published": ("report_agreed", "observations_agreed"),
}

#: The longest indicative duration of a step: the largest PostgreSQL smallint.
MAX_DURATION_DAYS = 32767


@dataclass
class TimelineEntry:
    step: WorkflowStep
    indicative: datetime.date | None
    actual: datetime.date | None
    completion: StepCompletion | None
    is_current: bool
    paused_days: int
    today: datetime.date
    review_paused: bool = False

    @property
    def is_done(self):
        return self.completion is not None

    @property
    def delay_days(self) -> int | None:
        """Days late (positive) or early (negative) against the indicative date; for the
        current step, days past it so far. None when there is nothing to compare."""
        if self.indicative is None:
            return None
        if self.actual is not None:
            return (self.actual - self.indicative).days
        if self.is_current and self.today > self.indicative and not self.review_paused:
            return (self.today - self.indicative).days
        return None

    @property
    def is_overdue(self):
        return (
            self.is_current and not self.review_paused and self.indicative is not None and self.today > self.indicative
        )


def timeline(
    review: CountryReview,
    steps: list[WorkflowStep],
    completions: list[StepCompletion],
    pauses: list[ReviewPause],
    today: datetime.date | None = None,
) -> list[TimelineEntry]:
    """Planned against actual for every step, in order.

    A step's indicative date is the previous step's actual date (or, while that is still to
    come, its indicative date) plus the step's indicative duration, plus the days the review
    spent paused during the step. The first step and steps without a duration have none.
    """
    today = today or timezone.localdate()
    done = {c.step_id: c for c in completions}
    paused = {}
    for pause in pauses:
        end = pause.resumed_on or today
        paused[pause.step_id] = paused.get(pause.step_id, 0) + (end - pause.paused_on).days
    entries, base = [], None
    for step in steps:
        completion = done.get(step.pk)
        pause_days = paused.get(step.pk, 0)
        indicative = None
        if step.indicative_days is not None and base is not None:
            indicative = base + datetime.timedelta(days=step.indicative_days + pause_days)
        entries.append(
            TimelineEntry(
                step=step,
                indicative=indicative,
                actual=completion.completed_on if completion else None,
                completion=completion,
                is_current=step.pk == review.current_step_id,
                paused_days=pause_days,
                today=today,
                review_paused=review.status == CountryReview.Status.PAUSED,
            )
        )
        base = completion.completed_on if completion else indicative
    return entries


#: What a timeline reads of the person who recorded a step: the name it shows.
_RECORDER_FIELDS = ("recorded_by__first_name", "recorded_by__last_name", "recorded_by__username")


def review_timeline(review: CountryReview, today=None) -> list[TimelineEntry]:
    """The review's timeline, in three queries reading only what a timeline shows (a field
    left out is read on demand, as Django defers it)."""
    steps = list(
        WorkflowStep.objects.filter(mechanism_id=review.cycle.mechanism_id)
        .defer("actor_roles", "takes_civil_society_input")
        .order_by("order")
    )
    completions = list(
        review.completions.select_related("recorded_by").only(
            "review", "step", "completed_on", "comment", "recorded_by", *_RECORDER_FIELDS
        )
    )
    pauses = list(review.pauses.only("review", "step", "paused_on", "resumed_on", "reason"))
    return timeline(review, steps, completions, pauses, today)


def _current_due(review: CountryReview) -> datetime.date | None:
    for entry in review_timeline(review):
        if entry.is_current:
            return entry.indicative
    return None


def notify_people(event: ReviewEvent):
    """E-mail the people on the review once the transaction has committed. The event records,
    in the same transaction, that e-mails are owed: a broker that is down at the commit loses
    nothing (the step is saved, the task is only a nudge), and the sweeper sends it again later
    (``services.notifications.notifications_sweep``)."""
    from reviewmech.celery import nudge_after_commit

    from ..tasks import notify_review_event

    ReviewEvent.objects.filter(pk=event.pk).update(notification_due=True)
    nudge_after_commit(notify_review_event, event.pk)


def _locked(review: CountryReview) -> CountryReview:
    return (
        CountryReview.objects.select_for_update(of=("self",)).select_related("cycle", "current_step").get(pk=review.pk)
    )


@transaction.atomic
def review_complete_step(
    *, review: CountryReview, actor, on: datetime.date | None = None, comment: str = "", notify: bool = True
) -> StepCompletion:
    """Record that the review's current step was completed on ``on`` (default: today).

    ``notify=False`` is for recording past steps in bulk (demo data, imports): nobody is
    e-mailed about history."""
    review = _locked(review)
    step = review.current_step
    if review.status == CountryReview.Status.COMPLETED or step is None:
        raise ValidationError(_("This review is completed: there is no step left to record."))
    if review.status == CountryReview.Status.PAUSED:
        raise ValidationError(_("This review is paused. Resume it before recording a step."))
    if not can_complete_step(actor, review, step):
        raise PermissionDenied(_("You may not record this step of the review."))
    return _complete(review, step, actor=actor, on=on or timezone.localdate(), comment=comment, notify=notify)


#: Steps that the State's own action completes: submitting its checklist or questionnaire.
SELF_ASSESSMENT_STEPS = ("self_assessment", "questionnaire")


def review_self_assessment_submitted(*, review: CountryReview, actor, comment: str = "") -> StepCompletion | None:
    """The State submitted its self-assessment: when the review is waiting for it, the step
    is completed today on the State's behalf (the focal point records no other step). Called
    by the checklist service inside its transaction; otherwise does nothing."""
    return review_step_reached(review=review, codes=SELF_ASSESSMENT_STEPS, actor=actor, comment=comment)


def review_step_reached(*, review: CountryReview, codes, actor, comment: str = "", on=None) -> StepCompletion | None:
    """Something that *is* a step happened elsewhere (the checklist was submitted, the State
    agreed to its report, the summary was published): when the review is waiting for one of
    ``codes``, that step is completed; otherwise nothing changes. Runs inside the caller's
    transaction."""
    review = _locked(review)
    step = review.current_step
    if review.status != CountryReview.Status.ACTIVE or step is None or step.code not in codes:
        return None
    return _complete(review, step, actor=actor, on=on or timezone.localdate(), comment=comment, notify=True)


def _complete(review, step, *, actor, on, comment, notify) -> StepCompletion:
    """Check the dates and preconditions, then record the step and move the review on."""
    today = timezone.localdate()
    if on > today:
        raise ValidationError({"on": _("The date cannot be in the future.")})
    previous = review.completions.order_by("-step__order").first()
    if previous and on < previous.completed_on:
        raise ValidationError(
            {
                "on": _("The date cannot be earlier than that of the previous step (%(date)s).")
                % {"date": previous.completed_on}
            }
        )
    required = PRECONDITIONS.get(step.code)
    if required and not review.completions.filter(step__code__in=required).exists():
        raise ValidationError(_("The State under review has not yet agreed to the report: it cannot be published."))

    completion = StepCompletion.objects.create(
        review=review, step=step, completed_on=on, recorded_by=actor, comment=comment
    )
    next_step = (
        WorkflowStep.objects.filter(mechanism_id=review.cycle.mechanism_id, order__gt=step.order)
        .order_by("order")
        .first()
    )
    fields = ["current_step", "current_due", "status", "updated_at"]
    if review.status == CountryReview.Status.SCHEDULED:
        review.started_on = on
        fields.append("started_on")
    review.status = CountryReview.Status.ACTIVE if next_step else CountryReview.Status.COMPLETED
    review.current_step = next_step
    review.current_due = _current_due(review) if next_step else None
    review.save(update_fields=fields)
    event = ReviewEvent.objects.create(
        review=review,
        kind=ReviewEvent.Kind.STEP_COMPLETED,
        step=step,
        actor=actor,
        comment=comment,
        data={"completed_on": on.isoformat(), "next_step": next_step.code if next_step else None},
    )
    if notify:
        notify_people(event)
    return completion


@transaction.atomic
def review_pause(*, review: CountryReview, actor, reason: str, on: datetime.date | None = None) -> ReviewPause:
    """Pause a review (e.g. at the State's request). Its dates are kept; the time paused is
    added to the current step's indicative date when it resumes."""
    review = _locked(review)
    if not can_manage_review(actor, review):
        raise PermissionDenied(_("Only the secretariat may pause a review."))
    if review.status != CountryReview.Status.ACTIVE:
        raise ValidationError(_("Only a review in progress can be paused."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the pause.")})
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"on": _("The date cannot be in the future.")})
    # The days paused are added to the current step's indicative date: a pause that starts
    # before the step began, or inside an earlier pause, would count days twice.
    previous = review.completions.order_by("-completed_on").first()
    if previous and on < previous.completed_on:
        raise ValidationError(
            {
                "on": _("The date cannot be earlier than that of the previous step (%(date)s).")
                % {"date": previous.completed_on}
            }
        )
    if review.pauses.filter(resumed_on__gt=on).exists():
        raise ValidationError({"on": _("The pause cannot start before the end of the previous pause.")})
    pause = ReviewPause.objects.create(
        review=review, step=review.current_step, paused_on=on, reason=reason, paused_by=actor
    )
    review.status = CountryReview.Status.PAUSED
    review.save(update_fields=["status", "updated_at"])
    event = ReviewEvent.objects.create(
        review=review,
        kind=ReviewEvent.Kind.PAUSED,
        step=review.current_step,
        actor=actor,
        comment=reason,
        data={"paused_on": on.isoformat()},
    )
    notify_people(event)
    return pause


@transaction.atomic
def review_resume(*, review: CountryReview, actor, on: datetime.date | None = None, comment: str = "") -> ReviewPause:
    review = _locked(review)
    if not can_manage_review(actor, review):
        raise PermissionDenied(_("Only the secretariat may resume a review."))
    pause = review.pauses.filter(resumed_on__isnull=True).first()
    if review.status != CountryReview.Status.PAUSED or pause is None:
        raise ValidationError(_("This review is not paused."))
    on = on or timezone.localdate()
    if on < pause.paused_on or on > timezone.localdate():
        raise ValidationError({"on": _("The date must be between the pause and today.")})
    pause.resumed_on = on
    pause.resumed_by = actor
    pause.save(update_fields=["resumed_on", "resumed_by"])
    review.status = CountryReview.Status.ACTIVE
    review.current_due = _current_due(review)
    review.save(update_fields=["status", "current_due", "updated_at"])
    event = ReviewEvent.objects.create(
        review=review,
        kind=ReviewEvent.Kind.RESUMED,
        step=review.current_step,
        actor=actor,
        comment=comment,
        data={"resumed_on": on.isoformat(), "paused_days": (on - pause.paused_on).days},
    )
    notify_people(event)
    return pause


@transaction.atomic
def workflow_step_set_duration(*, step: WorkflowStep, days: int | None, actor) -> int:
    """Change a step's indicative duration; the reviews currently at that step or a later
    one get their indicative date recomputed. Returns how many reviews were updated."""
    if not can_manage_review(actor):
        raise PermissionDenied(_("Only the secretariat may change the workflow."))
    if isinstance(days, int) and days < 0:
        raise ValidationError({"days": _("A duration cannot be negative.")})
    try:  # a whole number that fits a small integer column on every database (SQLite is unbounded)
        days = WorkflowStep._meta.get_field("indicative_days").clean(days, step)
        if days is not None:
            MaxValueValidator(MAX_DURATION_DAYS)(days)
    except ValidationError as exc:
        raise ValidationError({"days": exc.messages}) from exc
    step.indicative_days = days
    step.save(update_fields=["indicative_days"])
    steps = list(WorkflowStep.objects.filter(mechanism_id=step.mechanism_id).order_by("order"))
    affected = CountryReview.objects.filter(
        cycle__mechanism_id=step.mechanism_id,
        status__in=[CountryReview.Status.ACTIVE, CountryReview.Status.PAUSED],
        current_step__order__gte=step.order,
    ).prefetch_related("completions", "pauses")
    changed, now = [], timezone.now()
    for review in affected:
        entries = timeline(review, steps, list(review.completions.all()), list(review.pauses.all()))
        due = next((entry.indicative for entry in entries if entry.is_current), None)
        if due != review.current_due:
            review.current_due = due
            review.updated_at = now  # bulk_update skips auto_now: keep Last-Modified honest
            changed.append(review)
    CountryReview.objects.bulk_update(changed, ["current_due", "updated_at"])
    scopes.touch_reviews(review.pk for review in changed)  # the step's save touched their names too
    return len(changed)


def participant_recorded(*, participant, actor, added: bool) -> ReviewEvent:
    """Write into the review's history that a person was named on it or removed from it."""
    return ReviewEvent.objects.create(
        review=participant.review,
        kind=ReviewEvent.Kind.PARTICIPANT_ADDED if added else ReviewEvent.Kind.PARTICIPANT_REMOVED,
        actor=actor,
        comment=str(participant),
        data={"user": participant.user_id, "role": participant.role},
    )
