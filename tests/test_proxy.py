"""The proxy in front of gunicorn in the compose setup (docker/nginx): it refuses a body over
the limit before reading it, with the site's own translated page."""

import math
import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.urls import resolve

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
NGINX = (ROOT / "docker" / "nginx" / "default.conf.template").read_text()


def test_only_the_proxy_is_published_and_it_limits_bodies_a_little_above_the_application():
    services = COMPOSE["services"]
    assert "ports" not in services["web"] and services["web"]["expose"] == ["8000"]
    proxy = services["proxy"]
    assert proxy["image"].startswith("nginx:") and proxy["ports"] == ["${WEB_PORT:-8000}:8080"]
    assert "proxy_pass http://reviewmech_web;" in NGINX and "server web:8000;" in NGINX
    assert "client_max_body_size ${PROXY_MAX_BODY_MB}m;" in NGINX
    default_mb = int(re.fullmatch(r"\$\{PROXY_MAX_BODY_MB:-(\d+)\}", proxy["environment"]["PROXY_MAX_BODY_MB"])[1])
    application_mb = settings.REQUEST_MAX_BYTES / (1024 * 1024)
    # The proxy lets through what the application accepts, and the application has the last word.
    assert math.ceil(application_mb) <= default_mb <= application_mb + 2
    assert "proxy_request_buffering on;" in NGINX
    # Its health check asks nginx itself, which answers without the application.
    assert "/proxy-health" in " ".join(proxy["healthcheck"]["test"]) and "location = /proxy-health" in NGINX


def test_the_proxy_shows_the_applications_413_page():
    match = re.search(r"error_page 413 (\S+);", NGINX)
    assert match and resolve(match[1]).url_name == "request_too_large"
    assert f"location = {match[1]} " in NGINX and "proxy_pass_request_body off;" in NGINX


@pytest.mark.parametrize(("language", "text"), [("en", "too large"), ("fr", "trop volumineu")])
def test_the_413_page_is_in_the_readers_language(client, language, text):
    response = client.get("/request-too-large/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 413
    assert text in response.content.decode().lower()
