#!/bin/sh
# Entrypoint for every reviewmech container (web, worker, beat).
#
# 1. Waits until the database accepts connections (DB_WAIT_ATTEMPTS tries, DB_WAIT_SECONDS
#    apart; set WAIT_FOR_DB=0 to skip).
# 2. If RUN_MIGRATIONS=1 (the web service only): migrate, then load the reference data.
# 3. Replaces itself with the command (exec), so gunicorn/celery receive the stop signals
#    directly (under tini when compose sets `init: true`).
set -eu

# The project root (/app in the image), wherever the script is called from.
cd "$(dirname "$0")/.."

if [ "${WAIT_FOR_DB:-1}" = "1" ]; then
    python - <<'PY'
import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reviewmech.settings")
django.setup()

from django.db import connections
from django.db.utils import OperationalError

attempts = int(os.environ.get("DB_WAIT_ATTEMPTS", "30"))
delay = float(os.environ.get("DB_WAIT_SECONDS", "2"))
connection = connections["default"]
for attempt in range(1, attempts + 1):
    try:
        connection.ensure_connection()
    except OperationalError as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
        print(f"entrypoint: database not ready ({attempt}/{attempts}): {first_line}", file=sys.stderr)
        time.sleep(delay)
    else:
        connection.close()
        print("entrypoint: database is ready", file=sys.stderr)
        break
else:
    sys.exit(f"entrypoint: database still unavailable after {attempts} attempts, giving up")
PY
fi

if [ "${RUN_MIGRATIONS:-0}" = "1" ]; then
    python manage.py migrate --noinput
    python manage.py load_reference_data
fi

exec "$@"
