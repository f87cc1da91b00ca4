"""The desk review in a real browser: the reviewing expert raises a question on article 5 of
Kenya's submitted checklist, Kenya's focal point replies in a browser of their own, and the
expert reads the reply and closes the thread."""

import pytest
from playwright.sync_api import expect

from reference.models import Article, Obligation
from reviews.models import ReviewQuestion
from reviews.services.checklist import answer_save, checklist_open, checklist_submit
from tests.browser.conftest import sign_in
from tests.factories import CountryReviewFactory, ParticipantFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("browser_ready")]

QUESTION = "How many officials of the Ethics and Anti-Corruption Commission were vetted in 2016?"
REPLY = "212 officials were vetted in 2016; the report is annexed to the checklist."


@pytest.mark.django_db(transaction=True)
def test_expert_asks_focal_point_replies_expert_closes(page, browser, live_server, reference_data):
    review = CountryReviewFactory()
    focal = UserFactory(username="wanjiru", first_name="Wanjiru", last_name="Kamau", focal_point=True)
    ParticipantFactory(
        review=review, user=UserFactory(username="pierre", first_name="Pierre", last_name="Martin", expert=True)
    )
    checklist = checklist_open(review=review)
    for answer in checklist.answers.filter(article__obligation=Obligation.MANDATORY):
        answer_save(answer=answer, actor=focal, data={"implementation": "fully", "narrative": "Yes."}, revision=0)
    checklist_submit(checklist=checklist, actor=focal, consent_to_publish=False)
    article5 = Article.objects.get(instrument=review.instrument, number=5)
    url = f"{live_server.url}/en/reviews/{review.pk}/questions/"

    # The expert opens the questions from the review page and raises one on article 5.
    sign_in(page, live_server.url, "pierre")
    page.goto(f"{live_server.url}/en/reviews/{review.pk}/")
    page.get_by_role("link", name="Desk review: questions and replies").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Desk review: questions and replies")
    expect(page.get_by_text("No question has been raised yet.")).to_be_visible()
    page.get_by_label("Article").select_option(str(article5.pk))
    page.get_by_role("textbox", name="Question").fill(QUESTION)
    page.get_by_role("button", name="Send the question").click()
    expect(page.get_by_text("Your question is sent to the State under review.")).to_be_visible()
    question = ReviewQuestion.objects.get()
    thread = page.locator(f"#question-{question.pk}")
    expect(thread.get_by_role("heading", level=2)).to_contain_text("Article 5")
    expect(thread.get_by_role("heading", level=2)).to_contain_text("Open")
    expect(thread).to_contain_text(QUESTION)

    # Kenya's focal point, in a browser of their own, sees the question and replies.
    focal_context = browser.new_context()
    try:
        focal_page = focal_context.new_page()
        sign_in(focal_page, live_server.url, "wanjiru")
        focal_page.goto(url)
        focal_thread = focal_page.locator(f"#question-{question.pk}")
        expect(focal_thread).to_contain_text(QUESTION)
        expect(focal_thread).to_contain_text("Pierre Martin")
        expect(focal_page.get_by_role("heading", name="Raise a question")).to_have_count(0)
        expect(focal_page.get_by_role("button", name="Close the question")).to_have_count(0)
        focal_thread.get_by_role("textbox", name="Reply").fill(REPLY)
        focal_thread.get_by_role("button", name="Send the reply").click()
        expect(focal_page.get_by_text("Your reply is saved.")).to_be_visible()
        expect(focal_page.locator(f"#question-{question.pk}")).to_contain_text(REPLY)
    finally:
        focal_context.close()
    question.refresh_from_db()
    assert question.status == ReviewQuestion.Status.ANSWERED

    # The expert reloads: the reply is there and the thread is answered; they close it.
    page.reload()
    expect(thread).to_contain_text(REPLY)
    expect(thread).to_contain_text("Wanjiru Kamau")
    expect(thread.locator(".badge")).to_have_text("Answered")
    thread.get_by_role("button", name="Close the question").click()
    expect(page.get_by_text("The question is closed.")).to_be_visible()
    expect(thread.locator(".badge")).to_have_text("Closed")
    expect(thread.get_by_role("button", name="Send the reply")).to_have_count(0)
    expect(thread.get_by_role("button", name="Close the question")).to_have_count(0)
    question.refresh_from_db()
    assert question.status == ReviewQuestion.Status.CLOSED
    assert list(question.messages.values_list("author__username", flat=True)) == ["pierre", "wanjiru"]
