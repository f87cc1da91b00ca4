"""The Celery application. Configured from Django settings (``CELERY_*``)."""

import logging
import os
import smtplib
from pathlib import Path

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reviewmech.settings")

#: Errors of the mail server worth another try (every task that sends mail retries on them).
TRANSIENT_MAIL_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError)

logger = logging.getLogger(__name__)

app = Celery("reviewmech")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _make_filesystem_broker_folders(sender, **kwargs):
    """The embedded broker keeps its messages in folders that must exist."""
    options = sender.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "control_folder"):
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)


@worker_process_init.connect
def _import_weasyprint(**kwargs):
    """WeasyPrint takes about a second to import: each worker process pays it once, when it
    starts, not on its first PDF."""
    import reviewmech.pdf  # noqa: F401


def nudge_after_commit(task, *args) -> None:
    """Send ``task`` once the transaction commits: a nudge, never the record of the work.
    The caller has written, in the same transaction, the row that says the work is owed (a
    queued rendition, an event owing its e-mails); a sweeper sends the task again while it
    is. So a broker that is down costs one try (CELERY_TASK_PUBLISH_RETRY is off) and a line
    in the log, never the user's request nor the work."""
    from django.db import transaction

    def send():
        try:
            task.delay(*args)
        except Exception as exc:  # noqa: BLE001 — broker down or refusing: the sweeper sends it again
            logger.warning("The broker did not take %s%r (%s): the sweeper will send it again.", task.name, args, exc)

    transaction.on_commit(send)
