"""Reuse of an earlier answer: the focal point picks an answer their State gave in an earlier
cycle, or on a matching article of another instrument (see ``reviews.selectors.checklist``
for the rule), and it is copied into the draft through ``answer_save`` — so permissions, the
optimistic lock and the history apply as to any other save. Nothing is copied silently."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from reviewmech.i18n import translated

from ..access import can_edit_checklist, can_read_submitted_checklist
from ..models import ChecklistAnswer, CountryReview
from ..selectors.checklist import ReuseCandidate, reuse_candidates
from .checklist import answer_save


def reuse_source_label(candidate: ReuseCandidate) -> str:
    """Where a copied answer came from, in words: "UNCAC, First review cycle, article 15
    (version 1)"."""
    review = candidate.review
    return _("%(instrument)s, %(cycle)s, article %(number)s (version %(version)s)") % {
        "instrument": translated(review.instrument, "short_title").text,
        "cycle": translated(review.cycle, "title").text,
        "number": candidate.row["number"],
        "version": candidate.submission.number,
    }


@transaction.atomic
def answer_reuse(
    *, answer: ChecklistAnswer, actor, source_review_id: int, source_article_id: int, revision: int
) -> tuple[ChecklistAnswer, ReuseCandidate]:
    """Copy the content of the chosen earlier answer (the article ``source_article_id`` in the
    latest submitted version of review ``source_review_id``) into ``answer``, if nobody saved
    ``answer`` since ``revision`` (else ``AnswerConflict``, nothing changed). A source this
    person may not read is refused with ``PermissionDenied``; one that does not match the
    article with ``ValidationError``."""
    review = answer.checklist.review
    if not can_edit_checklist(actor, review):
        raise PermissionDenied(_("You may not change this checklist."))
    source = CountryReview.objects.visible_to(actor).filter(pk=source_review_id).first()
    if source is None or source.state_id != review.state_id or not can_read_submitted_checklist(actor, source):
        raise PermissionDenied(_("You may not read this answer."))
    candidate = next(
        (
            c
            for c in reuse_candidates(answer=answer, user=actor)
            if c.review.pk == source.pk and c.article_id == source_article_id
        ),
        None,
    )
    if candidate is None:
        raise ValidationError(
            _("This earlier answer cannot be reused on article %(number)s.") % {"number": answer.article.number},
            code="not_a_candidate",
        )
    saved = answer_save(answer=answer, actor=actor, data=candidate.content(), revision=revision)
    # The history says where the text came from (and who copied it, outside a request too).
    record = saved.history.order_by("-history_id").first()
    if record is not None:
        reason = f"copied from review {source.pk}, article {candidate.row['number']}, v{candidate.submission.number}"
        record.history_change_reason = reason[:100]
        record.history_user = record.history_user or actor
        record.save(update_fields=["history_change_reason", "history_user"])
    return saved, candidate
