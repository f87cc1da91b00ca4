"""A real Celery worker process on Redis, reading the test database (fixture ``redis_worker``
in tests/conftest.py)."""

import time
import uuid

import pytest
from django.db import connection

from reference.models import State


@pytest.mark.services
def test_round_trip_through_a_real_worker(redis_worker):
    nonce = uuid.uuid4().hex
    started = time.monotonic()
    result = redis_worker.send_task("reviewmech.ping", args=[nonce]).get(timeout=60)
    assert result == {"nonce": nonce, "database": connection.vendor, "states": State.objects.count()}
    assert result["states"] > 190
    print(f"round trip including worker start: {time.monotonic() - started:.1f} s")
