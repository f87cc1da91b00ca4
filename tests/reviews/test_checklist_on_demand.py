"""The draft checklist with its forms on demand (issue 19): each article read-only with "Edit",
which brings that article's form (an HTMX fragment; without JavaScript, the page with that form
open); saving keeps the autosave, the conflicts and the errors as they were, and whatever fails
shows the form again with the person's text.

Kenya's UNCAC cycle-2 review, as in ``test_checklist``: articles 5–14 and 52–59."""

import re

import pytest
from django.urls import reverse

from reviews.models import Checklist
from reviews.services.checklist import answer_save, checklist_open, checklist_submit
from tests.factories import CountryReviewFactory, UserFactory, state
from tests.reviews.test_attachments import BAD, upload
from tests.reviews.test_checklist import ARTICLES, MANDATORY, answer, fill, form_data, page_url, save_url

# Kenya's submitted cycle-2 checklist and its cycle-3 draft (fixtures ``earlier`` and ``target``).
from tests.reviews.test_checklist_reuse import EARLIER, cycle3, earlier, post_data, reuse_url, target  # noqa: F401

pytestmark = pytest.mark.usefixtures("reference_data")

TEXT = "The Ethics and Anti-Corruption Commission coordinates the national strategy."
#: The fields of one article's form, by their names (one ``a<pk>-narrative`` per open form).
NARRATIVE = re.compile(r'name="a\d+-narrative"')


@pytest.fixture
def checklist(review):
    return checklist_open(review=review)


@pytest.fixture
def drafted(checklist, focal):
    a5 = answer(checklist, 5)
    answer_save(answer=a5, actor=focal, data={"implementation": "partly", "narrative": TEXT}, revision=0)
    return checklist


def edit_url(review, a):
    return reverse("reviews:checklist_answer_edit", args=[review.pk, a.pk])


def htmx(client, url, data=None):
    if data is None:
        return client.get(url, HTTP_HX_REQUEST="true")
    return client.post(url, data, HTTP_HX_REQUEST="true")


def open_forms(html):
    return NARRATIVE.findall(html)


# --- The page: read-only, "Edit" per article ---------------------------------------------------


def test_the_draft_shows_each_answer_read_only_with_edit(client, review, drafted, focal):
    client.force_login(focal)
    response = client.get(page_url(review))
    assert response.status_code == 200 and response.context["editable"] is True
    html = response.content.decode()
    assert open_forms(html) == [] and "<textarea" not in html
    assert html.count('class="card article-answer"') == 18
    a5 = answer(drafted, 5)
    # Article 5: its answer as text, when it was saved, and "Edit" both ways.
    assert TEXT in html and "Partly implemented" in html and "Last saved " in html
    assert f'href="{page_url(review)}?edit=5#article-5"' in html
    assert f'hx-get="{edit_url(review, a5)}" hx-target="#answer-{a5.pk}" hx-swap="outerHTML"' in html
    assert html.count(">Edit</a>") == 18
    assert html.count("Not answered yet.") == 17
    # Nothing else of the page is lost: the attachments, the offline card, the submission.
    assert html.count('class="form attachment-form"') == 18 and 'id="offline"' in html
    assert "Submit the checklist" in html


def test_without_javascript_edit_opens_that_article_only(client, review, drafted, focal):
    client.force_login(focal)
    html = client.get(page_url(review), {"edit": 5}).content.decode()
    a5 = answer(drafted, 5)
    assert open_forms(html) == [f'name="a{a5.pk}-narrative"']
    assert html.count("<textarea") == 5  # narrative, legislation, examples, statistics, assistance
    assert f">\n{TEXT}</textarea>" in html and f'name="a{a5.pk}-revision" value="1"' in html
    assert f'action="{save_url(review, a5)}"' in html and "autofocus" in html
    assert html.count(">Edit</a>") == 17
    # An article that does not exist, or garbage: the page, read-only.
    for value in ("4", "x", ""):
        assert open_forms(client.get(page_url(review), {"edit": value}).content.decode()) == []


def test_the_fragment_is_the_form_of_one_article(client, review, drafted, focal):
    client.force_login(focal)
    a5 = answer(drafted, 5)
    response = htmx(client, edit_url(review, a5))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith(f'<div class="answer-body" id="answer-{a5.pk}">') and "<html" not in html
    assert open_forms(html) == [f'name="a{a5.pk}-narrative"'] and f">\n{TEXT}</textarea>" in html
    assert f'hx-post="{save_url(review, a5)}"' in html and 'hx-trigger="change, keyup delay:1500ms, submit"' in html
    assert f'hx-target="#answer-status-{a5.pk}"' in html and f'id="answer-status-{a5.pk}"' in html
    assert f'hx-post="{save_url(review, a5)}?close=1"' in html and "Save and close" in html
    assert 'name="csrfmiddlewaretoken"' in html and "autofocus" in html

    # Without HTMX, the address gives the page with that form open.
    plain = client.get(edit_url(review, a5))
    assert plain.status_code == 302 and plain["Location"] == f"{page_url(review)}?edit=5#article-5"


def test_the_secretariat_gets_the_form_too(client, review, drafted, staff):
    client.force_login(staff)
    a6 = answer(drafted, 6)
    assert open_forms(htmx(client, edit_url(review, a6)).content.decode()) == [f'name="a{a6.pk}-narrative"']


# --- Who may have the form: those who may save -------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client, review, drafted):
    a5 = answer(drafted, 5)
    for response in (htmx(client, edit_url(review, a5)), client.get(edit_url(review, a5))):
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "who",
    [
        pytest.param("other-state-focal-point", id="other-state-focal-point"),
        pytest.param("expert", id="assigned-expert"),
        pytest.param("observer", id="assigned-observer"),
        pytest.param("unassigned-expert", id="unassigned-expert"),
    ],
)
def test_others_get_404_and_no_text(client, request, review, drafted, who):
    users = {
        "other-state-focal-point": lambda: UserFactory(focal_point=True, state=state("UGA")),
        "unassigned-expert": lambda: UserFactory(expert=True, state=state("UGA")),
    }
    user = users[who]() if who in users else request.getfixturevalue(who)
    client.force_login(user)
    a5 = answer(drafted, 5)
    for response in (htmx(client, edit_url(review, a5)), client.get(edit_url(review, a5))):
        assert response.status_code == 404 and TEXT not in response.content.decode()
    # Saving is refused to them the same way.
    posted = htmx(client, save_url(review, a5), form_data(a5, narrative="overwritten"))
    assert posted.status_code == 404 and answer(drafted, 5).narrative == TEXT
    # And the page, where they may read it, offers them no "Edit".
    page = client.get(page_url(review), {"edit": 5})
    assert open_forms(page.content.decode()) == [] and ">Edit</a>" not in page.content.decode()


def test_an_answer_of_another_review_is_not_reachable_through_ones_own(client, review, checklist, focal):
    uganda = CountryReviewFactory(state=state("UGA"))
    foreign = answer(checklist_open(review=uganda), 5)
    client.force_login(focal)
    assert htmx(client, edit_url(review, foreign)).status_code == 404
    assert htmx(client, edit_url(uganda, foreign)).status_code == 404


def test_a_submitted_checklist_gives_no_form(client, review, checklist, focal):
    fill(checklist, focal, MANDATORY)
    checklist_submit(checklist=checklist, actor=focal, consent_to_publish=False)
    client.force_login(focal)
    a5 = answer(checklist, 5)
    response = htmx(client, edit_url(review, a5))
    assert response.status_code == 200 and response["HX-Redirect"] == f"{page_url(review)}#article-5"
    assert "<textarea" not in response.content.decode()
    plain = client.get(edit_url(review, a5), follow=True)
    html = plain.content.decode()
    assert "The checklist has been submitted. Ask the secretariat to reopen it" in html
    assert open_forms(html) == [] and ">Edit</a>" not in html
    assert open_forms(client.get(page_url(review), {"edit": 5}).content.decode()) == []


# --- Saving: autosave as before, "Save and close", failures keep the text -----------------------


def test_autosave_in_an_opened_form_answers_the_status_as_before(client, review, checklist, focal):
    client.force_login(focal)
    a5 = answer(checklist, 5)
    htmx(client, edit_url(review, a5))
    response = htmx(client, save_url(review, a5), form_data(a5, implementation="fully", narrative=TEXT))
    html = response.content.decode()
    assert html.startswith(f'<div class="answer-status" id="answer-status-{a5.pk}"') and "Saved at" in html
    assert "HX-Retarget" not in response


def test_save_and_close_puts_the_article_back_read_only(client, review, checklist, focal):
    client.force_login(focal)
    a5 = answer(checklist, 5)
    response = htmx(client, save_url(review, a5) + "?close=1", form_data(a5, implementation="fully", narrative=TEXT))
    assert response.status_code == 200 and "HX-Retarget" not in response
    html = response.content.decode()
    assert html.startswith(f'<div class="answer-body" id="answer-{a5.pk}">') and "<html" not in html
    assert TEXT in html and "Fully implemented" in html and "Last saved " in html
    assert "<textarea" not in html and ">Edit</a>" in html and "autofocus" in html  # focus back on "Edit"
    assert answer(checklist, 5).narrative == TEXT


def test_save_and_close_that_fails_keeps_the_form_and_says_why(client, review, checklist, focal, staff):
    client.force_login(focal)
    a5 = answer(checklist, 5)
    too_long = htmx(client, save_url(review, a5) + "?close=1", form_data(a5, narrative="x" * 20_001))
    # The status, where the form is: the form stays on the page with what was typed.
    assert too_long.status_code == 200
    assert too_long["HX-Retarget"] == f"#answer-status-{a5.pk}" and too_long["HX-Reswap"] == "outerHTML"
    assert "at most 20000 characters" in too_long.content.decode()

    answer_save(answer=a5, actor=staff, data={"narrative": "Sofia's version"}, revision=0)
    conflict = htmx(client, save_url(review, a5) + "?close=1", form_data(a5, revision=0, narrative="Mine"))
    assert conflict["HX-Retarget"] == f"#answer-status-{a5.pk}"
    assert "someone else changed this answer" in conflict.content.decode()
    assert answer(checklist, 5).narrative == "Sofia's version"


def test_without_javascript_a_refused_save_shows_the_form_with_the_text_typed(client, review, checklist, focal, staff):
    client.force_login(focal)
    a5 = answer(checklist, 5)
    typed = "My answer, typed with care. " + "x" * 20_000
    response = client.post(save_url(review, a5), form_data(a5, implementation="fully", narrative=typed))
    assert response.status_code == 422
    html = response.content.decode()
    assert open_forms(html) == [f'name="a{a5.pk}-narrative"']  # that article's form, on the page
    assert f">\n{typed}</textarea>" in html
    assert re.search(rf'name="a{a5.pk}-implementation" value="fully" id="[^"]+" checked', html)
    assert "Ensure this value has at most 20000 characters (it has 20028)." in html
    assert html.count('class="card article-answer"') == 18

    answer_save(answer=a5, actor=staff, data={"narrative": "Sofia's version"}, revision=0)
    conflict = client.post(save_url(review, a5), form_data(a5, revision=0, narrative="Wanjiru's version"))
    assert conflict.status_code == 409
    html = conflict.content.decode()
    assert "someone else changed this answer" in html and "Sofia Rossi saved it at" in html
    assert ">\nWanjiru&#x27;s version</textarea>" in html  # hers still in the form
    assert answer(checklist, 5).narrative == "Sofia's version"


def test_a_refused_document_opens_its_article_with_the_reason(client, review, drafted, focal):
    client.force_login(focal)
    a6 = answer(drafted, 6)
    response = client.post(
        reverse("reviews:checklist_attachment_add", args=[review.pk, a6.pk]),
        {"file": upload("budget.docx", BAD["xlsx"])},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert open_forms(html) == [f'name="a{a6.pk}-narrative"'] and f'id="attachment-errors-{a6.pk}"' in html
    assert TEXT in html  # article 5, read-only


def test_an_unanswered_article_is_opened_when_submitting_is_refused(client, review, checklist, focal):
    fill(checklist, focal, [n for n in MANDATORY if n not in (8, 57)])
    client.force_login(focal)
    response = client.post(reverse("reviews:checklist_submit", args=[review.pk]), {})
    assert response.status_code == 422
    html = response.content.decode()
    assert "These mandatory articles are not answered yet: article 8, article 57." in html
    assert open_forms(html) == [f'name="a{answer(checklist, 8).pk}-narrative"']


def test_an_answer_copied_from_an_earlier_review_is_shown_open_once(client, request, focal):
    source, draft = request.getfixturevalue("earlier"), request.getfixturevalue("target")
    client.force_login(focal)
    a5 = answer(draft, 5)
    copied = client.post(reuse_url(draft, a5), post_data(source, a5), follow=True)
    html = copied.content.decode()
    assert open_forms(html) == [f'name="a{a5.pk}-narrative"'] and f">\n{EARLIER}</textarea>" in html
    # Once: the next visit shows it read-only.
    again = client.get(reverse("reviews:checklist", args=[draft.review_id])).content.decode()
    assert open_forms(again) == [] and EARLIER in again


# --- What each article shows, worked out once per page (issue 19) ---------------------------------


def test_each_article_shows_its_heading_documents_and_words_as_before(client, review, drafted, focal):
    from django.utils import translation
    from django.utils.formats import date_format
    from django.utils.timezone import localtime

    from reviews.services.attachments import attachment_add
    from tests.reviews.test_attachments import PDF, download_url, remove_url

    a5 = answer(drafted, 5)
    article = a5.article
    type(article).objects.filter(pk=article.pk).update(guidance_en="Read with the <Technical Guide>.")
    attachment = attachment_add(answer=a5, actor=focal, upload=upload("Loi <n° 22>.pdf", PDF))
    client.force_login(focal)
    html = client.get(page_url(review)).content.decode()
    assert f'<h3 id="article-5-title">Article 5. {article.title_en}' in html
    assert '<p class="guidance">Read with the &lt;Technical Guide&gt;.</p>' in html
    assert html.count('class="guidance"') == 1  # the articles without guidance have none
    assert html.count('<span class="badge">Mandatory</span>') == len(MANDATORY)
    # The document: its address, type and size, who added it and when, and how to remove it.
    when = date_format(localtime(attachment.uploaded_at), "SHORT_DATETIME_FORMAT")
    assert f'<a href="{download_url(review, attachment)}" dir="auto">Loi &lt;n° 22&gt;.pdf</a>' in html
    assert f"PDF, {len(PDF)}\xa0bytes —\n        added by Wanjiru Kamau, {when}</span>" in html
    assert f'action="{remove_url(review, attachment)}"' in html
    assert 'aria-label="Remove Loi &lt;n° 22&gt;.pdf">Remove</button>' in html
    assert html.count("No document attached.") == 17 and html.count(">Attach</button>") == 18
    assert html.count("PDF, DOCX or ODT, at most ") == 18
    assert f'id="attachment-file-{a5.pk}"' in html and f'aria-describedby="attachment-help-{a5.pk}"' in html
    assert f'action="{reverse("reviews:checklist_attachment_add", args=[review.pk, a5.pk])}"' in html

    # A title missing in the page's language is shown in English, and said so.
    type(article).objects.filter(pk=article.pk).update(title_fr="")
    with translation.override("fr"):
        french = client.get(page_url(review)).content.decode()
    assert f'<span lang="en" dir="ltr">{article.title_en}</span> <span class="fallback-badge"' in french


# --- Query counts ------------------------------------------------------------------------------
# Measured (18 answers): the fragment 5 queries (the session, its user, the review, the answer
# with its article, the technical assistance categories), whatever the number of articles;
# "Save and close" 12 (the autosave's 11 and the answer read again); the read-only page 9 (the
# session, its user, the review, the checklist with whether an article lacks its answer, the
# answers with their articles, the documents, the earlier answers to reuse, the submitted
# versions, the person's State in the header), with one form open 10 (the categories). Bounds:
# the measure plus headroom.


def test_the_fragment_and_the_page_with_a_form_open_stay_bounded(
    client, review, checklist, focal, django_assert_max_num_queries
):
    fill(checklist, focal, ARTICLES)
    client.force_login(focal)
    a5 = answer(checklist, 5)
    htmx(client, edit_url(review, a5))
    with django_assert_max_num_queries(7):
        assert htmx(client, edit_url(review, a5)).status_code == 200
    with django_assert_max_num_queries(14):
        closed = htmx(client, save_url(review, a5) + "?close=1", form_data(a5, implementation="fully", narrative=TEXT))
    assert closed.status_code == 200
    with django_assert_max_num_queries(11):
        assert client.get(page_url(review), {"edit": 5}).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(page_url(review)).status_code == 200
    with django_assert_max_num_queries(10):  # the "Work offline" card open in place: no query more
        assert client.get(page_url(review), {"offline": 1}).status_code == 200
    assert Checklist.objects.get(review=review).status == Checklist.Status.DRAFT
