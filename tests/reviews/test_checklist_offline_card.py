"""The "Work offline" card of the draft checklist with its forms on demand (issue 19): the page
shows the card and a button; the download form (file type, language, chapters and articles) and
the upload form come by HTMX (``checklist_offline``), or without JavaScript with the page at
``?offline=1#offline``; a refused upload shows them in place with the reason.

Kenya's UNCAC cycle-2 review, as in ``test_checklist``: articles 5–14 and 52–59."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reviews.services.checklist import checklist_open, checklist_submit
from tests.factories import UserFactory, state
from tests.reviews.test_checklist import ARTICLES, MANDATORY, fill, page_url

pytestmark = pytest.mark.usefixtures("reference_data")

#: What only the card's forms have (the documents of each article have a file input too).
EXPORT = 'name="format"'


@pytest.fixture
def checklist(review):
    return checklist_open(review=review)


def card_url(review):
    return reverse("reviews:checklist_offline", args=[review.pk])


def import_url(review):
    return reverse("reviews:checklist_offline_import", args=[review.pk])


def htmx(client, url):
    return client.get(url, HTTP_HX_REQUEST="true")


def card(html):
    """The card's markup, from its opening to the end of its section."""
    start = html.index('<section class="card" id="offline"')
    return html[start : html.index("</section>", start)]


def assert_forms(html, review, *, upload):
    """The download form (every chapter and article to tick) and, if ``upload``, the upload form."""
    assert f'action="{reverse("reviews:checklist_offline_export", args=[review.pk])}"' in html
    assert EXPORT in html and 'name="language"' in html
    assert html.count('name="articles"') == len(ARTICLES) and html.count('name="chapters"') == 2
    assert (f'action="{import_url(review)}"' in html) is upload and ("Upload and compare" in html) is upload


def test_the_page_shows_the_card_with_a_button_that_brings_the_forms(client, review, checklist, focal):
    client.force_login(focal)
    html = client.get(page_url(review)).content.decode()
    offline = card(html)
    assert "Work offline" in offline and "word-processor file" in offline
    assert EXPORT not in html and import_url(review) not in html
    assert f'href="{page_url(review)}?offline=1#offline"' in offline
    assert f'hx-get="{card_url(review)}" hx-target="#offline" hx-swap="outerHTML"' in offline
    assert ">Download or upload the checklist</a>" in offline


def test_the_fragment_is_the_card_with_its_forms(client, review, checklist, focal):
    client.force_login(focal)
    response = htmx(client, card_url(review))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<section class="card" id="offline"') and "<html" not in html
    assert_forms(html, review, upload=True)
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'accept=".docx,.odt"' in html and "autofocus" in html  # typing goes to the first field
    assert "Download or upload the checklist" not in html

    # Without HTMX, the address gives the page with the card open.
    plain = client.get(card_url(review))
    assert plain.status_code == 302 and plain["Location"] == f"{page_url(review)}?offline=1#offline"


def test_without_javascript_the_page_shows_the_forms_in_place(client, review, checklist, focal):
    client.force_login(focal)
    html = client.get(page_url(review), {"offline": 1}).content.decode()
    offline = card(html)
    assert_forms(offline, review, upload=True)
    assert "Download or upload the checklist" not in offline
    assert html.count('class="card article-answer"') == len(ARTICLES)  # the rest of the page as it is


def test_the_download_form_exports_the_articles_chosen(client, review, checklist, focal):
    client.force_login(focal)
    htmx(client, card_url(review))
    response = client.get(
        reverse("reviews:checklist_offline_export", args=[review.pk]),
        {"format": "docx", "language": "en", "articles": [5, 6]},
    )
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")


def test_a_refused_upload_shows_the_forms_in_place_with_the_reason(client, review, checklist, focal):
    client.force_login(focal)
    upload = SimpleUploadedFile("checklist.docx", b"%PDF-1.7 not a checklist")
    response = client.post(import_url(review), {"file": upload})
    assert response.status_code == 422
    offline = card(response.content.decode())
    assert_forms(offline, review, upload=True)
    assert "not a DOCX or ODT document exported" in offline  # the reason, beside the field
    assert "Download or upload the checklist" not in offline


def test_once_submitted_the_card_offers_the_download_only(client, review, checklist, focal):
    fill(checklist, focal, MANDATORY)
    checklist_submit(checklist=checklist, actor=focal, consent_to_publish=False)
    client.force_login(focal)
    offline = card(client.get(page_url(review)).content.decode())
    assert ">Download the checklist</a>" in offline and EXPORT not in offline
    html = htmx(client, card_url(review)).content.decode()
    assert_forms(html, review, upload=False)


def test_the_secretariat_gets_the_forms_too(client, review, checklist, staff):
    client.force_login(staff)
    assert_forms(htmx(client, card_url(review)).content.decode(), review, upload=True)


def test_anonymous_is_sent_to_sign_in(client, review, checklist):
    for response in (htmx(client, card_url(review)), client.get(card_url(review))):
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["other-state-focal-point", "expert", "observer", "unassigned-expert"])
def test_those_who_do_not_read_the_draft_get_404(client, request, review, checklist, who):
    users = {
        "other-state-focal-point": lambda: UserFactory(focal_point=True, state=state("UGA")),
        "unassigned-expert": lambda: UserFactory(expert=True, state=state("UGA")),
    }
    client.force_login(users[who]() if who in users else request.getfixturevalue(who))
    for response in (htmx(client, card_url(review)), client.get(card_url(review))):
        assert response.status_code == 404 and EXPORT not in response.content.decode()


# Measured (18 articles): the fragment 5 queries (the session, its user, the review, the
# checklist, its answers with their articles), whatever the number of articles. Bound: the
# measure plus headroom.


def test_the_fragment_stays_bounded(client, review, checklist, focal, django_assert_max_num_queries):
    fill(checklist, focal, ARTICLES)
    client.force_login(focal)
    htmx(client, card_url(review))
    with django_assert_max_num_queries(6):
        assert htmx(client, card_url(review)).status_code == 200
