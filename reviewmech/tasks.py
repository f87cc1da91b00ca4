"""Tasks of the project itself."""

from celery import shared_task
from django.db import connection


@shared_task(name="reviewmech.ping")
def ping(nonce: str) -> dict:
    """A round trip through broker, worker and database: what ``/healthz`` cannot see."""
    from reference.models import State

    return {"nonce": nonce, "database": connection.vendor, "states": State.objects.count()}
