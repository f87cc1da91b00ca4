"""Tasks of the project itself."""

from celery import shared_task
from django.db import connection


@shared_task(name="reviewmech.ping")
def ping(nonce: str) -> dict:
    """A round trip through broker, worker and database: what ``/healthz`` cannot see."""
    from reference.models import State

    return {"nonce": nonce, "database": connection.vendor, "states": State.objects.count()}


@shared_task(name="reviewmech.purge_idempotency_keys")
def purge_idempotency_keys() -> int:
    """Forget the REST API's answers kept for idempotency keys older than 24 hours."""
    from .rest import idempotency_purge

    return idempotency_purge()


@shared_task(name="reviewmech.cleanup_media")
def cleanup_media() -> dict:
    """Weekly: remove the media files no row names, older than a day (``manage.py cleanup_media``)."""
    from .storage import cleanup_media as cleanup

    result = cleanup()
    return {"removed": len(result.orphans), "bytes": result.bytes}
