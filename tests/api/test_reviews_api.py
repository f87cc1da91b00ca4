"""Country reviews and findings through the API: every review's status to all; timelines and
findings exactly as the pages show them to each role (the same selectors); filters; a constant
number of queries whatever the page or the data size; conditional GET."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reference.models import ReviewCycle, State
from reviewmech import freshness
from reviews.access import can_read_findings
from reviews.models import CountryReview, Finding, ReviewReport
from reviews.selectors.consent import granted
from reviews.selectors.public import published_findings
from reviews.services.consent import consent_record
from reviews.services.workflow import review_complete_step
from tests.factories import (
    CountryReviewFactory,
    FindingFactory,
    ParticipantFactory,
    ReviewerAssignmentFactory,
    UserFactory,
    cycle,
    state,
)
from tests.public.test_findings import summary

pytestmark = pytest.mark.usefixtures("reference_data")


@pytest.fixture
def world():
    """Kenya (published summary, timeline consented), Uganda (draft findings, no consent),
    France reviewing Kenya."""
    staff = UserFactory(secretariat=True)
    kenya = CountryReviewFactory(status=CountryReview.Status.ACTIVE, started_on=datetime.date(2024, 1, 10))
    review_complete_step(review=kenya, actor=staff, on=datetime.date(2024, 2, 1), notify=False)
    ReviewerAssignmentFactory(review=kenya, state=state("FRA"))
    summary(kenya, symbol="CAC/COSP/IRG/II/1/1/Add.40")
    FindingFactory(review=kenya, kind="good_practice", text_en="Kenya publishes its procurement plans.")
    recommendation = FindingFactory(review=kenya, kind="recommendation", text_en="Kenya should train judges.")
    Finding.objects.filter(pk=recommendation.pk).update(follow_up_status="implemented")
    consent_record(actor=staff, review=kenya, item="timeline", decision="granted", message="Note of 3 May")
    uganda = CountryReviewFactory(state=state("UGA"), status=CountryReview.Status.ACTIVE)
    FindingFactory(review=uganda, kind="challenge", text_en="DRAFT-SENTINEL Uganda challenge.")
    return {"staff": staff, "kenya": kenya, "uganda": uganda}


def people(world):
    expert = UserFactory(expert=True)
    ParticipantFactory(review=world["uganda"], user=expert)
    return {
        "anonymous": None,
        "secretariat": world["staff"],
        "focal point of Kenya": UserFactory(focal_point=True),
        "expert on Uganda": expert,
        "observer on nothing": UserFactory(),
        "ngo": UserFactory(ngo=True),
    }


def get(client, user, url, **headers):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url, **headers)


def test_anonymous_sees_every_reviews_status_and_only_consented_timelines(client, world):
    body = client.get("/api/v1/reviews/?lang=en").json()
    by_state = {row["state"]: row for row in body["results"]}
    kenya, uganda = by_state["KEN"], by_state["UGA"]
    assert kenya["status"] == "active" and kenya["mechanism"] == "irm" and kenya["regional_group"] == "african"
    assert kenya["reviewing_states"] == ["FRA"] and kenya["phase"]["code"]
    assert kenya["executive_summary"]["symbol"] == "CAC/COSP/IRG/II/1/1/Add.40"
    assert kenya["timeline"][0]["actual"] == "2024-02-01" and kenya["overdue"] in (True, False)
    assert uganda["timeline"] is None and uganda["overdue"] is None  # no consent: the phase only
    assert uganda["phase"]["code"]


@pytest.mark.parametrize(
    "who",
    ["anonymous", "secretariat", "focal point of Kenya", "expert on Uganda", "observer on nothing", "ngo"],
)
def test_the_api_shows_each_role_what_the_pages_show(client, world, who):
    person = people(world)[who]
    reviews = client_rows(client, person, "/api/v1/reviews/?page_size=500")
    findings = client_rows(client, person, "/api/v1/findings/?page_size=500")
    # Timelines: the review page for those the review involves; the public page where consented.
    user = person or _anonymous()
    involved = set(CountryReview.objects.visible_to(user).values_list("pk", flat=True))
    expected_timelines = {
        review.pk for review in CountryReview.objects.all() if review.pk in involved or granted(review, "timeline")
    }
    assert {row["id"] for row in reviews if row["timeline"] is not None} == expected_timelines
    assert {row["id"] for row in reviews} == set(CountryReview.objects.values_list("pk", flat=True))
    # Findings: the public explorer's, plus those of the reviews whose findings page they may read.
    expected = set(published_findings().values_list("pk", flat=True)) | {
        finding.pk for finding in Finding.objects.select_related("review") if can_read_findings(user, finding.review)
    }
    assert {row["id"] for row in findings} == expected
    sentinel_visible = any("DRAFT-SENTINEL" in row["text"] for row in findings)
    assert sentinel_visible == (who in ("secretariat", "expert on Uganda"))


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def client_rows(client, person, url):
    rows = []
    while url:
        page = get(client, person, url).json()
        rows += page["results"]
        url = page["next"]
    return rows


def test_follow_up_only_where_the_state_published_it(client, world):
    rows = client.get(f"/api/v1/findings/?review={world['kenya'].pk}&kind=recommendation").json()["results"]
    assert rows and rows[0]["follow_up"] is None
    consent_record(actor=world["staff"], review=world["kenya"], item="follow_up", decision="granted", message="NV")
    rows = client.get(f"/api/v1/findings/?review={world['kenya'].pk}&kind=recommendation").json()["results"]
    assert rows[0]["follow_up"]["status"] == "implemented"


@pytest.mark.parametrize(
    ("query", "states"),
    [
        ("state=KEN", {"KEN"}),
        ("state=ken", {"KEN"}),
        ("regional_group=african&status=active", {"KEN", "UGA"}),
        ("mechanism=untoc-rm", set()),
        ("updated_since=2999-01-01T00:00:00Z", set()),
    ],
)
def test_filters(client, world, query, states):
    rows = client.get(f"/api/v1/reviews/?{query}").json()["results"]
    assert {row["state"] for row in rows} == states


@pytest.mark.parametrize(
    "query",
    [
        "state=XXX",
        "status=ranked",
        "cycle=abc",
        "cycle=999999",
        "updated_since=yesterday",
        "regional_group=%00",
        "year=1e9",
    ],
)
def test_bad_filters_are_400_problems(client, world, query):
    response = client.get(f"/api/v1/reviews/?{query}")
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"


def test_a_constant_number_of_queries_whatever_the_page_or_the_data_size(client, world):
    def count(url):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries), len(response.json()["results"])

    assert count("/api/v1/reviews/?page_size=2")[0] == count("/api/v1/reviews/?page_size=50")[0]
    # 500 reviews more: States in four cycles.
    instrument = world["kenya"].instrument
    existing = set(CountryReview.objects.values_list("cycle_id", "state_id"))
    new = [
        CountryReview(cycle=c, state=s, instrument=instrument, year=2020, status="active", current_step=None)
        for c in ReviewCycle.objects.order_by("pk")[:4]
        for s in State.objects.order_by("code")
        if (c.pk, s.pk) not in existing
    ][:500]
    CountryReview.objects.bulk_create(new)
    freshness.bump()  # bulk_create sends no signal (the services save one by one)
    small, rows = count("/api/v1/reviews/?page_size=50")
    large, rows_large = count("/api/v1/reviews/?page_size=500")
    assert rows == 50 and rows_large == 500 and small == large
    assert count("/api/v1/findings/?page_size=1")[0] == count("/api/v1/findings/?page_size=500")[0]


def test_conditional_get_on_the_reviews(client, world, django_assert_max_num_queries):
    first = client.get("/api/v1/reviews/")
    with django_assert_max_num_queries(1):
        assert client.get("/api/v1/reviews/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    review_complete_step(review=world["kenya"], actor=world["staff"], notify=False)
    again = client.get("/api/v1/reviews/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and again["ETag"] != first["ETag"]


def test_withdrawn_consent_hides_the_timeline_at_once(client, world):
    etag = client.get(f"/api/v1/reviews/{world['kenya'].pk}/")["ETag"]
    consent_record(actor=world["staff"], review=world["kenya"], item="timeline", decision="refused", message="NV 9")
    response = client.get(f"/api/v1/reviews/{world['kenya'].pk}/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response.json()["timeline"] is None


def test_a_draft_findings_summary_stays_private(client, world):
    ReviewReport.objects.filter(review=world["kenya"]).update(status=ReviewReport.Status.AGREED)
    assert client.get("/api/v1/findings/").json()["results"] == []
    assert cycle()  # the factories' cycle exists: the empty answer is not an empty database


def test_an_anonymous_answer_is_kept_until_something_changes(client, world, django_assert_max_num_queries):
    first = client.get("/api/v1/reviews/?page_size=50")
    with django_assert_max_num_queries(1):  # the counter (from the database without a shared cache)
        again = client.get("/api/v1/reviews/?page_size=50")
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert again["Content-Type"] == "application/json"
    review_complete_step(review=world["kenya"], actor=world["staff"], notify=False)
    changed = client.get("/api/v1/reviews/?page_size=50")
    assert changed.content != first.content and changed["ETag"] != first["ETag"]


def test_a_signed_in_reader_never_gets_the_anonymous_answer(client, world):
    anonymous = client.get(f"/api/v1/reviews/{world['uganda'].pk}/")
    assert anonymous.json()["timeline"] is None
    client.force_login(world["staff"])
    staff = client.get(f"/api/v1/reviews/{world['uganda'].pk}/")
    assert staff.json()["timeline"] is not None and staff["ETag"] != anonymous["ETag"]
    assert "private" in staff["Cache-Control"]


def test_a_new_day_is_a_new_answer(client, world):
    """Steps fall overdue at midnight without any write: neither a kept answer nor a 304
    outlives the day."""
    from unittest import mock

    from django.utils import timezone

    first = client.get("/api/v1/reviews/")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with mock.patch("django.utils.timezone.localdate", return_value=tomorrow):
        response = client.get("/api/v1/reviews/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 200 and response["ETag"] != first["ETag"]


def test_with_a_shared_cache_a_kept_answer_and_a_304_cost_no_query(
    shared_cache, client, world, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    first = client.get("/api/v1/reviews/?page_size=50&lang=fr")
    with django_assert_max_num_queries(0):
        again = client.get("/api/v1/reviews/?page_size=50&lang=fr")
        assert client.get("/api/v1/reviews/?page_size=50&lang=fr", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert again.content == first.content and again["Content-Language"] == "fr"
    with django_capture_on_commit_callbacks(execute=True):  # the counter reaches Redis on commit
        consent_record(actor=world["staff"], review=world["kenya"], item="timeline", decision="refused", message="NV 9")
    rows = client.get("/api/v1/reviews/?page_size=50&lang=fr").json()["results"]
    assert next(row for row in rows if row["state"] == "KEN")["timeline"] is None
