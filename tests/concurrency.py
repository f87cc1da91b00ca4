"""Races between threads, for the tests of row locks and unique numbering (PostgreSQL run)."""

import threading

from django.db import connection


def race(target, count=2):
    """Run ``target()`` in ``count`` threads released at the same moment; (results, errors)."""
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(target())
        except Exception as exc:  # noqa: BLE001 - collected and checked by the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results, errors
