"""A real Celery worker process on Redis, reading the test database."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from celery import Celery
from django.db import connection

from reviews.models import State
from tests.conftest import service_missing

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


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
def redis_worker(transactional_db, reference_data):
    client = _redis_or_skip()
    client.flushdb()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_RESULT_BACKEND": REDIS_URL,
    }
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
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    app = Celery("reviewmech-test-client", broker=REDIS_URL, backend=REDIS_URL)
    app.conf.task_default_queue = "default"
    try:
        yield app
    finally:
        worker.terminate()
        try:
            output, _ = worker.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            output, _ = worker.communicate()
        if worker.returncode not in (0, -15):
            print(output)
        client.flushdb()


@pytest.mark.services
def test_round_trip_through_a_real_worker(redis_worker):
    nonce = uuid.uuid4().hex
    started = time.monotonic()
    result = redis_worker.send_task("reviewmech.ping", args=[nonce]).get(timeout=60)
    assert result == {"nonce": nonce, "database": connection.vendor, "states": State.objects.count()}
    assert result["states"] > 190
    print(f"round trip including worker start: {time.monotonic() - started:.1f} s")
