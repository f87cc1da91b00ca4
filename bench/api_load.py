"""Load benchmark of the REST API: ``GET /api/v1/reviews/?page_size=50``, the same answered
304 (If-None-Match), and a bare Django JSON view, served by gunicorn in the same run.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/reviewmech_bench \\
        .venv/bin/python bench/api_load.py [--seconds 8] [--clients 8] [--workers 2] [--reviews 500]

The benchmarks' database (``_setup.py``) with ``--reviews`` country reviews in all (added once:
States in the cycles, a completed step each). gunicorn runs ``--workers`` sync workers with Redis
as the cache (``BENCH_REDIS_URL``, database 13 by default: the freshness counter is there, as in
production); ``--clients`` threads send requests with keep-alive for ``--seconds`` per case. It
prints requests per second and the ratio to the bare view (the targets: ≥ 0.5 for the list,
≥ 0.8 for the 304) and writes ``var/bench/api_load.json``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _setup
from public_load import free_port, load, start_gunicorn

LIST = "/api/v1/reviews/?page_size=50"


def ensure_reviews(count: int) -> int:
    import datetime

    from reference.models import ReviewCycle, State
    from reviews.models import CountryReview, StepCompletion, WorkflowStep

    existing = CountryReview.objects.count()
    if existing >= count:
        return existing
    taken = set(CountryReview.objects.values_list("cycle_id", "state_id", "instrument_id"))
    new = []
    for cycle in ReviewCycle.objects.select_related("mechanism").order_by("pk"):
        instrument = cycle.mechanism.instruments.order_by("order").first()
        first = WorkflowStep.objects.filter(mechanism=cycle.mechanism).order_by("order")[1:2].first()
        for state in State.objects.order_by("code"):
            if len(new) + existing >= count:
                break
            if (cycle.pk, state.pk, instrument.pk) not in taken:
                new.append(
                    CountryReview(
                        cycle=cycle, state=state, instrument=instrument, year=2020, status="active", current_step=first
                    )
                )
    CountryReview.objects.bulk_create(new)
    steps = {
        mechanism_id: WorkflowStep.objects.filter(mechanism_id=mechanism_id).order_by("order").first()
        for mechanism_id in ReviewCycle.objects.values_list("mechanism_id", flat=True).distinct()
    }
    StepCompletion.objects.bulk_create(
        [
            StepCompletion(review_id=r.pk, step=steps[r.cycle.mechanism_id], completed_on=datetime.date(2020, 3, 1))
            for r in CountryReview.objects.filter(pk__in=[r.pk for r in new]).select_related("cycle")
        ]
    )
    return CountryReview.objects.count()


def bench_token() -> str:
    """A read token of a member of the secretariat (who sees every timeline): a new one each run."""
    from accounts.models import User
    from accounts.services import api_token_create
    from reviewmech.roles import Role

    user, _created = User.objects.get_or_create(
        username="bench-api", defaults={"role": Role.SECRETARIAT, "email": "bench-api@example.org"}
    )
    return api_token_create(user=user, actor=user, name="bench", days=30)[1]


def etag_of(port: int, path: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    assert response.status == 200, response.status
    return response.getheader("ETag")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--reviews", type=int, default=500)
    args = parser.parse_args(argv)

    _setup.setup_django()
    _setup.prepare()
    from django.db import connection

    total = ensure_reviews(args.reviews)
    secret = bench_token()
    print(f"Database: {connection.vendor} ({_setup.database_url()}); {total} country reviews")
    print(f"gunicorn: {args.workers} workers; {args.clients} clients; {args.seconds:.0f} s per case\n")
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
    # Throttles off: they would answer most of a load test with 429, and a huge rate would make
    # each client's history (a list as long as the rate) the thing measured.
    os.environ["API_THROTTLE_ANON"] = os.environ["API_THROTTLE_USER"] = "off"
    port = free_port()
    server = start_gunicorn(port, args.workers, redis_url)
    try:
        tag = etag_of(port, LIST)
        cases = {
            "bare JSON view": ("/bench/bare.json", None, 200),
            "reviews list (50)": (LIST, None, 200),
            "reviews list 304": (LIST, {"If-None-Match": tag}, 304),
            # With a token the answer is the caller's own: made for each request, never kept.
            "reviews list, token": (LIST, {"Authorization": f"Bearer {secret}"}, 200),
        }
        figures = {}
        for name, (path, headers, expect) in cases.items():
            load(port, path, 1, args.clients, headers, expect)  # warm up
            figures[name] = load(port, path, args.seconds, args.clients, headers, expect)
    finally:
        server.terminate()
        server.wait(timeout=10)
    bare = figures["bare JSON view"]["rps"]
    print(f"{'case':<22} {'req/s':>8} {'ratio':>6} {'errors':>7}")
    for name, figure in figures.items():
        figure["ratio"] = figure["rps"] / bare if bare else 0
        print(f"{name:<22} {figure['rps']:>8.1f} {figure['ratio']:>6.2f} {figure['errors']:>7}")
    (_setup.BENCH_DIR / "api_load.json").write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
