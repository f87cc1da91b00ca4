"""Documents attached to a checklist answer (a law, a decree, a report).

Only PDF, DOCX and ODT are accepted, recognised by their content: a name or a type sent by the
browser proves nothing. Files are stored under a random name (see ``attachment_upload_to``)
and served only through a view that checks who may read them. Removing an attachment keeps the
file: a submitted version that lists it still offers it to its readers.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.files import check_upload

from ..models import Checklist, ChecklistAnswer, ChecklistAttachment
from .checklist import _check_editable

Kind = ChecklistAttachment.Kind

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def max_bytes() -> int:
    return getattr(settings, "CHECKLIST_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES)


@transaction.atomic
def attachment_add(*, answer: ChecklistAnswer, actor, upload) -> ChecklistAttachment:
    """Attach ``upload`` (a Django ``UploadedFile``) to the answer, while the checklist is a
    draft and the actor may edit it. The answer itself is not touched."""
    checklist = Checklist.objects.select_for_update().select_related("review").get(pk=answer.checklist_id)
    _check_editable(actor, checklist)
    checked = check_upload(upload, max_bytes=max_bytes())
    _check_quota(answer, checklist, checked.size)
    attachment = ChecklistAttachment(
        answer=answer,
        filename=checked.filename,
        kind=checked.kind,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    attachment._history_user = actor
    attachment._change_reason = "attached"
    # The storage name comes from ``attachment_upload_to`` (random), never from the upload.
    attachment.file.save(f"upload.{checked.kind}", upload, save=False)
    stored = attachment.file.name
    try:
        attachment.save()
    except Exception:
        attachment.file.storage.delete(stored)
        raise
    return attachment


def _check_quota(answer: ChecklistAnswer, checklist: Checklist, size: int) -> None:
    """At most CHECKLIST_ATTACHMENTS_PER_ANSWER documents on one answer, and at most
    CHECKLIST_ATTACHMENT_BYTES_PER_REVIEW bytes on the whole checklist (the attachments in use;
    a removed one no longer counts). Runs under the checklist's lock: two uploads at once cannot
    both slip under the limit."""
    from django.db.models import Sum

    in_use = ChecklistAttachment.objects.filter(removed_at__isnull=True)
    per_answer = settings.CHECKLIST_ATTACHMENTS_PER_ANSWER
    if in_use.filter(answer=answer).count() >= per_answer:
        raise ValidationError(
            {
                "file": _(
                    "This answer already has %(count)d documents, the most one answer may have. "
                    "Remove one before attaching another."
                )
                % {"count": per_answer}
            }
        )
    total = in_use.filter(answer__checklist=checklist).aggregate(total=Sum("size"))["total"] or 0
    limit = settings.CHECKLIST_ATTACHMENT_BYTES_PER_REVIEW
    if total + size > limit:
        raise ValidationError(
            {
                "file": _(
                    "The documents of this checklist would take %(total)s, more than the %(limit)s allowed. "
                    "Remove documents that are no longer needed, or attach a smaller file."
                )
                % {"total": filesizeformat(total + size), "limit": filesizeformat(limit)}
            }
        )


@transaction.atomic
def attachment_remove(*, attachment: ChecklistAttachment, actor) -> ChecklistAttachment:
    """Take the attachment off the draft. The file stays: a submitted version listing it keeps
    offering it to the people who read that version."""
    # The checklist first, as submitting does: a removal and a submission queue, never cross.
    checklist = (
        Checklist.objects.select_for_update()
        .select_related("review")
        .get(pk=ChecklistAnswer.objects.filter(pk=attachment.answer_id).values("checklist_id")[:1])
    )
    _check_editable(actor, checklist)
    current = ChecklistAttachment.objects.select_for_update().get(pk=attachment.pk)
    if current.removed_at is not None:
        raise ValidationError(_("This attachment was already removed."), code="removed")
    current.removed_at = timezone.now()
    current.removed_by = actor
    current._history_user = actor
    current._change_reason = "removed"
    current.save(update_fields=["removed_at", "removed_by"])
    return current
