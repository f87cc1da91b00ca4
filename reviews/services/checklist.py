"""The self-assessment checklist: generated from the instrument, saved as the focal point
types, frozen as a version on submission, reopened by the secretariat with a reason."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from reference.models import Article, Obligation
from reviewmech.i18n import translated

from .. import scopes
from ..access import can_edit_checklist, can_manage_review
from ..models import (
    Checklist,
    ChecklistAnswer,
    ChecklistAttachment,
    ChecklistSubmission,
    ConsentDecision,
    CountryReview,
    ReviewEvent,
)
from .workflow import notify_people, review_self_assessment_submitted


class AnswerConflict(Exception):
    """The answer changed since the person loaded it: their save would overwrite it."""

    def __init__(self, current: ChecklistAnswer):
        super().__init__("answer changed since it was loaded")
        self.current = current


def articles_under_review(review: CountryReview):
    """The articles the checklist asks about: the cycle's chapters (UNCAC) or clusters (UNTOC)
    for the review's instrument; general and final provisions are not asked about."""
    cycle = review.cycle
    return (
        Article.objects.filter(instrument_id=review.instrument_id)
        .filter(Q(chapter__in=cycle.chapters.all()) | Q(clusters__in=cycle.clusters.all()))
        .exclude(obligation=Obligation.GENERAL)
        .distinct()
        .order_by("number")
    )


def checklist_open(*, review: CountryReview) -> Checklist:
    """The review's checklist, with one answer per article under review (idempotent).

    Read on every visit of the checklist page: one query when nothing is missing (the
    checklist, and whether an article under review has no answer yet); the answers are
    created, in a transaction, only when the checklist is new or an article was added."""
    answered = ChecklistAnswer.objects.filter(checklist=OuterRef(OuterRef("pk")), article=OuterRef("pk"))
    missing = articles_under_review(review).filter(~Exists(answered))
    checklist = Checklist.objects.filter(review=review).annotate(missing=Exists(missing)).first()
    if checklist is not None and not checklist.missing:
        return checklist
    return _checklist_complete(review)


@transaction.atomic
def _checklist_complete(review: CountryReview) -> Checklist:
    """Create the checklist if needed and the answers it lacks."""
    checklist, _created = Checklist.objects.get_or_create(review=review)
    have = set(checklist.answers.values_list("article_id", flat=True))
    missing = [a for a in articles_under_review(review) if a.pk not in have]
    # Two people opening a new checklist at the same moment: the second adds nothing.
    ChecklistAnswer.objects.bulk_create(
        (ChecklistAnswer(checklist=checklist, article=a) for a in missing), ignore_conflicts=True
    )
    scopes.touch_reviews([review.pk])
    return checklist


def _check_editable(actor, checklist: Checklist):
    if not can_edit_checklist(actor, checklist.review):
        raise PermissionDenied(_("You may not change this checklist."))
    if checklist.status != Checklist.Status.DRAFT:
        raise ValidationError(_("The checklist has been submitted. Ask the secretariat to reopen it to make changes."))


@transaction.atomic
def answer_save(*, answer: ChecklistAnswer, actor, data: dict, revision: int) -> ChecklistAnswer:
    """Save the answer's fields from ``data`` if nobody saved it since ``revision``;
    otherwise raise ``AnswerConflict`` with the current answer, changing nothing."""
    current = ChecklistAnswer.objects.select_for_update().select_related("checklist__review").get(pk=answer.pk)
    _check_editable(actor, current.checklist)
    if current.revision != revision:
        raise AnswerConflict(current)
    fields = [name for name in ChecklistAnswer.CONTENT_FIELDS if name in data]
    for name in fields:
        setattr(current, name, data[name])
    current.revision += 1
    current.updated_at = timezone.now()
    current.updated_by = actor
    current.full_clean(exclude=["checklist", "article"])
    current.save(update_fields=[*fields, "revision", "updated_at", "updated_by"])
    return current


@dataclass
class Section:
    """A chapter (UNCAC) or the instrument's articles (UNTOC) with progress."""

    title: str
    answers: list = field(default_factory=list)

    @property
    def answered(self):
        return sum(1 for a in self.answers if a.is_answered)

    @property
    def total(self):
        return len(self.answers)

    @property
    def percent(self):
        return round(100 * self.answered / self.total) if self.total else 100


def checklist_sections(checklist: Checklist) -> list[Section]:
    answers = checklist.answers.select_related("article", "article__chapter", "article__instrument", "ta_category")
    sections: OrderedDict[object, Section] = OrderedDict()
    for answer in answers.order_by("article__number"):
        key = section_key(answer.article)
        if key not in sections:
            sections[key] = Section(section_title(answer.article))
        sections[key].answers.append(answer)
    return list(sections.values())


def section_key(article):
    """The section of the checklist ``article`` falls in: its chapter (UNCAC), else its
    instrument's articles (UNTOC and the Protocols)."""
    return article.chapter_id or "instrument"


def section_title(article) -> str:
    """The title of ``article``'s section (``section_key``), in the active language."""
    chapter = article.chapter
    if chapter is None:
        return translated(article.instrument, "title").text
    return _("Chapter %(number)s. %(title)s") % {"number": chapter.number, "title": translated(chapter, "title").text}


def _snapshot(checklist: Checklist) -> list[dict]:
    # The attachments a version lists are frozen with it (removing one later keeps its file).
    attached = Prefetch(
        "attachments", queryset=ChecklistAttachment.objects.filter(removed_at__isnull=True), to_attr="kept"
    )
    rows = []
    answers = checklist.answers.select_related("article", "ta_category").prefetch_related(attached)
    for answer in answers.order_by("article__number"):
        rows.append(
            {
                "article": answer.article_id,
                "number": answer.article.number,
                **{name: getattr(answer, name) for name in ChecklistAnswer.CONTENT_FIELDS if name != "ta_category"},
                "ta_category": answer.ta_category.code if answer.ta_category else None,
                "revision": answer.revision,
                "attachments": [
                    {"id": a.pk, "filename": a.filename, "kind": a.kind, "size": a.size} for a in answer.kept
                ],
            }
        )
    return rows


@transaction.atomic
def checklist_submit(*, checklist: Checklist, actor, consent_to_publish: bool) -> ChecklistSubmission:
    """Freeze the answers as a new version. Every mandatory article must be answered: the
    error lists those that are not, and nothing is lost."""
    checklist = Checklist.objects.select_for_update().select_related("review").get(pk=checklist.pk)
    _check_editable(actor, checklist)
    missing = [
        answer
        for answer in checklist.answers.select_related("article", "article__instrument").order_by("article__number")
        if answer.article.obligation == Obligation.MANDATORY and not answer.is_answered
    ]
    if missing:
        raise ValidationError(
            _("These mandatory articles are not answered yet: %(articles)s.")
            % {"articles": ", ".join(_("article %(number)s") % {"number": a.article.number} for a in missing)},
            code="unanswered",
            params={"articles": [a.article.number for a in missing]},
        )
    number = checklist.submissions.count() + 1
    submission = ChecklistSubmission.objects.create(
        checklist=checklist,
        number=number,
        submitted_by=actor,
        consent_to_publish=consent_to_publish,
        answers=_snapshot(checklist),
    )
    checklist.status = Checklist.Status.SUBMITTED
    checklist.consent_to_publish = consent_to_publish
    checklist.save(update_fields=["status", "consent_to_publish"])
    # The State's decision on publishing this version goes into the consent ledger.
    ConsentDecision.objects.create(
        review=checklist.review,
        item=ConsentDecision.Item.SELF_ASSESSMENT,
        decision=ConsentDecision.Decision.GRANTED if consent_to_publish else ConsentDecision.Decision.REFUSED,
        decided_on=timezone.localdate(),
        message=_("With the submission of version %(number)s.") % {"number": number},
        recorded_by=actor,
    )
    if consent_to_publish:
        from .consent import publish_self_assessment

        publish_self_assessment(checklist.review)
    event = ReviewEvent.objects.create(
        review=checklist.review,
        kind=ReviewEvent.Kind.CHECKLIST_SUBMITTED,
        actor=actor,
        data={"version": number, "consent_to_publish": consent_to_publish},
    )
    notify_people(event)
    review_self_assessment_submitted(
        review=checklist.review,
        actor=actor,
        comment=_("Checklist submitted (version %(number)s).") % {"number": number},
    )
    return submission


@transaction.atomic
def checklist_reopen(*, checklist: Checklist, actor, reason: str) -> Checklist:
    """Give the checklist back to the State for changes (secretariat only, with a reason)."""
    checklist = Checklist.objects.select_for_update().select_related("review").get(pk=checklist.pk)
    if not can_manage_review(actor, checklist.review):
        raise PermissionDenied(_("Only the secretariat may reopen a checklist."))
    if checklist.status != Checklist.Status.SUBMITTED:
        raise ValidationError(_("The checklist is not submitted."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for reopening the checklist.")})
    latest = checklist.submissions.order_by("-number").first()
    latest.reopened_at = timezone.now()
    latest.reopened_by = actor
    latest.reopen_reason = reason
    latest.save(update_fields=["reopened_at", "reopened_by", "reopen_reason"])
    checklist.status = Checklist.Status.DRAFT
    checklist.save(update_fields=["status"])
    event = ReviewEvent.objects.create(
        review=checklist.review,
        kind=ReviewEvent.Kind.CHECKLIST_REOPENED,
        actor=actor,
        comment=reason,
        data={"version": latest.number},
    )
    notify_people(event)
    return checklist


def latest_submission(checklist: Checklist | None) -> ChecklistSubmission | None:
    if checklist is None:
        return None
    return checklist.submissions.order_by("-number").first()
