"""The public pages of the States parties: the index (alphabetical in each language, by regional
group) and a State's page — its reviews with their status and reviewing States, and only the
reports that are public, in each language. Bounded queries; nothing confidential."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from documents.models import Rendition
from reviews.models import CountryReview, ReviewReport, WorkflowStep
from reviews.services.consent import consent_record
from tests.factories import CountryReviewFactory, ParticipantFactory, ReviewerAssignmentFactory, UserFactory, state

pytestmark = pytest.mark.usefixtures("reference_data")


def report(review, kind, status, consent=False, languages=("en", "fr")):
    made = ReviewReport.objects.create(
        review=review,
        kind=kind,
        status=status,
        consent_to_publish=consent,
        published_on=datetime.date(2019, 6, 3) if status == ReviewReport.Status.PUBLISHED else None,
    )
    for language in languages:
        Rendition.objects.create(
            content_type=ContentType.objects.get_for_model(ReviewReport),
            object_id=made.pk,
            language=language,
            status=Rendition.Status.DONE,
            file=f"renditions/{made.pk}-{language}.pdf",
        )
    return made


@pytest.fixture
def kenya_review():
    review = CountryReviewFactory(
        status=CountryReview.Status.ACTIVE,
        current_step=WorkflowStep.objects.get(mechanism__code="irm", code="desk_review"),
    )
    ReviewerAssignmentFactory(review=review, state=state("UGA"))
    ReviewerAssignmentFactory(review=review, state=state("FRA"), basis="other_group")
    return review


def test_the_index_is_alphabetical_in_the_pages_language_and_by_group(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        page = client.get("/fr/states/")
    body = page.content.decode()
    assert page.status_code == 200
    # French order, accents ignored: Égypte sorts with the E.
    names = ["Djibouti", "Égypte", "El Salvador", "Émirats arabes unis"]
    positions = [body.index(f">{name}<") for name in names]
    assert positions == sorted(positions)
    assert reverse("public:state", args=["KEN"]) in body
    assert "Afrique" in body  # the regional groups, in French


def test_a_states_page_shows_its_reviews_and_only_public_reports(client, kenya_review, django_assert_max_num_queries):
    summary = report(kenya_review, ReviewReport.Kind.EXECUTIVE_SUMMARY, ReviewReport.Status.PUBLISHED)
    full = report(kenya_review, ReviewReport.Kind.COUNTRY_REPORT, ReviewReport.Status.PUBLISHED, consent=False)
    focal = UserFactory(first_name="Wanjiru", last_name="Confidential-Kamau", focal_point=True)
    ParticipantFactory(review=kenya_review, user=focal)
    with django_assert_max_num_queries(12):
        page = client.get("/en/states/KEN/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Kenya" in body and "Desk review" in body and "Uganda" in body and "France" in body
    assert reverse("document_download", args=["review-report", summary.pk, "fr"]) in body
    # The full report without the State's consent: not there. Nor the people on the review.
    assert reverse("document_download", args=["review-report", full.pk, "en"]) not in body
    assert "Confidential-Kamau" not in body
    # Not available in a language: said so, not a dead link.
    assert reverse("document_download", args=["review-report", summary.pk, "ar"]) not in body
    assert "not available in this language" in body


def test_drafts_and_agreed_reports_are_not_public(client, kenya_review):
    draft = report(kenya_review, ReviewReport.Kind.EXECUTIVE_SUMMARY, ReviewReport.Status.AGREED)
    body = client.get("/en/states/KEN/").content.decode()
    assert reverse("document_download", args=["review-report", draft.pk, "en"]) not in body
    assert "No report of this review is published yet." in body


def test_the_full_report_appears_with_the_states_consent_and_goes_when_it_is_withdrawn(client, kenya_review):
    full = report(kenya_review, ReviewReport.Kind.COUNTRY_REPORT, ReviewReport.Status.PUBLISHED)
    url = reverse("document_download", args=["review-report", full.pk, "en"])
    staff = UserFactory(secretariat=True)
    consent_record(
        actor=staff, review=kenya_review, item="full_report", decision="granted", message="E-mail of 3 May 2019"
    )
    assert url in client.get("/en/states/KEN/").content.decode()
    consent_record(
        actor=staff, review=kenya_review, item="full_report", decision="refused", message="Note of 4 June 2019"
    )
    assert url not in client.get("/en/states/KEN/").content.decode()
    full.refresh_from_db()
    assert not full.consent_to_publish  # the download follows: the report is no longer public


def test_queries_stay_the_same_whatever_the_number_of_reviews(client, kenya_review, django_assert_max_num_queries):
    report(kenya_review, ReviewReport.Kind.EXECUTIVE_SUMMARY, ReviewReport.Status.PUBLISHED)
    for code in ("untoc", "smuggling"):
        from reference.models import Instrument

        instrument = Instrument.objects.filter(code=code).first()
        if instrument:
            CountryReviewFactory(cycle=kenya_review.cycle, instrument=instrument)
    with django_assert_max_num_queries(12):
        assert client.get("/en/states/KEN/").status_code == 200


@pytest.mark.parametrize("code", ["ZZZ", "x", "kenya-and-more", "%00"])
def test_an_unknown_state_is_404(client, code):
    assert client.get(f"/en/states/{code}/").status_code == 404


def test_lower_case_codes_work_and_arabic_is_right_to_left(client, kenya_review):
    page = client.get("/ar/states/ken/")
    assert page.status_code == 200 and 'dir="rtl"' in page.content.decode()


def test_the_chinese_and_arabic_indexes_follow_their_collation(client):
    # Chinese by pinyin: 阿尔及利亚 (a'erjiliya) before 阿富汗 (afuhan) before 埃及 (aiji);
    # code-point order would put 埃 (U+57C3) before 阿 (U+963F).
    body = client.get("/zh-hans/states/").content.decode()
    positions = [body.index(f">{name}<") for name in ["阿尔及利亚", "阿富汗", "埃及", "中国"]]
    assert positions == sorted(positions)
    # Arabic without the article: الأردن (Jordan) among the alefs, before بيرو (Peru).
    body = client.get("/ar/states/").content.decode()
    positions = [body.index(f">{name}<") for name in ["الأرجنتين", "الأردن", "بيرو"]]
    assert positions == sorted(positions)


def test_a_states_page_and_the_api_say_how_and_when_it_became_party(client):
    """Kenya ratified UNCAC on 9 December 2003 and acceded to UNTOC on 16 June 2004 (the
    depositary's table, reference/reference_data/parties.yaml)."""
    english = client.get("/en/states/KEN/").content.decode()
    assert "Ratification on 9 December 2003" in english and "Accession on 16 June 2004" in english
    french = client.get("/fr/states/KEN/").content.decode()
    assert "Ratification le 9 décembre 2003" in french
    parties = {p["instrument"]: p for p in client.get("/api/v1/states/KEN/").json()["parties"]}
    assert parties["uncac"] == {"instrument": "uncac", "since": "2003-12-09", "act": "ratification"}
    assert parties["untoc"]["act"] == "accession"
