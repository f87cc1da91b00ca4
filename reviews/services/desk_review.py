"""Desk review: questions on the submitted checklist, article by article, and their threads.

The experts of the reviewing States (and the secretariat) ask; the State under review
answers; a question is open until answered, answered until someone follows up, and closed
when its asker (or the secretariat) is satisfied. Observers read.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reference.models import Article

from ..access import can_ask_question, can_edit_checklist, can_manage_review, can_reply_to_question
from ..models import Checklist, CountryReview, QuestionMessage, ReviewEvent, ReviewQuestion
from .checklist import articles_under_review
from .workflow import notify_people

MAX_TEXT = 10000


def _clean_text(text: str | None) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the text of the message.")})
    if len(text) > MAX_TEXT:
        raise ValidationError({"text": _("A message has at most %(max)s characters.") % {"max": MAX_TEXT}})
    return text


@transaction.atomic
def question_ask(*, review: CountryReview, actor, text: str, article: Article | None = None) -> ReviewQuestion:
    """Raise a question on an article under review (or on the review as a whole), once the
    State has submitted its checklist."""
    if not can_ask_question(actor, review):
        raise PermissionDenied(_("Only the reviewing experts and the secretariat raise questions."))
    text = _clean_text(text)
    if not Checklist.objects.filter(review=review, submissions__isnull=False).exists():
        raise ValidationError(_("Questions can be raised once the State under review has submitted its checklist."))
    if article is not None and not articles_under_review(review).filter(pk=article.pk).exists():
        raise ValidationError({"article": _("This article is not under review.")})
    question = ReviewQuestion.objects.create(review=review, article=article, asked_by=actor)
    QuestionMessage.objects.create(question=question, author=actor, text=text)
    event = ReviewEvent.objects.create(
        review=review,
        kind=ReviewEvent.Kind.QUESTION_ASKED,
        actor=actor,
        data={"question": question.pk, "article": article.number if article else None},
    )
    notify_people(event)
    return question


@transaction.atomic
def question_reply(*, question: ReviewQuestion, actor, text: str) -> QuestionMessage:
    """Add a message to the thread: the State's reply marks it answered; a follow-up by an
    expert or the secretariat opens it again."""
    question = ReviewQuestion.objects.select_for_update().select_related("review").get(pk=question.pk)
    review = question.review
    if not can_reply_to_question(actor, review):
        raise PermissionDenied(_("You may not write in this thread."))
    if question.status == ReviewQuestion.Status.CLOSED:
        raise ValidationError(_("This question is closed."))
    text = _clean_text(text)
    message = QuestionMessage.objects.create(question=question, author=actor, text=text)
    from_state = can_edit_checklist(actor, review) and not can_manage_review(actor, review)
    question.status = ReviewQuestion.Status.ANSWERED if from_state else ReviewQuestion.Status.OPEN
    question.updated_at = timezone.now()
    question.save(update_fields=["status", "updated_at"])
    if from_state:
        event = ReviewEvent.objects.create(
            review=review, kind=ReviewEvent.Kind.QUESTION_ANSWERED, actor=actor, data={"question": question.pk}
        )
        notify_people(event)
    return message


@transaction.atomic
def question_close(*, question: ReviewQuestion, actor) -> ReviewQuestion:
    """Close a thread: the expert who asked it, or the secretariat."""
    question = ReviewQuestion.objects.select_for_update().select_related("review").get(pk=question.pk)
    if not (
        can_manage_review(actor, question.review)
        or (question.asked_by_id == actor.pk and can_ask_question(actor, question.review))
    ):
        raise PermissionDenied(_("Only the person who asked, or the secretariat, closes a question."))
    question.status = ReviewQuestion.Status.CLOSED
    question.updated_at = timezone.now()
    question.save(update_fields=["status", "updated_at"])
    return question
