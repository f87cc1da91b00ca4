"""Celery tasks of the accounts app: mail leaves from a worker, never from a web request."""

from celery import shared_task
from django.core.mail import send_mail

from reviewmech.celery import TRANSIENT_MAIL_ERRORS


@shared_task(
    name="accounts.send_account_mail",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
)
def send_account_mail(subject: str, body: str, recipient: str) -> None:
    """One mail to one person (an activation link): retried while the mail server is away."""
    send_mail(subject, body, None, [recipient])


@shared_task(name="accounts.purge_access_log")
def purge_access_log() -> int:
    """Forget the access log's entries older than ACCESS_LOG_DAYS."""
    from .audit import purge

    return purge()
