"""Faults of the rendering pipeline, measured: nothing lost, nothing done twice.

1. **Broker down while publishing.** Every summary (50 × 6 languages by default) is published
   while the broker is unreachable: each request tries once and goes on, the renditions stay
   queued. Then the broker is back, two worker processes are up, and the sweeper's next run
   sends the renditions again. Measured: the seconds from that sweep to the last rendition
   done. In production the sweep comes at most RENDITION_RESEND_MINUTES plus one beat
   interval (60 s) after the request: printed beside the figure, not waited for.
2. **A worker killed while rendering.** One summary is published to a running worker; as soon
   as a rendition is being rendered, the worker and all its processes get SIGKILL. A new
   worker starts, and the sweeper's run that takes the rendition as dead (RENDITION_DEAD_AFTER
   after it started) sends it again. Measured: the seconds from the SIGKILL to the PDF being
   served (its file recorded and on disk), the wait for the sweeper again printed apart.

Counted in both: renditions lost (not done at the end) and doubled (rendered more than once
for one request). Both must be 0; the script exits non-zero otherwise.

    .venv/bin/python bench/faults.py [--summaries 50] [--concurrency 2]
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time

import _setup
import render_batch

DEAD_BROKER = "redis://127.0.0.1:9/0"


def _use_broker(url: str) -> None:
    """Point this process's Celery app (what ``.delay()`` publishes with) at ``url``."""
    from reviewmech.celery import app

    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None
    os.environ["CELERY_BROKER_URL"] = url  # ``conf.broker_url`` reads it before the setting
    app.conf.update(broker_url=url, task_always_eager=False)


def _wait_all_done(renditions, expected: int, worker, timeout: float) -> float:
    """Poll until ``expected`` renditions are done or failed; the monotonic time it happened."""
    from django.db.models import Count

    from documents.models import Rendition

    started = time.monotonic()
    while True:
        counts = dict(renditions.values_list("status").annotate(n=Count("pk")))
        pending = counts.get(Rendition.Status.QUEUED, 0) + counts.get(Rendition.Status.RENDERING, 0)
        if sum(counts.values()) >= expected and not pending:
            return time.monotonic()
        if worker.poll() is not None:
            raise SystemExit(f"The worker exited with code {worker.returncode}; see {render_batch.WORKER_LOG}.")
        if time.monotonic() - started > timeout:
            raise SystemExit(f"Timed out after {timeout:.0f} s: {counts}")
        time.sleep(0.1)


def _tally(renditions, expected: int) -> dict:
    from django.core.files.storage import default_storage
    from django.db.models import Sum

    from documents.models import Rendition

    done = renditions.filter(status=Rendition.Status.DONE).exclude(file="")
    served = sum(1 for r in done if default_storage.exists(r.file.name) and not r.file.name.endswith(".part"))
    renders = renditions.aggregate(n=Sum("render_count"))["n"] or 0
    return {
        "expected": expected,
        "served": served,
        "failed": renditions.filter(status=Rendition.Status.FAILED).count(),
        "lost": expected - served,
        # Each rendition is asked for once here: a second WeasyPrint run for it is a double.
        "doubled": renders - renditions.count(),
        "resends": renditions.aggregate(n=Sum("resends"))["n"] or 0,
    }


def _part_files() -> int:
    return sum(1 for _path in (_setup.MEDIA_ROOT / "renditions").rglob("*.part"))


def broker_down(reports, staff, concurrency: int, timeout: float) -> dict:
    from django.conf import settings
    from django.utils import timezone

    from documents.models import Rendition
    from documents.services.renditions import renditions_sweep
    from reviews.services.reports import report_publish

    renditions = render_batch._renditions(reports)
    expected = len(reports) * 6
    _use_broker(DEAD_BROKER)
    started = time.monotonic()
    for report in reports:
        report.refresh_from_db()
        report_publish(report=report, actor=staff)
    publish_s = time.monotonic() - started
    queued = renditions.filter(status=Rendition.Status.QUEUED).count()
    _use_broker(render_batch.REDIS_URL)

    worker = render_batch.start_worker(concurrency, new_session=True)
    try:
        render_batch.wait_until_ready(worker)
        back = time.monotonic()
        # The beat's run once the renditions are overdue (``now`` moved, not waited for).
        swept = renditions_sweep(now=timezone.now() + settings.RENDITION_RESEND_AFTER)
        finished = _wait_all_done(renditions, expected, worker, timeout)
    finally:
        render_batch.stop_worker(worker)
    return {
        "publish_s": publish_s,
        "queued_after_publish": queued,
        "swept": swept,
        "seconds": finished - back,
        "policy_wait_s": settings.RENDITION_RESEND_AFTER.total_seconds() + 60,
        **_tally(renditions, expected),
    }


def worker_killed(reports, staff, concurrency: int, timeout: float) -> dict:
    from django.conf import settings
    from django.utils import timezone

    from documents.models import Rendition
    from documents.services.renditions import renditions_sweep
    from reviews.services.reports import report_publish

    renditions = render_batch._renditions(reports)
    expected = len(reports) * 6
    worker = render_batch.start_worker(concurrency, new_session=True)
    try:
        render_batch.wait_until_ready(worker)
        for report in reports:
            report.refresh_from_db()
            report_publish(report=report, actor=staff)
        deadline = time.monotonic() + timeout
        while not renditions.filter(status=Rendition.Status.RENDERING).exists():
            if time.monotonic() > deadline:
                raise SystemExit("No rendition started rendering.")
            time.sleep(0.02)
        time.sleep(0.3)  # well inside WeasyPrint
        os.killpg(worker.pid, signal.SIGKILL)
        killed = time.monotonic()
        worker.wait()
    except BaseException:
        render_batch.stop_worker(worker)
        raise
    in_hand = list(renditions.filter(status=Rendition.Status.RENDERING).values_list("language", flat=True))
    parts = _part_files()

    worker = render_batch.start_worker(concurrency, new_session=True)
    try:
        render_batch.wait_until_ready(worker)
        # The beat's run once the dead worker's renditions are overdue (``now`` moved, not waited for).
        swept = renditions_sweep(now=timezone.now() + settings.RENDITION_DEAD_AFTER)
        finished = _wait_all_done(renditions, expected, worker, timeout)
    finally:
        render_batch.stop_worker(worker)
    return {
        "in_hand": in_hand,
        "part_files_left": parts,
        "swept": swept,
        "seconds": finished - killed,
        "policy_wait_s": settings.RENDITION_DEAD_AFTER.total_seconds() + 60,
        **_tally(renditions, expected),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--summaries", type=int, default=_setup.DEFAULT_SUMMARIES)
    parser.add_argument("--concurrency", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--timeout", type=float, default=1800)
    args = parser.parse_args(argv)

    _setup.setup_django(broker=render_batch.REDIS_URL)
    client = render_batch._redis()
    reports = _setup.prepare(args.summaries)
    staff = _setup.staff_user()
    try:
        _setup.reset_renditions()
        client.flushdb()
        print(f"1. Broker down while publishing {len(reports)} summaries × 6 languages...", flush=True)
        first = broker_down(reports, staff, args.concurrency, args.timeout)
        _setup.reset_renditions()
        client.flushdb()
        print("2. A worker killed while rendering one summary...", flush=True)
        second = worker_killed(reports[:1], staff, args.concurrency, args.timeout)
    finally:
        client.flushdb()

    print()
    print(f"Database: {_setup.database_url()}; broker: {render_batch.REDIS_URL}; {args.concurrency} worker processes")
    print()
    print(f"1. Broker down while publishing ({first['expected']} renditions)")
    print(
        f"  publishing, broker down        {first['publish_s']:8.1f} s   ({first['queued_after_publish']} left queued)"
    )
    print(f"  sweep → all done               {first['seconds']:8.1f} s   (sweep: {first['swept']})")
    print(f"  + wait for the sweep in prod   ≤ {first['policy_wait_s']:6.0f} s   (RENDITION_RESEND_MINUTES + beat)")
    print(f"  served / failed                {first['served']} / {first['failed']}")
    print(f"  lost / doubled                 {first['lost']} / {first['doubled']}   (resends: {first['resends']})")
    print()
    print(f"2. A worker killed while rendering ({second['expected']} renditions; in its hands: {second['in_hand']})")
    print(f"  SIGKILL → PDF served           {second['seconds']:8.1f} s   (sweep: {second['swept']})")
    print(f"  + wait for the sweep in prod   ≤ {second['policy_wait_s']:6.0f} s   (RENDITION_DEAD_AFTER + beat)")
    print(
        f"  .part files left by the kill   {second['part_files_left']:8d}     (never served; cleanup_media takes them)"
    )
    print(f"  served / failed                {second['served']} / {second['failed']}")
    print(f"  lost / doubled                 {second['lost']} / {second['doubled']}   (resends: {second['resends']})")
    bad = first["lost"] + first["doubled"] + second["lost"] + second["doubled"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
