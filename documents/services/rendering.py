"""The worker's side of the rendering pipeline: HTML under the rendition's language, a content
hash, WeasyPrint only when the hash changed, an atomic write, and the rendition's record.

Runs inside a Celery task (``documents.tasks.render_document``), never in a web request.
"""

import datetime
import logging
import time
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import OperationalError, transaction
from django.db.models import F
from django.utils import timezone

from reviewmech import freshness

from ..kinds import kind_for, render_html
from ..models import Document, Rendition
from ..signals import document_changed, rendition_finished

logger = logging.getLogger(__name__)

#: Worth another try: the disk, the database or the broker had a moment.
TRANSIENT_ERRORS = (OSError, OperationalError)


def render_rendition(rendition_id: int, generation: int) -> dict:
    """Make (or confirm) one rendition. Idempotent: a task delivered twice, or asked for an
    unchanged document, renders nothing the second time. Transient errors propagate for the
    task to retry; any other error fails the rendition with its reason, for staff to see."""
    from reviewmech import pdf  # WeasyPrint: imported once per worker process

    rendition = Rendition.objects.select_related("content_type").filter(pk=rendition_id).first()
    if rendition is None or rendition.generation != generation:
        return {"status": "stale"}
    if rendition.status == Rendition.Status.DONE:
        return {"status": "done", "rendered": False}
    Rendition.objects.filter(pk=rendition_id, generation=generation).update(
        status=Rendition.Status.RENDERING, started_at=timezone.now(), attempts=F("attempts") + 1
    )
    try:
        document = rendition.document
        if document is None:
            raise LookupError("the document no longer exists")
        assembly = kind_for(document).assemble(document, rendition.language, rendition.variant)
        if assembly is None:
            html = render_html(document, rendition.language, rendition.variant)
            digest = pdf.content_hash(html)
        else:
            digest = assembly.digest
        storage = default_storage
        if digest == rendition.content_hash and rendition.file and storage.exists(rendition.file.name):
            with transaction.atomic():
                updated = _finish(rendition, generation, status=Rendition.Status.DONE, finished_at=timezone.now())
                if updated and rendition.variant == Rendition.Variant.FINAL:
                    # No longer "being updated" on the pages that showed it so.
                    rendition_finished.send(sender=Rendition, rendition=rendition)
            return {"status": "done", "rendered": False}
        started = time.monotonic()
        rendered = pdf.render_pdf(html) if assembly is None else assembly.make()
        elapsed_ms = round((time.monotonic() - started) * 1000)
        name = _file_name(rendition, digest)
        _write(storage, name, rendered.data)
    except TRANSIENT_ERRORS:
        raise
    except Exception as exc:
        logger.exception("Rendition %s failed", rendition_id)
        rendition_failed(rendition_id, generation, exc)
        return {"status": "failed", "rendered": False}

    previous = rendition.file.name if rendition.file else ""
    now = timezone.now()
    # The outcome and what follows from it commit together: a worker that dies here leaves
    # either nothing (the sweeper sends the rendition again) or the PDF recorded *and* the
    # bundles that hold it asked for again (their renditions are rows too, see
    # ``renditions_sweep``) — never a new PDF whose bundle nobody will remake.
    with transaction.atomic():
        updated = _finish(
            rendition,
            generation,
            status=Rendition.Status.DONE,
            file=name,
            content_hash=digest,
            size=len(rendered.data),
            pages=rendered.pages,
            render_ms=elapsed_ms,
            render_count=F("render_count") + 1,
            finished_at=now,
            file_made_at=now,
            error="",
        )
        if updated and previous and previous != name:
            transaction.on_commit(lambda: storage.delete(previous), robust=True)
        if updated and rendition.variant == Rendition.Variant.FINAL:
            _source_rendered(rendition)
            rendition_finished.send(sender=Rendition, rendition=rendition)
    return {"status": "done", "rendered": True, "pages": rendered.pages, "size": len(rendered.data)}


def _source_rendered(rendition: Rendition) -> None:
    """A registered document whose files are this object's PDFs (an executive summary) has a
    new file: those who hold it (a session's bundle) hear of it."""
    registered = Document.objects.filter(source_type=rendition.content_type_id, source_id=rendition.object_id)
    for document in registered:
        document_changed.send(sender=Document, document=document)


def rendition_failed(rendition_id: int, generation: int, exc: BaseException) -> None:
    """The rendition failed, with why. A previous PDF it still holds is served again, no
    longer "being updated" (the pages learn it through the freshness counter)."""
    message = f"{type(exc).__name__}: {exc}"[:2000]
    with transaction.atomic():
        if Rendition.objects.filter(pk=rendition_id, generation=generation).update(
            status=Rendition.Status.FAILED, error=message, finished_at=timezone.now()
        ):
            freshness.bump()


def rendition_retrying(rendition_id: int, generation: int, exc: BaseException, countdown: int) -> None:
    """Between two tries the rendition is queued again, and says why."""
    Rendition.objects.filter(pk=rendition_id, generation=generation).update(
        status=Rendition.Status.QUEUED,
        error=f"{type(exc).__name__}: {exc} — retrying in {countdown} s"[:2000],
        # Expected back then: the sweeper counts from there, not from the first request.
        queued_at=timezone.now() + datetime.timedelta(seconds=countdown),
    )


def _finish(rendition, generation, **fields) -> int:
    # Only the newest request writes its outcome: an older task that finishes late changes nothing.
    return Rendition.objects.filter(pk=rendition.pk, generation=generation).update(**fields)


def _file_name(rendition: Rendition, digest: str) -> str:
    content_type = rendition.content_type
    return (
        f"renditions/{content_type.app_label}.{content_type.model}/{rendition.object_id}/"
        f"{rendition.variant}/{rendition.language}-{digest[:16]}.pdf"
    )


def _write(storage, name: str, data: bytes) -> None:
    """Atomically: a reader never gets half a PDF. Names are content-addressed, so a file
    already there holds the same bytes."""
    from reviewmech.pdf import write_atomically

    if isinstance(storage, FileSystemStorage):
        write_atomically(Path(storage.path(name)), data)
    elif not storage.exists(name):  # object stores write whole objects
        storage.save(name, ContentFile(data))
