"""The public findings explorer: only findings of published executive summaries, by article,
filtered (kind, article, TA category, State, regional group, cycle), paginated, each linked to
its summary; bad filters answer with a message, never a 500; queries bounded."""

import pytest
from django.urls import reverse

from documents.services.registry import document_register
from reference.models import TechnicalAssistanceCategory
from reviews.models import ReviewReport
from tests.factories import CountryReviewFactory, FindingFactory, UserFactory, article_of, state

pytestmark = pytest.mark.usefixtures("reference_data")

URL = "/en/findings/"


def summary(review, status=ReviewReport.Status.PUBLISHED, symbol=""):
    document = None
    if symbol:
        document = document_register(actor=UserFactory(secretariat=True), symbol=symbol, title="Executive summary")
    return ReviewReport.objects.create(
        review=review, kind=ReviewReport.Kind.EXECUTIVE_SUMMARY, status=status, document=document
    )


@pytest.fixture
def kenya():
    review = CountryReviewFactory()
    summary(review, symbol="CAC/COSP/IRG/II/1/1/Add.12")
    capacity = TechnicalAssistanceCategory.objects.get(code="capacity_building")
    FindingFactory(review=review, kind="good_practice", text_en="Kenya publishes asset declarations online.")
    FindingFactory(
        review=review,
        kind="ta_need",
        article=article_of(review, 13),
        ta_category=capacity,
        text_en="Training of civil society monitors under article 13.",
    )
    return review


@pytest.fixture
def uganda_draft():
    review = CountryReviewFactory(state=state("UGA"))
    summary(review, status=ReviewReport.Status.AGREED)
    FindingFactory(review=review, kind="good_practice", text_en="SECRET draft finding of Uganda.")
    return review


def test_only_findings_of_published_summaries_are_shown(client, kenya, uganda_draft):
    body = client.get(URL).content.decode()
    assert "Kenya publishes asset declarations online." in body
    assert "SECRET draft finding" not in body
    assert "CAC/COSP/IRG/II/1/1/Add.12" in body  # linked to its summary
    assert reverse("public:state", args=["KEN"]) in body


def test_technical_assistance_needs_under_article_13(client, kenya):
    body = client.get(URL, {"kind": "ta_need", "article": 13, "instrument": "uncac"}).content.decode()
    assert "Training of civil society monitors" in body and "asset declarations" not in body
    body = client.get(URL, {"ta_category": "capacity_building"}).content.decode()
    assert "Training of civil society monitors" in body and "asset declarations" not in body
    assert "asset declarations" in client.get(URL, {"state": "KEN", "kind": "good_practice"}).content.decode()
    assert "asset declarations" not in client.get(URL, {"state": "UGA"}).content.decode()


def test_a_regional_group_filter(client, kenya):
    from reference.models import MechanismMembership

    african = MechanismMembership.objects.get(state__code="KEN", mechanism__code="irm").regional_group
    other = MechanismMembership.objects.exclude(regional_group=african).first().regional_group
    assert "asset declarations" in client.get(URL, {"regional_group": african.pk}).content.decode()
    assert "asset declarations" not in client.get(URL, {"regional_group": other.pk}).content.decode()


@pytest.mark.parametrize(
    "params",
    [{"kind": "score"}, {"article": "thirteen"}, {"state": "ZZZ"}, {"ta_category": "nope"}, {"cycle": "999999"}],
)
def test_bad_filters_get_a_message_not_a_500(client, kenya, params):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert "Some filters are not valid" in response.content.decode()


def test_pages_and_a_huge_page_number(client, kenya, django_assert_max_num_queries):
    for n in range(60):
        FindingFactory(review=kenya, kind="challenge", text_en=f"Challenge number {n}.")
    with django_assert_max_num_queries(10):
        first = client.get(URL)
    assert first.status_code == 200 and "62 findings" in first.content.decode()
    last = client.get(URL, {"page": "99999999"})
    assert last.status_code == 200 and "Page 2 of 2" in last.content.decode()
    assert client.get(URL, {"page": "abc"}).status_code == 200
    with django_assert_max_num_queries(10):
        client.get(URL, {"page": 2})


def test_arabic_page_is_right_to_left(client, kenya):
    response = client.get("/ar/findings/")
    assert response.status_code == 200 and 'dir="rtl"' in response.content.decode()
