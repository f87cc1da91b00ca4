"""The review page at ten times the data (issue 19): rows of ready values, the history's latest
events with the rest on demand, the secondary forms on demand (HTMX, or ``?form=`` without
JavaScript), a number of queries that does not grow with the history, and fragments that
answer with the permissions of their action."""

import datetime

import pytest
from django.urls import reverse

from reviews.forms import ConsentForm
from reviews.models import ConsentDecision, CountryReview, ReviewEvent
from reviews.services import lots
from reviews.services.dialogue import meeting_create, meeting_update
from reviews.services.workflow import review_complete_step
from reviews.views.review import HISTORY_LATEST
from sessions.models import IncomingNote
from tests.factories import ParticipantFactory, UserFactory, cycle, state

pytestmark = pytest.mark.usefixtures("reference_data")

D = datetime.date
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def drawn_review(staff):
    """Kenya's review of UNCAC cycle 2 (2016) with its reviewing States drawn, started, with
    people on it, a consent decision and a dialogue meeting changed (a meeting in its history)."""
    uncac = cycle()
    lots.lots_draw_years(cycle=uncac, actor=staff, seed="page")
    lots.lots_draw_reviewers(cycle=uncac, year=2016, actor=staff, seed="page-2016")
    review = uncac.reviews.filter(reviewer_assignments__active=True).select_related("state").first()
    focal = UserFactory(focal_point=True, state=review.state, first_name="Amina", last_name="Odhiambo")
    ParticipantFactory(review=review, user=focal)
    review_complete_step(review=review, actor=staff, on=D(2017, 1, 10), comment="CU 2017/1", notify=False)
    review.refresh_from_db()
    ConsentDecision.objects.create(
        review=review,
        item=ConsentDecision.Item.TIMELINE,
        decision=ConsentDecision.Decision.GRANTED,
        decided_on=D(2017, 2, 1),
        message="E-mail of 1 February 2017",
        recorded_by=staff,
    )
    meeting = meeting_create(
        review=review,
        actor=staff,
        mode="country_visit",
        starts_on=D(2024, 5, 6),
        ends_on=D(2024, 5, 8),
        venue="Nairobi",
    )
    meeting_update(meeting=meeting, actor=staff, venue="Mombasa")
    return review


def _events(review, count, staff):
    ReviewEvent.objects.bulk_create(
        ReviewEvent(review=review, kind=ReviewEvent.Kind.CONSENT_CHANGED, actor=staff, comment=f"Event {i}\nline two")
        for i in range(count)
    )


def page_url(review, **query):
    url = reverse("reviews:review_detail", args=[review.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


# --- Queries ------------------------------------------------------------------------------------------


def test_the_page_reads_the_same_queries_whatever_the_history(
    client, staff, drawn_review, django_assert_max_num_queries
):
    client.force_login(staff)
    counts = {}
    for extra in (0, 40):
        _events(drawn_review, extra, staff)
        with django_assert_max_num_queries(13) as captured:
            response = client.get(page_url(drawn_review))
        assert response.status_code == 200
        counts[extra] = len(captured)
    assert counts[0] == counts[40], counts
    with django_assert_max_num_queries(counts[0]):
        assert client.get(page_url(drawn_review, history="all")).status_code == 200


def test_the_fragments_read_a_bounded_number_of_queries(client, staff, drawn_review, django_assert_max_num_queries):
    _events(drawn_review, 40, staff)
    client.force_login(staff)
    assignment = drawn_review.reviewer_assignments.filter(active=True).first()
    fragments = {
        "pause": reverse("reviews:review_pause", args=[drawn_review.pk]),
        "consent": reverse("reviews:review_consent", args=[drawn_review.pk]),
        "redraw": reverse("reviews:review_redraw", args=[drawn_review.pk, assignment.pk]),
        "history": reverse("reviews:review_history", args=[drawn_review.pk]),
    }
    for name, url in fragments.items():
        with django_assert_max_num_queries(6):
            response = client.get(url, **HX)
        assert response.status_code == 200, name
    CountryReview.objects.filter(pk=drawn_review.pk).update(status=CountryReview.Status.PAUSED)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("reviews:review_resume", args=[drawn_review.pk]), **HX).status_code == 200


# --- What the page shows -------------------------------------------------------------------------------


def test_the_page_shows_its_rows_and_the_forms_on_demand_as_links(client, staff, drawn_review):
    client.force_login(staff)
    response = client.get(page_url(drawn_review))
    html = response.content.decode()
    assert len(response.context["page"].reviewers) == 2
    assert "Amina Odhiambo" in html and "CU 2017/1" in html and "E-mail of 1 February 2017" in html
    assert 'aria-current="step"' in html and "Focal point named" in html
    assert 'name="complete-on"' in html  # recording a step: on the page
    for field in ("pause-reason", "consent-item", "-exceptional"):  # the others: on demand
        assert f'name="{field}"' not in html and field not in html
    assert f'hx-get="{reverse("reviews:review_pause", args=[drawn_review.pk])}"' in html
    assert f'hx-get="{reverse("reviews:review_consent", args=[drawn_review.pk])}"' in html
    assignment = drawn_review.reviewer_assignments.filter(active=True).first()
    assert f'hx-get="{reverse("reviews:review_redraw", args=[drawn_review.pk, assignment.pk])}"' in html
    # The meeting changed, as the history showed it.
    assert 'Venue: <span dir="auto">Nairobi</span> → <span dir="auto">Mombasa</span>' in html
    assert '<time datetime="2024-05-06">' in html


def test_the_history_shows_the_latest_events_and_the_rest_on_demand(client, staff, drawn_review):
    _events(drawn_review, 30, staff)
    total = drawn_review.events.count()
    client.force_login(staff)
    html = client.get(page_url(drawn_review)).content.decode()
    assert html.count('<time datetime="') - html.count('<time datetime="2024-') == HISTORY_LATEST
    assert "Event 29<br>line two" in html and "Event 0<br>" not in html
    more = reverse("reviews:review_history", args=[drawn_review.pk])
    assert f'hx-get="{more}"' in html and "?history=all#history" in html

    rest = client.get(more, **HX).content.decode()
    assert rest.count("<li>\n      <time") == total - HISTORY_LATEST and "Event 0<br>line two" in rest
    assert "Event 29<br>" not in rest

    redirect = client.get(more)
    assert redirect.status_code == 302 and redirect["Location"].endswith("?history=all#history")
    everything = client.get(page_url(drawn_review, history="all")).content.decode()
    assert "Event 0<br>" in everything and "Event 29<br>" in everything and f'hx-get="{more}"' not in everything


# --- The forms on demand -----------------------------------------------------------------------------


@pytest.mark.parametrize("name,field", [("pause", "pause-reason"), ("consent", "consent-item")])
def test_a_form_comes_on_demand_with_htmx_or_on_the_page_without(client, staff, drawn_review, name, field):
    client.force_login(staff)
    url = reverse(f"reviews:review_{name}", args=[drawn_review.pk])
    fragment = client.get(url, **HX).content.decode()
    assert fragment.lstrip().startswith(f'<form method="post" action="{url}" id="{name}-form"')
    assert f'name="{field}"' in fragment and "csrfmiddlewaretoken" in fragment
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == page_url(drawn_review) + f"?form={name}#{name}-form"
    page = client.get(page_url(drawn_review, form=name)).content.decode()
    assert f'id="{name}-form"' in page and f'name="{field}"' in page


def test_the_redraw_and_resume_forms_on_demand(client, staff, drawn_review):
    client.force_login(staff)
    assignment = drawn_review.reviewer_assignments.filter(active=True).first()
    url = reverse("reviews:review_redraw", args=[drawn_review.pk, assignment.pk])
    fragment = client.get(url, **HX).content.decode()
    assert f'name="redraw-{assignment.pk}-comment"' in fragment and "Redraws used: 0 of" in fragment
    assert client.get(url)["Location"].endswith(f"?form=redraw-{assignment.pk}#redraw-{assignment.pk}")
    page = client.get(page_url(drawn_review, form=f"redraw-{assignment.pk}")).content.decode()
    assert f'name="redraw-{assignment.pk}-comment"' in page and page.count('name="redraw-') == 2  # that one only

    client.post(
        reverse("reviews:review_pause", args=[drawn_review.pk]),
        {"pause-on": D.today().isoformat(), "pause-reason": "Elections"},
    )
    page = client.get(page_url(drawn_review)).content.decode()
    assert "Elections" in page and 'name="resume-on"' not in page
    fragment = client.get(reverse("reviews:review_resume", args=[drawn_review.pk]), **HX).content.decode()
    assert 'name="resume-on"' in fragment
    assert 'name="resume-on"' in client.get(page_url(drawn_review, form="resume")).content.decode()


def test_a_form_asked_for_that_does_not_apply_is_not_shown(client, staff, drawn_review):
    client.force_login(staff)
    html = client.get(page_url(drawn_review, form="resume")).content.decode()  # the review is not paused
    assert 'name="resume-on"' not in html


def test_a_form_posted_with_errors_comes_back_open_with_what_was_typed(client, staff, drawn_review):
    client.force_login(staff)
    url = reverse("reviews:review_pause", args=[drawn_review.pk])
    response = client.post(url, {"pause-on": "2017-01-11", "pause-reason": ""})
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="pause-form"' in html and 'value="2017-01-11"' in html and "This field is required." in html
    response = client.post(url, {"pause-on": "2017-01-11", "pause-reason": ""}, **HX)
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="review-workflow"')
    assert 'id="pause-form"' in html and 'value="2017-01-11"' in html and "This field is required." in html

    consent = client.post(
        reverse("reviews:review_consent", args=[drawn_review.pk]),
        {"consent-item": "full_report", "consent-decision": "refused", "consent-decided_on": "2019-05-02"},
    )
    html = consent.content.decode()
    assert consent.status_code == 422 and 'id="consent-form"' in html
    assert '<option value="full_report" selected>' in html and 'value="2019-05-02"' in html
    assert "Say what the decision rests on" in html


def test_the_consent_form_lists_the_notes_in_one_query(staff, drawn_review, django_assert_num_queries):
    notes = [
        IncomingNote.objects.create(
            state=drawn_review.state,
            received_on=D(2019, 5, day),
            their_reference=f"REF/{day}" if day % 2 else "",
            subject=f"Consent {day}",
            registered_by=staff,
        )
        for day in (1, 2, 3)
    ]
    IncomingNote.objects.create(state=state("UGA"), received_on=D(2019, 5, 4), subject="Not Kenya", registered_by=staff)
    with django_assert_num_queries(1):
        form = ConsentForm(prefix="consent", review=drawn_review, staff=True)
        html = str(form["incoming_note"])
    for note in notes:
        assert f'<option value="{note.pk}">{note}</option>' in html
    assert "Not Kenya" not in html
    bound = ConsentForm(
        {"consent-item": "timeline", "consent-decision": "granted", "consent-decided_on": "2019-05-02"}
        | {"consent-incoming_note": str(notes[0].pk)},
        prefix="consent",
        review=drawn_review,
        staff=True,
    )
    assert bound.is_valid(), bound.errors
    assert bound.cleaned_data["incoming_note"] == notes[0]


# --- Access ---------------------------------------------------------------------------------------------


def _fragments(review):
    assignment = review.reviewer_assignments.filter(active=True).first()
    return {
        "pause": reverse("reviews:review_pause", args=[review.pk]),
        "resume": reverse("reviews:review_resume", args=[review.pk]),
        "consent": reverse("reviews:review_consent", args=[review.pk]),
        "redraw": reverse("reviews:review_redraw", args=[review.pk, assignment.pk]),
        "history": reverse("reviews:review_history", args=[review.pk]),
    }


@pytest.mark.parametrize("htmx", [True, False])
def test_the_fragments_are_refused_as_their_actions_are(client, drawn_review, htmx):
    headers = HX if htmx else {}
    urls = _fragments(drawn_review)
    for url in urls.values():  # anonymous: to the sign-in page
        response = client.get(url, **headers)
        assert response.status_code == 302 and "login" in response["Location"], url
    other_focal = UserFactory(focal_point=True, state=state("UGA"))
    stranger = UserFactory(expert=True)  # an expert not on the review
    for user in (other_focal, stranger):
        client.force_login(user)
        for name, url in urls.items():
            assert client.get(url, **headers).status_code == 404, (user, name)
            assert client.get(page_url(drawn_review, form=name)).status_code == 404


def test_the_people_on_the_review_get_the_fragments_of_what_they_may_do(client, drawn_review):
    urls = _fragments(drawn_review)
    expert = UserFactory(expert=True)
    ParticipantFactory(review=drawn_review, user=expert)
    focal = drawn_review.participants.get(role="focal_point").user
    may = {
        expert: {"history"},
        focal: {"history", "consent"},  # the State decides what is published
    }
    for user, allowed in may.items():
        client.force_login(user)
        for name, url in urls.items():
            status = client.get(url, **HX).status_code
            assert status == (200 if name in allowed else 404), (user, name, status)
        page = client.get(page_url(drawn_review, form="pause")).content.decode()
        assert 'name="pause-reason"' not in page and "Pause the review" not in page
        redraw = client.get(page_url(drawn_review, form=f"redraw-{drawn_review.reviewer_assignments.first().pk}"))
        assert "-exceptional" not in redraw.content.decode()
