"""/api/v1/sessions/: sessions are public facts, as on the calendar; under each agenda item only
the documents the caller may see, as on the session's page; titles and places in the language
asked with the fallback named; nothing of the notes verbales; bounded queries; bad filters are
400 problems."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.models import Distribution
from documents.services.registry import document_issue, document_register
from reference.models import Body
from sessions.models import Session
from sessions.selectors import session_page
from sessions.services import agenda_document_add, agenda_document_remove, agenda_item_save, session_save
from tests.factories import UserFactory, state

pytestmark = pytest.mark.usefixtures("reference_data")

D = datetime.date
PUBLIC, LIMITED, DRAFT = "CTOC/COP/WG.9/2017/4", "CTOC/COP/WG.9/2017/6", "CTOC/COP/WG.9/2018/2"


@pytest.fixture
def staff():
    return UserFactory(secretariat=True)


@pytest.fixture
def cop9(staff):
    """The ninth session of the Conference of the Parties, its item 2 (a) with a public report,
    a Limited one concerning Kenya and a draft; its provisional agenda still a draft."""
    session = session_save(
        actor=staff,
        body=Body.objects.get(code="cop"),
        number=9,
        part=Session.Part.REGULAR,
        starts_on=D(2018, 10, 15),
        ends_on=D(2018, 10, 19),
        city={"en": "Vienna", "fr": "Vienne", "ar": "فيينا"},
        venue={"en": "Vienna International Centre"},
        country=state("AUT"),
    )
    agenda_item_save(
        actor=staff,
        session=session,
        number=2,
        title={"en": "Review of the implementation of the Convention", "fr": "Examen de l'application"},
    )
    item = agenda_item_save(
        actor=staff,
        session=session,
        number=2,
        letter="a",
        title={"en": "United Nations Convention against Transnational Organized Crime"},
    )
    for symbol, issue, distribution in (
        (PUBLIC, True, Distribution.GENERAL),
        (LIMITED, True, Distribution.LIMITED),
        (DRAFT, False, Distribution.GENERAL),
    ):
        document = document_register(
            actor=staff,
            symbol=symbol,
            title=f"Report ({symbol})",
            distribution=distribution,
            concerned_states=[state("KEN")],
        )
        if issue:
            document_issue(document=document, actor=staff, on=D(2018, 5, 24))
        agenda_document_add(actor=staff, item=item, document=document)
    agenda = document_register(actor=staff, symbol="CTOC/COP/2018/1", title="Provisional agenda")
    Session.objects.filter(pk=session.pk).update(provisional_agenda=agenda)
    return Session.objects.get(pk=session.pk)


READERS = {
    "anonymous": lambda: None,
    "focal point of Kenya": lambda: UserFactory(focal_point=True),
    "secretariat": lambda: UserFactory(secretariat=True),
}


@pytest.mark.parametrize("reader", READERS)
def test_the_session_is_public_and_its_documents_are_those_the_page_shows(client, cop9, reader):
    user = READERS[reader]()
    if user:
        client.force_login(user)
    listed = client.get("/api/v1/sessions/").json()["results"]
    assert [session["id"] for session in listed] == [cop9.pk]
    body = client.get(f"/api/v1/sessions/{cop9.pk}/").json()
    assert body == listed[0]
    page = session_page(user or AnonymousUser(), cop9.pk)
    assert [item["label"] for item in body["agenda"]] == [item.label for item in page.agenda] == ["2", "2 (a)"]
    for item, on_page in zip(body["agenda"], page.agenda, strict=True):
        assert item["documents"] == [document.symbol for document in on_page.visible_documents]
    expected = {
        "anonymous": [PUBLIC],
        "focal point of Kenya": [PUBLIC, LIMITED],
        "secretariat": [PUBLIC, LIMITED, DRAFT],
    }[reader]
    assert body["agenda"][1]["documents"] == expected
    on_page = page.provisional_agenda.symbol if page.provisional_agenda else None
    assert body["provisional_agenda"] == on_page == ("CTOC/COP/2018/1" if reader == "secretariat" else None)


def test_a_session_with_its_facts_and_nothing_of_the_notes_verbales(client, cop9):
    body = client.get(f"/api/v1/sessions/{cop9.pk}/").json()
    assert set(body) == {
        "id",
        "body",
        "number",
        "part",
        "title",
        "city",
        "venue",
        "country",
        "starts_on",
        "ends_on",
        "provisional_agenda",
        "agenda",
        "fallbacks",
    }
    assert body["title"] == cop9.title("en") and body["title"].startswith("Ninth session of the Conference")
    assert (body["body"], body["number"], body["part"]) == ("cop", 9, "regular")
    assert (body["city"], body["venue"], body["country"]) == ("Vienna", "Vienna International Centre", "AUT")
    assert (body["starts_on"], body["ends_on"]) == ("2018-10-15", "2018-10-19")
    assert set(body["agenda"][0]) == {"number", "letter", "label", "title", "documents", "fallbacks"}


def test_titles_and_places_in_the_language_asked_with_the_fallback_named(client, cop9):
    french = client.get(f"/api/v1/sessions/{cop9.pk}/?lang=fr")
    assert french["Content-Language"] == "fr"
    body = french.json()
    assert body["title"] == cop9.title("fr") and body["title"] != cop9.title("en")
    assert body["city"] == "Vienne"
    assert body["venue"] == "Vienna International Centre" and body["fallbacks"] == {"venue": "en"}
    assert body["agenda"][0]["title"] == "Examen de l'application" and body["agenda"][0]["fallbacks"] == {}
    assert body["agenda"][1]["fallbacks"] == {"title": "en"}
    arabic = client.get(f"/api/v1/sessions/{cop9.pk}/", HTTP_ACCEPT_LANGUAGE="ar").json()
    assert arabic["city"] == "فيينا" and arabic["title"] == cop9.title("ar")


def test_filters_by_body_and_year(client, staff, cop9):
    irg = session_save(
        actor=staff,
        body=Body.objects.get(code="irg"),
        number=11,
        part=Session.Part.REGULAR,
        starts_on=D(2020, 6, 16),
        ends_on=D(2020, 6, 18),
        city="Vienna",
    )

    def ids(query):
        response = client.get(f"/api/v1/sessions/?{query}")
        assert response.status_code == 200
        return [session["id"] for session in response.json()["results"]]

    assert ids("") == [cop9.pk, irg.pk]  # by first day
    assert ids("body=irg") == [irg.pk] and ids("body=cop") == [cop9.pk]
    assert ids("year=2018") == [cop9.pk] and ids("year=2019") == []
    assert ids("body=irg&year=2018") == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("body=nowhere", "body"),
        ("body=%00", "body"),
        ("year=2018.5", "year"),
        ("year=soon", "year"),
        ("year=123456789012345678901", "year"),
        ("page_size=0", "page_size"),
        ("lang=xx", "lang"),
    ],
)
def test_bad_filters_are_400_problems(client, cop9, query, field):
    response = client.get(f"/api/v1/sessions/?{query}")
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert field in response.json()["errors"]


@pytest.mark.parametrize("url", ["/api/v1/sessions/999999/", "/api/v1/sessions/abc/", "/api/v1/sessions/1.5/"])
def test_unknown_sessions_are_404_problems(client, cop9, url):
    response = client.get(url)
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"


def test_the_query_count_does_not_grow_with_the_page_size(client, staff, cop9, django_assert_max_num_queries):
    documents = []
    for number in range(1, 4):
        document = document_register(actor=staff, symbol=f"CAC/COSP/IRG/2021/{number}", title="Report")
        document_issue(document=document, actor=staff, on=D(2021, 5, 1))
        documents.append(document)
    for number in range(1, 7):
        session = session_save(
            actor=staff,
            body=Body.objects.get(code="irg"),
            number=number,
            part=Session.Part.REGULAR,
            starts_on=D(2010 + number, 6, 1),
            ends_on=D(2010 + number, 6, 3),
            city={"en": "Vienna", "fr": "Vienne"},
            country=state("AUT"),
        )
        for item_number in (1, 2):
            item = agenda_item_save(actor=staff, session=session, number=item_number, title=f"Item {item_number}")
            for document in documents[:item_number]:
                agenda_document_add(actor=staff, item=item, document=document)
    client.force_login(UserFactory(focal_point=True))
    counts = []
    for size in (2, 50):
        with django_assert_max_num_queries(9), CaptureQueriesContext(connection) as queries:
            results = client.get(f"/api/v1/sessions/?page_size={size}").json()["results"]
        assert len(results) == min(size, 7)
        assert all(len(session["agenda"]) == 2 for session in results[:2])
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_document_taken_off_an_agenda_item_changes_the_etag(client, staff, cop9):
    """The documents under an item are a many-to-many relation: changing it alone (no row of the
    session or of the item is saved) still moves the freshness counter, so no stale 304."""
    first = client.get(f"/api/v1/sessions/{cop9.pk}/")
    item = cop9.agenda.get(letter="a")
    from documents.models import Document

    agenda_document_remove(actor=staff, item=item, document=Document.objects.get(symbol=PUBLIC))
    again = client.get(f"/api/v1/sessions/{cop9.pk}/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert PUBLIC not in again.json()["agenda"][1]["documents"]
