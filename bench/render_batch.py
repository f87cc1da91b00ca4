"""300 renditions (50 executive summaries × 6 languages) through two Celery worker processes.

The script starts its own worker (``celery -A reviewmech worker -Q pdf,default --pool prefork
-c 2``) on Redis (``redis://127.0.0.1:6379/14``, flushed before and after), sharing the benchmark
database and a MEDIA_ROOT under ``var/bench/``. It publishes every summary with
``report_publish`` (which enqueues one task per language after the commit), polls the Rendition
table until all are done or failed, then publishes them all again unchanged: the workers must
find the same content hashes and render nothing.

Exits non-zero if a rendition failed, if one is missing, or if the second publication rendered
anything.

    .venv/bin/python bench/render_batch.py [--summaries 50] [--concurrency 2]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

import _setup
import render_single

REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
WORKER_LOG = _setup.BENCH_DIR / "worker.log"


def _redis():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        raise SystemExit(
            f"Redis is not reachable at {REDIS_URL} ({exc}). Start one, e.g. "
            "`redis-server --dir /tmp --save '' --appendonly no --daemonize yes`, or set BENCH_REDIS_URL."
        ) from exc
    return client


def start_worker(concurrency: int, *, new_session: bool = False) -> subprocess.Popen:
    """A worker with ``concurrency`` processes; with ``new_session`` in a process group of its
    own, so that all its processes can be killed at once (``bench/faults.py``)."""
    env = {**os.environ, **_setup.environment(broker=REDIS_URL)}
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "reviewmech",
        "worker",
        "-Q",
        "pdf,default",
        "--pool",
        "prefork",
        "-c",
        str(concurrency),
        "--loglevel",
        "WARNING",
        "--without-mingle",
        "--without-gossip",
        "--hostname",
        f"bench-{uuid.uuid4().hex[:8]}@%h",
    ]
    log = WORKER_LOG.open("a" if new_session else "w")
    return subprocess.Popen(
        command, cwd=_setup.ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=new_session
    )


def wait_until_ready(worker: subprocess.Popen, timeout: float = 60) -> float:
    """Until the worker answers a ping task (through Redis and the database). Each worker
    process imports WeasyPrint when it starts, before it takes a task."""
    from reviewmech.celery import app

    started = time.monotonic()
    nonce = uuid.uuid4().hex
    result = app.send_task("reviewmech.ping", args=[nonce])
    while time.monotonic() - started < timeout:
        if worker.poll() is not None:
            raise SystemExit(f"The worker exited with code {worker.returncode}; see {WORKER_LOG}.")
        if result.ready():
            if result.get(timeout=1)["nonce"] != nonce:
                raise SystemExit("The worker answered someone else's ping.")
            # The other process started at the same moment; give it time to finish its import.
            time.sleep(2)
            return time.monotonic() - started
        time.sleep(0.1)
    raise SystemExit(f"The worker did not answer within {timeout:.0f} s; see {WORKER_LOG}.")


def stop_worker(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.terminate()  # warm shutdown
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def _clock_ticks() -> int:
    return os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(pid: int | str) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()  # fields from "state" on: ppid is [1], utime [11]


def worker_cpu_seconds(worker: subprocess.Popen) -> float | None:
    """CPU time of the worker and its processes so far: its own, that of the processes it has
    reaped (recycled children) and that of the live ones. None where /proc is missing."""
    main = _stat(worker.pid)
    if main is None:
        return None
    ticks = sum(int(x) for x in main[11:15])  # utime, stime, cutime, cstime
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(entry.name)
            if fields and fields[1] == str(worker.pid):
                ticks += sum(int(x) for x in fields[11:15])
    return ticks / _clock_ticks()


def machine_cpu_seconds() -> float | None:
    """Busy CPU time of the whole machine so far (every process, ours and others')."""
    try:
        values = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    except OSError:
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = values
    return (user + nice + system + irq + softirq + steal) / _clock_ticks()


def _delta(after, before):
    return None if after is None or before is None else after - before


def _renditions(reports):
    from django.contrib.contenttypes.models import ContentType

    from documents.models import Rendition

    content_type = ContentType.objects.get_for_model(reports[0])
    return Rendition.objects.filter(
        content_type=content_type, object_id__in=[r.pk for r in reports], variant=Rendition.Variant.FINAL
    )


def publish_and_wait(reports, staff, worker, *, timeout: float, inputs: str) -> dict:
    """Publish every report, then poll until each of its renditions is done or failed."""
    from django.db.models import Count, Max, Sum
    from django.utils import timezone

    from documents.models import Rendition
    from reviews.services.reports import report_publish

    expected = len(reports) * 6
    renders_before = _renditions(reports).aggregate(n=Sum("render_count"))["n"] or 0
    cpu_before = worker_cpu_seconds(worker), machine_cpu_seconds(), time.process_time()
    started_at = timezone.now()
    started = time.monotonic()
    for report in reports:
        report.refresh_from_db()
        report_publish(report=report, actor=staff)
    published = time.monotonic() - started

    last_print = started
    while True:
        counts = dict(_renditions(reports).values_list("status").annotate(n=Count("pk")))
        pending = counts.get(Rendition.Status.QUEUED, 0) + counts.get(Rendition.Status.RENDERING, 0)
        if sum(counts.values()) >= expected and not pending:
            break
        now = time.monotonic()
        if worker.poll() is not None:
            raise SystemExit(f"The worker exited with code {worker.returncode}; see {WORKER_LOG}.")
        if now - started > timeout:
            raise SystemExit(f"Timed out after {timeout:.0f} s with {pending} renditions pending: {counts}")
        if now - last_print >= 15:
            done = counts.get(Rendition.Status.DONE, 0)
            print(f"  … {done}/{expected} done after {now - started:.0f} s", flush=True)
            last_print = now
        time.sleep(0.2)
    polled = time.monotonic() - started
    cpu_after = worker_cpu_seconds(worker), machine_cpu_seconds(), time.process_time()

    renditions = _renditions(reports)
    totals = renditions.aggregate(
        renders=Sum("render_count"), pages=Sum("pages"), size=Sum("size"), last=Max("finished_at")
    )
    # The workers stamp each rendition as they finish it: the wall time runs from the first
    # publication to the last stamp, not to the poll that noticed it.
    wall = (totals["last"] - started_at).total_seconds() if totals["last"] else polled
    failed = list(renditions.filter(status=Rendition.Status.FAILED).values_list("object_id", "language", "error"))
    per_language = {}
    for language, ms, pages, size in renditions.filter(status=Rendition.Status.DONE).values_list(
        "language", "render_ms", "pages", "size"
    ):
        row = per_language.setdefault(language, {"ms": [], "pages": [], "size": []})
        row["ms"].append(ms or 0)
        row["pages"].append(pages or 0)
        row["size"].append(size or 0)
    return {
        "expected": expected,
        "count": renditions.count(),
        "done": renditions.filter(status=Rendition.Status.DONE).count(),
        "failed": failed,
        "publish_s": published,
        "wall_s": wall,
        "renders": (totals["renders"] or 0) - renders_before,
        "render_ms_total": renditions.aggregate(n=Sum("render_ms"))["n"] or 0,
        "pages": totals["pages"] or 0,
        "size": totals["size"] or 0,
        "per_language": per_language,
        "worker_cpu_s": _delta(cpu_after[0], cpu_before[0]),
        "machine_cpu_s": _delta(cpu_after[1], cpu_before[1]),
        "own_cpu_s": cpu_after[2] - cpu_before[2],
        "polled_s": polled,
        "inputs_changed": _setup.inputs_digest() != inputs,
    }


def single_medians(report) -> dict[str, float]:
    """The per-language median render times of ``render_single.py``: from its last run if it
    measured these documents with this WeasyPrint, else measured now."""
    import weasyprint

    path = render_single.RESULT
    if path.exists():
        saved = json.loads(path.read_text())
        if (saved.get("code"), saved.get("inputs"), saved.get("weasyprint")) == (
            _setup.current_code(),
            _setup.inputs_digest(),
            weasyprint.__version__,
        ):
            print(f"Single-render medians from {path.relative_to(_setup.ROOT)} ({saved['measured_at']})")
            return {lang: row["render_ms"] for lang, row in saved["languages"].items()}
    print("Measuring the single-render medians first (render_single.py has not run on these documents)...")
    return {lang: row["render_ms"] for lang, row in render_single.measure(report).items()}


def _print_cpu(result: dict, concurrency: int) -> None:
    """Where the CPU went during the pass (from its start to the poll that saw it end)."""
    polled = result["polled_s"]
    if result["worker_cpu_s"] is not None:
        share = result["worker_cpu_s"] / (concurrency * polled)
        print(f"  worker CPU time          {result['worker_cpu_s']:8.1f} s   ({share:.0%} of {concurrency} CPUs)")
    print(f"  this script's CPU time   {result['own_cpu_s']:8.1f} s   (publishing and polling)")
    if result["machine_cpu_s"] is not None:
        cpus = os.cpu_count() or 1
        others = result["machine_cpu_s"] - (result["worker_cpu_s"] or 0) - result["own_cpu_s"]
        print(
            f"  machine CPU busy         {result['machine_cpu_s'] / (cpus * polled):8.0%}   "
            f"of {cpus} CPUs; other processes used {max(others, 0):.1f} s"
        )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--summaries", type=int, default=_setup.DEFAULT_SUMMARIES)
    parser.add_argument("--concurrency", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds to wait for each pass")
    args = parser.parse_args(argv)

    _setup.setup_django(broker=REDIS_URL)
    client = _redis()
    reports = _setup.prepare(args.summaries)
    staff = _setup.staff_user()
    info = render_single.versions()
    medians = single_medians(reports[0])

    _setup.reset_renditions()
    client.flushdb()
    inputs = _setup.inputs_digest()
    worker = start_worker(args.concurrency)
    try:
        ready = wait_until_ready(worker)
        log = WORKER_LOG.relative_to(_setup.ROOT)
        print(f"Worker ready in {ready:.1f} s ({args.concurrency} processes, log: {log})")
        print(f"First publication: {args.summaries} summaries × 6 languages...", flush=True)
        first = publish_and_wait(reports, staff, worker, timeout=args.timeout, inputs=inputs)
        print("Publishing them all again, unchanged...", flush=True)
        second = publish_and_wait(reports, staff, worker, timeout=args.timeout, inputs=inputs)
    finally:
        stop_worker(worker)
        client.flushdb()

    serial_ms = args.summaries * sum(medians.values())
    efficiency = serial_ms / 1000 / (args.concurrency * first["wall_s"])
    busy = first["render_ms_total"] / 1000 / (args.concurrency * first["wall_s"])

    print()
    print(
        f"Python {info['python']}, WeasyPrint {info['weasyprint']}; worker host (this machine): {info['cpus']} CPUs "
        f"({info['cpus_usable']} usable, {info['cpu_model']}), load average at start {info['load']}, "
        f"now {render_single.versions()['load']}"
    )
    print(f"Database: {_setup.database_url()}; broker: {REDIS_URL}")
    print()
    print(f"First publication ({first['expected']} renditions, {args.concurrency} worker processes)")
    print(f"  publishing (enqueue)     {first['publish_s']:8.1f} s")
    print(f"  wall time                {first['wall_s']:8.1f} s")
    print(f"  renditions/s             {first['done'] / first['wall_s']:8.2f}")
    print(f"  done / failed / missing  {first['done']} / {len(first['failed'])} / {first['expected'] - first['count']}")
    print(f"  total pages              {first['pages']:8d}")
    print(f"  total size               {first['size'] / 1e6:8.1f} MB")
    print(
        f"  parallel efficiency      {efficiency:8.0%}   "
        f"= {args.summaries} × Σ single medians ({sum(medians.values()) / 1000:.2f} s) "
        f"/ ({args.concurrency} × wall)"
    )
    print(f"  workers busy rendering   {busy:8.0%}   = Σ render_ms in the workers / ({args.concurrency} × wall)")
    if first["worker_cpu_s"]:
        print(
            f"  efficiency on worker CPU {serial_ms / 1000 / first['worker_cpu_s']:8.0%}   "
            "= the same numerator / the CPU time the workers got (what other load on the machine does not change)"
        )
    _print_cpu(first, args.concurrency)
    print()
    header = f"  {'lang':<8} {'single ms':>10} {'worker ms (median)':>19} {'pages':>6} {'size KB (mean)':>15}"
    print(header)
    for language, median in medians.items():
        row = first["per_language"].get(language)
        if not row:
            print(f"  {language:<8} {median:>10.0f} {'—':>19}")
            continue
        print(
            f"  {language:<8} {median:>10.0f} {statistics.median(row['ms']):>19.0f} "
            f"{statistics.median(row['pages']):>6.0f} {statistics.mean(row['size']) / 1024:>15.1f}"
        )
    print()
    print("Second publication, unchanged")
    print(f"  renders done             {second['renders']:8d}   (sum of render_count delta; must be 0)")
    print(f"  publishing (enqueue)     {second['publish_s']:8.1f} s")
    print(f"  wall time                {second['wall_s']:8.1f} s")
    print(f"  done / failed            {second['done']} / {len(second['failed'])}")
    _print_cpu(second, args.concurrency)

    problems = []
    for result, label in ((first, "first"), (second, "second")):
        for object_id, language, error in result["failed"][:10]:
            problems.append(f"{label} pass: report {object_id} [{language}] failed: {error}")
        if result["count"] != result["expected"] or result["done"] != result["expected"]:
            problems.append(f"{label} pass: {result['done']} of {result['expected']} renditions done")
    if first["renders"] != first["expected"]:
        problems.append(f"first pass: {first['renders']} renders for {first['expected']} renditions")
    if second["renders"]:
        problems.append(f"second pass rendered {second['renders']} PDFs again (expected 0)")
    for result, label in ((first, "first"), (second, "second")):
        if result["inputs_changed"]:
            print(
                f"NOTE: the PDF templates, translations or rendering code changed after the worker started "
                f"({label} pass): a worker process started after the change makes different HTML and rightly "
                "renders it again."
            )
    for problem in problems:
        print(f"FAILED: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
