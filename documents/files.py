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
import zlib

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


#: Relationship types a DOCX may point outside itself with: a hyperlink is a link a person
#: follows; anything else (an attached template, a linked OLE object or image, a frame) is
#: fetched by the word processor on opening.
_EXTERNAL_RELATIONSHIP_ALLOWED = ("/hyperlink",)


def _is_program(name: str) -> bool:
    """A member that runs or embeds code: VBA macros (a renamed .docm), ActiveX controls, OLE
    objects (which may wrap an executable), an ODT's Basic or script libraries."""
    base = name.rsplit("/", 1)[-1]
    return (
        base in ("vbaproject.bin", "vbadata.xml")
        or (base.startswith("oleobject") and base.endswith(".bin"))
        or "/activex/" in f"/{name}"
        or name.startswith(("basic/", "scripts/"))
    )


def check_office_package(fileobj, *, max_members: int = 1000, max_uncompressed: int = 50 * 1024 * 1024) -> None:
    """Refuse, before anything parses it, an office file (DOCX or ODT, a ZIP) that is a ZIP
    bomb (more than ``max_members`` members, or more than ``max_uncompressed`` bytes once
    uncompressed, as the members declare it — reading a member never gives more than its
    declared size), that holds macros (``vbaProject.bin``; an ODT's ``Basic/`` or ``Scripts/``)
    or that links to a template or an object outside itself (a relationship in external mode
    other than a hyperlink), or whose XML declares a DTD (entity expansion, external entities).
    Hyperlinks are kept. Raises ValidationError with a code: ``not_zip``, ``too_many_members``,
    ``too_large_uncompressed``, ``macros``, ``external``, ``dtd``.
    The read position is restored."""
    import re

    from django.core.exceptions import ValidationError

    start = fileobj.tell()
    try:
        fileobj.seek(0)
        try:
            archive = zipfile.ZipFile(fileobj)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
            raise ValidationError(_("The file is damaged or not a DOCX or ODT document."), code="not_zip") from exc
        with archive:
            members = archive.infolist()
            if len(members) > max_members:
                raise ValidationError(
                    _("The file holds too many parts (%(count)s; at most %(limit)s): it is refused.")
                    % {"count": len(members), "limit": max_members},
                    code="too_many_members",
                )
            if sum(member.file_size for member in members) > max_uncompressed:
                raise ValidationError(
                    _("The file would be larger than %(limit)s MB once uncompressed: it is refused.")
                    % {"limit": megabytes(max_uncompressed)},
                    code="too_large_uncompressed",
                )
            lowered = [member.filename.lower() for member in members]
            if any(_is_program(name) for name in lowered):
                raise ValidationError(
                    _(
                        "The file contains macros or embedded programs. "
                        "Save it as a plain document and upload it again."
                    ),
                    code="macros",
                )
            for member in members:
                if not member.filename.lower().endswith((".xml", ".rels")):
                    continue
                # Read within the bound checked above (a member never gives more than declared).
                try:
                    data = archive.read(member)
                except (zipfile.BadZipFile, NotImplementedError, EOFError, OSError, ValueError, zlib.error) as exc:
                    raise ValidationError(
                        _("The file is damaged or not a DOCX or ODT document."), code="not_zip"
                    ) from exc
                if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
                    # Office documents never declare entities: a DTD is an entity bomb or XXE.
                    raise ValidationError(_("The file is damaged or not a DOCX or ODT document."), code="dtd")
                if not member.filename.lower().endswith(".rels"):
                    continue
                text = data.decode("utf-8", "replace")
                for rel in re.finditer(r"<Relationship\b[^>]*>", text):
                    attrs = rel.group(0)
                    if not re.search(r'TargetMode\s*=\s*["\']External["\']', attrs):
                        continue
                    kind = re.search(r'Type\s*=\s*["\']([^"\']*)["\']', attrs)
                    if not kind or not kind.group(1).endswith(_EXTERNAL_RELATIONSHIP_ALLOWED):
                        raise ValidationError(
                            _(
                                "The file links to a template or an object outside itself. Remove the link "
                                "(or save the document without it) and upload it again."
                            ),
                            code="external",
                        )
    finally:
        fileobj.seek(start)
