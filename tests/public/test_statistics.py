"""The public statistics: aggregates only — reviews by phase and regional group, TA needs of
published summaries by article and category, step durations as median and quartiles, withheld
below the minimum group size; no State named; bad filters answered with a message."""

import datetime

import pytest

from reference.models import MechanismMembership, RegionalGroup, TechnicalAssistanceCategory
from reviews.models import CountryReview, ReviewReport, StepCompletion, WorkflowStep
from reviews.selectors import statistics
from tests.factories import CountryReviewFactory, FindingFactory, UserFactory, article_of, cycle
from tests.public.test_findings import summary

pytestmark = pytest.mark.usefixtures("reference_data")

D = datetime.date


def african_states(count):
    group = RegionalGroup.objects.get(memberships__state__code="KEN", memberships__mechanism__code="irm")
    codes = list(
        MechanismMembership.objects.filter(mechanism__code="irm", regional_group=group)
        .order_by("state__code")
        .values_list("state__code", flat=True)[:count]
    )
    return group, codes


@pytest.fixture
def six_reviews():
    """Six African reviews that went from the focal point's nomination to the teleconference in
    10, 20, 30, 40, 50 and 60 days; one at the desk review, the others completed."""
    from reference.models import State

    staff = UserFactory(secretariat=True)
    steps = list(WorkflowStep.objects.filter(mechanism__code="irm").order_by("order"))
    group, codes = african_states(6)
    reviews = []
    for n, code in enumerate(codes, start=1):
        review = CountryReviewFactory(
            state=State.objects.get(code=code), status=CountryReview.Status.COMPLETED, current_step=None
        )
        StepCompletion.objects.create(review=review, step=steps[1], completed_on=D(2017, 1, 1), recorded_by=staff)
        StepCompletion.objects.create(
            review=review,
            step=steps[2],
            completed_on=D(2017, 1, 1) + datetime.timedelta(days=10 * n),
            recorded_by=staff,
        )
        reviews.append(review)
    CountryReview.objects.filter(pk=reviews[0].pk).update(status="active", current_step=steps[4])
    return group, reviews


def test_reviews_by_phase_and_group(six_reviews):
    group, _reviews = six_reviews
    table = statistics.reviews_by_phase(cycle())
    desk = next(key for key, label in table.phases if getattr(label, "code", "") == "desk_review")
    assert table.counts[group.pk] == {"completed": 5, desk: 1}
    assert table.totals["completed"] == 5


def test_step_durations_are_quartiles_and_withheld_for_small_groups(six_reviews):
    group, _reviews = six_reviews
    durations = {d.step.code: d for d in statistics.step_durations(cycle())}
    teleconference = durations["initial_teleconference"]
    assert teleconference.count == 6 and not teleconference.withheld
    assert (
        teleconference.median == 35 and teleconference.lower_quartile == 22.5 and teleconference.upper_quartile == 47.5
    )
    assert durations["desk_review"].count == 0 and durations["desk_review"].withheld
    other = RegionalGroup.objects.exclude(pk=group.pk).first()
    assert all(d.count == 0 for d in statistics.step_durations(cycle(), regional_group=other))


def test_ta_needs_count_published_summaries_only(six_reviews):
    _group, reviews = six_reviews
    category = TechnicalAssistanceCategory.objects.get(code="capacity_building")
    summary(reviews[1])
    summary(reviews[2], status=ReviewReport.Status.AGREED)
    for review in reviews[1:3]:
        FindingFactory(review=review, kind="ta_need", article=article_of(review, 13), ta_category=category)
    needs = statistics.ta_needs(cycle())
    assert [(article.number, counts, total) for article, counts, total in needs.rows] == [(13, {category.pk: 1}, 1)]


def test_the_page_names_no_state_and_bounds_its_queries(client, six_reviews, django_assert_max_num_queries):
    with django_assert_max_num_queries(16):
        page = client.get("/en/statistics/")
    body = page.content.decode()
    assert page.status_code == 200 and "Initial teleconference" in body and "too few reviews to show" in body
    for review in six_reviews[1]:
        assert f">{review.state.name_en}<" not in body
    assert client.get("/en/statistics/", {"cycle": "999999"}).status_code == 400
    assert client.get("/ar/statistics/").status_code == 200
