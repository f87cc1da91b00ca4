"""Celery tasks of the reviews app: thin wrappers that call services."""

from celery import shared_task


@shared_task(name="reviews.notify_review_event")
def notify_review_event(event_id: int) -> int:
    from .services.notifications import notify_event

    return notify_event(event_id=event_id)
