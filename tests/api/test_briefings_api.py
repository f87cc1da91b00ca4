"""/api/v1/briefings/: only the briefings whose summary is published (the rule of the public
feeds), the same to every caller; the summary and its PDFs per language; nothing of the
registrations, members, presentations or questions; bounded queries; bad filters are 400
problems."""

import datetime

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents.models import Rendition
from ngo_briefings.models import Registration
from ngo_briefings.selectors import published_briefing_summaries
from ngo_briefings.services import (
    briefing_save,
    organization_save,
    presentation_add,
    question_add,
    summary_publish,
    summary_save,
)
from reference.models import Body
from sessions.models import Session
from sessions.services import session_save
from tests.factories import UserFactory, ngo_member

pytestmark = pytest.mark.usefixtures("reference_data")

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LANGUAGES = [code for code, _name in settings.LANGUAGES]
D = datetime.date


@pytest.fixture
def staff():
    return UserFactory(secretariat=True)


@pytest.fixture
def session(staff):
    return session_save(
        actor=staff,
        body=Body.objects.get(code="irg"),
        number=11,
        part=Session.Part.FIRST_RESUMED,
        starts_on=D(2020, 8, 31),
        ends_on=D(2020, 9, 2),
        city={"en": "Vienna", "fr": "Vienne"},
    )


def briefing(staff, session, number, *, summary=None, publish=False, pdf_in=("en",)):
    """A briefing, its summary written (``summary``) and published (``publish``), its PDFs done
    in ``pdf_in`` once published (the workers' part, done here by hand)."""
    made = briefing_save(actor=staff, number=number, session=session, held_on=D(2020, 9, 1), capacity=5, room="M3")
    if summary:
        summary_save(actor=staff, briefing=made, summary=summary)
    if publish:
        summary_publish(actor=staff, briefing=made, on=D(2022, 2, 1))
        for rendition in Rendition.objects.for_document(made).filter(language__in=pdf_in):
            rendition.status = Rendition.Status.DONE
            rendition.file.save(f"summary-{number}-{rendition.language}.pdf", ContentFile(PDF))
    return made


@pytest.fixture
def briefings(staff, session):
    """The ninth briefing, its summary published in English; the tenth, its summary written but
    not published; the eleventh, no summary yet. The ninth had registrations, presentations and
    questions."""
    ninth = briefing(staff, session, 9, summary="1. The ninth briefing was held.\n\n2. It ended.", publish=True)
    organization = organization_save(actor=staff, name="Transparency Watch")
    person = ngo_member(organization)
    # Registered before the day (registration is closed now that it is past).
    Registration.objects.create(
        briefing=ninth, organization=organization, person=person, status=Registration.Status.CONFIRMED, listed=True
    )
    presentation_add(actor=staff, briefing=ninth, speaker="Ms. Secret Speaker", topic="Whistle-blowers")
    question_add(actor=staff, briefing=ninth, topic="Access", text="A confidential question?")
    return {
        "published": ninth,
        "unpublished": briefing(staff, session, 10, summary="A draft summary."),
        "unwritten": briefing(staff, session, 11),
        "person": person,
    }


READERS = {
    "anonymous": lambda briefings: None,
    "NGO account that registered": lambda briefings: briefings["person"],
    "secretariat": lambda briefings: UserFactory(secretariat=True),
}


@pytest.mark.parametrize("reader", READERS)
def test_only_briefings_with_a_published_summary(client, briefings, reader):
    user = READERS[reader](briefings)
    if user:
        client.force_login(user)
    listed = client.get("/api/v1/briefings/").json()["results"]
    assert [item["number"] for item in listed] == [entry.number for entry in published_briefing_summaries()] == [9]
    assert client.get("/api/v1/briefings/9/").status_code == 200
    nowhere = client.get("/api/v1/briefings/99/")
    for number in (10, 11):
        response = client.get(f"/api/v1/briefings/{number}/")
        assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"
        assert {**response.json(), "instance": ""} == {**nowhere.json(), "instance": ""}
        assert "draft summary" not in response.content.decode()


def test_a_briefing_with_its_summary_and_pdfs_and_nothing_private(client, briefings):
    briefing = briefings["published"]
    body = client.get("/api/v1/briefings/9/").json()
    assert set(body) == {
        "number",
        "title",
        "session",
        "held_on",
        "starts_at",
        "room",
        "summary_issued_on",
        "summary",
        "files",
        "fallbacks",
    }
    assert body["title"] == "Briefing 9 for non-governmental organizations"
    assert body["session"] == {
        "id": briefing.session_id,
        "body": "irg",
        "number": 11,
        "part": "first_resumed",
        "title": "First resumed eleventh session of the Implementation Review Group",
    }
    assert (body["held_on"], body["summary_issued_on"], body["room"]) == ("2020-09-01", "2022-02-01", "M3")
    assert body["summary"].startswith("1. The ninth briefing was held.") and body["fallbacks"] == {}
    assert [entry["language"] for entry in body["files"]] == LANGUAGES
    english = reverse("document_download", args=["ngo-briefing-summary", briefing.pk, "en"])
    for entry in body["files"]:
        if entry["language"] == "en":
            assert entry == {
                "language": "en",
                "available": True,
                "url": f"http://testserver{english}",
                "updating": False,
            }
        else:
            assert entry["available"] is False and entry["url"] is None
    # The address given is the public download of the briefing's page.
    download = client.get(english)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    text = client.get("/api/v1/briefings/").content.decode()
    for private in ("Secret Speaker", "Whistle-blowers", "confidential question", "Transparency Watch", "@example"):
        assert private not in text


def test_the_summary_in_the_language_asked_with_the_fallback_named(client, staff, briefings):
    french = client.get("/api/v1/briefings/9/?lang=fr")
    assert french["Content-Language"] == "fr"
    body = french.json()
    assert body["summary"].startswith("1. The ninth briefing") and body["fallbacks"]["summary"] == "en"
    assert body["session"]["title"] == briefings["published"].session.title("fr")
    summary_save(actor=staff, briefing=briefings["published"], summary={"fr": "1. La neuvième réunion."})
    body = client.get("/api/v1/briefings/9/?lang=fr").json()
    assert body["summary"] == "1. La neuvième réunion." and "summary" not in body["fallbacks"]
    # The title is the page's heading: in French once translated, else in English and named so.
    assert (body["title"] == "Briefing 9 for non-governmental organizations") == (body["fallbacks"] == {"title": "en"})


def test_filter_by_year(client, briefings):
    assert [item["number"] for item in client.get("/api/v1/briefings/?year=2020").json()["results"]] == [9]
    assert client.get("/api/v1/briefings/?year=2021").json()["results"] == []


@pytest.mark.parametrize(
    ("query", "field"),
    [("year=last", "year"), ("year=2020.5", "year"), ("year=0", "year"), ("page_size=-1", "page_size")],
)
def test_bad_filters_are_400_problems(client, briefings, query, field):
    response = client.get(f"/api/v1/briefings/?{query}")
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert field in response.json()["errors"]


@pytest.mark.parametrize("url", ["/api/v1/briefings/abc/", "/api/v1/briefings/99999999999/"])
def test_unknown_briefings_are_404_problems(client, briefings, url):
    response = client.get(url)
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"


def test_the_query_count_does_not_grow_with_the_page_size(client, staff, session, django_assert_max_num_queries):
    for number in range(1, 8):
        briefing(
            staff, session, number, summary=f"Summary {number}.", publish=True, pdf_in=("en", "fr")[: number % 2 + 1]
        )
    briefing(staff, session, 8, summary="Not published.")
    counts = []
    for size in (2, 50):
        with django_assert_max_num_queries(5), CaptureQueriesContext(connection) as queries:
            results = client.get(f"/api/v1/briefings/?page_size={size}").json()["results"]
        assert len(results) == min(size, 7)
        assert all(len(item["files"]) == 6 for item in results)
        counts.append(len(queries))
    assert counts[0] == counts[1]
