"""The public pages answer 304 while nothing changed and show a change at once: a publication,
a withdrawn consent. Anonymous visitors share the cache; a signed-in person gets their own."""

import pytest
from django.contrib.contenttypes.models import ContentType

from documents.models import Rendition
from reviewmech.freshness import current
from reviews.models import ReviewReport
from reviews.services.consent import consent_record
from tests.factories import CountryReviewFactory, UserFactory
from tests.public.test_findings import summary

pytestmark = pytest.mark.usefixtures("reference_data")


@pytest.fixture
def kenya():
    return CountryReviewFactory()


@pytest.mark.parametrize(
    "url",
    ["/en/", "/en/states/KEN/", "/en/states/", "/en/findings/", "/open-data/v1/reviews.json", "/en/publications.atom"],
)
def test_a_second_request_with_the_etag_is_a_304(client, kenya, url):
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_a_publication_changes_the_etag_and_shows_at_once(client, kenya, django_assert_max_num_queries):
    first = client.get("/en/states/KEN/")
    with django_assert_max_num_queries(1):  # the freshness row (the page comes from the cache)
        client.get("/en/states/KEN/")
    report = summary(kenya, symbol="CAC/COSP/IRG/II/1/1/Add.12")
    Rendition.objects.create(
        content_type=ContentType.objects.get_for_model(ReviewReport),
        object_id=report.pk,
        language="en",
        status=Rendition.Status.DONE,
        file="x.pdf",
    )
    generation = current().generation
    assert generation > 0
    second = client.get("/en/states/KEN/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200 and second["ETag"] != first["ETag"]
    assert "CAC/COSP/IRG/II/1/1/Add.12" in second.content.decode()


def test_withdrawn_consent_unpublishes_through_the_cache(client, kenya):
    staff = UserFactory(secretariat=True)
    full = ReviewReport.objects.create(review=kenya, kind="country_report", status="published")
    Rendition.objects.create(
        content_type=ContentType.objects.get_for_model(ReviewReport),
        object_id=full.pk,
        language="en",
        status=Rendition.Status.DONE,
        file="full.pdf",
    )
    consent_record(actor=staff, review=kenya, item="full_report", decision="granted", message="Note of 2 May")
    assert f"/documents/review-report/{full.pk}/en.pdf" in client.get("/en/states/KEN/").content.decode()
    consent_record(actor=staff, review=kenya, item="full_report", decision="refused", message="Withdrawn")
    assert f"/documents/review-report/{full.pk}/en.pdf" not in client.get("/en/states/KEN/").content.decode()


def test_a_signed_in_person_never_gets_the_anonymous_page(client, kenya):
    anonymous = client.get("/en/states/KEN/")
    person = UserFactory(first_name="Grace", last_name="Unique-Name")
    client.force_login(person)
    signed_in = client.get("/en/states/KEN/")
    assert "Unique-Name" in signed_in.content.decode()
    assert signed_in["ETag"] != anonymous["ETag"] and "private" in signed_in["Cache-Control"]
    client.logout()
    assert "Unique-Name" not in client.get("/en/states/KEN/").content.decode()


def publish_summary(review, symbol):
    report = summary(review, symbol=symbol)
    Rendition.objects.create(
        content_type=ContentType.objects.get_for_model(ReviewReport),
        object_id=report.pk,
        language="en",
        status=Rendition.Status.DONE,
        file="x.pdf",
    )
    return report


def test_with_a_shared_cache_a_cached_page_and_a_304_cost_no_query(
    shared_cache, client, kenya, django_assert_num_queries
):
    first = client.get("/en/states/KEN/")
    assert first.status_code == 200
    with django_assert_num_queries(0):
        again = client.get("/en/states/KEN/")
        not_modified = client.get("/en/states/KEN/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and again.content == first.content and again["ETag"] == first["ETag"]
    assert not_modified.status_code == 304


def test_with_a_shared_cache_a_committed_publication_shows_at_once(
    shared_cache, client, kenya, django_capture_on_commit_callbacks
):
    first = client.get("/en/states/KEN/")
    with django_capture_on_commit_callbacks(execute=True):
        publish_summary(kenya, "CAC/COSP/IRG/II/1/1/Add.12")
    second = client.get("/en/states/KEN/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200 and second["ETag"] != first["ETag"]
    assert "CAC/COSP/IRG/II/1/1/Add.12" in second.content.decode()
    assert current().generation > 0


def test_with_a_shared_cache_a_rolled_back_change_moves_nothing(shared_cache, client, kenya):
    from django.db import transaction

    first = client.get("/en/states/KEN/")
    before = current()
    with pytest.raises(RuntimeError), transaction.atomic():
        publish_summary(kenya, "CAC/COSP/IRG/II/1/1/Add.13")
        raise RuntimeError("the publication fails")
    assert current() == before
    again = client.get("/en/states/KEN/")
    assert again["ETag"] == first["ETag"] and "Add.13" not in again.content.decode()


def test_the_front_page_is_kept_per_language_and_shows_a_new_party_at_once(
    shared_cache, client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from reference.models import Instrument, Party, State

    english = client.get("/en/")
    french = client.get("/fr/")
    assert english.content != french.content  # one entry per language
    with django_assert_num_queries(0):
        assert client.get("/en/").content == english.content
    som = Instrument.objects.get(code="som")
    newcomer = State.objects.exclude(parties__instrument=som).exclude(kind="reio").order_by("code").first()
    before = Party.objects.filter(instrument=som).count()
    with django_capture_on_commit_callbacks(execute=True):
        Party.objects.create(state=newcomer, instrument=som)
    again = client.get("/en/")
    assert again.content != english.content
    assert f"{before + 1}" in again.content.decode()
