"""The documents of a session in one PDF per language: a cover, a table of contents by agenda
item with the page each document starts on, then the documents as issued, numbered through.

Only public documents go in (issued, general distribution), so the bundle is public like them.
A document not issued in the bundle's language goes in in the language it exists in, marked as
such in the contents; one issued only as a Word file, or whose PDF cannot be read, is listed as
not included. The worker makes the bundle (``documents.compilation``) when its digest changes:
a document listed or removed, a file or a title changed, the session's facts changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch, Q

from documents.compilation import Placed
from documents.models import Document, DocumentFile, Rendition
from documents.selectors import document_files
from documents.services.renditions import request_renditions
from reviewmech.i18n import Translated, translated

from .models import AgendaItem, Session

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


@dataclass
class Entry:
    """A document in the contents, with the file that goes into this language's bundle."""

    document: Document
    title: Translated
    #: The file included (a DocumentFile or, for a document the pipeline renders, a Rendition).
    file: DocumentFile | Rendition | None
    #: The language of that file: the bundle's, or the one the document falls back to.
    file_language: str
    #: Why it is not included: "" (it is), "not-pdf" (a Word file only), "not-issued".
    missing: str = ""
    #: Listed under an earlier item already: the contents point to the same pages.
    repeated: bool = False
    #: Where the worker put it in the bundle (its first page), once known.
    placed: Placed | None = None

    @property
    def key(self) -> str:
        return self.document.symbol

    @property
    def fingerprint(self) -> str:
        if isinstance(self.file, DocumentFile):
            return self.file.sha256
        if isinstance(self.file, Rendition):
            return self.file.content_hash
        return ""


@dataclass
class Section:
    """The provisional agenda (``item`` None), or an agenda item with its documents."""

    item: AgendaItem | None
    title: Translated | None
    entries: list[Entry]


def _pick_file(document: Document, language: str) -> tuple[DocumentFile | Rendition | None, str, str]:
    """The document's PDF in ``language``; else in its original language, in English, in any:
    (file, its language, why it is missing)."""
    files = {entry.language: entry.file for entry in document_files(document) if entry.file is not None}
    order = [language, document.original_language, settings.MODELTRANSLATION_DEFAULT_LANGUAGE, *LANGUAGE_CODES]
    for code in dict.fromkeys(order):
        candidate = files.get(code)
        if candidate is not None and (isinstance(candidate, Rendition) or candidate.kind == "pdf"):
            return candidate, code, ""
    return None, language, "not-pdf" if files else "not-issued"


def bundle_sections(session: Session, language: str) -> list[Section]:
    """What the bundle of ``session`` in ``language`` holds, in agenda order: the provisional
    agenda first, then each item with documents, its documents by symbol."""
    public = Document.objects.public().select_related("source_type").prefetch_related("files").order_by("symbol")
    sections = []
    seen = set()

    def entry(document: Document) -> Entry:
        file, file_language, missing = _pick_file(document, language)
        made = Entry(document, translated(document, "title", language), file, file_language, missing)
        made.repeated = document.pk in seen
        seen.add(document.pk)
        return made

    provisional = public.filter(pk=session.provisional_agenda_id).first() if session.provisional_agenda_id else None
    if provisional is not None:
        sections.append(Section(None, None, [entry(provisional)]))
    items = (
        AgendaItem.objects.filter(session=session)
        .prefetch_related(Prefetch("documents", queryset=public, to_attr="public_documents"))
        .order_by("number", "letter")
    )
    for item in items:
        if item.public_documents:
            sections.append(
                Section(item, translated(item, "title", language), [entry(d) for d in item.public_documents])
            )
    return sections


def has_documents(session: Session) -> bool:
    """Whether the session has a public document to put in a bundle."""
    public = Document.objects.public()
    return (
        public.filter(agenda_items__session=session).exists()
        or public.filter(pk=session.provisional_agenda_id).exists()
    )


def bundle_request(session: Session) -> None:
    """Ask the workers to make the bundle again in the six languages, once the transaction
    commits. A session that never had a public document gets none; one whose documents are all
    gone gets a bundle that says so, rather than keeping a stale one."""
    if has_documents(session) or Rendition.objects.for_document(session).exists():
        request_renditions(session)


def sessions_listing(document: Document) -> list[Session]:
    """The sessions whose bundle holds ``document`` (on their agenda or their provisional agenda)."""
    return list(Session.objects.filter(Q(agenda__documents=document) | Q(provisional_agenda=document)).distinct())


def on_document_changed(sender, document: Document, **kwargs) -> None:
    """A document changed (issued, a file attached, its title corrected, its PDF made again):
    the bundles it is in are made again."""
    for session in sessions_listing(document):
        bundle_request(session)
