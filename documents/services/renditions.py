"""Asking for PDFs. The web side only records the request and enqueues, after the
transaction commits, one task per language; the worker renders (``documents.tasks``)."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ..kinds import kind_for
from ..models import Rendition


def request_renditions(document, *, languages=None, variant=Rendition.Variant.FINAL) -> list[Rendition]:
    """Queue one rendition per language. Idempotent: asking again for an unchanged document
    queues the tasks, and the worker finds the same content hash and renders nothing.

    A rendition already done keeps its file (and stays downloadable) until the new one
    replaces it."""
    kind = kind_for(document)
    languages = list(languages or kind.languages(document))
    content_type = ContentType.objects.get_for_model(document)
    now = timezone.now()
    renditions = []
    with transaction.atomic():
        for language in languages:
            rendition, _created = Rendition.objects.get_or_create(
                content_type=content_type, object_id=document.pk, language=language, variant=variant
            )
            Rendition.objects.filter(pk=rendition.pk).update(
                generation=F("generation") + 1,
                status=Rendition.Status.QUEUED,
                queued_at=now,
                started_at=None,
                finished_at=None,
                error="",
                attempts=0,
            )
            rendition.refresh_from_db()
            renditions.append(rendition)
            transaction.on_commit(_enqueuer(rendition.pk, rendition.generation), robust=True)
    return renditions


def _enqueuer(rendition_id: int, generation: int):
    def enqueue():
        from ..tasks import render_document

        render_document.delay(rendition_id, generation)

    return enqueue


def rendition_retry(*, rendition: Rendition, actor) -> Rendition:
    """Staff ask again for a rendition that failed."""
    document = rendition.document
    if document is None or not kind_for(document).can_render(actor, document):
        raise PermissionDenied(_("You may not render this document."))
    if rendition.status != Rendition.Status.FAILED:
        raise ValidationError(_("Only a failed rendition can be retried."))
    return request_renditions(document, languages=[rendition.language], variant=rendition.variant)[0]


def draft_preview(*, document, actor, languages=None) -> list[Rendition]:
    """A draft PDF, watermarked, for those who prepare the document."""
    kind = kind_for(document)
    if not kind.can_render(actor, document):
        raise PermissionDenied(_("You may not render this document."))
    return request_renditions(document, languages=languages, variant=Rendition.Variant.DRAFT)


def export_pdf(*, document, actor) -> list[Rendition]:
    """A final PDF of a document someone may read (e.g. a submitted checklist), made by the
    workers in the document's languages."""
    if not kind_for(document).can_render(actor, document):
        raise PermissionDenied(_("You may not render this document."))
    return request_renditions(document)
