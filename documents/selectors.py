"""Reads of the documents pipeline for the pages: the status panel of a document's PDFs."""

from django.conf import settings

from .kinds import kind_for
from .models import Rendition

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
