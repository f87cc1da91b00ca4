"""The production web server's configuration (docker/gunicorn.conf.py): answers do not name
the server software (issue 18)."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorn_does_not_name_itself():
    port = _free_port()
    env = {
        **os.environ,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_LOG_LEVEL": "warning",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--config",
            "docker/gunicorn.conf.py",
            "reviewmech.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _attempt in range(100):
            try:
                # An address under /api/ that is none: answered without the database.
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/nowhere/", timeout=2)
            except urllib.error.HTTPError as answer:
                headers = answer.headers
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError(server.stderr.read().decode() if server.poll() is not None else "no answer")
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert headers["Server"] == "reviewmech"
    assert "gunicorn" not in str(headers).lower()
