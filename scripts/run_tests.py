#!/usr/bin/env python
"""The whole suite, as `make test` and CI run it.

1. On the embedded default (SQLite), every test, browser tests included.
2. On PostgreSQL (``TEST_POSTGRES_URL``, default the local server), every test but the
   browser ones and those that re-save files in LibreOffice, which do not depend on the
   database engine. When PostgreSQL is not
   reachable the second run is skipped with a message — except under ``CI=true``, where
   that is a failure.

Each run spreads its tests over ``TEST_PROCESSES`` processes (pytest-xdist; default: the
machine's CPUs, at most 4), each with its own test database, Redis database, Celery worker and
live server (``tests/conftest.py``). ``TEST_PROCESSES=0`` runs in one process.

Extra arguments go to both pytest runs (e.g. ``make test ARGS="-k lots"``).
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
CI = os.environ.get("CI", "").lower() == "true"
PROCESSES = int(os.environ.get("TEST_PROCESSES", min(4, os.cpu_count() or 1)))
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/reviewmech")


def pytest(label, extra_env, args):
    env = {**os.environ, **extra_env}
    print(f"\n=== {label} ===", flush=True)
    started = time.monotonic()
    spread = ["-n", str(PROCESSES)] if PROCESSES > 1 else []
    code = subprocess.call([sys.executable, "-m", "pytest", *spread, *args], cwd=ROOT, env=env)
    print(f"=== {label}: exit {code} in {time.monotonic() - started:.0f} s ===", flush=True)
    return code


def postgres_reachable():
    try:
        psycopg2.connect(POSTGRES_URL.rsplit("/", 1)[0] + "/postgres", connect_timeout=3).close()
    except psycopg2.OperationalError as exc:
        return str(exc).strip()
    return None


def main(args):
    codes = [pytest("SQLite (embedded default)", {"DATABASE_URL": f"sqlite:///{ROOT / 'var' / 'test.sqlite3'}"}, args)]
    problem = postgres_reachable()
    if problem is None:
        codes.append(pytest("PostgreSQL", {"DATABASE_URL": POSTGRES_URL}, [*args, "-m", "not browser and not office"]))
    elif CI:
        print(f"\nPostgreSQL is required under CI=true but not reachable at {POSTGRES_URL}: {problem}")
        codes.append(1)
    else:
        print(f"\nSkipped the PostgreSQL run: not reachable at {POSTGRES_URL} ({problem}).")
    return max(codes)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
