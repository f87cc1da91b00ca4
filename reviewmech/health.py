"""``/healthz`` (liveness: the process answers) and ``/readyz`` (readiness: the database and the
broker are reachable, and how much work is waiting).

Both show component names and ok or not, never a host, a port or an error message (the log has
the details). The apps report their backlog through ``register_backlog`` in their ``ready()``:
this module knows none of them.
"""

import logging
from collections.abc import Callable

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .celery import app as celery_app

logger = logging.getLogger(__name__)

#: name → a function returning counts of work waiting (e.g. renditions queued, e-mails owed).
_BACKLOG: dict[str, Callable[[], dict[str, int]]] = {}


def register_backlog(name: str, counts: Callable[[], dict[str, int]]) -> None:
    _BACKLOG[name] = counts


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_broker():
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, timeout=3)


def _checked(name, check) -> bool:
    try:
        check()
    except Exception:
        logger.exception("%s is unreachable", name)
        return False
    return True


@never_cache
@require_GET
def healthz(request):
    """Liveness: this process answers requests. Nothing else is asked, so an outage of the
    database or the broker never gets a healthy web process restarted."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request):
    """Readiness: 503 unless the database and the broker are reachable; the backlog of each
    kind of queued work (when the database is)."""
    checks = {
        name: {"ok": _checked(name, check)}
        for name, check in (("database", _check_database), ("broker", _check_broker))
    }
    body = {"status": "ok" if all(c["ok"] for c in checks.values()) else "error", "checks": checks}
    if checks["database"]["ok"]:
        backlog = {}
        for name, counts in sorted(_BACKLOG.items()):
            try:
                backlog[name] = counts()
            except Exception:
                logger.exception("backlog of %s", name)
                backlog[name] = None
        body["backlog"] = backlog
    return JsonResponse(body, status=200 if body["status"] == "ok" else 503)
