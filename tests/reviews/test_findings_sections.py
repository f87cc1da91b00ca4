"""The findings page one chapter (UNCAC) or cluster (UNTOC) at a time (issue 19): the counts of
every chapter by kind in its navigation, the findings of one chapter below (the first, or the
one asked for with ``?chapter=``; all of them with ``?chapter=all``), every action leading back
to the chapter it was taken in, and the form to add a finding loaded on demand.

Kenya's UNCAC cycle-2 review: chapter II (articles 5–14) and chapter V (articles 52–59).
"""

import re

import pytest
from django.urls import reverse

from reviews.models import Finding
from reviews.selectors.findings import review_findings
from reviews.services.findings import finding_create
from tests.factories import CountryReviewFactory, UserFactory, article_of, cycle

pytestmark = pytest.mark.usefixtures("reference_data")

HTMX = {"HTTP_HX_REQUEST": "true"}
GOOD, CHALLENGE, RECOMMENDATION = (
    Finding.Kind.GOOD_PRACTICE,
    Finding.Kind.CHALLENGE,
    Finding.Kind.RECOMMENDATION,
)


def create(review, actor, number, text, kind=CHALLENGE):
    return finding_create(review=review, actor=actor, article=article_of(review, number), kind=kind, text=text)


def page_url(review, **query):
    url = reverse("reviews:findings", args=[review.pk])
    return f"{url}?{'&'.join(f'{k}={v}' for k, v in query.items())}" if query else url


@pytest.fixture
def chapters(review, expert):
    """Two findings in chapter II, three in chapter V: (chapter II's key, chapter V's key)."""
    create(review, expert, 5, "Two-five challenge.")
    create(review, expert, 6, "Two-six good.", kind=GOOD)
    create(review, expert, 52, "Five-two challenge.")
    create(review, expert, 53, "Five-three recommendation.", kind=RECOMMENDATION)
    create(review, expert, 53, "Five-three recommendation bis.", kind=RECOMMENDATION)
    two, five = (f"chapter-{article_of(review, n).chapter_id}" for n in (5, 52))
    return two, five


def test_the_selector_reads_one_section_and_counts_them_all(review, chapters):
    two, five = chapters
    result = review_findings(review, section=five)
    assert [s.key for s in result.sections] == [two, five] and result.opened == [five]
    assert [r.text.text for r in result.rows()] == [
        "Five-two challenge.",
        "Five-three recommendation.",
        "Five-three recommendation bis.",
    ]
    assert [s.total for s in result.sections] == [2, 3] and result.total == 5
    assert result.sections[0].kind_counts[:3] == [
        (GOOD, Finding.Kind.GOOD_PRACTICE.label, 1),
        (CHALLENGE, Finding.Kind.CHALLENGE.label, 1),
        (RECOMMENDATION, Finding.Kind.RECOMMENDATION.label, 0),
    ]
    assert result.sections[0].articles[0].kinds == []  # counted, not read
    assert result.current.key == five and result.neighbours == (result.sections[0], None)
    assert review_findings(review, section="chapter-0").opened == [two]  # unknown: the first
    assert review_findings(review).opened == [two, five] and review_findings(review).current is None
    only = review_findings(review, article_id=article_of(review, 53).pk)
    assert only.opened == [five] and len(list(only.rows())) == 2


def test_the_page_opens_on_the_first_chapter_with_the_counts_of_all(client, review, chapters, expert):
    two, five = chapters
    client.force_login(expert)
    html = client.get(page_url(review)).content.decode()
    assert "Two-five challenge." in html and "Two-six good." in html
    assert "Five-two challenge." not in html
    start = html.index('<nav class="toc"')
    nav = html[start : html.index("</nav>", start)]
    assert f'<a href="?chapter={two}" aria-current="page"><strong>Chapter II. Preventive measures</strong></a>' in nav
    assert f'<a href="?chapter={five}">Chapter V. Asset recovery</a>' in nav
    assert '<a href="?chapter=all">All chapters</a>' in nav
    # Chapter V: 0 good practices, 1 challenge, 2 recommendations, 0 needs; 3 in all.
    five_row = nav[nav.index(f"?chapter={five}") :]
    assert re.findall(r'<td class="num">(\d+)</td>', five_row)[:5] == ["0", "1", "2", "0", "3"]
    assert f'href="?chapter={five}" rel="next"' in html and 'rel="prev"' not in html


def test_the_chapter_asked_for_is_kept(client, review, chapters, expert):
    two, five = chapters
    client.force_login(expert)
    html = client.get(page_url(review, chapter=five)).content.decode()
    assert "Five-three recommendation bis." in html and "Two-five challenge." not in html
    assert f'href="?chapter={two}" rel="prev"' in html
    # The form to add a finding keeps the chapter too.
    assert f'hx-get="{reverse("reviews:finding_add", args=[review.pk])}?chapter={five}"' in html
    everything = client.get(page_url(review, chapter="all")).content.decode()
    assert "Two-five challenge." in everything and "Five-three recommendation bis." in everything
    assert '<a href="?chapter=all" aria-current="page">' in everything
    unknown = client.get(page_url(review, chapter="chapter-999999"))
    assert unknown.status_code == 200 and "Two-five challenge." in unknown.content.decode()


def test_a_single_chapter_needs_no_navigation(client, review, expert):
    create(review, expert, 5, "Alone.")
    client.force_login(expert)
    html = client.get(page_url(review)).content.decode()
    assert "Alone." in html and '<nav class="toc"' not in html and 'rel="next"' not in html


def test_actions_lead_back_to_the_chapter_of_the_finding(client, review, chapters, expert):
    _two, five = chapters
    client.force_login(expert)
    late = Finding.objects.get(text_en="Five-three recommendation bis.")
    moved = client.post(reverse("reviews:finding_move", args=[review.pk, late.pk]), {"direction": "up"})
    assert moved["Location"] == f"{page_url(review, chapter=five)}#finding-{late.pk}"
    added = client.post(
        reverse("reviews:finding_add", args=[review.pk]) + f"?chapter={_two}",
        {"new-article": article_of(review, 59).pk, "new-kind": CHALLENGE, "new-text": "Five-nine."},
    )
    new = Finding.objects.get(text_en="Five-nine.")
    assert added["Location"] == f"{page_url(review, chapter=five)}#finding-{new.pk}"
    deleted = client.post(reverse("reviews:finding_delete", args=[review.pk, late.pk]), {})
    assert deleted["Location"] == page_url(review, chapter=five)
    # The page without JavaScript shows a finding's form in its own chapter.
    edit = client.get(reverse("reviews:finding_edit", args=[review.pk, new.pk])).content.decode()
    assert 'name="edit-text"' in edit and "Two-five challenge." not in edit and "Five-two challenge." in edit


def test_the_form_to_add_a_finding_comes_on_demand(client, review, chapters, expert, observer):
    _two, five = chapters
    add = reverse("reviews:finding_add", args=[review.pk])
    client.force_login(expert)
    page = client.get(page_url(review, chapter=five))
    html = page.content.decode()
    assert page.context["add_form"] is None and 'name="new-text"' not in html
    assert f'<a class="button" href="{add}?chapter={five}#add-finding" hx-get="{add}?chapter={five}"' in html
    fragment = client.get(f"{add}?chapter={five}", **HTMX)
    body = fragment.content.decode()
    assert fragment.status_code == 200 and "<h1>" not in body
    assert f'action="{add}?chapter={five}"' in body and 'name="new-text"' in body and "csrfmiddlewaretoken" in body
    # Without JavaScript: the page, in the same chapter, with the form open.
    whole = client.get(f"{add}?chapter={five}")
    assert whole.status_code == 200 and 'name="new-text"' in whole.content.decode()
    assert "Five-two challenge." in whole.content.decode()
    # A form with errors comes back on the page of its chapter.
    refused = client.post(f"{add}?chapter={five}", {"new-article": "", "new-kind": CHALLENGE, "new-text": "x"})
    assert refused.status_code == 422 and "Five-two challenge." in refused.content.decode()
    client.force_login(observer)
    assert client.get(add).status_code == 404
    assert 'id="add-finding"' not in client.get(page_url(review)).content.decode()


def test_untoc_findings_are_sectioned_by_cluster(client):
    untoc = CountryReviewFactory(cycle=cycle("untoc-rm", 1))
    staff = UserFactory(username="lin", secretariat=True)
    create(untoc, staff, 5, "Participation in a group.")
    client.force_login(staff)
    result = review_findings(untoc)
    assert result.by_cluster and result.sections[0].key.startswith("cluster-")
    response = client.get(page_url(untoc))
    assert response.status_code == 200 and "Participation in a group." in response.content.decode()
    finding = Finding.objects.get(review=untoc)
    back = client.get(reverse("reviews:finding_item", args=[untoc.pk, finding.pk]))
    assert back["Location"] == f"{page_url(untoc, chapter=result.sections[0].key)}#finding-{finding.pk}"
