"""Gunicorn settings for the container. Every value can be changed through the environment."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# Recycle workers now and then so a slow leak cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = 100

# Logs to the container's stdout/stderr.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# Heartbeat files in memory, not on the (possibly slow) container filesystem.
worker_tmp_dir = "/dev/shm"  # noqa: S108 - gunicorn heartbeat files, as its docs advise in containers

# Responses do not name the server software and its version ("Server: gunicorn") to whoever
# asks: gunicorn has no setting for it, and reads this name when it answers.
from gunicorn.http import wsgi as _gunicorn_wsgi  # noqa: E402

_gunicorn_wsgi.SERVER = "reviewmech"
