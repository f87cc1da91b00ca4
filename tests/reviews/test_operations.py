"""The secretariat's operations page (issue 17): PDFs stuck or failed and e-mails late or given
up, each with a button to try again; their counts on the dashboard when not zero; for the
secretariat only."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from documents.models import Rendition
from reviews.models import ReviewEvent, ReviewReport
from reviews.services import workflow
from tests.factories import CountryReviewFactory, ParticipantFactory, UserFactory, state

pytestmark = pytest.mark.usefixtures("reference_data")


@pytest.fixture
def trouble():
    """A failed PDF, a PDF stuck in the queue, one being made now, and a step whose e-mails
    were given up after the last resend."""
    staff = UserFactory(username="sofia", secretariat=True)
    review = CountryReviewFactory()
    ParticipantFactory(review=review, user=UserFactory(username="wanjiru", focal_point=True))
    report = ReviewReport.objects.create(review=review, kind=ReviewReport.Kind.EXECUTIVE_SUMMARY, status="published")
    content_type = ContentType.objects.get_for_model(ReviewReport)
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    for language, status, queued_at in (
        ("en", Rendition.Status.FAILED, long_ago),
        ("fr", Rendition.Status.QUEUED, long_ago),
        ("es", Rendition.Status.RENDERING, timezone.now()),
    ):
        Rendition.objects.create(
            content_type=content_type,
            object_id=report.pk,
            language=language,
            status=status,
            queued_at=queued_at,
            started_at=timezone.now() if status == Rendition.Status.RENDERING else None,
            error="OSError: disk full" if status == Rendition.Status.FAILED else "",
        )
    workflow.review_complete_step(review=review, actor=staff)  # (the test's commit never comes)
    ReviewEvent.objects.filter(review=review).update(notification_due=False, notification_resends=5, at=long_ago)
    return {"staff": staff, "review": review}


def test_the_page_lists_what_needs_attention_and_the_dashboard_counts_it(client, trouble):
    client.force_login(trouble["staff"])
    page = client.get("/en/operations/").content.decode()
    assert "-EN.pdf" in page and "-FR.pdf" in page and "-ES.pdf" not in page  # being made now: fine
    assert "disk full" in page and "Stuck" in page and "Given up" in page
    dashboard = client.get("/en/reviews/").content.decode()
    assert "Needing attention — PDFs stuck or failed: 2; changes whose e-mails are late: 1." in dashboard


def test_the_dashboard_keeps_its_counts_of_what_needs_attention_a_minute(client, trouble):
    """The notice is read at most once a minute (the operations page, live, is where it leads)."""
    client.force_login(trouble["staff"])
    client.get("/en/reviews/")
    Rendition.objects.filter(status=Rendition.Status.FAILED).delete()
    assert "PDFs stuck or failed: 2;" in client.get("/en/reviews/").content.decode()
    assert "-EN.pdf" not in client.get("/en/operations/").content.decode()
    cache.delete("reviews:dashboard:attention")  # the minute has passed
    assert "PDFs stuck or failed: 1;" in client.get("/en/reviews/").content.decode()


def test_sending_the_e_mails_again(client, trouble, django_capture_on_commit_callbacks):
    client.force_login(trouble["staff"])
    event = ReviewEvent.objects.get(review=trouble["review"])
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(f"/en/operations/events/{event.pk}/resend/")
    assert answer.status_code == 302 and [m.to for m in mail.outbox] == [["wanjiru@example.org"]]
    event.refresh_from_db()
    assert event.notified_at is not None and not event.notification_due
    assert "None: everyone was told of every change." in client.get("/en/operations/").content.decode()


def test_retrying_a_stuck_pdf_from_the_page(client, trouble):
    client.force_login(trouble["staff"])
    stuck = Rendition.objects.get(language="fr")
    answer = client.post(f"/en/renditions/{stuck.pk}/retry/", {"next": "/en/operations/"})
    assert answer.status_code == 302 and answer["Location"] == "/en/operations/"
    stuck.refresh_from_db()
    assert stuck.status in (Rendition.Status.QUEUED, Rendition.Status.DONE, Rendition.Status.FAILED)
    assert stuck.queued_at > timezone.now() - datetime.timedelta(minutes=1)


@pytest.mark.parametrize("role", ["focal_point", "expert", None])
def test_the_page_is_for_the_secretariat(client, trouble, role):
    user = UserFactory(**({role: True} if role else {}))
    client.force_login(user)
    assert client.get("/en/operations/").status_code == 404
    event = ReviewEvent.objects.get(review=trouble["review"])
    assert client.post(f"/en/operations/events/{event.pk}/resend/").status_code == 404
    assert "Needing attention" not in client.get("/en/reviews/").content.decode()


def test_the_page_in_chinese(client, trouble):
    client.force_login(trouble["staff"])
    page = client.get("/zh-hans/operations/").content.decode()
    assert "卡住或失败的 PDF" in page and "延迟或已放弃的电子邮件" in page and '<span dir="ltr">' in page


def _stuck_reports(count):
    """``count`` published summaries of as many reviews, each with a failed rendition."""
    content_type = ContentType.objects.get_for_model(ReviewReport)
    for code in ("UGA", "FRA", "COL", "AUT", "NGA", "MEX", "BRA", "ESP", "DEU", "ITA", "JPN", "CAN")[:count]:
        review = CountryReviewFactory(state=state(code))
        report = ReviewReport.objects.create(
            review=review, kind=ReviewReport.Kind.EXECUTIVE_SUMMARY, status="published"
        )
        Rendition.objects.create(
            content_type=content_type, object_id=report.pk, language="ar", status=Rendition.Status.FAILED
        )


def test_the_page_reads_a_constant_number_of_queries(client, trouble, django_assert_num_queries):
    """The label of each PDF (its State, its symbol) comes with the documents of its kind: the
    page reads as many queries for 2 stuck PDFs as for 14 (before: three more per PDF)."""
    client.force_login(trouble["staff"])
    client.get("/en/operations/")  # warm: sessions, the menu
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get("/en/operations/").status_code == 200
    _stuck_reports(12)
    with django_assert_num_queries(len(few)):
        page = client.get("/en/operations/")
    assert page.content.decode().count("-AR.pdf") == 12
