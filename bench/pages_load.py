"""Load benchmark of the staff pages at ten times the data (issue 19): each page served by
gunicorn, against a bare Django JSON view in the same run, signed in where the page needs it.

    .venv/bin/python bench/pages_load.py [--seconds 12] [--clients 8] [--workers 2]

The database is the ten-times one (``ten_times.py``, built first if missing or out of date).
gunicorn runs ``--workers`` sync workers on a free port with the benchmarks' settings
(``bench_settings``: the project's plus the bare views), Redis as the cache as in production
(``BENCH10_REDIS_URL``, default ``redis://127.0.0.1:6379/12``, emptied at the start: the
benchmark's own), ``TWO_FACTOR_EXEMPT=1`` and database connections kept for the whole run.
The staff pages are read with the session cookie of the secretariat member, the checklist
with the focal point's (sessions made with the test client's ``force_login``, in the database
gunicorn reads). ``--clients`` threads send requests with keep-alive for ``--seconds`` per
page, after a warm-up of ``--warmup`` seconds.

Before the load, each page is requested in this process (the same settings and database):
the SQL queries of one warm request (``CaptureQueriesContext``), the time in SQL and its
slowest query, how often the most repeated query ran (what a page does per row), and the
median time of ``--repeat`` requests.

It prints a table (page | req/s | p50 | p95 | ratio to the bare view | HTML size | queries |
CPU per answer of the workers and of their PostgreSQL backends | the share of the machine the
other processes took meanwhile: on a shared machine the CPU per answer is the figure that
holds), the in-process detail, the machine and its load, and writes
``var/bench/pages_load.json``. The latencies are those the clients saw: with more clients than
workers they include the wait in gunicorn's queue. Figures, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _setup
import ten_times
from public_load import free_port, load, start_gunicorn
from render_batch import _clock_ticks, _stat, machine_cpu_seconds, worker_cpu_seconds
from render_single import versions

REDIS_URL = os.environ.get("BENCH10_REDIS_URL", "redis://127.0.0.1:6379/12")


def pages(handles: dict) -> list[tuple[str, str, str | None]]:
    """(name, address, who reads it: None for anonymous, else a key of ``handles``)."""
    focal, big, cycle = handles["focal_review"].pk, handles["big_review"].pk, handles["pairings_cycle"].pk
    return [
        ("bare JSON view", "/bench/bare.json", None),
        ("public home", "/en/", None),
        ("staff dashboard", "/en/reviews/", "staff"),
        # The same page for every review of a mechanism (the filter "all cycles"): its lists grow with the data.
        ("dashboard, UNTOC all phases", "/en/reviews/?mechanism=untoc-rm&cycle=", "staff"),
        ("review page", f"/en/reviews/{focal}/", "staff"),
        ("checklist (focal point)", f"/en/reviews/{focal}/checklist/", "focal_point"),
        (f"findings ({ten_times.BIG_REVIEW_FINDINGS})", f"/en/reviews/{big}/findings/", "staff"),
        (f"pairings ({handles['pairings_rows']} rows)", f"/en/cycles/{cycle}/pairings/", "staff"),
    ]


def signed_in_client(user):
    """A test client with a session of ``user`` (as after signing in: the session is recorded)."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def cookie_of(client) -> dict:
    from django.conf import settings

    morsel = client.cookies.get(settings.SESSION_COOKIE_NAME)
    return {"Cookie": f"{settings.SESSION_COOKIE_NAME}={morsel.value}"} if morsel else {}


def _shape(sql: str) -> str:
    """A query with its literals taken out: the same shape for every row it is run for."""
    return re.sub(r"\b\d+\b", "N", re.sub(r"'[^']*'", "S", sql))[:160]


def in_process(client, path: str, repeat: int) -> dict:
    """One warm request's queries and SQL time, the median time of ``repeat`` requests, the
    size of the answer and the most repeated query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(path)  # warm: per-process caches, the session's first save
    if response.status_code != 200:
        raise SystemExit(f"{path}: answered {response.status_code}, not 200")
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(path)
        times.append(1000 * (time.perf_counter() - started))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    shapes = Counter(_shape(query["sql"]) for query in queries.captured_queries)
    shape, count = shapes.most_common(1)[0] if shapes else ("", 0)
    slowest = max(queries.captured_queries, key=lambda query: float(query["time"]), default={"sql": "", "time": "0"})
    return {
        "queries": len(queries),
        "sql_ms": 1000 * sum(float(query["time"]) for query in queries.captured_queries),
        "ms": statistics.median(times),
        "bytes": len(response.content),
        "most_repeated": {"count": count, "sql": shape},
        "slowest": {"ms": 1000 * float(slowest["time"]), "sql": _shape(slowest["sql"])},
    }


def machine() -> str:
    about = versions()
    return f"{about['cpus']} CPUs ({about['cpu_model']}), Python {about['python']}"


def database_cpu() -> dict[int, float]:
    """CPU seconds so far of each PostgreSQL backend serving the benchmark's database (the
    workers' connections), by process id; not this process's own connection."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        pids = [pid for (pid,) in cursor.fetchall()]
    seconds = {}
    for pid in pids:
        fields = _stat(pid)
        if fields:
            seconds[pid] = sum(int(x) for x in fields[11:13]) / _clock_ticks()  # utime, stime
    return seconds


def cpu_now(server) -> tuple[float, float, float, float, dict]:
    """Machine, workers, this process (the clients) and database backends: CPU seconds so far."""
    return machine_cpu_seconds(), worker_cpu_seconds(server), time.process_time(), time.monotonic(), database_cpu()


def cpu_shares(server, start: tuple, requests: int) -> dict:
    """What the workers and their database backends spent per answer since ``start``: figures
    that other load on the machine does not change; and the share of the machine the other
    processes (not gunicorn, not PostgreSQL for us, not the clients) took meanwhile."""
    end = cpu_now(server)
    total, workers, own, wall = (after - before for after, before in zip(end[:4], start[:4], strict=True))
    database = sum(seconds - start[4].get(pid, 0.0) for pid, seconds in end[4].items())
    return {
        "worker_cpu_ms": 1000 * workers / requests,
        "database_cpu_ms": 1000 * database / requests,
        "others_cpu_share": max(0.0, total - workers - database - own) / (wall * (os.cpu_count() or 1)),
    }


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=12)
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=5, help="in-process requests per page for the median")
    args = parser.parse_args(argv)

    os.environ["TWO_FACTOR_EXEMPT"] = "1"  # the benchmark's sessions skip the second factor
    os.environ["CACHE_URL"] = REDIS_URL
    # The workers keep their database connections for the whole run (60 s in production): the
    # CPU of a backend that closed during a page would be missing from the database column.
    os.environ["DATABASE_CONN_MAX_AGE"] = "3600"
    ten_times.setup_django()
    stamp = ten_times.prepare()
    import redis
    from django.db import connection

    redis.Redis.from_url(REDIS_URL).flushdb()
    handles = ten_times.handles()
    clients = {None: signed_in_client(None)}
    for who in ("staff", "focal_point"):
        clients[who] = signed_in_client(handles[who])
    cases = pages(handles)
    reviews = stamp["rows"]["reviews.CountryReview"]
    print(f"Database: {connection.vendor} ({ten_times.database_url()}), {reviews:,} reviews")
    print(f"Machine: {machine()}; load average {load_average()}")

    detail = {}
    for name, path, who in cases:
        detail[name] = in_process(clients[who], path, args.repeat)

    print(f"gunicorn: {args.workers} sync workers; {args.clients} clients; {args.seconds:.0f} s per page\n")
    before = load_average()
    port = free_port()
    server = start_gunicorn(port, args.workers, REDIS_URL)
    results = {}
    try:
        for name, path, who in cases:
            headers = cookie_of(clients[who]) if who else None
            load(port, path, args.warmup, args.clients, headers)
            start = cpu_now(server)
            figures = load(port, path, args.seconds, args.clients, headers)
            if not figures["requests"]:
                raise SystemExit(f"{path}: no request answered 200 under load")
            results[name] = {"path": path, **figures, **detail[name], **cpu_shares(server, start, figures["requests"])}
    finally:
        server.terminate()
        server.wait(timeout=10)
    after = load_average()

    bare = results[cases[0][0]]["rps"]
    print(
        "| page | req/s | p50 ms | p95 ms | ratio to bare | HTML KB | queries "
        "| CPU ms/req: workers | database | others' CPU |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, figures in results.items():
        figures["ratio"] = figures["rps"] / bare if bare else 0
        print(
            f"| {name} | {figures['rps']:,.1f} | {figures['p50_ms']:.1f} | {figures['p95_ms']:.1f} | "
            f"{figures['ratio']:.3f} | {figures['bytes'] / 1024:.1f} | {figures['queries']} | "
            f"{figures['worker_cpu_ms']:.1f} | {figures['database_cpu_ms']:.1f} | "
            f"{100 * figures['others_cpu_share']:.0f} % |"
        )
    print(f"\nIn this process, one request at a time (median of {args.repeat}), and one warm request's SQL:")
    print(f"{'page':<28} {'ms':>7} {'SQL ms':>7} {'queries':>7} {'same':>4} {'slowest':>7}  slowest query")
    for name, figures in results.items():
        slowest = figures["slowest"]
        print(
            f"{name:<28} {figures['ms']:>7.1f} {figures['sql_ms']:>7.1f} {figures['queries']:>7}"
            f" {figures['most_repeated']['count']:>4} {slowest['ms']:>7.1f}  {slowest['sql'][:100]}"
        )
    errors = {name: figures["errors"] for name, figures in results.items() if figures["errors"]}
    if errors:
        print(f"Answers other than 200 under load: {errors}")
    print(f"\nLoad average: {before} before the load, {after} after")
    report = {
        "database": ten_times.database_url(),
        "rows": stamp["rows"],
        "machine": machine(),
        "load_average": {"before": before, "after": after},
        "clients": args.clients,
        "workers": args.workers,
        "seconds": args.seconds,
        "pages": results,
    }
    (_setup.BENCH_DIR / "pages_load.json").write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
