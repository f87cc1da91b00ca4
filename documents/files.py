"""Files people upload: what they really are, and the names they are shown and served under.

A name or a type sent by the browser proves nothing: the kind of a document is read from its
content (:func:`sniff_kind`). Used by every app that accepts documents (checklist attachments,
the per-language files of issued documents, scanned notes verbales).
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import unicodedata
import zipfile

from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext as _


class FileKind(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "DOCX"
    ODT = "odt", "ODT"


#: The download's Content-Type, by kind.
CONTENT_TYPES = {
    FileKind.PDF: "application/pdf",
    FileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileKind.ODT: "application/vnd.oasis.opendocument.text",
}

#: What an OpenDocument text's first member, ``mimetype``, holds (ODF 1.2, part 3, §3.3).
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"

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
            return FileKind.PDF
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
                    return FileKind.ODT if member.read(len(ODT_MIMETYPE) + 1) == ODT_MIMETYPE else None
            names = {member.filename for member in members}
            if {"[Content_Types].xml", "word/document.xml"} <= names and "word/vbaProject.bin" not in names:
                return FileKind.DOCX
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
        if ext.lower().lstrip(".") not in FileKind.values:
            stem = name
        ext = wanted
    stem = stem.strip() or _("attachment")
    return stem[: 255 - len(ext)] + ext


@dataclasses.dataclass(frozen=True)
class CheckedUpload:
    kind: str
    size: int
    sha256: str
    #: The name it is shown and downloaded under (see ``display_filename``).
    filename: str


def megabytes(size: int) -> str:
    value = size / (1024 * 1024)
    return number_format(value, decimal_pos=0 if value == int(value) else 1)


def check_upload(upload, *, max_bytes: int) -> CheckedUpload:
    """The checks every attachment goes through (a checklist answer's, civil-society input's):
    not empty, at most ``max_bytes``, a PDF, DOCX or ODT by its content. A ValidationError
    names the file and says what is wrong. The upload is left at its start."""
    from django.core.exceptions import ValidationError

    name = getattr(upload, "name", "") or ""
    shown = clean_filename(name) or _("the file")
    if upload.size > max_bytes:
        raise ValidationError(
            _("“%(name)s” is too large: files may be at most %(limit)s MB.")
            % {"name": shown, "limit": megabytes(max_bytes)},
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
    return CheckedUpload(kind=kind, size=size, sha256=digest.hexdigest(), filename=display_filename(name, kind))
