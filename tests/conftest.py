"""Fixtures shared by the whole suite.

Services: tests that need PostgreSQL, Redis, a Celery worker or Chromium call
``service_missing(reason)`` when the service is not there: a skip on a developer's laptop, a
failure under ``CI=true``.
"""

import os
import shutil

import pytest
from django.utils import translation

from reviewmech.celery import app as celery_app

# pytest-django's live_server and Playwright's sync API share the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def service_missing(reason: str):
    if CI:
        pytest.fail(f"{reason} (required under CI=true)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Each test starts in English, writes media under a temp dir, hashes passwords fast,
    runs tasks eagerly unless it starts a real worker, and sends e-mail to the locmem outbox."""
    settings.MEDIA_ROOT = tmp_path / "media"
    # Factories set a password on every account; hashing is tested by Django, not here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    translation.activate("en")
    yield
    translation.deactivate()
    celery_app.conf.task_always_eager = eager


@pytest.fixture
def reference_data(db):
    """The real reference data (States, instruments, mechanisms) from the repository files.

    Loaded once per database; loaded again after a transactional test emptied the tables.
    """
    from reviews.models import State
    from reviews.services.reference import reference_data_load

    if not State.objects.exists():
        reference_data_load()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from reviews.services.reference import reference_data_load

    with django_db_blocker.unblock():
        reference_data_load()


# --- Browser tests ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        return browser_type_launch_args
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def browser_ready():
    if not os.path.exists(CHROMIUM):
        service_missing(f"Chromium not found at {CHROMIUM}")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "page" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
