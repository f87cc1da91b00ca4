"""Reads of the documents app for the pages: the status panel of a document's PDFs, and the
registry of issued documents as a person may see it."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import Q
from django.urls import reverse

from .kinds import all_kinds, kind_by_model, kind_for
from .models import PENDING, Document, DocumentFile, Rendition

LANGUAGE_ORDER = {code: i for i, (code, _name) in enumerate(settings.LANGUAGES)}


def renditions_of(document, variant=None):
    renditions = Rendition.objects.for_document(document)
    if variant:
        renditions = renditions.filter(variant=variant)
    return renditions.order_by("variant", "language")


def panel_context(user, document):
    """What the status panel shows: the six final renditions, then the draft previews."""
    kind = kind_for(document)
    renditions = sorted(
        renditions_of(document), key=lambda r: (r.variant != "final", LANGUAGE_ORDER.get(r.language, 99))
    )
    return {
        "document": document,
        "document_slug": kind.slug,
        "renditions": renditions,
        "pending": any(r.status in (Rendition.Status.QUEUED, Rendition.Status.RENDERING) for r in renditions),
        "can_render": kind.can_render(user, document),
        "language_names": dict(settings.LANGUAGES),
    }


@dataclass
class LanguageFile:
    """A document in one language: its file, or ``None`` when it is not issued in it."""

    language: str
    name: str
    file: DocumentFile | Rendition | None
    url: str = ""


@dataclass
class DocumentPage:
    document: Document
    languages: list[LanguageFile]
    #: The latest revision that replaces this document (None if it is the latest).
    superseded_by: Document | None
    #: The earlier versions this one replaces, newest first.
    supersedes: list[Document]
    #: Addenda and corrigenda of this document.
    children: list[Document]


def document_files(document: Document) -> list[LanguageFile]:
    """The six languages, each with the document's file in it or "not issued in this
    language". A document made by the pipeline (it has a ``source``) is issued in the
    languages its final PDFs exist in."""
    names = dict(settings.LANGUAGES)
    if document.source_type_id:
        kind = kind_by_model(document.source_type.model_class())
        done = {
            rendition.language: rendition
            for rendition in Rendition.objects.filter(
                content_type_id=document.source_type_id,
                object_id=document.source_id,
                variant=Rendition.Variant.FINAL,
            ).with_file()
        }
        return [
            LanguageFile(
                code,
                names[code],
                done.get(code),
                reverse("document_download", args=[kind.slug, document.source_id, code])
                if code in done and kind
                else "",
            )
            for code in names
        ]
    files = {f.language: f for f in document.files.all()}
    return [
        LanguageFile(
            code,
            names[code],
            files.get(code),
            reverse("documents:file", args=[document.symbol, code]) if code in files else "",
        )
        for code in names
    ]


def document_page(user, symbol: str) -> DocumentPage:
    """A registered document as this person may see it; ``Document.DoesNotExist`` otherwise."""
    visible = Document.objects.visible_to(user)
    document = visible.select_related("body", "parent", "source_type").prefetch_related("files").get(symbol=symbol)
    family = list(
        visible.filter(base_symbol=document.base_symbol, relation__in=["original", "revision"])
        .exclude(pk=document.pk)
        .order_by("-revision")
    )
    superseding = [d for d in family if d.revision > document.revision]
    superseded_by = superseding[0] if superseding and document.relation in ("original", "revision") else None
    supersedes = [d for d in family if d.revision < document.revision] if document.relation == "revision" else []
    children = list(visible.filter(parent=document, relation__in=["addendum", "corrigendum"]).order_by("symbol"))
    return DocumentPage(document, document_files(document), superseded_by, supersedes, children)


def document_list(user, *, series: str = "", year: int | None = None, query: str = ""):
    """The registry as this person may see it, by series, year and number."""
    documents = Document.objects.visible_to(user)
    if series:
        documents = documents.filter(series=series)
    if year:
        documents = documents.filter(year=year)
    if query:
        documents = documents.filter(Q(symbol__icontains=query) | Q(title__icontains=query))
    return documents.order_by("series", "-year", "kind", "number", "symbol")


def file_for_download(user, symbol: str, language: str) -> DocumentFile | None:
    return (
        DocumentFile.objects.filter(
            document__in=Document.objects.visible_to(user), document__symbol=symbol, language=language
        )
        .select_related("document")
        .first()
    )


def renditions_needing_attention(limit: int = 200) -> list[Rendition]:
    """Renditions stuck (queued or rendering far too long) or failed, the oldest first, each
    with ``label`` (the file it makes) and ``stuck`` set: the operations page."""
    from django.utils import timezone

    from .services.renditions import is_stuck

    now = timezone.now()
    rows = list(
        Rendition.objects.filter(status__in=PENDING)
        .filter(
            Q(status=Rendition.Status.FAILED)
            | Q(status=Rendition.Status.QUEUED, queued_at__lt=now - settings.RENDITION_RESEND_AFTER)
            | Q(status=Rendition.Status.RENDERING, started_at__lt=now - settings.RENDITION_DEAD_AFTER)
        )
        .select_related("content_type")
        # One query per kind of document, with what its label reads: not one per row.
        .prefetch_related(
            GenericPrefetch(
                "document", [kind.model.objects.select_related(*kind.label_related) for kind in all_kinds()]
            )
        )
        .order_by("queued_at", "pk")[:limit]
    )
    for rendition in rows:
        document = rendition.document
        rendition.label = kind_for(document).filename(document, rendition.language) if document else "—"
        rendition.stuck = is_stuck(rendition, now)
    return rows
