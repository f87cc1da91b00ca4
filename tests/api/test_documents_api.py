"""/api/v1/documents/: the registry as its pages show it to each caller (anonymous callers the
public documents only), addressed by symbol with its slashes, each document with its six
languages; titles in the language asked with the fallback named; bounded queries; bad filters
are 400 problems."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents.models import Distribution, Rendition
from documents.selectors import document_files, document_list
from documents.services.registry import document_file_attach, document_issue, document_register
from ngo_briefings.services import briefing_save
from reference.models import Body
from sessions.models import Session
from sessions.services import session_save
from tests.factories import UserFactory, state

pytestmark = pytest.mark.usefixtures("reference_data")

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LANGUAGES = [code for code, _name in settings.LANGUAGES]  # the order of the six, as the pages list them


@pytest.fixture
def staff():
    return UserFactory(secretariat=True)


def register(staff, symbol, *, title=None, distribution=Distribution.GENERAL, issue=True, file_in="fr", **kwargs):
    document = document_register(
        actor=staff,
        symbol=symbol,
        title=title or {"en": f"Title of {symbol}"},
        distribution=distribution,
        **kwargs,
    )
    if file_in:
        document_file_attach(document=document, language=file_in, upload=SimpleUploadedFile("f.pdf", PDF), actor=staff)
    if issue:
        document_issue(document=document, actor=staff, on=datetime.date(2020, 6, 1))
    return document


@pytest.fixture
def documents(staff):
    """A public document in English and French with a French file, a Limited one concerning
    Kenya, a Restricted one, and a draft."""
    return {
        "public": register(
            staff,
            "CAC/COSP/IRG/2020/3",
            title={"en": "Implementation of chapter II", "fr": "Application du chapitre II"},
            body=Body.objects.get(code="irg"),
        ),
        "limited": register(
            staff, "CAC/COSP/IRG/2020/L.1", distribution=Distribution.LIMITED, concerned_states=[state("KEN")]
        ),
        "restricted": register(staff, "CAC/COSP/IRG/2020/CRP.9", distribution=Distribution.RESTRICTED),
        "draft": register(staff, "CAC/COSP/IRG/2020/4", issue=False),
    }


def sourced_document(staff, symbol, number):
    """A public document made by the pipeline: its files are the final PDFs of its source (the
    summary of an NGO briefing), done in English only."""
    start = datetime.date(2020, 8, 31)
    session = Session.objects.filter(body__code="irg", number=11).first() or session_save(
        actor=staff,
        body=Body.objects.get(code="irg"),
        number=11,
        part=Session.Part.FIRST_RESUMED,
        starts_on=start,
        ends_on=start + datetime.timedelta(days=3),
        city="Vienna",
    )
    briefing = briefing_save(actor=staff, number=number, session=session, held_on=start, capacity=10)
    rendition = Rendition.objects.create(
        content_type=ContentType.objects.get_for_model(briefing),
        object_id=briefing.pk,
        language="en",
        variant=Rendition.Variant.FINAL,
        status=Rendition.Status.DONE,
    )
    rendition.file.save(f"summary-{number}.pdf", ContentFile(PDF))
    return register(staff, symbol, file_in=None, source=briefing)


def symbols(response):
    assert response.status_code == 200, response.content
    return {item["symbol"] for item in response.json()["results"]}


READERS = {
    "anonymous": lambda: None,
    "focal point of Kenya": lambda: UserFactory(focal_point=True),
    "expert of France": lambda: UserFactory(expert=True),
    "secretariat": lambda: UserFactory(secretariat=True),
}


@pytest.mark.parametrize("reader", READERS)
def test_each_caller_gets_the_documents_the_registry_shows_them(client, documents, reader):
    user = READERS[reader]()
    if user:
        client.force_login(user)
    listed = symbols(client.get("/api/v1/documents/"))
    # What the registry's selector gives the same person.
    assert listed == {document.symbol for document in document_list(user or AnonymousUser())}
    expected = {
        "anonymous": {"public"},
        "focal point of Kenya": {"public", "limited"},
        "expert of France": {"public"},
        "secretariat": {"public", "limited", "restricted", "draft"},
    }[reader]
    assert listed == {documents[name].symbol for name in expected}
    for name, document in documents.items():
        response = client.get(f"/api/v1/documents/{document.symbol}/")
        assert response.status_code == (200 if name in expected else 404), (name, reader)
        if name not in expected:
            # The same answer as for a symbol never registered: its existence is not told.
            nowhere = client.get("/api/v1/documents/CAC/COSP/IRG/2099/9/").json()
            assert response["Content-Type"] == "application/problem+json"
            assert {**response.json(), "instance": ""} == {**nowhere, "instance": ""}
            assert "Title of" not in response.content.decode()


def test_a_document_by_its_symbol_with_its_six_languages(client, documents):
    document = documents["public"]
    response = client.get("/api/v1/documents/CAC/COSP/IRG/2020/3/")
    assert response.status_code == 200
    body = response.json()
    assert body["symbol"] == "CAC/COSP/IRG/2020/3" and body["title"] == "Implementation of chapter II"
    assert (body["series"], body["year"], body["number"], body["kind"]) == ("CAC/COSP/IRG", 2020, 3, "")
    assert body["relation"] == "original" and body["body"] == "irg" and body["issued_on"] == "2020-06-01"
    assert body["distribution"] == "general" and body["fallbacks"] == {}
    assert [entry["language"] for entry in body["files"]] == LANGUAGES
    french = reverse("documents:file", args=[document.symbol, "fr"])
    for entry in body["files"]:
        if entry["language"] == "fr":
            assert entry == {
                "language": "fr",
                "available": True,
                "url": f"http://testserver{french}",
                "updating": False,
            }
        else:
            assert entry["available"] is False and entry["url"] is None
    # The address given is the registry's download, which serves the file to this caller.
    download = client.get(french)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    # The same languages and addresses as the document's page.
    assert [(e["url"] or "").removeprefix("http://testserver") for e in body["files"]] == [
        entry.url for entry in document_files(document)
    ]
    # An addendum's symbol, with one more slash.
    addendum = register(UserFactory(secretariat=True), "CAC/COSP/IRG/2020/3/Add.1")
    body = client.get(f"/api/v1/documents/{addendum.symbol}/").json()
    assert body["symbol"] == "CAC/COSP/IRG/2020/3/Add.1" and body["relation"] == "addendum"


def test_a_document_made_by_the_pipeline_gives_its_final_pdfs(client, staff):
    document = sourced_document(staff, "CAC/COSP/IRG/2020/CRP.14", 9)
    body = client.get(f"/api/v1/documents/{document.symbol}/").json()
    available = {entry["language"]: entry["url"] for entry in body["files"] if entry["available"]}
    expected = {entry.language: entry.url for entry in document_files(document) if entry.url}
    assert list(available) == ["en"] and available["en"] == f"http://testserver{expected['en']}"
    listed = client.get("/api/v1/documents/").json()["results"]
    assert listed[0]["files"] == body["files"]


def test_titles_in_the_language_asked_with_the_fallback_named(client, documents):
    french = client.get("/api/v1/documents/CAC/COSP/IRG/2020/3/?lang=fr")
    assert french["Content-Language"] == "fr"
    assert french.json()["title"] == "Application du chapitre II" and french.json()["fallbacks"] == {}
    russian = client.get("/api/v1/documents/CAC/COSP/IRG/2020/3/", HTTP_ACCEPT_LANGUAGE="ru").json()
    assert russian["title"] == "Implementation of chapter II" and russian["fallbacks"] == {"title": "en"}


def test_filters_by_series_year_and_body(client, staff, documents):
    register(staff, "CTOC/COP/WG.9/2017/4")
    register(staff, "CAC/COSP/IRG/2019/2")
    assert symbols(client.get("/api/v1/documents/?series=CTOC/COP/WG.9")) == {"CTOC/COP/WG.9/2017/4"}
    assert symbols(client.get("/api/v1/documents/?year=2019")) == {"CAC/COSP/IRG/2019/2"}
    assert symbols(client.get("/api/v1/documents/?body=irg")) == {"CAC/COSP/IRG/2020/3"}
    assert symbols(client.get("/api/v1/documents/?series=CAC/COSP/IRG&year=2020")) == {"CAC/COSP/IRG/2020/3"}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("year=twenty", "year"),
        ("year=2020.5", "year"),
        ("year=99999999999999999999", "year"),
        ("body=nowhere", "body"),
        ("series=" + "X" * 61, "series"),
        ("series=%00", "series"),
        ("page_size=501", "page_size"),
        ("lang=xx", "lang"),
        ("cursor=garbage", "cursor"),
    ],
)
def test_bad_filters_are_400_problems(client, documents, query, field):
    response = client.get(f"/api/v1/documents/?{query}")
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert field in response.json()["errors"]


@pytest.mark.parametrize(
    "url", ["/api/v1/documents/CAC/COSP/IRG/2099/1/", "/api/v1/documents/CAC%00X/", "/api/v1/documents/%20/"]
)
def test_unknown_symbols_are_404_problems(client, documents, url):
    response = client.get(url)
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"


def test_the_query_count_does_not_grow_with_the_page_size(client, staff, django_assert_max_num_queries):
    # The first by symbol is made by the pipeline: every page below reads renditions too.
    sourced_document(staff, "CAC/COSP/2020/1", 21)
    sourced_document(staff, "CAC/COSP/2020/2", 22)
    for number in range(1, 9):
        register(staff, f"CAC/COSP/IRG/2021/{number}", file_in=["en", "fr", "ar"][number % 3])
    client.force_login(UserFactory(focal_point=True))
    counts = []
    for size in (2, 50):
        with django_assert_max_num_queries(8), CaptureQueriesContext(connection) as queries:
            results = client.get(f"/api/v1/documents/?page_size={size}").json()["results"]
        assert len(results) == min(size, 10)
        assert all(len(document["files"]) == 6 for document in results)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_following_the_cursor_gives_every_document_once_in_symbol_order(client, staff):
    for number in range(1, 8):
        register(staff, f"CAC/COSP/IRG/2021/{number}")
    seen, url = [], "/api/v1/documents/?page_size=3"
    while url:
        page = client.get(url).json()
        seen += [document["symbol"] for document in page["results"]]
        url = page["next"]
    assert seen == sorted(seen) and len(seen) == len(set(seen)) == 7
