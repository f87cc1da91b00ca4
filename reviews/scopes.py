"""What a review's own pages keep in the shared cache depends on (``freshness`` scopes).

- ``review:<id>``: every row of that review its pages show — the review itself, its history,
  completions, pauses, reviewing States, people, consent decisions, meetings, checklist,
  answers, attachments and submitted versions, findings and reports. Each save or deletion
  touches it.
- ``state:<id>``: the submitted versions of that State's checklists, in every review: the
  earlier answers its focal point may reuse.
- ``COMMON``: what every review's pages show of the world outside them — the names of States,
  instruments, cycles, mechanisms, chapters, articles and workflow steps, the steps' durations,
  technical assistance categories, the people's names and contacts, incoming notes verbales.

Writes that send no signal touch their scopes themselves (``lots`` draws reviewing States in
bulk; ``checklist_open`` creates answers in bulk). ``tests/reviews/test_review_scopes.py``
checks each kind of write against the pages.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from reviewmech import freshness

COMMON = "reviews-common"

#: What a person's save may leave out and change nothing the review pages show: a sign-in's
#: ``last_login``, a new password.
_UNSHOWN_FIELDS = frozenset({"last_login", "password"})


def of_review(review_id) -> str:
    return f"review:{review_id}"


def of_state(state_id) -> str:
    return f"state:{state_id}"


def touch_reviews(review_ids) -> None:
    """After a write without signals: the pages of these reviews are stale."""
    freshness.touch(*(of_review(pk) for pk in set(review_ids)))


def _review(instance):
    return [of_review(instance.review_id)]


def _checklist(checklist_id, *, state: bool = False) -> list[str]:
    from .models import Checklist

    row = Checklist.objects.filter(pk=checklist_id).values_list("review_id", "review__state_id").first()
    if row is None:  # deleted with its review: nothing left to show
        return []
    return [of_review(row[0]), of_state(row[1])] if state else [of_review(row[0])]


def _answer(answer) -> list[str]:
    from .models import ChecklistAnswer

    if ChecklistAnswer.checklist.is_cached(answer):
        return [of_review(answer.checklist.review_id)]
    return _checklist(answer.checklist_id)


def _attachment(attachment) -> list[str]:
    from .models import ChecklistAnswer

    review_id = ChecklistAnswer.objects.filter(pk=attachment.answer_id).values_list("checklist__review_id").first()
    return [of_review(review_id[0])] if review_id else []


def _person_changed(user, update_fields) -> bool:
    return update_fields is None or not set(update_fields) <= _UNSHOWN_FIELDS


def connect() -> None:
    """Called from the app's ``ready()``."""
    from reference import models as reference
    from sessions.models import IncomingNote

    from . import models

    freshness.watch_scopes(models.CountryReview, lambda review: [of_review(review.pk)])
    for model in (
        models.ReviewEvent,
        models.StepCompletion,
        models.ReviewPause,
        models.ReviewerAssignment,
        models.ConsentDecision,
        models.DialogueMeeting,
        models.Checklist,
        models.Finding,
        models.ReviewReport,  # the executive summary's state: who may still change the findings
    ):
        freshness.watch_scopes(model, _review)
    # A person named on a review or taken off it changes what they may reuse elsewhere.
    freshness.watch_scopes(models.Participant, lambda p: [of_review(p.review_id), COMMON])
    freshness.watch_scopes(models.ChecklistAnswer, _answer)
    freshness.watch_scopes(models.ChecklistAttachment, _attachment)
    freshness.watch_scopes(models.ChecklistSubmission, lambda s: _checklist(s.checklist_id, state=True))
    for model in (
        reference.State,
        reference.Instrument,
        reference.Chapter,
        reference.Article,
        reference.Cluster,
        reference.Mechanism,
        reference.ReviewCycle,
        reference.TechnicalAssistanceCategory,
        models.WorkflowStep,
        IncomingNote,
    ):
        freshness.watch_scopes(model, lambda instance: [COMMON])
    freshness.watch_scopes(get_user_model(), lambda user: [COMMON], changed=_person_changed)
