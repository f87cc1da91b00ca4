"""The rendering pipeline's Celery task: one PDF of one document in one language, on the
``pdf`` queue (``CELERY_TASK_ROUTES`` sends every ``*.render_*`` task there)."""

from celery import shared_task

RENDER_OPTIONS = {
    "bind": True,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "max_retries": 4,
    # Below the broker's visibility timeout (16 min), so a slow render is never delivered twice;
    # the sweeper takes a rendition as dead a minute after the hard limit (RENDITION_DEAD_AFTER).
    "soft_time_limit": 240,
    "time_limit": 300,
}


def _render(task, rendition_id: int, generation: int) -> dict:
    from celery.exceptions import SoftTimeLimitExceeded

    from .services.rendering import TRANSIENT_ERRORS, render_rendition, rendition_failed, rendition_retrying

    try:
        return render_rendition(rendition_id, generation)
    except SoftTimeLimitExceeded as exc:
        rendition_failed(rendition_id, generation, exc)
        return {"status": "failed", "rendered": False}
    except TRANSIENT_ERRORS as exc:
        if task.request.retries >= task.max_retries:
            rendition_failed(rendition_id, generation, exc)
            return {"status": "failed", "rendered": False}
        countdown = min(5 * 2**task.request.retries, 300)
        rendition_retrying(rendition_id, generation, exc, countdown)
        raise task.retry(exc=exc, countdown=countdown) from exc


@shared_task(name="documents.render_document", **RENDER_OPTIONS)
def render_document(self, rendition_id: int, generation: int) -> dict:
    """One PDF of one document in one language. Transient errors (disk, database) are retried
    with exponential backoff; after the last try, or on any other error, the rendition is
    marked failed with its reason."""
    return _render(self, rendition_id, generation)


@shared_task(name="reviews.render_document", **RENDER_OPTIONS)
def render_document_queued_before_the_move(self, rendition_id: int, generation: int) -> dict:
    """The same task under the name it had before the pipeline left the reviews app, for the
    messages already waiting in a broker when a deployment upgrades."""
    return _render(self, rendition_id, generation)


@shared_task(name="documents.sweep_renditions")
def sweep_renditions() -> dict:
    """Celery beat, every minute: send again the renditions stuck in the queue or in a dead
    worker's hands (``renditions_sweep``)."""
    from .services.renditions import renditions_sweep

    return renditions_sweep()
