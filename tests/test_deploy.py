"""The production settings pass Django's deployment checks."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def production_environment(tmp_path, **extra):
    env = {
        **os.environ,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECURE": "1",
        "DJANGO_ALLOWED_HOSTS": "reviewmech.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        **extra,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the test conftest for Playwright only
    if "TWO_FACTOR_EXEMPT" not in extra:
        env.pop("TWO_FACTOR_EXEMPT", None)  # a developer's shell may have it
    return env


def test_check_deploy_is_clean_with_production_variables(tmp_path):
    env = production_environment(tmp_path)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_development_key_is_flagged(tmp_path):
    env = {**os.environ, "DJANGO_DEBUG": "0", "DJANGO_SECURE": "1", "STATIC_ROOT": str(tmp_path / "static")}
    env.pop("DJANGO_SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_waiving_two_factor_sign_in_is_refused_in_production(tmp_path):
    env = production_environment(tmp_path, TWO_FACTOR_EXEMPT="1")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0 and "accounts.E001" in result.stdout + result.stderr
