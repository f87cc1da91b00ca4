"""The REST API's common ground, on the reference endpoints: languages and their fallback
named, problem details for every error, checked page sizes, conditional GET, the schema."""

import pytest

pytestmark = pytest.mark.usefixtures("reference_data")


def test_states_in_the_language_asked_with_accept_language_or_lang(client):
    french = client.get("/api/v1/states/KEN/", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert french["name"] == "Kenya" and french["regional_group"] == "african"
    arabic = client.get("/api/v1/states/ken/?lang=ar", HTTP_ACCEPT_LANGUAGE="fr")
    assert arabic["Content-Language"] == "ar" and arabic.json()["name"] == "كينيا"
    assert {"mechanism": "irm", "regional_group": "african"} in arabic.json()["mechanisms"]
    assert arabic.json()["fallbacks"] == {}


def test_a_missing_translation_falls_back_visibly(client):
    from reference.models import State

    State.objects.filter(code="KEN").update(name_ru="")
    body = client.get("/api/v1/states/KEN/?lang=ru").json()
    assert body["name"] == "Kenya" and body["fallbacks"] == {"name": "en"}


@pytest.mark.parametrize(
    ("url", "status", "field"),
    [
        ("/api/v1/states/?lang=xx", 400, "lang"),
        ("/api/v1/states/?page_size=100000", 400, "page_size"),
        ("/api/v1/states/?page_size=abc", 400, "page_size"),
        ("/api/v1/states/?page_size=0", 400, "page_size"),
        ("/api/v1/states/?regional_group=nowhere", 400, "regional_group"),
        ("/api/v1/states/?cursor=not-a-cursor", 400, "cursor"),
        ("/api/v1/articles/?number=seven", 400, "number"),
        ("/api/v1/states/?mechanism=%00", 400, "mechanism"),
        ("/api/v1/articles/?number=7.5", 400, "number"),
        ("/api/v1/articles/?number=", 400, "number"),
        ("/api/v1/states/?regional_group=", 400, "regional_group"),
        ("/api/v1/findings/?review=99999999999", 400, "review"),
        ("/api/v1/reviews/?updated_since=", 400, "updated_since"),
        ("/api/v1/reviews/?year=2020.5", 400, "year"),
    ],
)
def test_bad_input_is_a_400_problem_naming_the_field(client, url, status, field):
    response = client.get(url)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"] and field in body["errors"]


@pytest.mark.parametrize("url", ["/api/v1/states/ZZZ/", "/api/v1/nowhere/", "/api/v1/states/K%00N/", "/api/v2/"])
def test_unknown_addresses_are_404_problems(client, url):
    response = client.get(url)
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404


def test_anonymous_cannot_write(client):
    response = client.post("/api/v1/states/", {"code": "XXX"}, content_type="application/json")
    assert response.status_code in (401, 405) and response["Content-Type"] == "application/problem+json"


def test_following_the_cursor_links_to_the_end_gives_every_state_once(client, django_assert_max_num_queries):
    from reference.models import RegionalGroup, State

    # Added last (the highest id) but first by code: the order is the code's, not the id's.
    State.objects.create(code="AAA", name="Aardland", regional_group=RegionalGroup.objects.first())
    seen, url = [], "/api/v1/states/?page_size=37"
    while url:
        with django_assert_max_num_queries(5):
            page = client.get(url).json()
        seen += [state["code"] for state in page["results"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == State.objects.count()
    assert seen == sorted(seen)  # by code: a neutral order, never a ranking


def test_the_query_count_does_not_grow_with_the_page_size(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for size in (5, 150):
        with CaptureQueriesContext(connection) as queries:
            assert len(client.get(f"/api/v1/states/?page_size={size}").json()["results"]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_conditional_get_answers_304_until_something_changes(client, django_assert_max_num_queries):
    first = client.get("/api/v1/states/KEN/")
    assert first["ETag"] and first["Last-Modified"]
    with django_assert_max_num_queries(1):  # the freshness counter only: nothing is serialized
        again = client.get("/api/v1/states/KEN/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    other_language = client.get("/api/v1/states/KEN/?lang=fr", HTTP_IF_NONE_MATCH=first["ETag"])
    assert other_language.status_code == 200
    from reference.models import State

    State.objects.get(code="KEN").save()
    assert client.get("/api/v1/states/KEN/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_the_schema_and_the_docs(client):
    schema = client.get("/api/schema/?format=json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/states/{code}/" in paths and "/api/v1/articles/" in paths
    assert "personalToken" in schema.json()["components"]["securitySchemes"]
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()


def test_cycles_say_what_they_review_and_clusters_their_articles(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):  # the counter, the mechanism, cycles, chapters, clusters
        cycles = client.get("/api/v1/cycles/?mechanism=irm").json()
    second = next(cycle for cycle in cycles if cycle["number"] == 2)
    assert {"instrument": "uncac", "number": "II"} in second["chapters"]
    assert {"instrument": "uncac", "number": "V"} in second["chapters"]
    clusters = client.get("/api/v1/clusters/?mechanism=untoc-rm").json()
    assert clusters and all(cluster["articles"] and cluster["mechanism"] == "untoc-rm" for cluster in clusters)
    phase = next(cycle for cycle in client.get("/api/v1/cycles/?mechanism=untoc-rm").json() if cycle["clusters"])
    assert set(phase["clusters"]) <= {cluster["id"] for cluster in clusters}


def test_an_edited_cycle_title_is_not_answered_304(client):
    from reference.models import ReviewCycle

    first = client.get("/api/v1/cycles/")
    cycle = ReviewCycle.objects.first()
    cycle.title_en = "Renamed"
    cycle.save()
    again = client.get("/api/v1/cycles/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and "Renamed" in again.content.decode()
