"""The Celery application. Configured from Django settings (``CELERY_*``)."""

import os
import smtplib
from pathlib import Path

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reviewmech.settings")

#: Errors of the mail server worth another try (every task that sends mail retries on them).
TRANSIENT_MAIL_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError)

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
