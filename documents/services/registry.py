"""The registry of issued documents: registering a document under its United Nations symbol,
numbering a series, issuing, and the files of each language. Secretariat staff only.

Two staff registering at once never get the same symbol: the next number of a series is taken
under a lock on that series' :class:`~documents.models.Sequence` row (``SELECT … FOR UPDATE``
on PostgreSQL; SQLite runs one writer at a time), and the symbol is unique in the database.
"""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from reviewmech.i18n import texts_by_language
from reviewmech.roles import is_secretariat

from ..files import FileKind, display_filename, sniff_kind
from ..models import Distribution, Document, DocumentFile, Sequence
from ..signals import document_changed
from ..symbols import Symbol, SymbolError, numbered_symbol, parse_symbol

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
#: The kinds of file a document may be issued in.
DOCUMENT_FILE_KINDS = (FileKind.PDF, FileKind.DOCX)
DEFAULT_MAX_BYTES = 50 * 1024 * 1024


def _require_staff(actor):
    if not is_secretariat(actor):
        raise PermissionDenied(_("Only the secretariat keeps the registry of documents."))


# --- Numbering ---------------------------------------------------------------------------------


def sequence_next(key: str, *, at_least: int = 1) -> int:
    """The next number of the sequence ``key``, never below ``at_least``. Must run inside a
    transaction: the sequence's row stays locked until it commits."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("sequence_next must run inside a transaction")
    Sequence.objects.bulk_create([Sequence(key=key)], ignore_conflicts=True)
    sequence = Sequence.objects.select_for_update().get(key=key)
    number = max(sequence.last + 1, at_least)
    sequence.last = number
    sequence.save(update_fields=["last"])
    return number


def _series_key(prefix: str, year: int, kind: str) -> str:
    return f"symbol:{prefix}/{year}/{kind}"


def _highest_number(prefix: str, year: int, kind: str) -> int:
    found = Document.objects.filter(series=prefix, year=year, kind=kind).aggregate(highest=Max("number"))
    return found["highest"] or 0


def symbol_suggest(*, prefix: str, year: int, kind: str = "") -> str:
    """The next free symbol of a series in a year (e.g. ``CAC/COSP/IRG/2026/4`` or
    ``CAC/COSP/IRG/2026/CRP.3``): a suggestion, taken for good only when registered."""
    sequence = Sequence.objects.filter(key=_series_key(prefix, year, kind)).first()
    number = max(_highest_number(prefix, year, kind), sequence.last if sequence else 0) + 1
    return str(numbered_symbol(prefix, year, number, kind))


# --- Registering -------------------------------------------------------------------------------


def _parse(text: str) -> Symbol:
    try:
        return parse_symbol(text or "")
    except SymbolError as exc:
        raise ValidationError({"symbol": str(exc)}) from exc


def _symbol_fields(symbol: Symbol) -> dict:
    base = symbol.base
    last_suffix = symbol.suffixes[-1][0] if symbol.suffixes else ""
    relation = {
        "Rev": Document.Relation.REVISION,
        "Add": Document.Relation.ADDENDUM,
        "Corr": Document.Relation.CORRIGENDUM,
    }.get(last_suffix, Document.Relation.ORIGINAL)
    return {
        "symbol": str(symbol),
        "series": symbol.prefix,
        "year": symbol.year,
        "kind": symbol.kind,
        "number": symbol.numbers[0] if symbol.numbers and not symbol.suffixes else None,
        "base_symbol": str(base),
        "revision": symbol.revision,
        "relation": relation,
    }


def _clean_titles(titles: dict | str, original_language: str) -> dict:
    cleaned = texts_by_language("title", titles, limit=500, default_language=original_language)
    if not cleaned.get(f"title_{original_language.replace('-', '_')}"):
        raise ValidationError({"title": _("Give the title in the original language of the document.")})
    return cleaned


def _duplicate(symbol: str) -> ValidationError:
    return ValidationError({"symbol": _("The symbol %(symbol)s is already registered.") % {"symbol": symbol}})


@transaction.atomic
def document_register(
    *,
    actor,
    title: dict | str,
    symbol: str = "",
    prefix: str = "",
    year: int | None = None,
    kind: str = "",
    issued_on: datetime.date | None = None,
    distribution: str = Distribution.GENERAL,
    original_language: str = "en",
    body=None,
    source=None,
    concerned_states=(),
) -> Document:
    """Register a document, as a draft, under ``symbol``; or, with no symbol, under the next
    free number of ``prefix``/``year`` (and ``kind``: ``CRP``, ``L``…). A revision, addendum
    or corrigendum is linked to the document it revises, adds to or corrects when that one is
    registered. ``source`` is the object whose PDFs are the document's files (an executive
    summary, a note verbale…)."""
    _require_staff(actor)
    if original_language not in LANGUAGE_CODES:
        raise ValidationError({"original_language": _("Unknown language: %(code)s.") % {"code": original_language}})
    if distribution not in Distribution.values:
        raise ValidationError({"distribution": _("Choose General, Limited or Restricted.")})
    titles = _clean_titles(title, original_language)
    if symbol.strip():
        parsed = _parse(symbol.strip())
    else:
        if not prefix or not year:
            raise ValidationError({"symbol": _("Give the symbol, or the series and year to number it in.")})
        try:
            numbered_symbol(prefix, year, 1, kind)
        except SymbolError as exc:
            raise ValidationError({"symbol": str(exc)}) from exc
        number = sequence_next(_series_key(prefix, year, kind), at_least=_highest_number(prefix, year, kind) + 1)
        parsed = numbered_symbol(prefix, year, number, kind)
    fields = _symbol_fields(parsed)
    if Document.objects.filter(symbol=fields["symbol"]).exists():
        raise _duplicate(fields["symbol"])
    parent_symbol = parsed.parent
    parent = Document.objects.filter(symbol=str(parent_symbol)).first() if parent_symbol else None
    source_fields = {}
    if source is not None:
        source_fields = {"source_type": ContentType.objects.get_for_model(source), "source_id": source.pk}
    document = Document(
        **fields,
        **titles,
        **source_fields,
        parent=parent,
        body=body,
        issued_on=issued_on,
        distribution=distribution,
        original_language=original_language,
        created_by=actor,
    )
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError as exc:  # registered by someone else a moment ago
        raise _duplicate(fields["symbol"]) from exc
    if concerned_states:
        document.concerned_states.set(concerned_states)
    return document


@transaction.atomic
def document_update(
    *,
    document: Document,
    actor,
    title: dict | str | None = None,
    issued_on: datetime.date | None = None,
    distribution: str | None = None,
) -> Document:
    """Change a registered document's titles, date or distribution (its symbol never changes:
    a different symbol is a different document)."""
    _require_staff(actor)
    document = Document.objects.select_for_update().get(pk=document.pk)
    changed = []
    if title is not None:
        titles = _clean_titles(title, document.original_language)
        for name, value in titles.items():
            setattr(document, name, value)
        changed += list(titles)
    if issued_on is not None:
        document.issued_on = issued_on
        changed.append("issued_on")
    if distribution is not None:
        if distribution not in Distribution.values:
            raise ValidationError({"distribution": _("Choose General, Limited or Restricted.")})
        document.distribution = distribution
        changed.append("distribution")
    if changed:
        document.save(update_fields=changed)
        document_changed.send(sender=Document, document=document)
    return document


@transaction.atomic
def document_issue(*, document: Document, actor, on: datetime.date | None = None) -> Document:
    """Issue a draft: from now on a document of general distribution is public."""
    _require_staff(actor)
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.status == Document.Status.ISSUED:
        raise ValidationError(_("This document is already issued."))
    on = on or document.issued_on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"issued_on": _("The date of issue cannot be in the future.")})
    document.status = Document.Status.ISSUED
    document.issued_on = on
    document.save(update_fields=["status", "issued_on"])
    document_changed.send(sender=Document, document=document)
    return document


# --- Files ---------------------------------------------------------------------------------------


def max_bytes() -> int:
    return getattr(settings, "DOCUMENT_FILE_MAX_BYTES", DEFAULT_MAX_BYTES)


@transaction.atomic
def document_file_attach(*, document: Document, language: str, upload, actor) -> DocumentFile:
    """The document's file in ``language`` (a PDF or a Word document, recognised by its
    content), replacing the one it had in that language."""
    _require_staff(actor)
    if language not in LANGUAGE_CODES:
        raise ValidationError({"file": _("Unknown language: %(code)s.") % {"code": language}})
    limit = max_bytes()
    if upload.size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    if upload.size > limit:
        raise ValidationError(
            {"file": _("The file is larger than %(limit)s MB.") % {"limit": number_format(limit // (1024 * 1024))}}
        )
    kind = sniff_kind(upload)
    if kind not in DOCUMENT_FILE_KINDS:
        raise ValidationError({"file": _("A document is issued as a PDF or a Word (DOCX) file; this file is neither.")})
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    document = Document.objects.select_for_update().get(pk=document.pk)
    previous = DocumentFile.objects.filter(document=document, language=language).first()
    made = DocumentFile(
        document=document,
        language=language,
        kind=kind,
        name=display_filename(upload.name, kind),
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=actor,
    )
    stored_name = f"{document.symbol.replace('/', '_')}-{language.upper()}.{kind}"
    made.file.save(stored_name, upload, save=False)
    if previous:
        previous.delete()  # its file goes after the commit (reviewmech.storage)
    made.save()
    document_changed.send(sender=Document, document=document)
    return made


@transaction.atomic
def document_file_remove(*, document_file: DocumentFile, actor) -> None:
    """The document is no longer issued in that language (a wrong file, say): only while it is
    a draft."""
    _require_staff(actor)
    document_file = DocumentFile.objects.select_related("document").get(pk=document_file.pk)
    if document_file.document.status == Document.Status.ISSUED:
        raise ValidationError(_("An issued document keeps its files: issue a corrigendum or a revision instead."))
    document_file.delete()  # its file goes after the commit (reviewmech.storage)
    document_changed.send(sender=Document, document=document_file.document)


@transaction.atomic
def document_withdraw(*, document: Document, actor) -> None:
    """Take a draft out of the registry (a symbol given by mistake): its files go with it. An
    issued document stays: it is corrected by a corrigendum or replaced by a revision."""
    _require_staff(actor)
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.status == Document.Status.ISSUED:
        raise ValidationError(_("An issued document stays in the registry: issue a corrigendum or a revision instead."))
    if document.children.exists():
        raise ValidationError(_("Documents are registered as revising, adding to or correcting this one: it stays."))
    document.files.all().delete()  # their files go after the commit (reviewmech.storage)
    document.delete()
