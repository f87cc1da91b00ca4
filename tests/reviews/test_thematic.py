"""Thematic implementation reports and regional supplementary addenda: the figures (exact
counts on a known set of findings, never per State), the service rules, publication
(frozen figures, six PDFs queued), the staff pages (access, quotes, queries) and one real PDF."""

import json
import shutil
import subprocess
import unicodedata
from unittest import mock

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from documents.models import Rendition
from reference.models import Article, Chapter, MechanismMembership, RegionalGroup, State, TechnicalAssistanceCategory
from reviews.models import CountryReview, Finding, ThematicReport
from reviews.selectors.thematic import (
    good_practice_candidates,
    quoted_findings,
    report_figures,
    thematic_figures,
)
from reviews.services import thematic as service
from tests.factories import CountryReviewFactory, ParticipantFactory, UserFactory, cycle, state

pytestmark = pytest.mark.django_db

COMPLETED = CountryReview.Status.COMPLETED
GP, CH, REC, TA = (
    Finding.Kind.GOOD_PRACTICE,
    Finding.Kind.CHALLENGE,
    Finding.Kind.RECOMMENDATION,
    Finding.Kind.TA_NEED,
)
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def article(number, instrument="uncac"):
    return Article.objects.get(instrument__code=instrument, number=number)


def category(code):
    return TechnicalAssistanceCategory.objects.get(code=code)


def chapter_ii():
    return Chapter.objects.get(instrument__code="uncac", number="II")


def group(code):
    return RegionalGroup.objects.get(code=code)


def find(review, number, kind, text="", ta=None):
    return Finding.objects.create(
        review=review,
        article=article(number),
        kind=kind,
        text_en=text or f"{kind} on article {number} by review {review.pk}",
        ta_category=category(ta) if ta else None,
    )


@pytest.fixture
def world(reference_data):
    """Cycle 2 of the IRM. Completed reviews of Kenya and Uganda (African Group) and of France
    (WEOG); Germany's review is still active and must be left out, as must Kenya's cycle-1
    review and a finding on chapter III."""
    irm2 = cycle("irm", 2)
    ken = CountryReviewFactory(cycle=irm2, state=state("KEN"), status=COMPLETED, current_step=None)
    uga = CountryReviewFactory(cycle=irm2, state=state("UGA"), status=COMPLETED, current_step=None)
    fra = CountryReviewFactory(cycle=irm2, state=state("FRA"), status=COMPLETED, current_step=None)
    deu = CountryReviewFactory(cycle=irm2, state=state("DEU"), status=CountryReview.Status.ACTIVE)
    ken_cycle1 = CountryReviewFactory(cycle=cycle("irm", 1), state=state("KEN"), status=COMPLETED, current_step=None)

    find(ken, 5, GP, "Kenya's Ethics and Anti-Corruption Commission publishes asset declarations.")
    find(ken, 5, CH)
    find(ken, 5, CH)
    find(ken, 6, REC)
    find(ken, 9, TA, ta="legislative")
    find(ken, 9, TA, ta="capacity_building")
    find(ken, 15, CH)  # chapter III: outside the scope

    find(uga, 5, GP, "Uganda's Inspectorate of Government trains every new public officer.")
    find(uga, 6, CH)
    find(uga, 9, TA, ta="legislative")
    find(uga, 9, TA)  # no category

    find(fra, 6, GP, "The French Anti-Corruption Agency publishes guidelines for local authorities.")
    find(fra, 9, REC)
    find(fra, 9, REC)
    find(fra, 9, TA, ta="capacity_building")

    find(deu, 5, GP, "ACTIVE REVIEW good practice")
    for _ in range(5):
        find(deu, 5, TA, ta="legislative")
    find(ken_cycle1, 5, GP, "CYCLE ONE good practice")

    # The fixture's premise: these States are in these groups for the IRM.
    memberships = dict(
        MechanismMembership.objects.filter(
            mechanism=irm2.mechanism, state__code__in=["KEN", "UGA", "FRA", "DEU"]
        ).values_list("state__code", "regional_group__code")
    )
    assert memberships == {"KEN": "african", "UGA": "african", "FRA": "weog", "DEU": "weog"}
    return {"cycle": irm2, "ken": ken, "uga": uga, "fra": fra, "deu": deu}


def counts(figures):
    """{article number: (good practices, challenges, recommendations, TA needs, total)}"""
    return {
        row["number"]: (row["good_practice"], row["challenge"], row["recommendation"], row["ta_need"], row["total"])
        for row in figures["articles"]
    }


# --- Figures -------------------------------------------------------------------------------


def test_figures_of_a_chapter_count_completed_reviews_only(world):
    figures = thematic_figures(world["cycle"], chapter=chapter_ii())

    assert (figures["reviews_covered"], figures["states_covered"]) == (3, 3)
    assert [row["number"] for row in figures["articles"]] == list(range(5, 15))  # every article of chapter II
    table = counts(figures)
    assert table[5] == (2, 2, 0, 0, 4)
    assert table[6] == (1, 1, 1, 0, 3)
    assert table[9] == (0, 0, 2, 5, 7)
    assert all(table[n] == (0, 0, 0, 0, 0) for n in (7, 8, 10, 11, 12, 13, 14))
    assert figures["totals"] == {"good_practice": 3, "challenge": 3, "recommendation": 3, "ta_need": 5, "total": 14}
    # A tie (2 and 2) is broken alphabetically by code; the need without a category is counted apart.
    assert [(c["code"], c["name"], c["count"]) for c in figures["ta_categories"]] == [
        ("capacity_building", "Capacity-building and training", 2),
        ("legislative", "Legislative assistance", 2),
    ]
    assert figures["ta_needs_without_category"] == 1
    assert figures["articles"][0]["title"] == "Preventive anti-corruption policies and practices"
    json.dumps(figures)  # JSON-serialisable, so that publication can freeze it


def test_figures_of_a_regional_addendum_count_that_group_only(world):
    figures = thematic_figures(world["cycle"], chapter=chapter_ii(), regional_group=group("african"))

    assert (figures["reviews_covered"], figures["states_covered"]) == (2, 2)
    table = counts(figures)
    assert table[5] == (2, 2, 0, 0, 4)
    assert table[6] == (0, 1, 1, 0, 2)
    assert table[9] == (0, 0, 0, 4, 4)
    assert figures["totals"]["total"] == 10
    assert [(c["code"], c["count"]) for c in figures["ta_categories"]] == [
        ("legislative", 2),
        ("capacity_building", 1),
    ]
    assert figures["ta_needs_without_category"] == 1

    weog = thematic_figures(world["cycle"], chapter=chapter_ii(), regional_group=group("weog"))
    assert (weog["reviews_covered"], weog["states_covered"], weog["totals"]["total"]) == (1, 1, 4)  # not Germany's


def test_figures_name_no_state_and_have_no_per_state_entry(world):
    figures = thematic_figures(world["cycle"], chapter=chapter_ii())
    dumped = json.dumps(figures, ensure_ascii=False)
    for code in ("KEN", "UGA", "FRA", "DEU"):
        st = State.objects.get(code=code)
        for language in LANGUAGES:
            name = getattr(st, f"name_{language.replace('-', '_')}")
            assert name and name not in dumped, (code, language)
        assert f'"{code}"' not in dumped

    def keys(value):
        if isinstance(value, dict):
            for key, item in value.items():
                yield key
                yield from keys(item)
        elif isinstance(value, list):
            for item in value:
                yield from keys(item)

    state_keys = {key for key in keys(figures) if "state" in key.lower()}
    assert state_keys == {"states_covered"}  # a count, not a list
    assert isinstance(figures["states_covered"], int)
    # Rows are articles in the order of the Convention, never sorted by a count.
    assert [row["number"] for row in figures["articles"]] == sorted(row["number"] for row in figures["articles"])


def test_figures_take_a_handful_of_queries(world, django_assert_max_num_queries):
    chapter = chapter_ii()
    with django_assert_max_num_queries(4):
        thematic_figures(world["cycle"], chapter=chapter)


def test_figures_titles_follow_the_language(world):
    # An article whose French title is missing: the French page shows the English one, flagged.
    Article.objects.filter(instrument__code="uncac", number=5).update(title_fr="")
    with translation.override("fr"):
        figures = thematic_figures(world["cycle"], chapter=chapter_ii())
    row = figures["articles"][0]
    assert (row["title"], row["title_fallback"]) == ("Preventive anti-corruption policies and practices", True)
    Article.objects.filter(pk=row["article"]).update(title_fr="Politiques et pratiques de prévention")
    with translation.override("fr"):
        row = thematic_figures(world["cycle"], chapter=chapter_ii())["articles"][0]
    assert (row["title"], row["title_fallback"]) == ("Politiques et pratiques de prévention", False)
    assert figures["ta_categories"][0]["name"] == "Renforcement des capacités et formation"


def test_good_practice_candidates_by_article_then_state_name(world):
    candidates = list(good_practice_candidates(world["cycle"], chapter=chapter_ii()))
    assert [(f.article.number, f.review.state.code) for f in candidates] == [(5, "KEN"), (5, "UGA"), (6, "FRA")]
    african = good_practice_candidates(world["cycle"], chapter=chapter_ii(), regional_group=group("african"))
    assert {f.review.state.code for f in african} == {"KEN", "UGA"}


def test_figures_of_a_untoc_cluster(reference_data):
    untoc1 = cycle("untoc-rm", 1)
    cluster = untoc1.clusters.get()
    review = CountryReviewFactory(cycle=untoc1, state=state("KEN"), status=COMPLETED, current_step=None)
    Finding.objects.create(review=review, article=article(5, "untoc"), kind=GP, text_en="Cluster good practice")
    figures = thematic_figures(untoc1, cluster=cluster)
    assert figures["reviews_covered"] == 1
    assert figures["totals"]["good_practice"] == 1
    assert {row["instrument"] for row in figures["articles"]} == {"untoc", "tip", "som", "fir"}


# --- Service -------------------------------------------------------------------------------


@pytest.fixture
def staff2(reference_data):
    return UserFactory(username="amina", secretariat=True)


def create(world, actor, **kwargs):
    defaults = {
        "cycle": world["cycle"],
        "actor": actor,
        "title": "Implementation of chapter II",
        "chapter": chapter_ii(),
    }
    return service.thematic_create(**{**defaults, **kwargs})


def test_create_is_for_the_secretariat_only(world, staff, focal):
    with pytest.raises(PermissionDenied):
        create(world, focal)
    report = create(world, staff, introduction="Compiled from the completed reviews.", symbol=" CAC/COSP/IRG/2020/3 ")
    assert (report.title_en, report.introduction_en, report.symbol) == (
        "Implementation of chapter II",
        "Compiled from the completed reviews.",
        "CAC/COSP/IRG/2020/3",
    )
    assert (report.status, report.created_by, report.figures) == (ThematicReport.Status.DRAFT, staff, {})


@pytest.mark.parametrize(
    "scope, field",
    [
        ({"chapter": None}, None),  # neither
        ({"cluster": "untoc"}, None),  # both
        ({"chapter": "III"}, "chapter"),  # a chapter of cycle 1, not of cycle 2
    ],
)
def test_create_checks_the_scope(world, staff, scope, field):
    kwargs = {}
    if scope.get("chapter") == "III":
        kwargs["chapter"] = Chapter.objects.get(instrument__code="uncac", number="III")
    elif "chapter" in scope:
        kwargs["chapter"] = None
    if "cluster" in scope:
        kwargs["cluster"] = cycle("untoc-rm", 1).clusters.get()
    with pytest.raises(ValidationError) as raised:
        create(world, staff, **kwargs)
    if field:
        assert field in raised.value.message_dict
    assert not ThematicReport.objects.exists()


def test_create_refuses_a_cluster_of_another_phase(reference_data, staff):
    phase1, phase2 = cycle("untoc-rm", 1), cycle("untoc-rm", 2)
    with pytest.raises(ValidationError) as raised:
        service.thematic_create(cycle=phase1, actor=staff, title="x", cluster=phase2.clusters.get())
    assert "cluster" in raised.value.message_dict
    report = service.thematic_create(cycle=phase1, actor=staff, title="Cluster 1", cluster=phase1.clusters.get())
    assert report.cluster_id and report.chapter_id is None


@pytest.mark.parametrize("title", ["", "   ", "x" * 301])
def test_create_needs_a_title_of_reasonable_length(world, staff, title):
    with pytest.raises(ValidationError) as raised:
        create(world, staff, title=title)
    assert "title" in raised.value.message_dict


def test_update_a_draft_in_english_and_in_a_translation(world, staff, focal):
    report = create(world, staff)
    service.thematic_update(
        report=report, actor=staff, title="New title", introduction="Intro", symbol="CAC/COSP/IRG/2020/8"
    )
    service.thematic_update(report=report, actor=staff, title="", introduction="Introduction FR", language="fr")
    report.refresh_from_db()
    assert (report.title_en, report.introduction_en, report.title_fr, report.introduction_fr) == (
        "New title",
        "Intro",
        "",
        "Introduction FR",
    )
    with pytest.raises(ValidationError):
        service.thematic_update(report=report, actor=staff, title="", language="en")
    with pytest.raises(PermissionDenied):
        service.thematic_update(report=report, actor=focal, title="Hijacked")
    report.refresh_from_db()
    assert report.title_en == "New title"


def test_quotes_only_good_practices_of_covered_reviews(world, staff, focal):
    report = create(world, staff, regional_group=group("african"))
    ken_gp = Finding.objects.get(review=world["ken"], kind=GP)
    uga_gp = Finding.objects.get(review=world["uga"], kind=GP)
    not_allowed = [
        Finding.objects.get(review=world["fra"], kind=GP),  # another regional group
        Finding.objects.get(review=world["deu"], kind=GP),  # an active review
        Finding.objects.filter(review=world["ken"], kind=CH).first(),  # not a good practice
        Finding.objects.get(review__state__code="KEN", review__cycle__number=1, kind=GP),  # another cycle
    ]
    for finding in not_allowed:
        with pytest.raises(ValidationError):
            service.thematic_quote_set(report=report, actor=staff, findings=[ken_gp, finding])
        assert not report.quoted_findings.exists()
    with pytest.raises(PermissionDenied):
        service.thematic_quote_set(report=report, actor=focal, findings=[ken_gp])

    assert service.thematic_quote_set(report=report, actor=staff, findings=[uga_gp.pk, ken_gp.pk]) == sorted(
        [ken_gp.pk, uga_gp.pk]
    )
    assert [f.review.state.code for f in quoted_findings(report)] == ["KEN", "UGA"]
    service.thematic_quote_set(report=report, actor=staff, findings=[uga_gp])  # replaces the choice
    assert list(report.quoted_findings.all()) == [uga_gp]


def publish(report, actor, callbacks):
    with callbacks(execute=False) as captured:
        service.thematic_publish(report=report, actor=actor)
    return captured


def test_publish_freezes_the_figures_and_queues_one_pdf_per_language(world, staff, django_capture_on_commit_callbacks):
    report = create(world, staff)
    service.thematic_quote_set(report=report, actor=staff, findings=[Finding.objects.get(review=world["fra"], kind=GP)])
    with translation.override("en"):
        live_before = thematic_figures(world["cycle"], chapter=chapter_ii())

    captured = publish(report, staff, django_capture_on_commit_callbacks)

    report.refresh_from_db()
    assert report.status == ThematicReport.Status.PUBLISHED
    assert (report.published_on, report.published_by) == (timezone.localdate(), staff)
    assert report.figures == live_before
    renditions = Rendition.objects.for_document(report)
    assert sorted(renditions.values_list("language", flat=True)) == sorted(LANGUAGES)
    assert set(renditions.values_list("status", "variant")) == {(Rendition.Status.QUEUED, Rendition.Variant.FINAL)}
    # Nothing is sent before the commit; then one render task per language.
    assert len(captured) == len(LANGUAGES)
    with mock.patch("documents.tasks.render_document.delay") as delay:
        for callback in captured:
            callback()
    assert sorted(call.args[0] for call in delay.call_args_list) == sorted(renditions.values_list("pk", flat=True))

    # Later findings and later completed reviews do not change the published figures.
    find(world["ken"], 5, GP, "A LATER good practice")
    CountryReview.objects.filter(pk=world["deu"].pk).update(status=COMPLETED)
    assert thematic_figures(world["cycle"], chapter=chapter_ii())["reviews_covered"] == 4
    frozen = report_figures(report)
    assert frozen["reviews_covered"] == 3 and counts(frozen)[5] == (2, 2, 0, 0, 4)
    assert frozen["totals"]["total"] == 14


def test_a_published_report_can_no_longer_change(world, staff, django_capture_on_commit_callbacks):
    report = create(world, staff)
    publish(report, staff, django_capture_on_commit_callbacks)
    gp = Finding.objects.get(review=world["fra"], kind=GP)
    with pytest.raises(ValidationError):
        service.thematic_update(report=report, actor=staff, title="Changed")
    with pytest.raises(ValidationError):
        service.thematic_quote_set(report=report, actor=staff, findings=[gp])
    with pytest.raises(ValidationError):
        publish(report, staff, django_capture_on_commit_callbacks)
    report.refresh_from_db()
    assert report.title_en == "Implementation of chapter II" and not report.quoted_findings.exists()


def test_nothing_to_publish_without_a_completed_review(
    reference_data, staff, focal, django_capture_on_commit_callbacks
):
    report = service.thematic_create(
        cycle=cycle("irm", 2),
        actor=staff,
        title="Chapter V",
        chapter=Chapter.objects.get(instrument__code="uncac", number="V"),
    )
    with pytest.raises(PermissionDenied):
        publish(report, focal, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError):
        publish(report, staff, django_capture_on_commit_callbacks)
    report.refresh_from_db()
    assert report.status == ThematicReport.Status.DRAFT and not Rendition.objects.exists()


# --- Pages -----------------------------------------------------------------------------------


@pytest.fixture
def report(world, staff):
    return create(world, staff, introduction="INTRO of the thematic report.")


@pytest.fixture
def expert(world):
    user = UserFactory(username="pierre", expert=True)
    ParticipantFactory(review=world["ken"], user=user)
    return user


@pytest.fixture
def observer(world):
    user = UserFactory(username="olga")
    ParticipantFactory(review=world["ken"], user=user)
    return user


def urls(report):
    return {
        "home": reverse("reviews:thematic_home"),
        "list": reverse("reviews:thematic_list", args=[report.cycle_id]),
        "detail": reverse("reviews:thematic_detail", args=[report.pk]),
    }


@pytest.mark.parametrize("who", ["focal", "expert", "observer"])
def test_others_than_the_secretariat_get_404(client, request, report, who):
    client.force_login(request.getfixturevalue(who))
    for url in urls(report).values():
        response = client.get(url)
        assert response.status_code == 404 and b"INTRO" not in response.content
    gp = Finding.objects.get(review__state__code="FRA", kind=GP)
    assert client.post(urls(report)["list"], {"chapter": chapter_ii().pk, "title": "Forged"}).status_code == 404
    assert client.post(reverse("reviews:thematic_quotes", args=[report.pk]), {"finding": gp.pk}).status_code == 404
    assert client.post(reverse("reviews:thematic_publish", args=[report.pk])).status_code == 404
    assert client.post(urls(report)["detail"], {"language": "en", "title": "Forged"}).status_code == 404
    report.refresh_from_db()
    assert ThematicReport.objects.count() == 1 and report.title_en != "Forged"
    assert report.status == ThematicReport.Status.DRAFT and not report.quoted_findings.exists()


def test_anonymous_is_sent_to_sign_in(client, report):
    for url in urls(report).values():
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.post(reverse("reviews:thematic_publish", args=[report.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    report.refresh_from_db()
    assert report.status == ThematicReport.Status.DRAFT


def test_staff_list_create_and_detail(client, world, staff, report):
    client.force_login(staff)
    assert client.get(urls(report)["home"])["Location"] == urls(report)["list"]
    page = client.get(urls(report)["list"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Implementation of chapter II" in html and 'name="chapter"' in html and 'name="cluster"' not in html

    response = client.post(
        urls(report)["list"],
        {"chapter": chapter_ii().pk, "regional_group": group("african").pk, "title": "African addendum"},
    )
    addendum = ThematicReport.objects.get(title_en="African addendum")
    assert response.status_code == 302 and response["Location"] == reverse(
        "reviews:thematic_detail", args=[addendum.pk]
    )
    assert addendum.regional_group.code == "african"

    refused = client.post(urls(report)["list"], {"regional_group": group("african").pk, "title": "No scope"})
    assert refused.status_code == 422 and not ThematicReport.objects.filter(title_en="No scope").exists()

    html = client.get(reverse("reviews:thematic_detail", args=[addendum.pk])).content.decode()
    assert "Regional supplementary addendum" in html
    assert "Kenya" in html and "Uganda" in html  # the quote picker names the States of the group
    assert "French Anti-Corruption Agency" not in html  # a good practice of another group is not offered


def test_detail_shows_figures_and_quote_picker(client, staff, report):
    client.force_login(staff)
    page = client.get(urls(report)["detail"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "INTRO of the thematic report." in html
    assert "Preventive anti-corruption policies and practices" in html
    assert html.count('type="checkbox" name="finding"') == 3
    assert "ACTIVE REVIEW" not in html and "CYCLE ONE" not in html
    assert "Publish the report" in html
    assert "No PDF has been requested yet" in html  # the PDF status panel


def test_pages_escape_free_text(client, world, staff, report):
    Finding.objects.filter(review=world["ken"], kind=GP).update(text_en="<script>alert(1)</script>")
    service.thematic_update(report=report, actor=staff, title="<b>bold</b>", introduction="<i>x</i>")
    client.force_login(staff)
    html = client.get(urls(report)["detail"]).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "<b>bold</b>" not in html
    assert "<b>bold</b>" not in client.get(urls(report)["list"]).content.decode()


def test_staff_edit_quote_and_publish_through_the_pages(
    client, world, staff, report, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    detail = urls(report)["detail"]
    response = client.post(
        detail, {"language": "fr", "title": "Titre FR", "introduction": "Intro FR", "symbol": "CAC/COSP/IRG/2020/9"}
    )
    assert response.status_code == 302 and response["Location"] == f"{detail}?language=fr"
    assert 'value="Titre FR"' in client.get(f"{detail}?language=fr").content.decode()
    assert client.post(detail, {"language": "en", "title": "", "symbol": "CAC/COSP/IRG/2020/9"}).status_code == 422

    ken_gp = Finding.objects.get(review=world["ken"], kind=GP)
    fra_gp = Finding.objects.get(review=world["fra"], kind=GP)
    deu_gp = Finding.objects.get(review=world["deu"], kind=GP)
    client.post(reverse("reviews:thematic_quotes", args=[report.pk]), {"finding": [fra_gp.pk, ken_gp.pk]})
    assert set(report.quoted_findings.all()) == {ken_gp, fra_gp}
    client.post(reverse("reviews:thematic_quotes", args=[report.pk]), {"finding": [deu_gp.pk]})  # refused
    assert set(report.quoted_findings.all()) == {ken_gp, fra_gp}

    with django_capture_on_commit_callbacks(execute=False) as captured:
        response = client.post(reverse("reviews:thematic_publish", args=[report.pk]))
    assert response.status_code == 302 and len(captured) == len(LANGUAGES)
    report.refresh_from_db()
    assert report.status == ThematicReport.Status.PUBLISHED and report.symbol == "CAC/COSP/IRG/2020/9"
    html = client.get(detail).content.decode()
    assert "Frozen at publication" in html and 'name="finding"' not in html and "Publish the report" not in html
    assert html.index("Kenya</strong>") < html.index("France</strong>")  # by article: 5, then 6
    assert Rendition.objects.for_document(report).count() == len(LANGUAGES)


def test_detail_page_query_bound(client, world, staff, report, django_assert_max_num_queries):
    service.thematic_quote_set(
        report=report,
        actor=staff,
        findings=list(
            Finding.objects.filter(
                review__status=COMPLETED, kind=GP, article__number__lt=10, review__cycle=world["cycle"]
            )
        ),
    )
    client.force_login(staff)
    client.get(urls(report)["detail"])  # warm the per-process content-type cache
    # session, user, report, quotes, renditions; articles, coverage, counts, categories; candidates
    with django_assert_max_num_queries(10):
        assert client.get(urls(report)["detail"]).status_code == 200
    for number in (7, 8, 10):  # more findings and quotes do not add queries
        for review in (world["ken"], world["uga"], world["fra"]):
            find(review, number, GP)
    service.thematic_quote_set(
        report=report, actor=staff, findings=list(good_practice_candidates(world["cycle"], chapter=chapter_ii()))
    )
    with django_assert_max_num_queries(10):
        assert client.get(urls(report)["detail"]).status_code == 200


def test_list_page_query_bound(client, world, staff, django_assert_max_num_queries):
    for n in range(5):
        create(world, staff, title=f"Report {n}", regional_group=group("african") if n % 2 else None)
    client.force_login(staff)
    with django_assert_max_num_queries(9):
        assert client.get(reverse("reviews:thematic_list", args=[world["cycle"].pk])).status_code == 200


def test_the_dashboard_links_to_the_thematic_reports(client, world, staff):
    client.force_login(staff)
    html = client.get(reverse("reviews:dashboard")).content.decode()
    assert reverse("reviews:thematic_list", args=[world["cycle"].pk]) in html


# --- The PDF -------------------------------------------------------------------------------


POPPLER = shutil.which("pdftotext")


def test_the_thematic_pdf_renders(world, staff, report, django_capture_on_commit_callbacks, tmp_path):
    if not POPPLER:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    from documents.kinds import render_html
    from reviewmech.pdf import render_pdf

    service.thematic_update(
        report=report,
        actor=staff,
        title="Implementation of chapter II",
        introduction="INTRO",
        symbol="CAC/COSP/IRG/2020/3",
    )
    service.thematic_quote_set(report=report, actor=staff, findings=[Finding.objects.get(review=world["fra"], kind=GP)])
    publish(report, staff, django_capture_on_commit_callbacks)
    report.refresh_from_db()

    html = render_html(report, "en", "final")
    path = tmp_path / "thematic.pdf"
    path.write_bytes(render_pdf(html).data)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    text = " ".join(unicodedata.normalize("NFKC", out.stdout).split())
    assert "Implementation of chapter II" in text
    assert "CAC/COSP/IRG/2020/3" in text
    assert "art. 9. Public procurement and management of public finances 0 0 2 5 7" in text  # the counts row
    assert "Total 3 3 3 5 14" in text
    assert "Capacity-building and training 2 Legislative assistance 2" in text
    assert "France: The French Anti-Corruption Agency publishes guidelines" in text
    assert "Kenya" not in text  # figures never name a State; only France is quoted

    arabic = render_html(report, "ar", "final")
    assert '<html lang="ar" dir="rtl">' in arabic and render_pdf(arabic).pages >= 1

    french = render_html(report, "fr", "final")
    assert "Renforcement des capacités et formation" in french  # frozen names, in each language
    # Article titles from the frozen figures, in each language.
    assert "Politiques et pratiques de prévention de la corruption" in french
    assert "English only" not in html
