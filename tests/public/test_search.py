"""Search of the published documents: found in Arabic, Chinese, Russian (and the other
languages), only what is published (never a draft, nor a full report without consent), with
highlighted snippets, filters and pagination; bad input answered, never a 500."""

import pytest

from ngo_briefings.models import Briefing
from reference.models import Body
from reviews.models import ReportSection, ReviewReport
from reviews.services.consent import consent_record
from sessions.models import Session
from sessions.services import session_save
from tests.factories import CountryReviewFactory, FindingFactory, UserFactory, state
from tests.public.test_findings import summary

pytestmark = pytest.mark.usefixtures("reference_data")

URL = "/en/search/"


@pytest.fixture
def kenya():
    review = CountryReviewFactory()
    report = summary(review, symbol="CAC/COSP/IRG/II/1/1/Add.12")
    ReviewReport.objects.filter(pk=report.pk).update(
        introduction_en="Kenya adopted a law on asset declarations of public officials.",
        introduction_ar="اعتمدت كينيا قانونا بشأن إقرارات الذمة المالية للموظفين العموميين.",
        introduction_zh_hans="肯尼亚通过了一项关于公职人员资产申报的法律。",
        introduction_ru="Кения приняла закон о декларации активов государственных должностных лиц.",
    )
    ReportSection.objects.create(report=report, narrative_fr="Le Kenya protège les lanceurs d'alerte.")
    FindingFactory(review=review, kind="good_practice", text_es="Kenia publica las declaraciones patrimoniales.")
    full = ReviewReport.objects.create(
        review=review, kind="country_report", status="published", introduction_en="Confidential procurement audit."
    )
    uganda = CountryReviewFactory(state=state("UGA"))
    ReviewReport.objects.create(
        review=uganda, kind="executive_summary", status="agreed", introduction_en="Draft procurement audit."
    )
    return review, full


def found(client, q, language, **filters):
    response = client.get(URL, {"q": q, "language": language, **filters})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    "language,q",
    [
        ("ar", "الذمة المالية"),
        ("zh-hans", "资产申报"),
        ("ru", "декларации активов"),
        ("en", "asset declarations"),
        ("fr", "lanceurs"),
        ("es", "declaraciones patrimoniales"),
    ],
)
def test_each_language_finds_its_document(client, kenya, language, q):
    body = found(client, q, language)
    assert "CAC/COSP/IRG/II/1/1/Add.12" in body and "1 document found" in body
    assert "<mark>" in body  # the words found, highlighted


def test_not_in_another_language_and_never_unpublished(client, kenya):
    assert "No published document contains these words" in found(client, "asset declarations", "fr")
    assert "No published document contains these words" in found(client, "procurement audit", "en")
    review, _full = kenya
    consent_record(
        actor=UserFactory(secretariat=True), review=review, item="full_report", decision="granted", message="Note"
    )
    assert "Country review report" in found(client, "procurement audit", "en")
    assert "Draft procurement" not in found(client, "procurement audit", "en")


def test_filters_and_other_kinds_of_documents(client, kenya):
    assert "CAC/COSP/IRG/II/1/1/Add.12" in found(client, "asset", "en", state="KEN")
    assert "No published document" in found(client, "asset", "en", state="UGA")
    session = session_save(
        actor=UserFactory(secretariat=True),
        body=Body.objects.get(code="irg"),
        number=11,
        part=Session.Part.FIRST_RESUMED,
        starts_on="2020-08-31",
        ends_on="2020-09-02",
        city="Vienna",
    )
    Briefing.objects.create(
        number=9,
        session=session,
        held_on="2020-09-01",
        summary_en="Speakers asked about asset declarations.",
        summary_published=True,
    )
    body = found(client, "asset declarations", "en", kind="briefing")
    assert "Briefing 9 for non-governmental organizations" in body and "Add.12" not in body


@pytest.mark.parametrize(
    "params", [{"q": "x", "kind": "everything"}, {"q": "x", "language": "xx"}, {"q": "x", "state": "ZZZ"}]
)
def test_bad_filters_are_answered(client, kenya, params):
    response = client.get(URL, params)
    assert response.status_code == 400 and "Some filters are not valid" in response.content.decode()


def test_odd_queries_never_break(client, kenya):
    too_long = client.get(URL, {"q": "a" * 5000, "language": "en"})
    assert too_long.status_code == 400 and "Some filters are not valid" in too_long.content.decode()
    for q in ("", "   ", "!!!", "' OR 1=1 --", "<script>alert(1)</script>", '"unterminated', "-"):
        response = client.get(URL, {"q": q, "language": "en"})
        assert response.status_code == 200, q
        assert "<script>alert(1)</script>" not in response.content.decode()
    assert client.get("/ar/search/", {"q": "الذمة", "language": "ar", "page": "999999"}).status_code == 200
