"""The secretariat's pages, the review page and what each role gets from them."""

import csv
import datetime
import io

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from reference.models import ReviewCycle
from reviewmech.i18n import translated
from reviews.models import CountryReview, LotDraw, ReviewerAssignment, StepCompletion
from reviews.selectors import reviews as selectors
from reviews.services import lots
from tests.factories import CountryReviewFactory, ParticipantFactory, UserFactory, state

pytestmark = pytest.mark.usefixtures("reference_data")


@pytest.fixture
def staff():
    return UserFactory(secretariat=True)


def test_dashboard_is_for_the_secretariat_only(client, staff):
    url = reverse("reviews:dashboard")
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(UserFactory(focal_point=True))
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(expert=True))
    assert client.get(url).status_code == 404
    client.force_login(staff)
    assert client.get(url).status_code == 200


def test_dashboard_counts_by_step_and_group(client, staff, drawn):
    client.force_login(staff)
    response = client.get(reverse("reviews:dashboard"), {"mechanism": "irm", "cycle": drawn.pk})
    board = response.context["board"]
    assert board.total == drawn.reviews.count()
    assert sum(cell["n"] for cell in board.column_totals) == board.total
    assert {row.group.code for row in board.rows} == {"african", "asia_pacific", "eastern_european", "grulac", "weog"}
    html = response.content.decode()
    assert "Group of African States" in html and "No State is ranked." in html


def test_dashboard_filters(client, staff, drawn):
    client.force_login(staff)
    african = client.get(
        reverse("reviews:dashboard"), {"mechanism": "irm", "cycle": drawn.pk, "region": _group("african").pk}
    )
    assert [row.group.code for row in african.context["board"].rows] == ["african"]
    kenya = client.get(reverse("reviews:dashboard"), {"mechanism": "irm", "cycle": drawn.pk, "q": "Kenya"})
    assert [r.state.code for r in kenya.context["page"].object_list] == ["KEN"]
    # The same search works in the other languages' names.
    kenya_ar = client.get(reverse("reviews:dashboard"), {"mechanism": "irm", "cycle": drawn.pk, "q": "كينيا"})
    assert [r.state.code for r in kenya_ar.context["page"].object_list] == ["KEN"]


def _group(code):
    from reference.models import RegionalGroup

    return RegionalGroup.objects.get(code=code)


def test_dashboard_htmx_returns_only_the_results(client, staff, drawn):
    client.force_login(staff)
    response = client.get(reverse("reviews:dashboard"), {"mechanism": "irm"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="dashboard-results"')
    assert "<html" not in html


def test_dashboard_queries_do_not_grow_with_the_number_of_reviews(client, staff, drawn, django_assert_max_num_queries):
    """UNCAC cycle 2 (193 reviews) and the UNTOC first phase (over 600 reviews): same bound."""
    untoc = ReviewCycle.objects.get(mechanism__code="untoc-rm", number=1)
    lots.lots_draw_years(cycle=untoc, actor=staff, seed="views-untoc")
    lots.lots_draw_reviewers(cycle=untoc, year=untoc.start_year, actor=staff, seed="views-untoc-1")
    assert CountryReview.objects.count() >= 800
    client.force_login(staff)
    for params in ({"mechanism": "irm"}, {"mechanism": "untoc-rm"}, {"mechanism": "untoc-rm", "cycle": ""}):
        with django_assert_max_num_queries(
            12
        ):  # 10 (the freshness counter among them), and the two counts of what needs attention
            response = client.get(reverse("reviews:dashboard"), params)
        assert response.status_code == 200
    assert response.context["board"].total >= 600


def test_dashboard_lists_the_first_overdue_reviews_and_counts_them_all(client, staff, drawn):
    import datetime

    overdue = list(drawn.reviews.order_by("pk")[:30])
    CountryReview.objects.filter(pk__in=[r.pk for r in overdue]).update(
        status=CountryReview.Status.ACTIVE, current_due=datetime.date(2020, 1, 1)
    )
    client.force_login(staff)
    response = client.get(reverse("reviews:dashboard"), {"mechanism": "irm", "cycle": drawn.pk})
    board = response.context["board"]
    assert board.overdue_total == 30 and len(board.overdue) == 25
    names = [review.state.name_en for review in board.overdue]
    assert names == sorted(names)  # alphabetical, never by delay
    assert "All 30 overdue reviews" in response.content.decode()


def test_review_page_by_role(client, staff):
    review = CountryReviewFactory()  # Kenya
    expert = UserFactory(expert=True)
    ParticipantFactory(review=review, user=expert)
    url = reverse("reviews:review_detail", args=[review.pk])
    expectations = [
        (staff, 200),
        (UserFactory(focal_point=True), 200),  # Kenya's focal point
        (UserFactory(focal_point=True, state=state("UGA")), 404),
        (expert, 200),
        (UserFactory(expert=True), 404),  # not assigned
    ]
    for user, status in expectations:
        client.force_login(user)
        assert client.get(url).status_code == status, user
    client.logout()
    assert client.get(url).status_code == 302


def test_review_page_query_count(client, staff, drawn, django_assert_max_num_queries):
    review = drawn.reviews.filter(year=2016).first()
    client.force_login(staff)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("reviews:review_detail", args=[review.pk]))
    assert response.status_code == 200
    assert len(response.context["page"].reviewers) == 2


def test_staff_records_a_step_and_the_timeline_shows_it(client, staff):
    review = CountryReviewFactory()
    client.force_login(staff)
    on = datetime.date.today() - datetime.timedelta(days=3)
    response = client.post(
        reverse("reviews:review_complete_step", args=[review.pk]),
        {"complete-on": on.isoformat(), "complete-comment": "CU 2026/12"},
    )
    assert response.status_code == 302
    completion = StepCompletion.objects.get(review=review)
    assert completion.completed_on == on and completion.recorded_by == staff and completion.comment == "CU 2026/12"
    page = client.get(reverse("reviews:review_detail", args=[review.pk])).content.decode()
    assert "Focal point named" in page and "CU 2026/12" in page


def test_htmx_action_returns_the_workflow_part(client, staff):
    review = CountryReviewFactory()
    client.force_login(staff)
    response = client.post(
        reverse("reviews:review_complete_step", args=[review.pk]),
        {"complete-on": datetime.date.today().isoformat()},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="review-workflow"')
    assert "Recorded: Notification of the State under review." in html


def test_a_future_date_is_refused_with_a_message_and_nothing_changes(client, staff):
    review = CountryReviewFactory()
    client.force_login(staff)
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    response = client.post(
        reverse("reviews:review_complete_step", args=[review.pk]), {"complete-on": tomorrow.isoformat()}
    )
    assert response.status_code == 422
    assert "The date cannot be in the future." in response.content.decode()
    assert not StepCompletion.objects.filter(review=review).exists()
    bad = client.post(reverse("reviews:review_complete_step", args=[review.pk]), {"complete-on": "not a date"})
    assert bad.status_code == 422
    assert "Enter a valid date." in bad.content.decode()


def test_a_focal_point_cannot_advance_the_review(client):
    review = CountryReviewFactory()
    focal_point = UserFactory(focal_point=True)
    ParticipantFactory(review=review, user=focal_point)
    client.force_login(focal_point)
    page = client.get(reverse("reviews:review_detail", args=[review.pk])).content.decode()
    assert "Record this step" not in page
    response = client.post(
        reverse("reviews:review_complete_step", args=[review.pk]), {"complete-on": datetime.date.today().isoformat()}
    )
    assert response.status_code == 404
    assert not StepCompletion.objects.filter(review=review).exists()


def test_pause_and_resume_from_the_page(client, staff):
    review = CountryReviewFactory()
    client.force_login(staff)
    client.post(
        reverse("reviews:review_complete_step", args=[review.pk]), {"complete-on": datetime.date.today().isoformat()}
    )
    refused = client.post(
        reverse("reviews:review_pause", args=[review.pk]), {"pause-on": datetime.date.today().isoformat()}
    )
    assert refused.status_code == 422  # a reason is required
    client.post(
        reverse("reviews:review_pause", args=[review.pk]),
        {"pause-on": datetime.date.today().isoformat(), "pause-reason": "State request (elections)"},
    )
    review.refresh_from_db()
    assert review.status == CountryReview.Status.PAUSED
    client.post(reverse("reviews:review_resume", args=[review.pk]), {"resume-on": datetime.date.today().isoformat()})
    review.refresh_from_db()
    assert review.status == CountryReview.Status.ACTIVE


def test_drawing_lots_from_the_page(client, staff, uncac_cycle):
    client.force_login(staff)
    url = reverse("reviews:cycle_lots", args=[uncac_cycle.pk])
    response = client.post(url, {"years-seed": "page-seed"})
    assert response.status_code == 302
    assert uncac_cycle.reviews.count() > 180
    draw = LotDraw.objects.get(cycle=uncac_cycle, kind=LotDraw.Kind.YEARS)
    assert draw.seed == "page-seed" and draw.drawn_by == staff

    response = client.post(url, {"reviewers-year": "2016", "reviewers-seed": ""})
    assert response.status_code == 302 and response["Location"].endswith("?year=2016")
    again = client.post(url, {"reviewers-year": "2016", "reviewers-seed": ""})
    assert again.status_code == 422
    assert "have already been drawn" in again.content.decode()
    assert LotDraw.objects.filter(cycle=uncac_cycle, kind=LotDraw.Kind.REVIEWERS).count() == 1


def test_pairings_page_and_csv(client, staff, drawn, django_assert_max_num_queries):
    client.force_login(staff)
    url = reverse("reviews:cycle_pairings", args=[drawn.pk])
    with django_assert_max_num_queries(PAIRINGS_QUERIES):
        page = client.get(url, {"year": 2016})
    rows = page.context["rows"]
    assert rows and all(len(row["reviewers"]) == 2 for row in rows)
    assert rows[0]["reviewers"][0][1] == ReviewerAssignment.Basis.SAME_GROUP.label
    response = client.get(url, {"year": 2016, "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Year,State under review,Code,Regional group")
    assert len(lines) == len(rows) + 1
    client.force_login(UserFactory(focal_point=True))
    assert client.get(url).status_code == 404


#: The cycle, its years, the reviews, their reviewing States, the States, instruments and
#: regional groups, with the session, the user and the freshness counter (read from the
#: database with the embedded default's cache): 10, whatever the number of rows. Headroom: 1.
PAIRINGS_QUERIES = 11
#: The same pairings again, nothing changed: the session, the user, the cycle, the counter.
PAIRINGS_CACHED_QUERIES = 4


def test_the_pairings_come_from_the_cache_until_lots_are_drawn(client, staff, drawn, django_assert_max_num_queries):
    """Read again, the pairings cost no query of reviews; once the next year's reviewing
    States are drawn, the next request shows them."""
    client.force_login(staff)
    url = reverse("reviews:cycle_pairings", args=[drawn.pk])
    before = client.get(url)
    waiting = [row for row in before.context["rows"] if row["year"] == 2017]
    assert waiting and not any(row["reviewers"] for row in waiting)
    with django_assert_max_num_queries(PAIRINGS_CACHED_QUERIES):
        again = client.get(url)
    assert again.context["table_rows"] == before.context["table_rows"]
    lots.lots_draw_reviewers(cycle=drawn, year=2017, actor=staff, seed="views-2017")
    after = client.get(url)
    assert all(len(row["reviewers"]) == 2 for row in after.context["rows"] if row["year"] == 2017)
    assert client.get(url, {"year": 2017}).context["rows"][0]["reviewers"]  # another entry, read


def test_the_pairings_page_reads_in_a_bounded_number_of_queries(client, staff, drawn, django_assert_max_num_queries):
    client.force_login(staff)
    url = reverse("reviews:cycle_pairings", args=[drawn.pk])
    counts = {}
    for year in ("2016", ""):  # one year's reviews, then all the cycle's
        with django_assert_max_num_queries(PAIRINGS_QUERIES) as captured:
            page = client.get(url, {"year": year})
        counts[len(page.context["rows"])] = len(captured)
    assert len(counts) == 2 and len(set(counts.values())) == 1, counts


#: The table as the page showed it when each row was a review with its State, instrument and
#: reviewing States as model instances (``selectors.reviews.pairings``).
MODEL_ROWS_TABLE = (
    "{% load i18n reviewmech %}{% for row in rows %}\n"
    "    <tr>\n"
    "      <td>{{ row.review.year }}</td>\n"
    '      <th scope="row"><a href="{% url \'reviews:review_detail\' row.review.pk %}">'
    '{% tr row.review.state "name" %}</a></th>\n'
    '      <td>{% if row.group %}{% tr row.group "name" %}{% endif %}</td>\n'
    '      <td>{% tr row.review.instrument "short_title" %}</td>\n'
    '      <td>{% for a in row.reviewers %}{% tr a.state "name" %} <span class="muted">({{ a.get_basis_display }})'
    "</span>{% if not forloop.last %}<br>{% endif %}{% empty %}"
    '<span class="muted">{% translate "not drawn yet" %}</span>{% endfor %}</td>\n'
    "    </tr>{% endfor %}"
)


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_pairings_are_those_of_the_model_rows(client, staff, drawn, language):
    """Rows built from values, each name translated once: the same table and CSV as from the
    model instances, a State with no name in the page's language included (its badge)."""
    nameless = state("KEN")
    nameless.name_fr = nameless.name_ar = ""
    nameless.save()
    with translation.override(language):
        url = reverse("reviews:cycle_pairings", args=[drawn.pk])
        expected_rows = selectors.pairings(drawn)
        expected = Template(MODEL_ROWS_TABLE).render(Context({"rows": expected_rows}))
        expected_csv = [
            [
                str(row.review.year),
                translated(row.review.state, "name").text,
                row.review.state.code,
                translated(row.group, "name").text if row.group else "",
                translated(row.review.instrument, "short_title").text,
                "; ".join(f"{translated(a.state, 'name').text} ({a.get_basis_display()})" for a in row.reviewers),
            ]
            for row in expected_rows
        ]
    assert len(expected_rows) > 100 and any(row.reviewers for row in expected_rows)
    assert any(not row.reviewers for row in expected_rows)  # "not drawn yet" as well
    client.force_login(staff)
    html = client.get(url).content.decode()
    table = html[html.index("<tbody>") + len("<tbody>") : html.index("\n  </tbody>")]
    assert table == expected
    if language != "en":
        assert 'class="fallback-badge"' in table
    response = client.get(url, {"format": "csv"})
    assert list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:] == expected_csv


def test_redraw_from_the_review_page(client, staff, drawn):
    review = drawn.reviews.filter(year=2016).first()
    assignment = review.reviewer_assignments.filter(active=True).first()
    client.force_login(staff)
    url = reverse("reviews:review_redraw", args=[review.pk, assignment.pk])
    client.post(url, {f"redraw-{assignment.pk}-comment": "Note verbale of 3 July 2016"})
    assignment.refresh_from_db()
    assert not assignment.active and assignment.replaced_by is not None
    redraw = LotDraw.objects.get(kind=LotDraw.Kind.REDRAW, review=review)
    assert redraw.requested_by_state == review.state and redraw.drawn_by == staff


def test_my_reviews_lists_only_what_the_person_may_see(client):
    kenya = CountryReviewFactory()
    CountryReviewFactory(state=state("UGA"))
    focal_point = UserFactory(focal_point=True)
    client.force_login(focal_point)
    reviews = list(client.get(reverse("reviews:my_reviews")).context["reviews"])
    assert reviews == [kenya]


def test_date_fields_keep_their_value_in_every_language():
    """The browser's date picker only reads ISO dates: a French 23/11/2026 would show empty."""
    import datetime

    from django.utils import translation

    from reviews.forms import CompleteStepForm

    with translation.override("fr"):
        html = str(CompleteStepForm(initial={"on": datetime.date(2026, 11, 23)})["on"])
    assert 'type="date"' in html and 'value="2026-11-23"' in html
    with translation.override("fr"):
        form = CompleteStepForm(data={"on": "2026-11-20", "comment": ""})
        assert form.is_valid(), form.errors
