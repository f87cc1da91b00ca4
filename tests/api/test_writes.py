"""The secretariat's writes through the REST API: recording a step, pausing and resuming a
review, publishing a report, recording a translation — through the services the pages use, so
the same rules hold (who may, which dates, which state); a token that only reads writes
nothing; ``Idempotency-Key`` replays the first answer to the same request and refuses another
request; reports are read as the report page and the public site show them."""

import datetime
import json
from unittest import mock

import pytest
from django.utils import timezone

from accounts.services import api_token_create
from reviewmech.models import IdempotencyRecord
from reviewmech.rest import idempotency_purge
from reviews.models import CountryReview, ReviewPause, ReviewReport, StepCompletion
from reviews.services import reports as report_service
from reviews.services.consent import consent_record
from reviews.services.workflow import review_complete_step
from tests.factories import CountryReviewFactory, FindingFactory, UserFactory

pytestmark = pytest.mark.usefixtures("reference_data")


def bearer(user, scope="write"):
    _token, secret = api_token_create(user=user, actor=user, name="tracking system", days=30, scope=scope)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def post(client, url, body, auth, **headers):
    return client.post(url, json.dumps(body), content_type="application/json", **auth, **headers)


@pytest.fixture
def staff():
    return UserFactory(secretariat=True)


@pytest.fixture
def kenya(staff):
    """Kenya's review, its first step recorded: it waits for the next one."""
    review = CountryReviewFactory(status=CountryReview.Status.ACTIVE, started_on=datetime.date(2024, 1, 10))
    review_complete_step(review=review, actor=staff, on=datetime.date(2024, 2, 1), notify=False)
    return CountryReview.objects.get(pk=review.pk)


# --- Steps, pauses ----------------------------------------------------------------------------------


def test_the_secretariat_records_a_step_and_gets_the_review_as_it_now_stands(client, staff, kenya):
    waiting_for = kenya.current_step
    response = post(
        client, f"/api/v1/reviews/{kenya.pk}/steps/", {"on": "2024-03-04", "comment": "Received"}, bearer(staff)
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["id"] == kenya.pk and body["phase"]["code"] != waiting_for.code
    assert {"step": waiting_for.code, "actual": "2024-03-04"}.items() <= next(
        entry for entry in body["timeline"] if entry["step"] == waiting_for.code
    ).items()
    completion = StepCompletion.objects.get(review=kenya, step=waiting_for)
    assert completion.recorded_by == staff and completion.comment == "Received"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"on": "tomorrow"}, "on"),
        ({"on": "2999-01-01"}, "on"),  # the service: not in the future
        ({"on": "2023-12-31"}, "on"),  # the service: not before the previous step
        ({"comment": ["a", "list"]}, "comment"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_records_nothing(client, staff, kenya, body, field):
    before = StepCompletion.objects.count()
    response = post(client, f"/api/v1/reviews/{kenya.pk}/steps/", body, bearer(staff))
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert field in response.json()["errors"]
    assert StepCompletion.objects.count() == before


def test_who_may_not_write_gets_a_problem_and_nothing_changes(client, staff, kenya):
    url = f"/api/v1/reviews/{kenya.pk}/pause/"
    body = {"reason": "At the State's request"}
    assert post(client, url, body, {}).status_code == 401
    read_only = post(client, url, body, bearer(staff, scope="read"))
    assert read_only.status_code == 403 and "read" in read_only.json()["detail"]
    focal_point = post(client, url, body, bearer(UserFactory(focal_point=True), scope="read"))
    assert focal_point.status_code == 403
    client.force_login(UserFactory(focal_point=True))  # the browser's session: the service says no
    assert post(client, url, body, {}).status_code == 403
    kenya.refresh_from_db()
    assert kenya.status == CountryReview.Status.ACTIVE and not ReviewPause.objects.exists()


def test_pause_then_resume(client, staff, kenya):
    auth = bearer(staff)
    no_reason = post(client, f"/api/v1/reviews/{kenya.pk}/pause/", {"reason": ""}, auth)
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["errors"]
    paused = post(client, f"/api/v1/reviews/{kenya.pk}/pause/", {"reason": "Elections", "on": "2024-03-01"}, auth)
    assert paused.status_code == 200 and paused.json()["status"] == "paused"
    refused = post(client, f"/api/v1/reviews/{kenya.pk}/steps/", {}, auth)
    assert refused.status_code == 400 and "paused" in refused.json()["errors"]["non_field_errors"][0]
    resumed = post(client, f"/api/v1/reviews/{kenya.pk}/resume/", {"on": "2024-04-01"}, auth)
    assert resumed.status_code == 200 and resumed.json()["status"] == "active"
    current = next(entry for entry in resumed.json()["timeline"] if entry["current"])
    assert current["paused_days"] == 31


# --- Idempotency ----------------------------------------------------------------------------------


def test_the_same_key_and_request_replay_the_first_answer_without_writing_again(client, staff, kenya):
    auth, url = bearer(staff), f"/api/v1/reviews/{kenya.pk}/steps/"
    first = post(client, url, {"on": "2024-03-04"}, auth, HTTP_IDEMPOTENCY_KEY="3f1c-step")
    # The same body written otherwise (spaces, key order) is the same request.
    again = client.post(
        url, '{ "on" : "2024-03-04" }', content_type="application/json", HTTP_IDEMPOTENCY_KEY="3f1c-step", **auth
    )
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert StepCompletion.objects.filter(review=kenya).count() == 2  # the first step and this one only


def test_the_same_key_with_another_request_is_a_422(client, staff, kenya):
    auth = bearer(staff)
    post(client, f"/api/v1/reviews/{kenya.pk}/steps/", {"on": "2024-03-04"}, auth, HTTP_IDEMPOTENCY_KEY="k-1")
    for url, body in (
        (f"/api/v1/reviews/{kenya.pk}/steps/", {"on": "2024-03-05"}),
        (f"/api/v1/reviews/{kenya.pk}/pause/", {"on": "2024-03-04"}),
    ):
        response = post(client, url, body, auth, HTTP_IDEMPOTENCY_KEY="k-1")
        assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
        assert "Idempotency-Key" in response.json()["detail"]
    assert StepCompletion.objects.filter(review=kenya).count() == 2


def test_keys_are_each_persons_own_and_a_failed_request_is_not_kept(client, staff, kenya):
    url = f"/api/v1/reviews/{kenya.pk}/pause/"
    failed = post(client, url, {"reason": ""}, bearer(staff), HTTP_IDEMPOTENCY_KEY="shared")
    assert failed.status_code == 400 and not IdempotencyRecord.objects.exists()
    assert post(client, url, {"reason": "Elections"}, bearer(staff), HTTP_IDEMPOTENCY_KEY="shared").status_code == 200
    colleague = UserFactory(secretariat=True)
    other = post(client, f"/api/v1/reviews/{kenya.pk}/resume/", {}, bearer(colleague), HTTP_IDEMPOTENCY_KEY="shared")
    assert other.status_code == 200 and "Idempotent-Replayed" not in other


@pytest.mark.parametrize("key", ["", "with space", "é", "x" * 256])
def test_a_malformed_key_is_a_400(client, staff, kenya, key):
    response = post(client, f"/api/v1/reviews/{kenya.pk}/steps/", {}, bearer(staff), HTTP_IDEMPOTENCY_KEY=key)
    assert response.status_code == 400 and "Idempotency-Key" in response.json()["errors"]
    assert StepCompletion.objects.filter(review=kenya).count() == 1


def test_keys_are_kept_24_hours(client, staff, kenya):
    auth, url = bearer(staff), f"/api/v1/reviews/{kenya.pk}/steps/"
    post(client, url, {"on": "2024-03-04"}, auth, HTTP_IDEMPOTENCY_KEY="daily")
    IdempotencyRecord.objects.update(created_at=timezone.now() - datetime.timedelta(hours=25))
    again = post(client, url, {"on": "2024-03-05"}, auth, HTTP_IDEMPOTENCY_KEY="daily")
    assert again.status_code == 201 and "Idempotent-Replayed" not in again  # a new request
    IdempotencyRecord.objects.create(
        user=staff, key="old", fingerprint="x", status_code=200, body={}, created_at=timezone.now().replace(year=2020)
    )
    assert idempotency_purge() == 1 and IdempotencyRecord.objects.get().key == "daily"


def test_while_the_first_request_is_at_work_the_same_key_is_a_409(client, staff, kenya):
    """A key is claimed before the write (a record without an answer): the same request sent
    again meanwhile does nothing; a claim left by a request that died is given up after a while."""
    auth, url = bearer(staff), f"/api/v1/reviews/{kenya.pk}/steps/"
    post(client, url, {}, auth, HTTP_IDEMPOTENCY_KEY="probe")  # its fingerprint, to claim with
    fingerprint = IdempotencyRecord.objects.get(key="probe").fingerprint
    steps = StepCompletion.objects.filter(review=kenya).count()
    claim = IdempotencyRecord.objects.create(user=staff, key="busy", fingerprint=fingerprint)  # no answer yet
    busy = post(client, url, {}, auth, HTTP_IDEMPOTENCY_KEY="busy")
    assert busy.status_code == 409 and busy["Content-Type"] == "application/problem+json"
    assert StepCompletion.objects.filter(review=kenya).count() == steps
    IdempotencyRecord.objects.filter(pk=claim.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=6))
    assert post(client, url, {}, auth, HTTP_IDEMPOTENCY_KEY="busy").status_code == 201


@pytest.mark.django_db(transaction=True)
def test_the_same_key_sent_twice_at_once_writes_once(postgresql, reference_data):
    """Two requests with the same key at the same moment: one writes; the other is told the
    first is at work (409) or gets its answer replayed — never a second write."""
    from django.test import Client

    from tests.concurrency import race

    staff = UserFactory(secretariat=True)
    review = CountryReviewFactory(status=CountryReview.Status.ACTIVE, started_on=datetime.date(2024, 1, 10))
    review_complete_step(review=review, actor=staff, on=datetime.date(2024, 2, 1), notify=False)
    auth = bearer(staff)
    for attempt in range(2):
        results, errors = race(
            lambda key=f"twice-{attempt}": post(
                Client(), f"/api/v1/reviews/{review.pk}/steps/", {}, auth, HTTP_IDEMPOTENCY_KEY=key
            )
        )
        assert not errors
        answers = sorted((response.status_code, response.get("Idempotent-Replayed", "")) for response in results)
        assert answers in ([(201, ""), (201, "true")], [(201, ""), (409, "")]), answers
        assert StepCompletion.objects.filter(review=review).count() == 2 + attempt


# --- Reports --------------------------------------------------------------------------------------


@pytest.fixture
def agreed(kenya, staff):
    """Kenya's executive summary, agreed by Kenya, with a symbol; its country report in draft."""
    report = report_service.report_open(review=kenya, kind=ReviewReport.Kind.EXECUTIVE_SUMMARY, actor=staff)
    report_service.report_update(
        report=report,
        actor=staff,
        language="en",
        data={"introduction": "DRAFT-SENTINEL Kenya ratified in 2003.", "symbol": "CAC/COSP/IRG/II/1/1/Add.9"},
    )
    FindingFactory(review=kenya)
    report_service.report_agree(report=report, actor=staff)
    report_service.report_open(review=kenya, kind=ReviewReport.Kind.COUNTRY_REPORT, actor=staff)
    return report


def test_reports_are_read_as_the_report_page_and_the_public_site_show_them(client, staff, kenya, agreed):
    assert client.get("/api/v1/reports/").json()["results"] == []  # drafts and agreed: not public
    focal_point = client.get("/api/v1/reports/", **bearer(UserFactory(focal_point=True), scope="read")).json()
    assert {row["kind"] for row in focal_point["results"]} == {"executive_summary", "country_report"}
    assert all(len(row["translations"]) == 6 for row in focal_point["results"])
    other_state = client.get("/api/v1/reports/", **bearer(UserFactory(focal_point=True, state=_uganda()), "read"))
    assert other_state.json()["results"] == []
    with mock.patch("documents.tasks.render_document.delay"):
        report_service.report_publish(report=agreed, actor=staff)
    public = client.get("/api/v1/reports/").json()["results"]
    assert [(row["kind"], row["symbol"], row["translations"]) for row in public] == [
        ("executive_summary", "CAC/COSP/IRG/II/1/1/Add.9", None)
    ]
    assert client.get(f"/api/v1/reports/{public[0]['id']}/").json() == public[0]
    full = ReviewReport.objects.get(review=kenya, kind=ReviewReport.Kind.COUNTRY_REPORT)
    assert client.get(f"/api/v1/reports/{full.pk}/").status_code == 404


def test_a_published_full_report_is_public_only_with_the_states_consent(client, staff, kenya, agreed):
    full = ReviewReport.objects.get(review=kenya, kind=ReviewReport.Kind.COUNTRY_REPORT)
    ReviewReport.objects.filter(pk=full.pk).update(status=ReviewReport.Status.PUBLISHED)
    assert client.get(f"/api/v1/reports/{full.pk}/").status_code == 404
    consent_record(actor=staff, review=kenya, item="full_report", decision="granted", message="NV of 3 May")
    assert client.get(f"/api/v1/reports/{full.pk}/").json()["status"] == "published"
    consent_record(actor=staff, review=kenya, item="full_report", decision="refused", message="NV of 9 May")
    assert client.get(f"/api/v1/reports/{full.pk}/").status_code == 404


def test_the_secretariat_publishes_a_report_and_records_a_translation(
    client, staff, kenya, agreed, django_capture_on_commit_callbacks
):
    auth = bearer(staff)
    with (
        mock.patch("documents.tasks.render_document.delay") as render,
        django_capture_on_commit_callbacks(execute=True),
    ):
        published = post(client, f"/api/v1/reports/{agreed.pk}/publish/", {"on": "2024-06-03"}, auth)
        assert published.status_code == 200, published.json()
        assert published.json()["status"] == "published" and published.json()["published_on"] == "2024-06-03"
        translated = client.put(
            f"/api/v1/reports/{agreed.pk}/translations/zh-hans/",
            json.dumps({"status": "checked", "translator": staff.username}),
            content_type="application/json",
            **auth,
        )
    assert render.called  # after the commit, the workers render it; the request does not
    assert translated.status_code == 200
    line = next(line for line in translated.json()["translations"] if line["language"] == "zh-hans")
    assert line == {**line, "status": "checked", "translator": staff.username}
    bad = client.put(
        f"/api/v1/reports/{agreed.pk}/translations/fr/",
        json.dumps({"status": "done"}),
        content_type="application/json",
        **auth,
    )
    assert bad.status_code == 400 and "status" in bad.json()["errors"]
    unknown = client.put(f"/api/v1/reports/{agreed.pk}/translations/xx/", "{}", content_type="application/json", **auth)
    assert unknown.status_code == 404


def test_a_draft_cannot_be_published_and_only_the_secretariat_publishes(client, staff, kenya, agreed):
    full = ReviewReport.objects.get(review=kenya, kind=ReviewReport.Kind.COUNTRY_REPORT)
    draft = post(client, f"/api/v1/reports/{full.pk}/publish/", {}, bearer(staff))
    assert draft.status_code == 400
    expert = UserFactory(expert=True)
    assert post(client, f"/api/v1/reports/{agreed.pk}/publish/", {}, bearer(expert, "read")).status_code in (403, 404)
    agreed.refresh_from_db()
    assert agreed.status == ReviewReport.Status.AGREED


def _uganda():
    from tests.factories import state

    return state("UGA")
