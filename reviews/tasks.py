"""Celery tasks of the reviews app: thin wrappers that call services."""

import smtplib

from celery import shared_task

#: Errors of the mail server worth another try; the claims make a retry send only what was not sent.
TRANSIENT_MAIL_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError)


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


@shared_task(
    bind=True,
    name="reviews.render_document",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=4,
    # Below the broker's visibility timeout (1 h), so a slow render is never delivered twice.
    soft_time_limit=240,
    time_limit=300,
)
def render_document(self, rendition_id: int, generation: int) -> dict:
    """One PDF of one document in one language (queue ``pdf``). Transient errors are retried
    with exponential backoff; after the last try, or on any other error, the rendition is
    marked failed with its reason."""
    from celery.exceptions import SoftTimeLimitExceeded

    from .services.rendering import TRANSIENT_ERRORS, render_rendition, rendition_failed, rendition_retrying

    try:
        return render_rendition(rendition_id, generation)
    except SoftTimeLimitExceeded as exc:
        rendition_failed(rendition_id, generation, exc)
        return {"status": "failed", "rendered": False}
    except TRANSIENT_ERRORS as exc:
        if self.request.retries >= self.max_retries:
            rendition_failed(rendition_id, generation, exc)
            return {"status": "failed", "rendered": False}
        countdown = min(5 * 2**self.request.retries, 300)
        rendition_retrying(rendition_id, generation, exc, countdown)
        raise self.retry(exc=exc, countdown=countdown) from exc
