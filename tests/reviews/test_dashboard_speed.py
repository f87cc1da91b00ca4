"""The dashboard at ten times the data (issue 19): its lists built as rows of ready values in
the view (names translated once, addresses from one ``reverse``), the list of reviews of the
mechanism shown only, a bounded number of queries; the language links of every page."""

import datetime
from collections import Counter

import pytest
from django.db import connection
from django.db.models.signals import pre_init
from django.test.utils import CaptureQueriesContext
from django.urls import reverse, translate_url
from django.utils import translation

from reference.models import ReviewCycle, State
from reviewmech.context_processors import language_links
from reviews.models import CountryReview
from reviews.services import lots, workflow
from reviews.views.dashboard import Rows, url_of_pk
from tests.factories import CountryReviewFactory, UserFactory, cycle

pytestmark = pytest.mark.usefixtures("reference_data")


@pytest.fixture
def staff():
    return UserFactory(secretariat=True)


@pytest.fixture
def both_mechanisms(staff):
    """UNCAC cycle 2 and the UNTOC first phase, with their years drawn."""
    uncac = ReviewCycle.objects.get(mechanism__code="irm", number=2)
    untoc = ReviewCycle.objects.get(mechanism__code="untoc-rm", number=1)
    lots.lots_draw_years(cycle=uncac, actor=staff, seed="speed")
    lots.lots_draw_years(cycle=untoc, actor=staff, seed="speed-untoc")
    lots.lots_draw_reviewers(cycle=uncac, year=2016, actor=staff, seed="speed-2016")
    return uncac, untoc


def test_all_cycles_of_a_mechanism_list_only_its_reviews(client, staff, both_mechanisms):
    _uncac, untoc = both_mechanisms
    client.force_login(staff)
    response = client.get(reverse("reviews:dashboard"), {"mechanism": "untoc-rm", "cycle": ""})
    listed = response.context["page"].object_list
    assert listed and {review.cycle_id for review in listed} <= set(untoc.mechanism.cycles.values_list("pk", flat=True))
    assert (
        response.context["page"].paginator.count
        == CountryReview.objects.filter(cycle__mechanism__code="untoc-rm").count()
    )


def test_the_rows_say_what_the_tags_said(client, staff, both_mechanisms):
    uncac, _untoc = both_mechanisms
    review = uncac.reviews.filter(year=2016).order_by("pk").first()
    CountryReview.objects.filter(pk=review.pk).update(status="active", current_due=datetime.date(2020, 1, 1))
    client.force_login(staff)
    response = client.get(reverse("reviews:dashboard"), {"mechanism": "irm", "cycle": uncac.pk, "year": 2016})
    html = response.content.decode()
    row = next(r for r in response.context["rows"] if r.url == reverse("reviews:review_detail", args=[review.pk]))
    assert row.state == review.state.name_en and row.year == 2016
    assert 'class="badge badge-overdue"' in row.status
    assert ", " in row.reviewers  # the two reviewing States drawn
    assert f'<a href="{row.url}">{row.state}</a>' in html
    overdue = response.context["overdue_rows"]
    assert overdue[0].days == (response.context["board"].today - datetime.date(2020, 1, 1)).days
    assert 'class="num late">' + str(overdue[0].days) in html


def test_names_are_translated_once_and_fall_back_with_their_badge(staff):
    kenya = State.objects.get(code="KEN")
    kenya.name_fr = ""
    with translation.override("fr"):
        rows = Rows(datetime.date(2026, 1, 1))
        shown = rows.name(kenya, "name")
        assert "Kenya" in shown and "fallback-badge" in shown  # English, said to be
        kenya.name_en = "changed"
        assert rows.name(kenya, "name") is shown  # once per page
    state = State.objects.get(code="FRA")
    with translation.override("fr"):
        assert Rows().name(state, "name") == state.name_fr
    assert Rows().name(None, "name") == ""


def test_a_name_is_escaped():
    kenya = State(pk=999, code="XXX", name_en="<b>Kenya</b>")
    assert Rows().name(kenya, "name") == "&lt;b&gt;Kenya&lt;/b&gt;"


def test_one_reverse_for_a_list():
    url = url_of_pk("reviews:review_detail")
    assert [url(pk) for pk in (1, 23, 456)] == [reverse("reviews:review_detail", args=[pk]) for pk in (1, 23, 456)]


def test_the_filter_form_keeps_its_fields_and_choices(client, staff, both_mechanisms):
    uncac, _untoc = both_mechanisms
    client.force_login(staff)
    response = client.get(reverse("reviews:dashboard"), {"mechanism": "irm", "cycle": uncac.pk, "status": "active"})
    html = response.content.decode()
    for name in ("cycle", "year", "region", "phase", "status", "overdue", "q"):
        assert f'<label for="id_{name}">' in html and f'name="{name}"' in html and f'id="id_{name}"' in html
    assert f'<option value="{uncac.pk}" selected>{uncac.title_en}</option>' in html
    assert '<option value="active" selected>' in html
    step = uncac.mechanism.steps.order_by("order").first()
    assert f'<option value="{step.pk}">{step.order}. {step.name_en}</option>' in html
    assert "Group of African States</option>" in html


#: The dashboard's queries, read afresh: the session and the user; the freshness counter (read
#: from the database with the embedded default's cache of each process's own; from the shared
#: cache in production); the mechanisms, the mechanism's cycles, its steps, the regional groups;
#: the counts by step and group (the list's number as well); the overdue reviews and next
#: deadlines (one query); the page of the list with its reviewing States (one query); and, on
#: the whole page only, the two counts of what needs attention. The filter's choices are
#: checked against the lists read, with no query.
DASHBOARD_QUERIES = 12
#: The results HTMX asks for: no attention counts.
RESULTS_QUERIES = 10
#: The same address again, nothing changed: the session, the user, the counter (the counts of
#: what needs attention are kept a minute).
CACHED_QUERIES = 3
CACHED_RESULTS_QUERIES = 3


def _dashboard_queries(client, staff, untoc, uncac):
    african = str(untoc.mechanism.memberships.first().regional_group_id)
    counts = {}
    for params in (
        {"mechanism": "irm"},
        {"mechanism": "untoc-rm", "cycle": ""},
        {"mechanism": "untoc-rm", "cycle": "", "page": "3"},
        {"mechanism": "untoc-rm", "cycle": "", "region": african, "overdue": "no"},
        {"mechanism": "irm", "cycle": uncac.pk, "q": "Ken"},
        {"mechanism": "irm", "cycle": uncac.pk, "phase": "999999", "status": "active"},  # refused: no list
    ):
        for htmx in (False, True):
            headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
            with CaptureQueriesContext(connection) as queries:
                response = client.get(reverse("reviews:dashboard"), params, **headers)
            assert response.status_code == 200
            counts[(str(params), htmx)] = len(queries)
    return counts


def test_the_dashboard_queries_are_as_many_whatever_the_filters_and_the_data(client, staff, both_mechanisms):
    """The same number of queries with UNCAC cycle 2 and the UNTOC first phase (over 800
    reviews) and with the UNTOC second phase as well: none per review, per row, per reviewing
    State or per choice of the filters."""
    uncac, untoc = both_mechanisms
    client.force_login(staff)
    client.get(reverse("reviews:dashboard"))  # the session's first save
    few = _dashboard_queries(client, staff, untoc, uncac)
    second = ReviewCycle.objects.get(mechanism__code="untoc-rm", number=2)
    lots.lots_draw_years(cycle=second, actor=staff, seed="speed-untoc-2")
    lots.lots_draw_reviewers(cycle=untoc, year=untoc.start_year, actor=staff, seed="speed-untoc-1")
    assert CountryReview.objects.count() >= 1400
    many = _dashboard_queries(client, staff, untoc, uncac)
    assert many == few
    assert max(count for (_params, htmx), count in many.items() if not htmx) <= DASHBOARD_QUERIES
    assert max(count for (_params, htmx), count in many.items() if htmx) <= RESULTS_QUERIES


def test_an_address_read_again_comes_from_the_cache_until_a_review_changes(client, staff, both_mechanisms):
    """The page's data is kept against the freshness counter: the same address again costs
    no query of reviews, and the next request after a change (here the review paused through
    the services: no longer overdue) shows it, on the whole page and on the results HTMX asks for."""
    uncac, _untoc = both_mechanisms
    review = uncac.reviews.filter(year=2016).order_by("pk").first()
    CountryReview.objects.filter(pk=review.pk).update(status="active", current_due=datetime.date(2020, 1, 1))
    client.force_login(staff)
    client.get(reverse("reviews:dashboard"))  # the session's first save
    params = {"mechanism": "irm", "cycle": uncac.pk, "overdue": "yes"}
    first = client.get(reverse("reviews:dashboard"), params)
    listed = [row.url for row in first.context["rows"]]
    assert reverse("reviews:review_detail", args=[review.pk]) in listed
    for headers, most in (({}, CACHED_QUERIES), ({"HTTP_HX_REQUEST": "true"}, CACHED_RESULTS_QUERIES)):
        client.get(reverse("reviews:dashboard"), params, **headers)
        with CaptureQueriesContext(connection) as queries:
            again = client.get(reverse("reviews:dashboard"), params, **headers)
        assert len(queries) <= most, [query["sql"][:80] for query in queries.captured_queries]
        assert again.context["results"] == first.context["results"]
        assert "rows" not in again.context  # written once, kept
    workflow.review_pause(review=review, actor=staff, reason="Elections")
    after = client.get(reverse("reviews:dashboard"), params, HTTP_HX_REQUEST="true")
    assert reverse("reviews:review_detail", args=[review.pk]) not in [row.url for row in after.context["rows"]]
    assert after.context["board"].overdue_total == first.context["board"].overdue_total - 1
    assert after.context["page"].paginator.count == first.context["page"].paginator.count - 1


def test_the_cache_keeps_each_reader_and_address_apart(client, staff, both_mechanisms):
    """Another member of the secretariat, or another filter, is another entry."""
    uncac, _untoc = both_mechanisms
    other = UserFactory(secretariat=True)
    client.force_login(staff)
    mine = client.get(reverse("reviews:dashboard"), {"mechanism": "irm", "cycle": uncac.pk, "year": 2016})
    filtered = client.get(reverse("reviews:dashboard"), {"mechanism": "irm", "cycle": uncac.pk, "year": 2017})
    assert {row.year for row in mine.context["rows"]} == {2016}
    assert {row.year for row in filtered.context["rows"]} == {2017}
    client.force_login(other)
    with CaptureQueriesContext(connection) as queries:
        theirs = client.get(reverse("reviews:dashboard"), {"mechanism": "irm", "cycle": uncac.pk, "year": 2016})
    assert len(queries) > CACHED_QUERIES  # read for this reader
    assert [row.url for row in theirs.context["rows"]] == [row.url for row in mine.context["rows"]]


def test_the_dashboard_builds_no_model_instance_per_review(client, staff, both_mechanisms):
    """Its lists are read as plain values: no review, State, instrument or reviewer
    assignment is built as a model instance (each costs more than its row), only the few
    mechanisms, cycles, steps and groups — as many whatever the number of rows."""
    _uncac, untoc = both_mechanisms
    keys = list(untoc.reviews.order_by("pk").values_list("pk", flat=True)[:40])
    CountryReview.objects.filter(pk__in=keys[:30]).update(status="active", current_due=datetime.date(2020, 1, 1))
    CountryReview.objects.filter(pk__in=keys[30:]).update(status="active", current_due=datetime.date(2099, 1, 1))
    client.force_login(staff)
    client.get(reverse("reviews:dashboard"))
    built = Counter()

    def count(sender, **kwargs):
        built[sender.__name__] += 1

    pre_init.connect(count)
    try:
        response = client.get(reverse("reviews:dashboard"), {"mechanism": "untoc-rm", "cycle": ""})
    finally:
        pre_init.disconnect(count)
    board = response.context["board"]
    assert len(response.context["rows"]) == 50 and len(board.overdue) == 25 and len(board.upcoming) == 10
    assert not {"CountryReview", "State", "Instrument", "ReviewerAssignment"} & set(built)
    assert sum(built.values()) < 50, built


def test_the_lists_are_alphabetical_and_paged_by_their_keys(client, staff, both_mechanisms):
    client.force_login(staff)
    first = client.get(reverse("reviews:dashboard"), {"mechanism": "untoc-rm", "cycle": ""}).context["page"]
    second = client.get(reverse("reviews:dashboard"), {"mechanism": "untoc-rm", "cycle": "", "page": "2"}).context[
        "page"
    ]
    ordered = list(
        CountryReview.objects.filter(cycle__mechanism__code="untoc-rm")
        .order_by("year", "state__name_en", "instrument__order")
        .values_list("pk", flat=True)[:100]
    )
    assert [r.pk for r in first.object_list] + [r.pk for r in second.object_list] == ordered


def test_my_reviews_lists_a_participants_reviews(client):
    review = CountryReviewFactory()
    focal = UserFactory(focal_point=True)  # Kenya's
    client.force_login(focal)
    html = client.get(reverse("reviews:my_reviews")).content.decode()
    assert f'<a href="{reverse("reviews:review_detail", args=[review.pk])}">Kenya</a>' in html


def test_the_language_links_are_those_of_translate_url(rf, client, staff):
    review = CountryReviewFactory(cycle=cycle())
    client.force_login(staff)
    path = reverse("reviews:review_detail", args=[review.pk]) + "?tab=x"
    response = client.get(path)
    links = response.context["LANGUAGE_LINKS"]
    assert [link["url"] for link in links] == [translate_url(path, code) for code, _name in links_codes(links)]
    assert "/fr/reviews/" in links[3]["url"] and links[3]["url"].endswith("?tab=x")
    assert [link["code"] for link in links if link["active"]] == ["en"]
    html = response.content.decode()
    assert f'hreflang="fr" href="{links[3]["url"]}"' in html
    # Without the view resolved (a page answered before it was), as the tag did.
    request = rf.get("/en/documents/?q=x")
    expected = [translate_url("/en/documents/?q=x", code) for code, _name in links_codes(links)]
    assert [link["url"] for link in language_links(request)] == expected


def links_codes(links):
    return [(link["code"], link["name"]) for link in links]


def test_the_filters_choices_are_checked_against_the_lists_the_page_read(
    client, staff, both_mechanisms, django_assert_num_queries
):
    """A cycle, step or group is found among those the page read (no query), as the query
    found it: the key as typed, another mechanism's cycle refused with the form's message."""
    uncac, untoc = both_mechanisms
    client.force_login(staff)
    url = reverse("reviews:dashboard")
    shown = client.get(url, {"mechanism": "irm", "cycle": f" {uncac.pk}", "status": "active"})
    assert shown.context["filter"].is_valid() and shown.context["filter"].form.cleaned_data["cycle"] == uncac
    refused = client.get(url, {"mechanism": "irm", "cycle": "", "phase": "x"})
    assert not refused.context["filter"].is_valid() and refused.context["board"].total == 0
    other = client.get(url, {"mechanism": "irm", "cycle": untoc.pk})
    errors = other.context["filter"].errors
    assert errors["cycle"] == ["Select a valid choice. That choice is not one of the available choices."]
    region = untoc.mechanism.memberships.first().regional_group
    filtered = client.get(url, {"mechanism": "untoc-rm", "cycle": "", "region": region.pk})
    assert filtered.context["board"].rows and {row.group for row in filtered.context["board"].rows} == {region}
    step = CountryReview.objects.filter(cycle=untoc).exclude(current_step=None).first().current_step
    at_step = client.get(url, {"mechanism": "untoc-rm", "cycle": "", "phase": step.pk})
    listed = at_step.context["page"].object_list
    assert listed and {review.current_step_id for review in listed} == {step.pk}
    assert at_step.context["page"].paginator.count == CountryReview.objects.filter(current_step=step).count()


def test_with_the_shared_cache_a_page_read_again_costs_the_session_and_the_user(
    shared_cache, client, staff, both_mechanisms, django_capture_on_commit_callbacks
):
    """The production shape (Redis shared by the processes): the counter and both entries in
    one round trip, no query but the session's and the user's; a committed change shows on the
    next request (the counter in the cache moves after the commit)."""
    uncac, _untoc = both_mechanisms
    review = uncac.reviews.filter(year=2016).order_by("pk").first()
    CountryReview.objects.filter(pk=review.pk).update(status=CountryReview.Status.ACTIVE)
    client.force_login(staff)
    client.get(reverse("reviews:dashboard"))  # the session's first save
    params = {"mechanism": "irm", "cycle": uncac.pk, "status": "paused"}
    first = client.get(reverse("reviews:dashboard"), params)
    assert first.context["board"].count == 0
    with CaptureQueriesContext(connection) as queries:
        again = client.get(reverse("reviews:dashboard"), params)
    assert len(queries) == 2, [query["sql"][:80] for query in queries.captured_queries]
    assert again.context["results"] == first.context["results"]
    with django_capture_on_commit_callbacks(execute=True):
        workflow.review_pause(review=review, actor=staff, reason="Elections")
    after = client.get(reverse("reviews:dashboard"), params)
    assert after.context["board"].count == 1 and review.state.name_en in after.context["results"]


def test_the_results_are_kept_per_language(client, staff, both_mechanisms):
    """The results written in one language are never served in another: Arabic (right to
    left), Chinese and English each have their own, read again from the cache unchanged."""
    uncac, _untoc = both_mechanisms
    client.force_login(staff)
    params = {"mechanism": "irm", "cycle": uncac.pk}
    pages = {}
    for language, heading in (("en", "Overdue steps"), ("ar", None), ("zh-hans", None), ("en", "Overdue steps")):
        with translation.override(language):
            response = client.get(f"/{language}/reviews/", params)
        assert response.status_code == 200
        results = response.context["results"]
        if heading:
            assert heading in results
        else:
            assert "Overdue steps" not in results
        pages.setdefault(language, results)
        assert results == pages[language]
    assert len(set(pages.values())) == 3


def test_what_changed_code_kept_is_not_read_by_the_next(client, staff, both_mechanisms, monkeypatch):
    """The key holds a digest of the code and template that shape what is kept: after a
    deployment of changed code, the page is read afresh, never unpickled from the old shape."""
    from reviewmech import freshness
    from reviews.views import cycles, dashboard

    assert freshness.code_digest(dashboard.__file__) != freshness.code_digest(cycles.__file__)
    assert len(freshness.code_digest(dashboard.__file__, "reviews/partials/dashboard_results.html")) == 12
    uncac, _untoc = both_mechanisms
    client.force_login(staff)
    params = {"mechanism": "irm", "cycle": uncac.pk}
    client.get(reverse("reviews:dashboard"), params)
    with CaptureQueriesContext(connection) as kept:
        client.get(reverse("reviews:dashboard"), params)
    monkeypatch.setattr(freshness, "code_digest", lambda *names: "deployed")
    with CaptureQueriesContext(connection) as deployed:
        client.get(reverse("reviews:dashboard"), params)
    assert len(kept) <= CACHED_QUERIES < len(deployed)
