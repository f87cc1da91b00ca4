"""Desk review: the reviewing experts' questions on the submitted checklist and the State's replies.

Kenya's UNCAC cycle-2 review (chapters II and V: articles 5–14 and 52–59). France's expert and a
Ugandan expert are assigned to it, with an Austrian observer; Kenya's focal point replies. A
Ugandan focal point and a Colombian expert who is not assigned see nothing.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from reference.models import Article, Obligation
from reviews.models import Checklist, ChecklistSubmission, QuestionMessage, ReviewEvent, ReviewQuestion
from reviews.services.checklist import answer_save, checklist_open, checklist_submit
from reviews.services.desk_review import MAX_TEXT, question_ask, question_close, question_reply
from tests.factories import CountryReviewFactory, ParticipantFactory, UserFactory, state

pytestmark = pytest.mark.usefixtures("reference_data")

SECRET = "SECRET-Q: how many officials of the Ethics Commission were vetted in 2016?"
OPEN, ANSWERED, CLOSED = ReviewQuestion.Status.OPEN, ReviewQuestion.Status.ANSWERED, ReviewQuestion.Status.CLOSED


@pytest.fixture
def submitted(review, focal):
    """A submitted checklist (version 1), written directly for speed."""
    checklist = checklist_open(review=review)
    ChecklistSubmission.objects.create(checklist=checklist, number=1, submitted_by=focal)
    Checklist.objects.filter(pk=checklist.pk).update(status=Checklist.Status.SUBMITTED)
    return checklist


def article(review, number):
    return Article.objects.get(instrument=review.instrument, number=number)


def ask(review, actor, text=SECRET, number=5):
    return question_ask(review=review, actor=actor, text=text, article=article(review, number) if number else None)


def thread(question):
    return list(question.messages.values_list("author__username", "text"))


def status(question):
    question.refresh_from_db()
    return question.status


# --- Service: asking -------------------------------------------------------------------------


def test_assigned_expert_asks_on_an_article_under_review(
    review, submitted, expert, observer, focal, django_capture_on_commit_callbacks
):
    ParticipantFactory(review=review, user=focal)  # the focal point is on the review: mailed
    with django_capture_on_commit_callbacks() as callbacks:
        question = ask(review, expert)
    assert len(callbacks) == 1  # the notification is queued, not sent, until the commit

    assert (question.review, question.article.number, question.asked_by, question.status) == (review, 5, expert, OPEN)
    assert thread(question) == [("pierre", SECRET)]
    event = ReviewEvent.objects.get(kind=ReviewEvent.Kind.QUESTION_ASKED)
    assert (event.review, event.actor, event.data) == (review, expert, {"question": question.pk, "article": 5})

    mail.outbox.clear()
    callbacks[0]()  # the commit: the task runs (eagerly) and mails everyone on the review but the asker
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "wanjiru@example.org"]
    assert all(SECRET not in m.body for m in mail.outbox)  # the mail says what happened, not what was asked


def test_secretariat_asks_on_the_review_as_a_whole(review, submitted, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        question = ask(review, staff, text="  On the review as a whole.  ", number=None)
    assert question.article is None and question.asked_by == staff and question.status == OPEN
    assert thread(question) == [("sofia", "On the review as a whole.")]  # trimmed
    event = ReviewEvent.objects.get(kind=ReviewEvent.Kind.QUESTION_ASKED)
    assert event.data == {"question": question.pk, "article": None} and event.actor == staff
    assert len(callbacks) == 1


def test_asking_is_refused_before_the_checklist_is_submitted(review, expert, staff, focal):
    with pytest.raises(ValidationError) as caught:
        ask(review, expert)  # no checklist at all
    assert caught.value.messages == ["Questions can be raised once the State under review has submitted its checklist."]
    checklist_open(review=review)  # a draft is not enough either
    for actor in (expert, staff):
        with pytest.raises(ValidationError, match="submitted its checklist"):
            ask(review, actor)
    assert not ReviewQuestion.objects.exists() and not QuestionMessage.objects.exists()
    assert not ReviewEvent.objects.filter(kind=ReviewEvent.Kind.QUESTION_ASKED).exists()


def test_asking_works_after_a_real_submission(review, focal, expert):
    """The same path the State takes: answers saved, then submitted through the service."""
    checklist = checklist_open(review=review)
    for answer in checklist.answers.filter(article__obligation=Obligation.MANDATORY):
        answer_save(answer=answer, actor=focal, data={"implementation": "fully", "narrative": "Yes."}, revision=0)
    checklist_submit(checklist=checklist, actor=focal, consent_to_publish=False)
    assert ask(review, expert).status == OPEN


def test_asking_about_an_article_not_under_review_is_refused(review, submitted, expert):
    with pytest.raises(ValidationError) as caught:
        ask(review, expert, number=15)  # chapter III: not in this cycle
    assert caught.value.message_dict == {"article": ["This article is not under review."]}
    untoc_article = Article.objects.exclude(instrument=review.instrument).filter(number=5).first()
    with pytest.raises(ValidationError) as caught:  # article 5 of another instrument
        question_ask(review=review, actor=expert, text=SECRET, article=untoc_article)
    assert "article" in caught.value.message_dict
    assert not ReviewQuestion.objects.exists()


@pytest.mark.parametrize("text", ["", "   \n ", None, "x" * (MAX_TEXT + 1)])
def test_asking_with_empty_or_too_long_text_is_refused(review, submitted, expert, text):
    with pytest.raises(ValidationError) as caught:
        ask(review, expert, text=text)
    assert list(caught.value.message_dict) == ["text"]
    assert not ReviewQuestion.objects.exists()


def test_a_question_of_exactly_the_maximum_length_is_accepted(review, submitted, expert):
    assert ask(review, expert, text="x" * MAX_TEXT).messages.get().text == "x" * MAX_TEXT


@pytest.mark.parametrize("who", ["focal", "uganda_focal", "outsider_expert", "observer", "anonymous", "inactive"])
def test_only_assigned_experts_and_the_secretariat_ask(request, review, submitted, expert, who):
    if who == "anonymous":
        actor = AnonymousUser()
    elif who == "inactive":  # an expert taken off the review
        actor = ParticipantFactory(review=review, user=UserFactory(expert=True), active=False).user
    else:
        actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        ask(review, actor)
    with pytest.raises(PermissionDenied):  # refused before the text or the article is looked at
        ask(review, actor, text="", number=15)
    assert not ReviewQuestion.objects.exists()


def test_an_expert_assigned_to_another_review_does_not_ask_on_this_one(review, submitted):
    elsewhere = CountryReviewFactory(state=state("UGA"))
    roaming = ParticipantFactory(review=elsewhere, user=UserFactory(expert=True)).user
    with pytest.raises(PermissionDenied):
        ask(review, roaming)


# --- Service: the thread ---------------------------------------------------------------------


def test_reply_follow_up_and_close(review, submitted, expert, focal, staff, django_capture_on_commit_callbacks):
    question = ask(review, expert)

    with django_capture_on_commit_callbacks() as callbacks:
        reply = question_reply(question=question, actor=focal, text="We vetted 212 officials.")
    assert reply.author == focal and status(question) == ANSWERED
    assert len(callbacks) == 1
    answered = ReviewEvent.objects.get(kind=ReviewEvent.Kind.QUESTION_ANSWERED)
    assert (answered.actor, answered.data) == (focal, {"question": question.pk})

    with django_capture_on_commit_callbacks() as callbacks:
        question_reply(question=question, actor=expert, text="And in 2017?")
    assert status(question) == OPEN and callbacks == []  # a follow-up opens it again, nobody mailed
    question_reply(question=question, actor=focal, text="180 in 2017.")
    assert status(question) == ANSWERED
    question_reply(question=question, actor=staff, text="Please cite the report.")  # the secretariat follows up
    assert status(question) == OPEN

    assert thread(question) == [
        ("pierre", SECRET),
        ("wanjiru", "We vetted 212 officials."),
        ("pierre", "And in 2017?"),
        ("wanjiru", "180 in 2017."),
        ("sofia", "Please cite the report."),
    ]
    assert ReviewEvent.objects.filter(kind=ReviewEvent.Kind.QUESTION_ANSWERED).count() == 2
    question.refresh_from_db()
    assert question.updated_at >= question.messages.last().created_at

    question_close(question=question, actor=expert)  # the asker is satisfied
    assert status(question) == CLOSED


def test_the_secretariat_closes_any_question(review, submitted, expert, staff):
    question = ask(review, expert)
    question_close(question=question, actor=staff)
    assert status(question) == CLOSED


@pytest.mark.parametrize("who", ["other_expert", "focal", "observer", "outsider_expert", "uganda_focal"])
def test_nobody_else_closes_a_question(request, review, submitted, expert, who):
    question = ask(review, expert)
    question_reply(question=question, actor=request.getfixturevalue("focal"), text="Answered.")
    with pytest.raises(PermissionDenied):
        question_close(question=question, actor=request.getfixturevalue(who))
    assert status(question) == ANSWERED


def test_another_assigned_expert_follows_up_but_does_not_close(review, submitted, expert, other_expert):
    question = ask(review, expert)
    question_reply(question=question, actor=other_expert, text="Also: how many were dismissed?")
    assert status(question) == OPEN
    with pytest.raises(PermissionDenied):
        question_close(question=question, actor=other_expert)


def test_an_asker_taken_off_the_review_no_longer_closes(review, submitted, expert, staff):
    question = ask(review, expert)
    expert.participations.update(active=False)
    with pytest.raises(PermissionDenied):
        question_close(question=question, actor=expert)
    assert status(question) == OPEN


def test_a_closed_question_refuses_replies(review, submitted, expert, focal, staff):
    question = ask(review, expert)
    question_close(question=question, actor=expert)
    for actor in (focal, expert, staff):
        with pytest.raises(ValidationError) as caught:
            question_reply(question=question, actor=actor, text="One more thing.")
        assert caught.value.messages == ["This question is closed."]
    assert question.messages.count() == 1 and status(question) == CLOSED
    assert not ReviewEvent.objects.filter(kind=ReviewEvent.Kind.QUESTION_ANSWERED).exists()


@pytest.mark.parametrize("who", ["observer", "outsider_expert", "uganda_focal"])
def test_observers_and_outsiders_do_not_reply(request, review, submitted, expert, who):
    question = ask(review, expert)
    with pytest.raises(PermissionDenied):
        question_reply(question=question, actor=request.getfixturevalue(who), text="Let me add…")
    assert question.messages.count() == 1 and status(question) == OPEN


@pytest.mark.parametrize("text", ["", "  ", None, "x" * (MAX_TEXT + 1)])
def test_an_empty_or_too_long_reply_is_refused_and_changes_nothing(review, submitted, expert, focal, text):
    question = ask(review, expert)
    with pytest.raises(ValidationError) as caught:
        question_reply(question=question, actor=focal, text=text)
    assert list(caught.value.message_dict) == ["text"]
    assert question.messages.count() == 1 and status(question) == OPEN
    assert not ReviewEvent.objects.filter(kind=ReviewEvent.Kind.QUESTION_ANSWERED).exists()


# --- Pages: who sees and who writes ----------------------------------------------------------


def page_url(review):
    return reverse("reviews:questions", args=[review.pk])


def ask_url(review):
    return reverse("reviews:question_ask", args=[review.pk])


def reply_url(question):
    return reverse("reviews:question_reply", args=[question.review_id, question.pk])


def close_url(question):
    return reverse("reviews:question_close", args=[question.review_id, question.pk])


@pytest.fixture
def asked(review, submitted, expert, other_expert):
    """One question by France's expert on article 5, one by Uganda's on article 6."""
    mine = ask(review, expert)
    theirs = ask(review, other_expert, text="THEIRS: is the Commission's budget protected by law?", number=6)
    return mine, theirs


def a5(review):
    return article(review, 5).pk


#: who → (GET page, POST ask, POST reply, POST close), as status codes.
MATRIX = {
    "staff": (200, 302, 302, 302),
    "focal": (200, 404, 302, 404),
    "uganda_focal": (404, 404, 404, 404),
    "expert": (200, 302, 302, 302),
    "outsider_expert": (404, 404, 404, 404),
    "observer": (200, 404, 404, 404),
    "anonymous": (302, 302, 302, 302),
}


@pytest.mark.parametrize("who", list(MATRIX))
def test_access_matrix(client, request, review, asked, who):
    mine, _theirs = asked
    get_code, ask_code, reply_code, close_code = MATRIX[who]
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    page = client.get(page_url(review))
    assert page.status_code == get_code
    if get_code == 200:
        assert SECRET in page.content.decode()
    else:
        assert SECRET not in page.content.decode()

    posted = client.post(ask_url(review), {"article": a5(review), "text": "NEW QUESTION by " + who})
    assert posted.status_code == ask_code and SECRET not in posted.content.decode()
    assert ReviewQuestion.objects.count() == (3 if ask_code == 302 and who != "anonymous" else 2)

    replied = client.post(reply_url(mine), {f"q{mine.pk}-text": "REPLY by " + who})
    assert replied.status_code == reply_code and SECRET not in replied.content.decode()
    assert mine.messages.filter(text="REPLY by " + who).exists() == (reply_code == 302 and who != "anonymous")

    closed = client.post(close_url(mine), {})
    assert closed.status_code == close_code and SECRET not in closed.content.decode()
    assert (status(mine) == CLOSED) == (close_code == 302 and who != "anonymous")

    if who == "anonymous":
        for response in (page, posted, replied, closed):
            assert "/accounts/login/" in response["Location"]


def test_what_each_person_is_offered_on_the_page(client, review, asked, staff, focal, expert, observer):
    mine, theirs = asked

    def html_for(user):
        client.force_login(user)
        return client.get(page_url(review)).content.decode()

    seen = html_for(observer)  # reads every thread, writes nothing
    assert SECRET in seen and "THEIRS" in seen
    assert "Raise a question" not in seen and "<textarea" not in seen
    assert "/reply/" not in seen and "/close/" not in seen

    seen = html_for(focal)  # replies to every thread; neither asks nor closes
    assert "Raise a question" not in seen and "/close/" not in seen
    assert reply_url(mine) in seen and reply_url(theirs) in seen

    seen = html_for(expert)  # asks, follows up on both, closes only their own
    assert "Raise a question" in seen and reply_url(mine) in seen and reply_url(theirs) in seen
    assert close_url(mine) in seen and close_url(theirs) not in seen

    seen = html_for(staff)  # closes any
    assert close_url(mine) in seen and close_url(theirs) in seen

    question_close(question=mine, actor=staff)
    seen = html_for(focal)  # a closed thread has no reply form, and no close button for anyone
    assert reply_url(mine) not in seen and reply_url(theirs) in seen
    assert close_url(mine) not in html_for(staff)


def test_a_question_of_another_review_is_not_reached_through_this_one(client, review, asked, expert, staff):
    """The expert of this review cannot reply to, or close, a thread of another review by
    putting its number in this review's address."""
    other = CountryReviewFactory(state=state("UGA"))
    checklist = checklist_open(review=other)
    ChecklistSubmission.objects.create(checklist=checklist, number=1)
    foreign = question_ask(review=other, actor=staff, text="FOREIGN thread")
    client.force_login(expert)
    forged_reply = reverse("reviews:question_reply", args=[review.pk, foreign.pk])
    forged_close = reverse("reviews:question_close", args=[review.pk, foreign.pk])
    assert client.post(forged_reply, {f"q{foreign.pk}-text": "x"}).status_code == 404
    assert client.post(forged_close, {}).status_code == 404
    assert status(foreign) == OPEN and foreign.messages.count() == 1
    assert client.get(page_url(other)).status_code == 404


def test_get_on_the_action_urls_is_refused(client, review, asked, expert):
    mine, _ = asked
    client.force_login(expert)
    for url in (ask_url(review), reply_url(mine), close_url(mine)):
        assert client.get(url).status_code == 405


# --- Pages: asking and replying --------------------------------------------------------------


def test_asking_redirects_to_the_page_with_the_new_thread(client, review, submitted, expert):
    client.force_login(expert)
    response = client.post(ask_url(review), {"article": a5(review), "text": SECRET})
    assert response.status_code == 302 and response["Location"] == page_url(review)
    question = ReviewQuestion.objects.get()
    assert (question.article.number, question.asked_by, thread(question)) == (5, expert, [("pierre", SECRET)])

    page = client.get(page_url(review))
    html = page.content.decode()
    assert "Your question is sent to the State under review." in html
    assert f'id="question-{question.pk}"' in html and SECRET in html and "Article 5" in html
    assert "Pierre Martin" in html and "(France)" in html
    assert page.context["counts"] == {"open": 1, "answered": 0, "closed": 0}


def test_asking_on_the_review_as_a_whole_from_the_page(client, review, submitted, staff):
    client.force_login(staff)
    assert client.post(ask_url(review), {"article": "", "text": "General question"}).status_code == 302
    assert ReviewQuestion.objects.get().article is None
    assert "The review as a whole" in client.get(page_url(review)).content.decode()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"text": ""}, "This field is required."),
        ({"text": "x" * (MAX_TEXT + 1)}, "Ensure this value has at most 10000 characters"),
        ({"text": "On article 15", "number": 15}, "Select a valid choice."),
    ],
)
def test_asking_with_a_bad_form_shows_the_error(client, review, submitted, expert, data, error):
    client.force_login(expert)
    number = data.pop("number", 5)
    response = client.post(ask_url(review), {"article": article(review, number).pk, **data})
    assert response.status_code == 422
    assert error in response.content.decode()
    assert not ReviewQuestion.objects.exists()


def test_asking_before_submission_shows_why(client, review, expert):
    client.force_login(expert)
    response = client.post(ask_url(review), {"article": a5(review), "text": SECRET})
    assert response.status_code == 422
    assert "Questions can be raised once the State under review has submitted its checklist." in (
        response.content.decode()
    )
    assert not ReviewQuestion.objects.exists()


def test_focal_point_replies_from_the_page(client, review, asked, focal):
    mine, _ = asked
    client.force_login(focal)
    response = client.post(reply_url(mine), {f"q{mine.pk}-text": "We vetted 212 officials."})
    assert response.status_code == 302 and response["Location"] == f"{page_url(review)}#question-{mine.pk}"
    assert status(mine) == ANSWERED
    html = client.get(page_url(review)).content.decode()
    assert "Your reply is saved." in html and "We vetted 212 officials." in html and "Wanjiru Kamau" in html
    assert "(Kenya)" in html


@pytest.mark.parametrize(
    ("text", "error"),
    [("", "This field is required."), ("x" * (MAX_TEXT + 1), "Ensure this value has at most 10000 characters")],
)
def test_a_bad_reply_shows_the_error_and_changes_nothing(client, review, asked, focal, text, error):
    mine, _ = asked
    client.force_login(focal)
    response = client.post(reply_url(mine), {f"q{mine.pk}-text": text}, follow=True)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert mine.messages.count() == 1 and status(mine) == OPEN


def test_a_reply_to_a_closed_question_shows_why(client, review, asked, focal, expert):
    mine, _ = asked
    question_close(question=mine, actor=expert)
    client.force_login(focal)
    response = client.post(reply_url(mine), {f"q{mine.pk}-text": "Late reply"}, follow=True)
    assert "This question is closed." in response.content.decode()
    assert mine.messages.count() == 1


def test_closing_from_the_page(client, review, asked, expert):
    mine, _ = asked
    client.force_login(expert)
    response = client.post(close_url(mine), {}, follow=True)
    assert "The question is closed." in response.content.decode()
    assert status(mine) == CLOSED
    assert response.context["counts"] == {"open": 1, "answered": 0, "closed": 1}


def test_html_in_messages_is_shown_as_text(client, review, submitted, expert, focal):
    hostile = '<script>alert("q")</script><b onmouseover="x()">bold</b>\nsecond line'
    question = ask(review, expert, text=hostile)
    question_reply(question=question, actor=focal, text="<img src=x onerror=alert(1)>")
    client.force_login(expert)
    html = client.get(page_url(review)).content.decode()
    assert "<script>alert" not in html and "<b onmouseover" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;q&quot;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "bold&lt;/b&gt;<br>second line" in html  # line breaks kept, nothing else


def test_the_page_without_questions(client, review, submitted, observer):
    client.force_login(observer)
    html = client.get(page_url(review)).content.decode()
    assert "No question has been raised yet." in html


# --- Pages: queries --------------------------------------------------------------------------


def _threads(review, count, asker, focal, follow_up_by):
    """``count`` threads of three messages: the question, the State's reply, a follow-up."""
    numbers = [5, 6, 8, 9, 10, 11, 12, 13, 14, 52]
    for i in range(count):
        question = ask(review, asker, text=f"Question {i}", number=numbers[i % len(numbers)])
        question_reply(question=question, actor=focal, text=f"Reply {i}")
        question_reply(question=question, actor=follow_up_by, text=f"Follow-up {i}")


#: Measured with 2 threads and with 10 (SQLite and PostgreSQL alike): 9 queries for the expert
#: (session, user, review, questions, messages, two participation checks, the viewer's State,
#: the ask form's articles), 6 for the focal point and for the secretariat. Headroom: 3.
MAX_QUERIES = 12


@pytest.mark.parametrize("viewer", ["expert", "focal", "staff"])
def test_the_questions_page_reads_in_a_bounded_number_of_queries(
    client, request, review, submitted, expert, other_expert, focal, staff, viewer, django_assert_max_num_queries
):
    """10 threads × 3 messages by experts of two States, the State and the secretariat: the
    number of queries does not depend on the number of threads or messages."""
    client.force_login(request.getfixturevalue(viewer))
    counts = {}
    for total in (2, 10):
        ReviewQuestion.objects.all().delete()
        _threads(review, total // 2, expert, focal, other_expert)
        _threads(review, total // 2, other_expert, focal, staff)
        with django_assert_max_num_queries(MAX_QUERIES) as captured:
            response = client.get(page_url(review))
        assert response.status_code == 200 and len(response.context["questions"]) == total
        assert response.content.decode().count("Follow-up ") == total
        counts[total] = len(captured)
    assert counts[2] == counts[10], counts
