"""Open data: the status table and the published findings in CSV and JSON with the documented
column set (round trip: the CSV read back gives the JSON's rows), the schema, what consent
allows and nothing else, bad filters, and the Atom feeds per language and per State."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from public.open_data import FINDING_COLUMNS, REVIEW_COLUMNS
from reviews.models import CountryReview, ReviewReport, WorkflowStep
from reviews.services.consent import consent_record
from tests.factories import CountryReviewFactory, FindingFactory, ReviewerAssignmentFactory, UserFactory, state
from tests.public.test_findings import summary

pytestmark = pytest.mark.usefixtures("reference_data")

ATOM = "{http://www.w3.org/2005/Atom}"


def atom(response):
    """The feed the site itself served (trusted: it is our own output)."""
    return ET.fromstring(response.content)  # noqa: S314


def read_csv(response) -> list[dict]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = content.decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def kenya():
    review = CountryReviewFactory(
        status=CountryReview.Status.ACTIVE,
        current_step=WorkflowStep.objects.get(mechanism__code="irm", code="desk_review"),
    )
    ReviewerAssignmentFactory(review=review, state=state("UGA"))
    ReviewerAssignmentFactory(review=review, state=state("FRA"), basis="other_group")
    report = summary(review, symbol="CAC/COSP/IRG/II/1/1/Add.12")
    ReviewReport.objects.filter(pk=report.pk).update(published_on="2019-06-03")
    FindingFactory(
        review=review, kind="good_practice", text_en="Asset declarations online.", text_fr="Déclarations en ligne."
    )
    uganda = CountryReviewFactory(state=state("UGA"))
    summary(uganda, status=ReviewReport.Status.AGREED)
    FindingFactory(review=uganda, kind="challenge", text_en="SECRET: not yet published.")
    return review


def test_the_status_table_in_csv_and_json_with_the_documented_columns(client, kenya, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get("/open-data/v1/reviews.csv")
        rows = read_csv(response)
    assert response["Content-Type"].startswith("text/csv")
    assert list(rows[0]) == [c.name for c in REVIEW_COLUMNS]
    row = next(r for r in rows if r["state"] == "KEN")
    assert row["mechanism"] == "irm" and row["status"] == "active" and row["current_step"] == "desk_review"
    assert row["reviewing_states"] == "FRA;UGA" and row["executive_summary"] == "CAC/COSP/IRG/II/1/1/Add.12"
    assert row["executive_summary_published_on"] == "2019-06-03" and row["timeline_public"] == "false"
    # Round trip: the CSV read back gives the same rows as the JSON.
    data = client.get("/open-data/v1/reviews.json").json()
    assert data["version"] == "1" and data["resource"] == "reviews"
    assert data["rows"] == rows


def test_consent_changes_the_open_data_at_once(client, kenya):
    staff = UserFactory(secretariat=True)
    consent_record(actor=staff, review=kenya, item="timeline", decision="granted", message="Note of 2 May")
    row = next(r for r in client.get("/open-data/v1/reviews.json").json()["rows"] if r["state"] == "KEN")
    assert row["timeline_public"] == "true"
    consent_record(actor=staff, review=kenya, item="timeline", decision="refused", message="Withdrawn")
    row = next(r for r in client.get("/open-data/v1/reviews.json").json()["rows"] if r["state"] == "KEN")
    assert row["timeline_public"] == "false"


def test_published_findings_only_in_the_language_asked_with_fallback(client, kenya):
    rows = read_csv(client.get("/open-data/v1/findings.csv", {"language": "fr"}))
    assert list(rows[0]) == [c.name for c in FINDING_COLUMNS]
    assert [(r["state"], r["kind"], r["language"], r["text"]) for r in rows] == [
        ("KEN", "good_practice", "fr", "Déclarations en ligne.")
    ]
    rows = client.get("/open-data/v1/findings.json", {"language": "ru"}).json()["rows"]
    assert rows[0]["language"] == "en" and rows[0]["text"] == "Asset declarations online."  # visible fallback
    assert "SECRET" not in json.dumps(client.get("/open-data/v1/findings.json").json())


def test_bad_filters_are_a_400_with_the_reason(client, kenya):
    response = client.get("/open-data/v1/findings.json", {"kind": "score"})
    assert response.status_code == 400 and "kind" in response.json()["fields"]
    assert client.get("/open-data/v1/other.csv").status_code == 404


def test_the_schema_describes_every_column(client):
    schema = client.get("/open-data/v1/schema.json").json()
    assert schema["version"] == "1"
    fields = {r["name"]: [f["name"] for f in r["schema"]["fields"]] for r in schema["resources"]}
    assert fields == {"reviews": [c.name for c in REVIEW_COLUMNS], "findings": [c.name for c in FINDING_COLUMNS]}
    page = client.get("/fr/open-data/")
    assert page.status_code == 200 and "reviewing_states" in page.content.decode()


def test_atom_feeds_of_new_publications_per_language_and_state(client, kenya):
    feed = atom(client.get("/fr/publications.atom"))
    titles = [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")]
    assert any("Kenya" in t and "CAC/COSP/IRG/II/1/1/Add.12" in t for t in titles)
    assert all("Résumé" in t for t in titles if "Kenya" in t)  # in the page's language
    state_feed = atom(client.get("/en/states/KEN/publications.atom"))
    assert len(state_feed.findall(f"{ATOM}entry")) == 1
    assert not atom(client.get("/en/states/UGA/publications.atom")).findall(f"{ATOM}entry")
    assert client.get("/en/states/ZZZ/publications.atom").status_code == 404
