"""What the rendering pipeline needs to know about each kind of document.

A *document kind* says which template renders a model instance, what goes into its context,
who may read a draft or an unpublished rendition, and whether it is public. The worker
calls :func:`render_html` under the language of the rendition; nothing here writes a PDF.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from reviewmech.i18n import is_rtl

from .models import Rendition

_KINDS: dict[str, DocumentKind] = {}
_BY_MODEL: dict[type, DocumentKind] = {}


@dataclasses.dataclass(frozen=True)
class DocumentMeta:
    """The masthead every UN document carries."""

    symbol: str
    title: str
    date: datetime.date | None
    original_language: str
    distribution: str = "General"


@dataclasses.dataclass(frozen=True)
class Assembly:
    """A PDF put together from other PDFs (a session's documents in one file) rather than laid
    out from one HTML page. ``digest`` plays the part of the HTML's hash: an unchanged digest
    means the PDF already made is still right. ``make`` runs in the worker and returns a
    ``reviewmech.pdf.RenderedPdf``."""

    digest: str
    make: Callable


class DocumentKind:
    """Subclass per model and register with :func:`register`."""

    #: In the stable download address: /documents/<slug>/<pk>/<language>.pdf
    slug: str
    model: type
    template: str

    #: The relations ``meta`` and ``filename`` read, fetched with the documents where many are
    #: labelled at once (the operations page): one query per kind, not one per document.
    label_related: tuple[str, ...] = ()

    def meta(self, document) -> DocumentMeta:
        raise NotImplementedError

    def context(self, document, variant: str) -> dict:
        """The template's context, built under the rendition's language."""
        raise NotImplementedError

    def languages(self, document) -> list[str]:
        """The languages the document is issued in; all six by default."""
        return [code for code, _name in settings.LANGUAGES]

    def is_public(self, document) -> bool:
        """Whether anyone, signed in or not, may download its final renditions."""
        raise NotImplementedError

    def can_read(self, user, document) -> bool:
        """Whether this person may download unpublished renditions and draft previews."""
        raise NotImplementedError

    def can_render(self, user, document) -> bool:
        """Whether this person may ask for a draft preview or retry a failed rendition."""
        return self.can_read(user, document)

    def assemble(self, document, language: str, variant: str) -> Assembly | None:
        """For a kind whose PDF is assembled from other PDFs: how (see :class:`Assembly`).
        ``None``, the default, renders ``template`` with WeasyPrint."""
        return None

    def filename(self, document, language: str) -> str:
        symbol = self.meta(document).symbol
        stem = symbol.replace("/", "_") if symbol else f"{self.slug}-{document.pk}"
        return f"{stem}-{language.upper()}.pdf"


def register(kind_class):
    kind = kind_class()
    _KINDS[kind.slug] = kind
    _BY_MODEL[kind.model] = kind
    return kind_class


def all_kinds() -> list[DocumentKind]:
    return list(_KINDS.values())


def kind_for(document) -> DocumentKind:
    return _BY_MODEL[type(document)]


def kind_by_model(model) -> DocumentKind | None:
    return _BY_MODEL.get(model)


def kind_by_slug(slug: str) -> DocumentKind | None:
    return _KINDS.get(slug)


def render_html(document, language: str, variant: str, **extra) -> str:
    """The HTML of one rendition. Deterministic: the same content gives the same HTML, so its
    hash tells the worker whether the PDF must be made again. ``extra`` goes into the context
    (an assembled PDF's front matter gets the page numbers of its parts)."""
    kind = kind_for(document)
    with translation.override(language):
        meta = kind.meta(document)
        context = {
            "meta": meta,
            "language": language,
            "rtl": is_rtl(language),
            "draft": variant == Rendition.Variant.DRAFT,
            # A draft carries the day it was made; a final document its own date only.
            "draft_date": timezone.localdate() if variant == Rendition.Variant.DRAFT else None,
            **kind.context(document, variant),
            **extra,
        }
        return render_to_string(kind.template, context)
