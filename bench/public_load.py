"""Load benchmark of the public site: a State's page and the open-data status CSV served by
gunicorn, against a bare Django view in the same run, uncached and cached.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/reviewmech_bench \\
        .venv/bin/python bench/public_load.py [--seconds 8] [--clients 8] [--workers 2]

The database is the benchmarks' (``_setup.py``: 50 executive summaries of real States,
published here so that the pages carry them). gunicorn runs with ``--workers`` sync workers on
a free port; ``--clients`` threads send requests with keep-alive for ``--seconds`` per case.
"Uncached" runs gunicorn with the dummy cache backend (every page rendered); "cached" with Redis
as in the production shape (``BENCH_REDIS_URL``, database 13 by default): the workers share the
pages and the freshness counter, so a cached page costs one round trip to Redis and no query.
The figures are requests per second and the ratio to the bare view of the same run (the
target: ≥ 0.5 uncached, ≥ 0.9 cached). Figures, not a test: it prints them and writes ``var/bench/public_load.json``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _setup

CASES = {
    "bare view": "/bench/bare",
    "State page": None,  # filled with a State that has a published summary
    "status CSV": "/open-data/v1/reviews.csv",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port: int, workers: int, cache_url: str) -> subprocess.Popen:
    env = {
        **os.environ,
        **_setup.environment(),
        "CACHE_URL": cache_url,
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": f"{_setup.ROOT}{os.pathsep}{Path(__file__).resolve().parent}",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "reviewmech.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=_setup.ROOT,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/bench/bare")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn did not start")


def load(port: int, path: str, seconds: float, clients: int, headers=None, expect: int = 200) -> dict:
    """``clients`` threads requesting ``path`` with keep-alive for ``seconds``: requests per
    second, and the median and 95th percentile of the time each answer took (ms)."""
    counts, errors, stop = [0] * clients, [0] * clients, time.monotonic() + seconds
    timings = [[] for _ in range(clients)]

    def run(index):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.monotonic() < stop:
            try:
                sent = time.perf_counter()
                connection.request("GET", path, headers=headers or {})
                response = connection.getresponse()
                response.read()
                if response.status == expect:
                    counts[index] += 1
                    timings[index].append(time.perf_counter() - sent)
                else:
                    errors[index] += 1
            except OSError:
                errors[index] += 1
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    times = sorted(t for per_client in timings for t in per_client)

    def percentile(share):
        return 1000 * times[min(len(times) - 1, int(share * len(times)))] if times else 0

    return {
        "requests": sum(counts),
        "errors": sum(errors),
        "rps": sum(counts) / elapsed,
        "p50_ms": percentile(0.5),
        "p95_ms": percentile(0.95),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)

    _setup.setup_django()
    reports = _setup.prepare()
    from django.db import connection

    from reviews.models import ReviewReport

    ReviewReport.objects.filter(pk__in=[r.pk for r in reports]).update(status=ReviewReport.Status.PUBLISHED)
    code = reports[0].review.state.code
    CASES["State page"] = f"/en/states/{code}/"
    print(f"Database: {connection.vendor} ({_setup.database_url()}); {len(reports)} published summaries")
    print(f"gunicorn: {args.workers} workers; {args.clients} clients; {args.seconds:.0f} s per case\n")
    results = {}
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
    for mode, cache_url in (("uncached", "dummycache://"), ("cached", redis_url)):
        port = free_port()
        server = start_gunicorn(port, args.workers, cache_url)
        try:
            figures = {}
            for name, path in CASES.items():
                load(port, path, 1, args.clients)  # warm up: imports, connections, the cache
                figures[name] = load(port, path, args.seconds, args.clients)
            bare = figures["bare view"]["rps"]
            for figure in figures.values():
                figure["ratio"] = figure["rps"] / bare if bare else 0
            results[mode] = figures
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"{'case':<14} {'mode':<9} {'req/s':>8} {'ratio':>6} {'errors':>7}")
    for mode, figures in results.items():
        for name, figure in figures.items():
            print(f"{name:<14} {mode:<9} {figure['rps']:>8.1f} {figure['ratio']:>6.2f} {figure['errors']:>7}")
    (_setup.BENCH_DIR / "public_load.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
