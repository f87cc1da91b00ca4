"""The self-assessment checklist: generated per article, saved as the focal point types,
frozen as a version on submission, reopened by the secretariat; drafts stay with the State.

Kenya's UNCAC cycle-2 review (chapters II and V): articles 5–14 and 52–59. France's expert and
an Austrian observer take part in it; a Ugandan focal point and an unassigned expert do not.
"""

import copy

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from documents.models import Rendition
from reference.models import TechnicalAssistanceCategory
from reviews.models import Checklist, ChecklistAnswer, ChecklistSubmission, ConsentDecision, ReviewEvent
from reviews.services.checklist import (
    AnswerConflict,
    answer_save,
    checklist_open,
    checklist_reopen,
    checklist_submit,
)
from tests.factories import CountryReviewFactory, UserFactory, state

pytestmark = pytest.mark.usefixtures("reference_data")

ARTICLES = [*range(5, 15), *range(52, 60)]
#: Articles 7, 56, 58 and 59 are "must consider": the rest must be answered before submitting.
MANDATORY = [5, 6, 8, 9, 10, 11, 12, 13, 14, 52, 53, 54, 55, 57]
DRAFT = "DRAFT-ONLY: the Kenyan anti-corruption commission is still being restructured."


@pytest.fixture
def checklist(review):
    return checklist_open(review=review)


def answer(checklist, number):
    return checklist.answers.get(article__number=number)


def fill(checklist, actor, numbers, text="Implemented by the Anti-Corruption and Economic Crimes Act, 2003."):
    for number in numbers:
        a = answer(checklist, number)
        answer_save(
            answer=a,
            actor=actor,
            data={"implementation": "fully", "narrative": f"{text} ({number})"},
            revision=a.revision,
        )


def form_data(a, revision=None, **fields):
    """What the autosave form posts for answer ``a``: every field, prefixed ``a<pk>-``."""
    values = {
        "implementation": "",
        "narrative": "",
        "legislation": "",
        "examples": "",
        "statistics": "",
        "ta_category": "",
        "ta_needs": "",
        "revision": a.revision if revision is None else revision,
        **fields,
    }
    return {f"a{a.pk}-{name}": value for name, value in values.items()}


def save_url(review, a):
    return reverse("reviews:checklist_answer_save", args=[review.pk, a.pk])


def page_url(review):
    return reverse("reviews:checklist", args=[review.pk])


# --- Service ---------------------------------------------------------------------------------


def test_open_creates_one_answer_per_article_under_review_once(review):
    checklist = checklist_open(review=review)
    numbers = list(checklist.answers.order_by("article__number").values_list("article__number", flat=True))
    assert numbers == ARTICLES and len(numbers) == 18  # chapters II and V; general provisions excluded
    assert set(checklist.answers.values_list("revision", flat=True)) == {0}
    assert checklist.status == Checklist.Status.DRAFT

    again = checklist_open(review=review)
    assert again.pk == checklist.pk
    assert Checklist.objects.filter(review=review).count() == 1
    assert ChecklistAnswer.objects.filter(checklist=checklist).count() == 18


def test_answer_save_saves_fields_and_counts_revisions(checklist, focal):
    category = TechnicalAssistanceCategory.objects.get(code="legislative")
    a = answer(checklist, 5)
    saved = answer_save(
        answer=a,
        actor=focal,
        data={
            "implementation": "partly",
            "narrative": "A national strategy was adopted in 2015.",
            "legislation": "Anti-Corruption and Economic Crimes Act, s. 11",
            "examples": "County integrity plans",
            "statistics": "47 counties",
            "ta_category": category,
            "ta_needs": "Model legislation",
        },
        revision=0,
    )
    assert saved.revision == 1
    a.refresh_from_db()
    assert (a.implementation, a.narrative, a.legislation, a.examples, a.statistics, a.ta_needs) == (
        "partly",
        "A national strategy was adopted in 2015.",
        "Anti-Corruption and Economic Crimes Act, s. 11",
        "County integrity plans",
        "47 counties",
        "Model legislation",
    )
    assert a.ta_category == category and a.revision == 1
    assert a.updated_by == focal and a.updated_at is not None
    first_saved_at = a.updated_at

    answer_save(answer=a, actor=focal, data={"statistics": "all 47 counties"}, revision=1)
    a.refresh_from_db()
    assert a.revision == 2 and a.statistics == "all 47 counties"
    assert a.narrative == "A national strategy was adopted in 2015."  # fields not given are kept
    assert a.updated_at >= first_saved_at


def test_two_people_editing_the_same_answer_the_second_save_is_refused(checklist, focal, staff):
    """Optimistic locking: both loaded revision 0; the first save wins, the second is refused
    with the current answer, and nothing is overwritten silently."""
    mine = answer(checklist, 6)
    theirs = answer(checklist, 6)
    answer_save(answer=theirs, actor=staff, data={"implementation": "fully", "narrative": "Their text"}, revision=0)

    with pytest.raises(AnswerConflict) as caught:
        answer_save(answer=mine, actor=focal, data={"implementation": "not", "narrative": "My text"}, revision=0)

    assert caught.value.current.narrative == "Their text"
    assert caught.value.current.revision == 1
    assert caught.value.current.updated_by == staff
    current = answer(checklist, 6)
    assert (current.narrative, current.implementation, current.revision, current.updated_by) == (
        "Their text",
        "fully",
        1,
        staff,
    )


def test_submit_refuses_while_mandatory_articles_are_unanswered_and_keeps_everything(checklist, focal):
    fill(checklist, focal, [6, 8, 52])
    a9 = answer(checklist, 9)
    answer_save(answer=a9, actor=focal, data={"implementation": "fully", "narrative": "   "}, revision=0)

    with pytest.raises(ValidationError) as caught:
        checklist_submit(checklist=checklist, actor=focal, consent_to_publish=True)

    message = " ".join(caught.value.messages)
    assert "article 5" in message and "article 57" in message
    assert "article 9" in message  # stated but not explained: not answered
    for answered_or_optional in ("article 6,", "article 8,", "article 52,", "article 7,", "article 56", "article 59"):
        assert answered_or_optional not in message
    assert caught.value.params["articles"] == [5, 9, 10, 11, 12, 13, 14, 53, 54, 55, 57]

    checklist.refresh_from_db()
    assert checklist.status == Checklist.Status.DRAFT and checklist.consent_to_publish is False
    assert not ChecklistSubmission.objects.exists()
    assert not ReviewEvent.objects.filter(kind=ReviewEvent.Kind.CHECKLIST_SUBMITTED).exists()
    assert answer(checklist, 6).narrative.startswith("Implemented by")
    assert answer(checklist, 52).revision == 1


def test_not_applicable_counts_as_answered_without_a_narrative(checklist, focal):
    fill(checklist, focal, [n for n in MANDATORY if n != 14])
    a14 = answer(checklist, 14)
    answer_save(answer=a14, actor=focal, data={"implementation": "not_applicable"}, revision=0)
    assert checklist_submit(checklist=checklist, actor=focal, consent_to_publish=False).number == 1


def test_submit_freezes_version_1_with_a_snapshot(checklist, focal, django_capture_on_commit_callbacks):
    fill(checklist, focal, MANDATORY)
    answer_save(
        answer=answer(checklist, 5),
        actor=focal,
        data={"ta_category": TechnicalAssistanceCategory.objects.get(code="capacity_building"), "ta_needs": "Training"},
        revision=1,
    )
    with django_capture_on_commit_callbacks() as callbacks:
        submission = checklist_submit(checklist=checklist, actor=focal, consent_to_publish=True)

    assert submission.number == 1 and submission.submitted_by == focal and submission.consent_to_publish is True
    rows = {row["number"]: row for row in submission.answers}
    assert sorted(rows) == ARTICLES
    assert rows[5]["implementation"] == "fully"
    assert rows[5]["narrative"] == "Implemented by the Anti-Corruption and Economic Crimes Act, 2003. (5)"
    assert rows[5]["ta_category"] == "capacity_building" and rows[5]["ta_needs"] == "Training"
    assert rows[5]["revision"] == 2
    assert rows[7]["implementation"] == "" and rows[7]["narrative"] == ""  # optional, left blank
    checklist.refresh_from_db()
    assert checklist.status == Checklist.Status.SUBMITTED and checklist.consent_to_publish is True
    event = ReviewEvent.objects.get(kind=ReviewEvent.Kind.CHECKLIST_SUBMITTED)
    assert event.review == checklist.review and event.actor == focal
    assert event.data == {"version": 1, "consent_to_publish": True}
    # The notification, sent once committed, and the PDF of the version the State agreed to
    # publish, made by the workers; the decision is in the consent ledger.
    assert len(callbacks) == 2
    decision = ConsentDecision.objects.get(review=checklist.review, item="self_assessment")
    assert decision.decision == "granted" and decision.recorded_by == focal
    assert Rendition.objects.for_document(submission).exists()


def test_saving_after_submission_is_refused(checklist, focal):
    fill(checklist, focal, MANDATORY)
    checklist_submit(checklist=checklist, actor=focal, consent_to_publish=False)
    a5 = answer(checklist, 5)
    with pytest.raises(ValidationError) as caught:
        answer_save(answer=a5, actor=focal, data={"narrative": "changed"}, revision=a5.revision)
    assert "submitted" in caught.value.messages[0] and "reopen" in caught.value.messages[0]
    assert answer(checklist, 5).narrative.endswith("(5)") and answer(checklist, 5).revision == 1
    with pytest.raises(ValidationError):  # nor submitted twice
        checklist_submit(checklist=checklist, actor=focal, consent_to_publish=False)
    assert ChecklistSubmission.objects.count() == 1


def test_only_the_state_under_review_and_the_secretariat_write(checklist, expert, observer):
    uganda_focal = UserFactory(focal_point=True, state=state("UGA"))
    a5 = answer(checklist, 5)
    for outsider in (expert, observer, uganda_focal):
        with pytest.raises(PermissionDenied):
            answer_save(answer=a5, actor=outsider, data={"narrative": "x"}, revision=0)
        with pytest.raises(PermissionDenied):
            checklist_submit(checklist=checklist, actor=outsider, consent_to_publish=False)
    assert answer(checklist, 5).revision == 0


def test_reopen_is_for_the_secretariat_with_a_reason(checklist, focal, staff, expert):
    fill(checklist, focal, MANDATORY)
    with pytest.raises(ValidationError):  # a draft is not reopened
        checklist_reopen(checklist=checklist, actor=staff, reason="Article 5 needs statistics")
    checklist_submit(checklist=checklist, actor=focal, consent_to_publish=False)

    for not_staff in (focal, expert):
        with pytest.raises(PermissionDenied):
            checklist_reopen(checklist=checklist, actor=not_staff, reason="please")
    for empty in ("", "   ", None):
        with pytest.raises(ValidationError) as caught:
            checklist_reopen(checklist=checklist, actor=staff, reason=empty)
        assert "reason" in caught.value.message_dict
    checklist.refresh_from_db()
    assert checklist.status == Checklist.Status.SUBMITTED

    checklist_reopen(checklist=checklist, actor=staff, reason="Article 5 needs statistics")
    checklist.refresh_from_db()
    assert checklist.status == Checklist.Status.DRAFT
    v1 = checklist.submissions.get()
    assert v1.reopen_reason == "Article 5 needs statistics" and v1.reopened_by == staff and v1.reopened_at
    event = ReviewEvent.objects.get(kind=ReviewEvent.Kind.CHECKLIST_REOPENED)
    assert (event.actor, event.comment, event.data) == (staff, "Article 5 needs statistics", {"version": 1})


def test_a_second_submission_is_version_2_and_version_1_stays_frozen(checklist, focal, staff):
    fill(checklist, focal, MANDATORY)
    v1 = checklist_submit(checklist=checklist, actor=focal, consent_to_publish=False)
    frozen = copy.deepcopy(ChecklistSubmission.objects.get(pk=v1.pk).answers)
    checklist_reopen(checklist=checklist, actor=staff, reason="Add statistics")

    a5 = answer(checklist, 5)
    answer_save(
        answer=a5, actor=focal, data={"narrative": "Revised: 312 cases in 2016.", "statistics": "312"}, revision=1
    )
    v2 = checklist_submit(checklist=checklist, actor=focal, consent_to_publish=True)

    assert v2.number == 2
    assert {row["number"]: row for row in v2.answers}[5]["narrative"] == "Revised: 312 cases in 2016."
    v1.refresh_from_db()
    assert v1.answers == frozen
    assert {row["number"]: row for row in v1.answers}[5]["narrative"].endswith("(5)")
    assert v1.reopen_reason == "Add statistics" and v2.reopen_reason == ""
    assert list(checklist.submissions.values_list("number", flat=True)) == [2, 1]
    assert ReviewEvent.objects.filter(kind=ReviewEvent.Kind.CHECKLIST_SUBMITTED).count() == 2


# --- Who sees and who writes -----------------------------------------------------------------


@pytest.fixture
def drafted(checklist, focal):
    """Article 5 drafted, nothing submitted."""
    answer_save(
        answer=answer(checklist, 5), actor=focal, data={"implementation": "partly", "narrative": DRAFT}, revision=0
    )
    return checklist


def _posts_are_refused(client, review, checklist):
    """The autosave, submit and reopen endpoints answer 404 and change nothing."""
    a5 = answer(checklist, 5)
    before = (a5.narrative, a5.revision)
    data = form_data(a5, implementation="not", narrative="overwritten")
    assert client.post(save_url(review, a5), data, HTTP_HX_REQUEST="true").status_code == 404
    assert client.post(save_url(review, a5), data).status_code == 404
    assert client.post(reverse("reviews:checklist_submit", args=[review.pk]), {}).status_code == 404
    reopen = client.post(reverse("reviews:checklist_reopen", args=[review.pk]), {"reason": "because"})
    assert reopen.status_code == 404
    a5.refresh_from_db()
    assert (a5.narrative, a5.revision) == before
    assert checklist.submissions.filter(reopened_at__isnull=False).count() == 0


def test_focal_point_of_the_state_under_review_edits(client, review, drafted, focal):
    client.force_login(focal)
    response = client.get(page_url(review))
    assert response.status_code == 200
    assert response.context["editable"] is True
    html = response.content.decode()
    assert DRAFT in html  # in the article 5 textarea
    assert "Submit the checklist" in html and "Reopen the checklist" not in html
    assert (response.context["answered"], response.context["total"]) == (1, 18)


def test_focal_point_of_another_state_gets_404_and_no_leak(client, review, drafted):
    client.force_login(UserFactory(focal_point=True, state=state("UGA")))
    response = client.get(page_url(review))
    assert response.status_code == 404
    assert DRAFT not in response.content.decode()
    _posts_are_refused(client, review, drafted)


@pytest.mark.parametrize("who", ["expert", "observer"])
def test_assigned_expert_and_observer_read_only_the_submitted_version(
    client, request, review, drafted, focal, staff, who
):
    client.force_login(request.getfixturevalue(who))

    before = client.get(page_url(review))
    assert before.status_code == 200
    html = before.content.decode()
    assert "has not submitted its self-assessment checklist yet" in html
    assert DRAFT not in html and "<textarea" not in html
    _posts_are_refused(client, review, drafted)

    fill(drafted, focal, [n for n in MANDATORY if n != 5])
    checklist_submit(checklist=drafted, actor=focal, consent_to_publish=False)
    after = client.get(page_url(review)).content.decode()
    assert DRAFT in after and "Version 1, submitted" in after
    assert "Partly implemented" in after
    assert "<textarea" not in after and "/checklist/answers/" not in after and "/checklist/submit/" not in after
    _posts_are_refused(client, review, drafted)

    # Reopened and changed again: the readers keep seeing version 1, never the new draft.
    checklist_reopen(checklist=drafted, actor=staff, reason="More detail on article 5")
    a5 = answer(drafted, 5)
    answer_save(answer=a5, actor=focal, data={"narrative": "NEW DRAFT not yet submitted"}, revision=a5.revision)
    reread = client.get(page_url(review)).content.decode()
    assert DRAFT in reread and "NEW DRAFT not yet submitted" not in reread


def test_expert_not_assigned_gets_404(client, review, drafted):
    client.force_login(UserFactory(expert=True, state=state("UGA")))
    response = client.get(page_url(review))
    assert response.status_code == 404 and DRAFT not in response.content.decode()
    _posts_are_refused(client, review, drafted)


def test_observer_not_assigned_gets_404(client, review, drafted):
    client.force_login(UserFactory())
    assert client.get(page_url(review)).status_code == 404
    _posts_are_refused(client, review, drafted)


def test_deactivated_focal_point_gets_nothing(client, review, drafted):
    client.force_login(UserFactory(focal_point=True, is_active=False))
    response = client.get(page_url(review))
    assert response.status_code in (302, 404) and DRAFT not in response.content.decode()  # signed out
    a5 = answer(drafted, 5)
    client.post(save_url(review, a5), form_data(a5, narrative="x"), HTTP_HX_REQUEST="true")
    assert answer(drafted, 5).narrative == DRAFT


def test_anonymous_is_sent_to_sign_in(client, review, drafted):
    response = client.get(page_url(review))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    a5 = answer(drafted, 5)
    posted = client.post(save_url(review, a5), form_data(a5, narrative="anonymous"), HTTP_HX_REQUEST="true")
    assert posted.status_code == 302 and "/accounts/login/" in posted["Location"]
    submitted = client.post(reverse("reviews:checklist_submit", args=[review.pk]), {})
    assert submitted.status_code == 302
    assert answer(drafted, 5).narrative == DRAFT and not ChecklistSubmission.objects.exists()


def test_secretariat_edits_and_reopens(client, review, drafted, focal, staff):
    client.force_login(staff)
    response = client.get(page_url(review))
    assert response.status_code == 200 and response.context["editable"] is True
    assert DRAFT in response.content.decode()
    a6 = answer(drafted, 6)
    saved = client.post(
        save_url(review, a6), form_data(a6, narrative="Helped by the secretariat"), HTTP_HX_REQUEST="true"
    )
    assert "Saved at" in saved.content.decode()
    assert answer(drafted, 6).updated_by == staff

    fill(drafted, focal, [n for n in MANDATORY if n not in (5, 6)])
    answer_save(answer=answer(drafted, 6), actor=focal, data={"implementation": "fully"}, revision=1)
    checklist_submit(checklist=drafted, actor=focal, consent_to_publish=False)
    submitted = client.get(page_url(review))
    html = submitted.content.decode()
    assert submitted.context["editable"] is False and "Reopen the checklist" in html
    assert html.count("<textarea") == 1 and 'name="reason"' in html  # the reopen form, no answer forms

    no_reason = client.post(reverse("reviews:checklist_reopen", args=[review.pk]), {"reason": ""})
    assert no_reason.status_code == 422
    drafted.refresh_from_db()
    assert drafted.status == Checklist.Status.SUBMITTED

    reopened = client.post(
        reverse("reviews:checklist_reopen", args=[review.pk]), {"reason": "Add case law"}, follow=True
    )
    assert "The checklist is reopened" in reopened.content.decode()
    drafted.refresh_from_db()
    assert drafted.status == Checklist.Status.DRAFT
    assert "Reopened" in reopened.content.decode() and "Add case law" in reopened.content.decode()


def test_focal_point_cannot_reopen(client, review, drafted, focal):
    fill(drafted, focal, [n for n in MANDATORY if n != 5])
    answer_save(answer=answer(drafted, 5), actor=focal, data={"implementation": "partly"}, revision=1)
    checklist_submit(checklist=drafted, actor=focal, consent_to_publish=False)
    client.force_login(focal)
    response = client.post(reverse("reviews:checklist_reopen", args=[review.pk]), {"reason": "I changed my mind"})
    assert response.status_code == 404
    drafted.refresh_from_db()
    assert drafted.status == Checklist.Status.SUBMITTED
    page = client.get(page_url(review))
    assert page.status_code == 200 and page.context["editable"] is False
    assert "Reopen the checklist" not in page.content.decode() and "<textarea" not in page.content.decode()


def test_an_answer_of_another_review_is_not_reachable_through_ones_own(client, review, checklist, focal):
    uganda = CountryReviewFactory(state=state("UGA"))
    foreign = answer(checklist_open(review=uganda), 5)
    client.force_login(focal)
    response = client.post(save_url(review, foreign), form_data(foreign, narrative="x"), HTTP_HX_REQUEST="true")
    assert response.status_code == 404
    assert client.post(save_url(uganda, foreign), form_data(foreign, narrative="x")).status_code == 404
    foreign.refresh_from_db()
    assert foreign.revision == 0 and foreign.narrative == ""


# --- Autosave, conflicts, escaping, limits ----------------------------------------------------


def test_htmx_autosave_returns_the_status_and_the_new_revision(client, review, checklist, focal):
    client.force_login(focal)
    a5 = answer(checklist, 5)
    category = TechnicalAssistanceCategory.objects.get(code="legislative")
    data = form_data(
        a5,
        implementation="fully",
        narrative="The Ethics and Anti-Corruption Commission",
        legislation="Act No. 22 of 2011",
        examples="Three campaigns",
        statistics="12 prosecutions",
        ta_category=category.pk,
        ta_needs="Drafting help",
    )
    response = client.post(save_url(review, a5), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith(f'<div class="answer-status" id="answer-status-{a5.pk}"') and "<html" not in html
    assert "Saved at" in html
    assert f'name="a{a5.pk}-revision" id="id_a{a5.pk}-revision" value="1" hx-swap-oob="true"' in html
    a5.refresh_from_db()
    assert (a5.implementation, a5.narrative, a5.legislation, a5.examples, a5.statistics, a5.ta_needs) == (
        "fully",
        "The Ethics and Anti-Corruption Commission",
        "Act No. 22 of 2011",
        "Three campaigns",
        "12 prosecutions",
        "Drafting help",
    )
    assert a5.ta_category == category and a5.revision == 1 and a5.updated_by == focal

    # The next keystrokes go out with the new revision and are saved too.
    again = client.post(save_url(review, a5), {**data, f"a{a5.pk}-revision": 1}, HTTP_HX_REQUEST="true")
    assert 'value="2" hx-swap-oob="true"' in again.content.decode()


def test_plain_post_saves_and_returns_to_the_article(client, review, checklist, focal):
    client.force_login(focal)
    a8 = answer(checklist, 8)
    response = client.post(save_url(review, a8), form_data(a8, implementation="not", narrative="No law yet"))
    assert response.status_code == 302 and response["Location"].endswith("/checklist/#article-8")
    assert answer(checklist, 8).narrative == "No law yet"


def test_stale_revision_shows_the_conflict_and_keeps_the_other_text(client, review, checklist, focal, staff):
    a5 = answer(checklist, 5)
    answer_save(
        answer=a5, actor=staff, data={"implementation": "fully", "narrative": "Sofia's <b>version</b>"}, revision=0
    )
    client.force_login(focal)
    mine = form_data(a5, revision=0, implementation="not", narrative="Wanjiru's version")

    response = client.post(save_url(review, a5), mine, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "someone else changed this answer" in html
    assert "Sofia Rossi saved it at" in html
    assert "Sofia's &lt;b&gt;version&lt;/b&gt;" in html  # their text, escaped (by nh3: quotes left as they are)
    assert "Saved at" not in html and "hx-swap-oob" not in html
    current = answer(checklist, 5)
    assert (current.narrative, current.implementation, current.revision) == ("Sofia's <b>version</b>", "fully", 1)

    plain = client.post(save_url(review, a5), mine)
    assert plain.status_code == 409 and "someone else changed this answer" in plain.content.decode()
    assert answer(checklist, 5).narrative == "Sofia's <b>version</b>"


def test_markup_is_stored_as_typed_and_shown_escaped(client, review, checklist, focal, expert):
    typed = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'
    client.force_login(focal)
    a5 = answer(checklist, 5)
    client.post(save_url(review, a5), form_data(a5, implementation="fully", narrative=typed), HTTP_HX_REQUEST="true")
    assert answer(checklist, 5).narrative == typed

    html = client.get(page_url(review)).content.decode()
    assert "&lt;script&gt;alert(" in html and "&amp; &lt;img src=x onerror=alert(1)&gt;" in html
    assert '<script>alert("x")' not in html and "<img src=x" not in html

    fill(checklist, focal, [n for n in MANDATORY if n != 5])
    checklist_submit(checklist=checklist, actor=focal, consent_to_publish=False)
    client.force_login(expert)
    read = client.get(page_url(review)).content.decode()
    assert '&lt;script&gt;alert("x")&lt;/script&gt;' in read and '<script>alert("x")' not in read


def test_over_long_text_gets_a_clear_error_and_nothing_is_saved(client, review, checklist, focal):
    client.force_login(focal)
    a5 = answer(checklist, 5)
    data = form_data(a5, implementation="fully", narrative="x" * 20_001)

    response = client.post(save_url(review, a5), data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ensure this value has at most 20000 characters (it has 20001)." in html
    assert "Saved at" not in html
    plain = client.post(save_url(review, a5), data)
    assert plain.status_code == 422 and "at most 20000 characters" in plain.content.decode()
    a5.refresh_from_db()
    assert (a5.narrative, a5.implementation, a5.revision) == ("", "", 0)

    # 20,000 characters are accepted, in every long field.
    limit = dict.fromkeys(("narrative", "legislation", "examples", "statistics", "ta_needs"), "y" * 20000)
    ok = client.post(save_url(review, a5), form_data(a5, **limit), HTTP_HX_REQUEST="true")
    assert "Saved at" in ok.content.decode()
    assert len(answer(checklist, 5).ta_needs) == 20_000


def test_an_unknown_implementation_value_is_refused(client, review, checklist, focal):
    client.force_login(focal)
    a5 = answer(checklist, 5)
    response = client.post(save_url(review, a5), form_data(a5, implementation="maybe"), HTTP_HX_REQUEST="true")
    assert "Select a valid choice" in response.content.decode()
    assert answer(checklist, 5).revision == 0


def test_autosave_after_submission_says_why(client, review, checklist, focal):
    fill(checklist, focal, MANDATORY)
    checklist_submit(checklist=checklist, actor=focal, consent_to_publish=False)
    client.force_login(focal)
    a5 = answer(checklist, 5)
    response = client.post(save_url(review, a5), form_data(a5, narrative="late"), HTTP_HX_REQUEST="true")
    assert "The checklist has been submitted" in response.content.decode()
    assert answer(checklist, 5).narrative.endswith("(5)")


def test_submit_with_unanswered_articles_is_422_with_the_list(client, review, checklist, focal):
    fill(checklist, focal, [n for n in MANDATORY if n not in (5, 57)])
    client.force_login(focal)
    response = client.post(reverse("reviews:checklist_submit", args=[review.pk]), {"consent_to_publish": "on"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "These mandatory articles are not answered yet: article 5, article 57." in html
    assert "<textarea" in html  # the page again, answers in place
    assert not ChecklistSubmission.objects.exists()
    checklist.refresh_from_db()
    assert checklist.status == Checklist.Status.DRAFT and checklist.consent_to_publish is False


def test_submit_with_consent(client, review, checklist, focal):
    fill(checklist, focal, MANDATORY)
    client.force_login(focal)
    response = client.post(reverse("reviews:checklist_submit", args=[review.pk]), {"consent_to_publish": "on"})
    assert response.status_code == 302 and response["Location"] == page_url(review)
    submission = ChecklistSubmission.objects.get()
    assert submission.consent_to_publish is True and submission.submitted_by == focal
    html = client.get(page_url(review)).content.decode()
    assert "The checklist is submitted (version 1)." in html
    assert "The State agrees to publish its self-assessment." in html and "<textarea" not in html


# --- Query counts ------------------------------------------------------------------------------
# Measured, SQLite and PostgreSQL alike (18 answers): the focal point's draft page 29 queries,
# 18 of them the technical assistance categories, loaded again for each answer form (one per
# article: UNCAC cycle 1 asks about more articles, so more queries); once submitted, the focal
# point's page 11 and the secretariat's 10; the expert's submitted version 8, "not submitted
# yet" 6. Bounds: the measure plus headroom.


def test_checklist_page_query_count_is_bounded(client, review, checklist, focal, expert, django_assert_max_num_queries):
    fill(checklist, focal, ARTICLES)
    client.force_login(focal)
    client.get(page_url(review))  # sessions, caches warm
    with django_assert_max_num_queries(15):
        assert client.get(page_url(review)).status_code == 200

    client.force_login(expert)
    client.get(page_url(review))
    with django_assert_max_num_queries(10):
        assert "has not submitted" in client.get(page_url(review)).content.decode()

    checklist_submit(checklist=checklist, actor=focal, consent_to_publish=False)
    with django_assert_max_num_queries(12):
        response = client.get(page_url(review))
    assert response.status_code == 200 and response.content.decode().count('class="card article-answer"') == 18


def test_submitted_checklist_page_query_count_is_bounded(
    client, review, checklist, focal, staff, django_assert_max_num_queries
):
    fill(checklist, focal, ARTICLES)
    checklist_submit(checklist=checklist, actor=focal, consent_to_publish=False)
    client.force_login(staff)
    client.get(page_url(review))
    with django_assert_max_num_queries(15):
        assert client.get(page_url(review)).status_code == 200


def test_submitting_completes_the_self_assessment_step(reference_data):
    """The focal point records no workflow step, but submitting the checklist completes the
    step that waits for it, and only that one."""
    import datetime

    from reviews.models import StepCompletion, WorkflowStep
    from reviews.services import workflow
    from reviews.services.checklist import answer_save, checklist_open, checklist_submit

    staff = UserFactory(secretariat=True)
    focal = UserFactory(focal_point=True)
    review = CountryReviewFactory()
    on = datetime.date.today() - datetime.timedelta(days=30)
    for _step in range(3):  # notification, focal point named, initial teleconference
        workflow.review_complete_step(review=review, actor=staff, on=on, notify=False)
    review.refresh_from_db()
    assert review.current_step.code == "self_assessment"
    checklist = checklist_open(review=review)
    for answer in checklist.answers.all():
        answer_save(answer=answer, actor=focal, data={"implementation": "not_applicable"}, revision=answer.revision)
    checklist_submit(checklist=checklist, actor=focal, consent_to_publish=False)
    review.refresh_from_db()
    assert review.current_step.code == "desk_review"
    completion = StepCompletion.objects.get(review=review, step__code="self_assessment")
    assert completion.recorded_by == focal and completion.completed_on == datetime.date.today()
    assert "version 1" in completion.comment
    # Submitting again (after a reopen) does not complete the desk review.
    from reviews.services.checklist import checklist_reopen

    checklist_reopen(checklist=checklist, actor=staff, reason="Article 9 needs the 2025 statistics.")
    checklist_submit(checklist=checklist, actor=focal, consent_to_publish=False)
    review.refresh_from_db()
    assert review.current_step == WorkflowStep.objects.get(mechanism__code="irm", code="desk_review")
