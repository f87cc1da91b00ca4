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
    settings.TWO_FACTOR_EXEMPT = True  # tests of two-factor sign-in turn it back on
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    translation.activate("en")
    from django.core.cache import cache

    cache.clear()  # the public pages' cache: no page of another test's data
    from reviewmech import storage

    # Files noted by the previous test's writes: its transaction was rolled back, and their
    # names may be this test's too (reviewmech/storage.py).
    storage._pending().clear()
    yield
    translation.deactivate()
    celery_app.conf.task_always_eager = eager


@pytest.fixture
def reference_data(db):
    """The real reference data (States, instruments, mechanisms) from the repository files.

    Loaded once per database; loaded again after a transactional test emptied the tables.
    """
    from reference.models import State
    from reference.services import reference_data_load

    if not State.objects.exists():
        reference_data_load()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from reference.services import reference_data_load

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


# --- A real Celery worker on Redis -----------------------------------------------------------


def _worker_redis_url(base: str, worker: str) -> str:
    """The Redis database of this pytest process: ``TEST_REDIS_URL``'s own for the first (or
    only) one, then every second database below it for the other xdist workers (gw1 → 13,
    gw2 → 11, …), so that their Celery workers and flushes never meet, and never database 14,
    which ``shared_cache`` shares under a prefix of each test's own."""
    index = int(worker[2:]) if worker.startswith("gw") else 0
    root, _, number = base.rpartition("/")
    database = int(number) - 2 * index
    if database < 0 or database == 14:
        raise RuntimeError(f"too many test processes for the Redis databases below {base}")
    return f"{root}/{database}"


REDIS_URL = _worker_redis_url(
    os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15"), os.environ.get("PYTEST_XDIST_WORKER", "gw0")
)


def _redis_or_skip():
    import redis

    try:
        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
        client.ping()
    except redis.RedisError as exc:
        service_missing(f"Redis not reachable at {REDIS_URL}: {exc}")
    return client


def _database_url():
    """The test database, as a URL the worker process can open."""
    from django.db import connection

    cfg = connection.settings_dict
    if connection.vendor == "sqlite":
        name = cfg["NAME"]
        if name == ":memory:" or "mode=memory" in str(name):
            pytest.skip("the SQLite test database is in memory; a worker process cannot share it")
        return f"sqlite:///{name}"
    user = cfg["USER"] or "postgres"
    host = cfg["HOST"] or "127.0.0.1"
    port = cfg["PORT"] or 5432
    password = f":{cfg['PASSWORD']}" if cfg["PASSWORD"] else ""
    return f"postgres://{user}{password}@{host}:{port}/{cfg['NAME']}"


@pytest.fixture
def redis_worker(transactional_db, reference_data, tmp_path):
    """A Celery worker process (queues ``default`` and ``pdf``) on Redis, reading and writing the
    test database and this test's MEDIA_ROOT. Yields a client app for ``send_task``; to have the
    project's own ``.delay()`` reach it, see ``enqueue_to_redis_worker``."""
    import subprocess
    import sys
    from pathlib import Path

    from celery import Celery
    from django.conf import settings

    client = _redis_or_skip()
    client.flushdb()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_RESULT_BACKEND": REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        # The worker writes the PDFs where this test's web side reads them.
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    log_path = tmp_path / "celery-worker.log"
    with log_path.open("w") as log:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "reviewmech",
                "worker",
                "-Q",
                "default,pdf",
                "--pool",
                "prefork",
                "--concurrency",
                "2",
                "--loglevel",
                "WARNING",
                "--without-mingle",
                "--without-gossip",
            ],
            cwd=Path(__file__).resolve().parent.parent,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    app = Celery("reviewmech-test-client", broker=REDIS_URL, backend=REDIS_URL)
    app.conf.task_default_queue = "default"
    app.worker_log = log_path
    try:
        yield app
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        if worker.returncode not in (0, -15):
            print(log_path.read_text())
        client.flushdb()


@pytest.fixture
def enqueue_to_redis_worker(redis_worker, monkeypatch):
    """The project's Celery app (used by ``.delay()`` in this process, e.g. by the live server)
    publishes to the worker's Redis instead of running tasks eagerly; restored afterwards."""
    from reviewmech.celery import app

    def reset_producers():
        # Celery keeps a connection pool and a producer pool for the broker it first used.
        if app._pool is not None:
            app._pool.force_close_all()
        app._pool = None
        app.amqp._producer_pool = None

    saved = {key: app.conf[key] for key in ("broker_url", "broker_transport_options", "task_always_eager")}
    reset_producers()
    # ``conf.broker_url`` reads the CELERY_BROKER_URL environment variable before the setting.
    monkeypatch.setenv("CELERY_BROKER_URL", REDIS_URL)
    app.conf.update(broker_url=REDIS_URL, broker_transport_options={"visibility_timeout": 3600})
    app.conf.task_always_eager = False
    try:
        yield redis_worker
    finally:
        reset_producers()
        app.conf.update(saved)


@pytest.fixture
def postgresql():
    """These tests belong to the PostgreSQL run of the suite (``make test`` makes one, and CI
    must reach PostgreSQL for it); on the SQLite run they skip."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested in the PostgreSQL run of the suite")


@pytest.fixture
def shared_cache(settings):
    """The production shape: Redis, shared by the processes (a database and a prefix of the
    test's own, so that parallel runs and the Celery tests' database never meet)."""
    from uuid import uuid4

    client = _redis_or_skip()
    prefix = f"test-{uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "reviewmech.cache.ReusingRedisCache",
            "LOCATION": REDIS_URL.rsplit("/", 1)[0] + "/14",
            "KEY_PREFIX": prefix,
        }
    }
    yield
    client = type(client).from_url(REDIS_URL.rsplit("/", 1)[0] + "/14")
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
