"""Asking for PDFs. The web side only records the request and enqueues, after the
transaction commits, one task per language; the worker renders (``documents.tasks``)."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from reviewmech import freshness

from ..kinds import kind_for
from ..models import PENDING, Rendition


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
                resends=0,
            )
            rendition.refresh_from_db()
            renditions.append(rendition)
            _enqueue_after_commit(rendition.pk, rendition.generation)
    return renditions


def _enqueue_after_commit(rendition_id: int, generation: int) -> None:
    from reviewmech.celery import nudge_after_commit

    from ..tasks import render_document

    # The rendition row is the record; the message only a nudge (``renditions_sweep``).
    nudge_after_commit(render_document, rendition_id, generation)


def is_stuck(rendition: Rendition, now=None) -> bool:
    """Queued for longer than its message should take to arrive, or rendering for longer than a
    worker is allowed to: its message was lost, or its worker died."""
    from django.conf import settings

    now = now or timezone.now()
    if rendition.status == Rendition.Status.QUEUED:
        return rendition.queued_at < now - settings.RENDITION_RESEND_AFTER
    if rendition.status == Rendition.Status.RENDERING:
        return rendition.started_at is not None and rendition.started_at < now - settings.RENDITION_DEAD_AFTER
    return False


def renditions_backlog() -> dict[str, int]:
    """How many renditions wait (queued), are being made, are stuck (``is_stuck``) or failed."""
    from django.conf import settings
    from django.db.models import Count

    now = timezone.now()
    stuck = Q(status=Rendition.Status.QUEUED, queued_at__lt=now - settings.RENDITION_RESEND_AFTER) | Q(
        status=Rendition.Status.RENDERING, started_at__lt=now - settings.RENDITION_DEAD_AFTER
    )
    counts = Rendition.objects.filter(status__in=PENDING).aggregate(
        queued=Count("pk", filter=Q(status=Rendition.Status.QUEUED)),
        rendering=Count("pk", filter=Q(status=Rendition.Status.RENDERING)),
        stuck=Count("pk", filter=stuck),
        failed=Count("pk", filter=Q(status=Rendition.Status.FAILED)),
    )
    return counts


def renditions_sweep(now=None) -> dict[str, int]:
    """Celery beat, every minute: every rendition stuck (``is_stuck``) is sent to the workers
    again, at most ``RENDITION_MAX_RESENDS`` times; then it fails, with why, for the secretariat
    to see and retry. The generation counter keeps a late duplicate from doing anything twice.

    The renditions are their own outbox: the row, written with the change that asks for it,
    is the record that the work is owed; the message to the broker is only a nudge."""
    from django.conf import settings

    now = now or timezone.now()
    counts = {"resent": 0, "failed": 0}
    stuck = Rendition.objects.filter(status__in=PENDING).filter(
        Q(status=Rendition.Status.QUEUED, queued_at__lt=now - settings.RENDITION_RESEND_AFTER)
        | Q(status=Rendition.Status.RENDERING, started_at__lt=now - settings.RENDITION_DEAD_AFTER)
    )
    for rendition in stuck.only("pk", "generation", "status", "resends"):
        with transaction.atomic():
            same = Rendition.objects.filter(pk=rendition.pk, generation=rendition.generation, status=rendition.status)
            if rendition.resends >= settings.RENDITION_MAX_RESENDS:
                why = _(
                    "Not rendered after %(count)d tries: the workers did not get it, or stopped while rendering."
                ) % {"count": rendition.resends + 1}
                if same.update(status=Rendition.Status.FAILED, error=why, finished_at=now):
                    counts["failed"] += 1
                    freshness.bump()  # a previous PDF is no longer "being updated"
                continue
            if same.update(status=Rendition.Status.QUEUED, queued_at=now, resends=F("resends") + 1):
                counts["resent"] += 1
                _enqueue_after_commit(rendition.pk, rendition.generation)
    return counts


def rendition_retry(*, rendition: Rendition, actor) -> Rendition:
    """Staff ask again for a rendition that failed."""
    document = rendition.document
    if document is None or not kind_for(document).can_render(actor, document):
        raise PermissionDenied(_("You may not render this document."))
    if rendition.status != Rendition.Status.FAILED and not is_stuck(rendition):
        raise ValidationError(_("Only a failed rendition, or one stuck in the queue, can be retried."))
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
