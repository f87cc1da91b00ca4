"""The shell every page uses, the home page and /healthz."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from reference.models import State
from reviewmech.celery import app as celery_app

pytestmark = pytest.mark.usefixtures("reference_data")

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def test_root_redirects_to_a_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 302
    assert response["Location"] == "/fr/"


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_home_in_each_language(client, code, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        response = client.get(f"/{code}/")
    assert response.status_code == 200
    html = response.content.decode()
    direction = "rtl" if code == "ar" else "ltr"
    assert f'<html lang="{code}" dir="{direction}">' in html
    # The six languages are offered on every page, each as a link to this page in it.
    for other in LANGUAGE_CODES:
        assert f'href="/{other}/" lang="{other}"' in html
    # States are named in the page's language.
    with translation.override(code):
        kenya = State.objects.get(code="KEN").name
    assert kenya in html


def test_home_lists_mechanisms_cycles_and_groups(client):
    html = client.get("/en/").content.decode()
    assert "Implementation Review Mechanism" in html
    assert "Group of African States" in html
    assert "Chapter II" in html and "Cluster 1" in html
    assert "Kenya" in html and "European Union" in html
    assert "skip-link" in html and 'id="main"' in html


def test_a_missing_translation_falls_back_to_english_visibly(client):
    kenya = State.objects.get(code="KEN")
    kenya.name_ru = ""
    kenya.save(update_fields=["name_ru"])
    html = client.get("/ru/").content.decode()
    assert '<span lang="en" dir="ltr">Kenya</span> <span class="fallback-badge" lang="ru"' in html


def test_a_text_only_in_french_shows_in_french_marked_as_such():
    from django.template import Context, Template
    from django.utils import translation

    kenya = State.objects.get(code="KEN")
    kenya.name_en = kenya.name_ru = kenya.name_ar = kenya.name_zh_hans = kenya.name_es = ""
    kenya.name_fr = "République du Kenya"
    with translation.override("ru"):
        html = Template('{% load reviewmech %}{% tr state "name" %}').render(Context({"state": kenya}))
    assert html.startswith('<span lang="fr" dir="ltr">République du Kenya</span> ')
    assert '<span class="fallback-badge" lang="ru"' in html
    assert "французский" in html.lower()  # the language it is in, named in Russian


def test_healthz_is_liveness_only(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_readyz_reports_database_broker_and_backlog(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["checks"] == {"database": {"ok": True}, "broker": {"ok": True}}
    assert body["backlog"]["renditions"] == {"queued": 0, "rendering": 0, "stuck": 0, "failed": 0}
    assert body["backlog"]["notifications"] == {"owed": 0, "given_up": 0}


@pytest.fixture
def unreachable_broker():
    saved = {key: celery_app.conf[key] for key in ("broker_url", "broker_transport_options")}
    celery_app.conf.update(broker_url="redis://127.0.0.1:9/0", broker_transport_options={})
    yield
    celery_app.conf.update(saved)


@pytest.mark.usefixtures("unreachable_broker")
def test_readyz_fails_when_the_broker_is_unreachable_and_says_only_that(client):
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["broker"] == {"ok": False}  # no host, port or message: only that it failed
    assert "127.0.0.1" not in response.content.decode() and ":9" not in response.content.decode()
    assert client.get("/healthz").status_code == 200  # alive all the same


def test_readyz_fails_when_the_database_is_unreachable(client):
    from unittest import mock

    with mock.patch("reviewmech.health._check_database", side_effect=OSError("db.internal:5432 refused")):
        response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["checks"]["database"] == {"ok": False}
    assert "backlog" not in response.json() and "db.internal" not in response.content.decode()


def test_admin_is_for_the_secretariat(client, django_user_model):
    from tests.factories import UserFactory

    staff = UserFactory(secretariat=True)
    focal_point = UserFactory(focal_point=True)
    client.force_login(staff)
    for model in (
        "state",
        "article",
        "party",
        "mechanism",
        "mechanismmembership",
        "reviewcycle",
        "regionalgroup",
        "body",
        "technicalassistancecategory",
    ):
        url = reverse(f"admin:reference_{model}_changelist")
        assert client.get(url).status_code == 200, model
    for url in (
        "admin:irg_sessions_session_changelist",
        "admin:irg_sessions_session_add",
        "admin:documents_document_changelist",
    ):
        assert client.get(reverse(url)).status_code == 200, url
    kenya = State.objects.get(code="KEN")
    assert client.get(reverse("admin:reference_state_change", args=[kenya.pk])).status_code == 200
    client.force_login(focal_point)
    assert client.get(reverse("admin:reference_state_changelist")).status_code == 302  # to the admin login
