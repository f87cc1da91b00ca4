"""Documents attached to a checklist answer (a law, a decree, a report).

Only PDF, DOCX and ODT are accepted, recognised by their content: a name or a type sent by the
browser proves nothing. Files are stored under a random name (see ``attachment_upload_to``)
and served only through a view that checks who may read them. Removing an attachment keeps the
file: a submitted version that lists it still offers it to its readers.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ..models import Checklist, ChecklistAnswer, ChecklistAttachment
from .checklist import _check_editable

Kind = ChecklistAttachment.Kind

#: What an OpenDocument text's first member, ``mimetype``, holds (ODF 1.2, part 3, §3.3).
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
#: The download's Content-Type, by kind.
CONTENT_TYPES = {
    Kind.PDF: "application/pdf",
    Kind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Kind.ODT: "application/vnd.oasis.opendocument.text",
}
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

# Bidirectional embedding/override/isolate marks: "report\u202efdp.exe" would display as
# "reportexe.pdf". Other format characters (ZWNJ in Persian, ZWJ...) are meaningful and kept.
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"))


def sniff_kind(fileobj) -> str | None:
    """The kind of document in the binary, seekable ``fileobj`` (``"pdf"``, ``"docx"``,
    ``"odt"``), or None if it is none of them. Nothing is extracted or written: a ZIP file is
    only listed (and its tiny ``mimetype`` member read). The read position is restored.

    - PDF: the file starts with ``%PDF-``.
    - ODT: a ZIP whose first member is ``mimetype``, holding exactly the ODF text type.
    - DOCX: a ZIP with ``[Content_Types].xml`` and ``word/document.xml``, and no macros
      (``word/vbaProject.bin``: a renamed .docm).

    Spreadsheets (ODS, XLSX), other ZIP files, truncated or corrupt ZIP files give None.
    """
    start = fileobj.tell()
    try:
        fileobj.seek(0)
        if fileobj.read(5) == b"%PDF-":
            return Kind.PDF
        fileobj.seek(0)
        return _sniff_zip(fileobj)
    finally:
        fileobj.seek(start)


def _sniff_zip(fileobj) -> str | None:
    try:
        with zipfile.ZipFile(fileobj) as archive:
            members = archive.infolist()
            if not members:
                return None
            first = members[0]
            if first.filename == "mimetype":
                # At most the length of the type: a large "mimetype" member is not an ODT.
                if first.file_size != len(ODT_MIMETYPE):
                    return None
                with archive.open(first) as member:
                    return Kind.ODT if member.read(len(ODT_MIMETYPE) + 1) == ODT_MIMETYPE else None
            names = {member.filename for member in members}
            if {"[Content_Types].xml", "word/document.xml"} <= names and "word/vbaProject.bin" not in names:
                return Kind.DOCX
            return None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError):
        # Not a ZIP, a truncated one, or a corrupt member (bad CRC, unknown compression).
        return None


def clean_filename(name: str) -> str:
    """The name a person gave the file, safe to show: any path dropped, control and
    bidirectional-override characters removed, Unicode kept (NFC)."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name.translate(_BIDI_CONTROLS) if unicodedata.category(ch) != "Cc")
    return name.strip().strip(".").strip()


def display_filename(name: str, kind: str) -> str:
    """The cleaned name (see ``clean_filename``), at most 255 characters, with an extension
    that tells the real type: it is also the name the file is downloaded under."""
    name = clean_filename(name)
    stem, ext = os.path.splitext(name)
    wanted = f".{kind}"
    if ext.lower() != wanted:
        # "report.docx" that is really a PDF becomes "report.pdf"; "scan" becomes "scan.pdf".
        if ext.lower().lstrip(".") not in Kind.values:
            stem = name
        ext = wanted
    stem = stem.strip() or _("attachment")
    return stem[: 255 - len(ext)] + ext


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
