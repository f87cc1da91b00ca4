"""Error pages (issue 17): translated, styled 404, 403, 500 and 503 in six languages, never a
traceback; a database that cannot be reached is a 503 page that asks nothing of the database;
under /api/ the same as problems."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.test import Client
from django.urls import path


def boom(request):
    raise RuntimeError("a bug with a secret: postgres://user:pw@db.internal:5432")


def database_gone(request):
    raise OperationalError('connection to server at "db.internal" (10.0.0.5), port 5432 failed')


def forbidden(request):
    raise PermissionDenied


urlpatterns = [
    path("boom/", boom),
    path("db/", database_gone),
    path("api/db/", database_gone),
    path("forbidden/", forbidden),
]
handler500 = "reviewmech.views.server_error"


@pytest.fixture
def failing_site(settings):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(
    ("language", "heading"),
    [("en", "Something went wrong on our side"), ("fr", "Un problème est survenu de notre côté")],
)
def test_a_server_error_is_a_translated_page_without_a_traceback(failing_site, language, heading):
    response = failing_site.get("/boom/", HTTP_ACCEPT_LANGUAGE=language)
    body = response.content.decode()
    assert response.status_code == 500 and heading in body
    assert "Traceback" not in body and "db.internal" not in body and "user:pw" not in body
    assert f'lang="{language}"' in body and "/static/css/site.css" in body


def test_an_unreachable_database_is_a_503_in_the_readers_language(failing_site, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = failing_site.get("/db/", HTTP_ACCEPT_LANGUAGE="ar")
    body = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"] == "60"
    assert 'dir="rtl"' in body and "10.0.0.5" not in body and "5432" not in body


def test_under_the_api_it_is_a_problem(failing_site):
    response = failing_site.get("/api/db/")
    assert response.status_code == 503 and response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 503 and "db.internal" not in response.content.decode()


def test_not_found_and_forbidden_pages_are_translated(client, settings, reference_data):
    settings.DEBUG = False
    missing = client.get("/es/no-such-page/")
    assert missing.status_code == 404 and "Página no encontrada" in missing.content.decode()
    settings.ROOT_URLCONF = __name__
    denied = client.get("/forbidden/", HTTP_ACCEPT_LANGUAGE="ru")
    assert denied.status_code == 403 and 'lang="ru"' in denied.content.decode()
