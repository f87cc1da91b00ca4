"""Documents attached to a checklist answer (a law, a decree, a report).

Only PDF, DOCX and ODT are accepted, recognised by their content: a name or a type sent by the
browser proves nothing. Files are stored under a random name (see ``attachment_upload_to``)
and served only through a view that checks who may read them. Removing an attachment keeps the
file: a submitted version that lists it still offers it to its readers.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from documents.files import clean_filename, display_filename, sniff_kind

from ..models import Checklist, ChecklistAnswer, ChecklistAttachment
from .checklist import _check_editable

Kind = ChecklistAttachment.Kind

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def max_bytes() -> int:
    return getattr(settings, "CHECKLIST_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES)


def _megabytes(size: int) -> str:
    value = size / (1024 * 1024)
    return number_format(value, decimal_pos=0 if value == int(value) else 1)


@transaction.atomic
def attachment_add(*, answer: ChecklistAnswer, actor, upload) -> ChecklistAttachment:
    """Attach ``upload`` (a Django ``UploadedFile``) to the answer, while the checklist is a
    draft and the actor may edit it. The answer itself is not touched."""
    checklist = Checklist.objects.select_for_update().select_related("review").get(pk=answer.checklist_id)
    _check_editable(actor, checklist)
    name = getattr(upload, "name", "") or ""
    shown = clean_filename(name) or _("the file")
    limit = max_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is too large: files may be at most %(limit)s MB.")
            % {"name": shown, "limit": _megabytes(limit)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": shown}, code="empty")
    upload.seek(0)
    kind = sniff_kind(upload)
    if kind is None:
        raise ValidationError(
            _("“%(name)s” is not a PDF, DOCX or ODT document. Only these types may be attached.") % {"name": shown},
            code="bad_type",
        )
    digest = hashlib.sha256()
    size = 0
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
        size += len(chunk)
    upload.seek(0)
    attachment = ChecklistAttachment(
        answer=answer,
        filename=display_filename(name, kind),
        kind=kind,
        size=size,
        sha256=digest.hexdigest(),
        uploaded_by=actor,
    )
    attachment._history_user = actor
    attachment._change_reason = "attached"
    # The storage name comes from ``attachment_upload_to`` (random), never from the upload.
    attachment.file.save(f"upload.{kind}", upload, save=False)
    stored = attachment.file.name
    try:
        attachment.save()
    except Exception:
        attachment.file.storage.delete(stored)
        raise
    return attachment


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
