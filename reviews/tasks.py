"""Celery tasks of the reviews app: thin wrappers that call services."""

from celery import shared_task

# The claims make a retry send only what was not sent.
from reviewmech.celery import TRANSIENT_MAIL_ERRORS


@shared_task(
    name="reviews.notify_review_event",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
)
def notify_review_event(event_id: int) -> int:
    from .services.notifications import notify_event

    return notify_event(event_id=event_id)


@shared_task(
    name="reviews.send_deadline_reminders",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
)
def send_deadline_reminders() -> dict:
    """Daily (Celery beat): reminders before indicative dates and the overdue digest."""
    from .services.notifications import send_deadline_reminders as service

    return service()


@shared_task(name="reviews.sweep_notifications")
def sweep_notifications() -> dict:
    """Celery beat, every minute: the events still owing their e-mails send them again."""
    from .services.notifications import notifications_sweep

    return notifications_sweep()
