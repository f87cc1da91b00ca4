"""The focal point's self-assessment in a real browser: answers saved as they are typed, found
again after closing the page, a document attached, submitted; then the reviewing expert reads
the submitted text and downloads the document."""

import pytest
from playwright.sync_api import expect

from reference.models import Obligation
from reviews.models import Checklist
from reviews.services.checklist import answer_save
from tests.browser.conftest import sign_in, watch_csp
from tests.factories import CountryReviewFactory, ParticipantFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("browser_ready")]

ATTACHMENT = "Anti-Corruption and Economic Crimes Act 2003.pdf"
#: A small PDF, generated: one empty page.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

NARRATIVES = {
    5: "The National Anti-Corruption Strategy of 2015 coordinates prevention across ministries.",
    6: "The Ethics and Anti-Corruption Commission is independent under article 79 of the Constitution.",
}


@pytest.mark.django_db(transaction=True)
def test_focal_point_fills_in_comes_back_submits_and_the_expert_reads(
    page, browser, live_server, reference_data, shared_cache
):
    """With the production shape's cache (Redis, shared): the page kept there follows every save."""
    review = CountryReviewFactory()
    focal = UserFactory(username="wanjiru", first_name="Wanjiru", last_name="Kamau", focal_point=True)
    ParticipantFactory(review=review, user=UserFactory(username="pierre", expert=True))
    url = f"{live_server.url}/en/reviews/{review.pk}/checklist/"

    # The focal point answers two articles; each change is saved in place (HTMX). The articles
    # show their answers read-only: "Edit" brings an article's form (HTMX too).
    sign_in(page, live_server.url, "wanjiru")
    violations = watch_csp(page)
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Self-assessment checklist")
    expect(page.locator("textarea")).to_have_count(0)
    checklist = Checklist.objects.get(review=review)
    for number, narrative in NARRATIVES.items():
        article = page.locator(f"#article-{number}")
        pk = checklist.answers.get(article__number=number).pk
        article.get_by_role("link", name="Edit").click()
        expect(article.get_by_label("How the article is implemented")).to_be_focused()
        assert page.url == url  # in place, the page not left
        revision = article.locator(f"input[name='a{pk}-revision']")
        article.get_by_label("Fully implemented").check()
        expect(article.locator(f"#answer-status-{pk}")).to_contain_text("Saved at")
        expect(revision).to_have_value("1")  # the new revision came back out of band
        article.get_by_label("How the article is implemented").press_sequentially(narrative)
        expect(revision).to_have_value("2")  # saved after the typing paused, without a conflict
        expect(article.locator(f"#answer-status-{pk}")).to_contain_text("Saved at")

    # "Save and close": article 6 read-only again, its text saved; article 5 stays open.
    article6 = page.locator("#article-6")
    article6.get_by_role("button", name="Save and close").click()
    expect(article6.locator("textarea")).to_have_count(0)
    expect(article6).to_contain_text(NARRATIVES[6])
    expect(article6.get_by_role("link", name="Edit")).to_be_focused()
    expect(page.locator("#article-5 textarea").first).to_be_visible()

    assert violations == []  # the autosave and the forms on demand (HTMX) ran under the Content-Security-Policy

    # Closed and opened again: both drafts are there, read-only, and in their forms.
    context = page.context
    page.close()
    page = context.new_page()
    page.goto(url)
    for number, narrative in NARRATIVES.items():
        article = page.locator(f"#article-{number}")
        expect(article).to_contain_text("Fully implemented")
        expect(article).to_contain_text(narrative)
        article.get_by_role("link", name="Edit").click()
        expect(article.get_by_label("Fully implemented")).to_be_checked()
        expect(article.get_by_label("How the article is implemented")).to_have_value(narrative)
    assert {n: checklist.answers.get(article__number=n).narrative for n in NARRATIVES} == NARRATIVES

    # The other mandatory articles are answered directly, then the checklist is submitted.
    for answer in checklist.answers.select_related("article").filter(article__obligation=Obligation.MANDATORY):
        if answer.article.number not in NARRATIVES:
            answer_save(
                answer=answer,
                actor=focal,
                data={"implementation": "partly", "narrative": f"Answered on article {answer.article.number}."},
                revision=answer.revision,
            )
    page.reload()
    expect(page.get_by_text("14 / 18")).to_be_visible()  # 14 mandatory answered, 4 optional left

    # The Act goes with article 5 as a document (a plain form post, then back to the article).
    article5 = page.locator("#article-5")
    article5.get_by_label("Attach a document").set_input_files(
        files=[{"name": ATTACHMENT, "mimeType": "application/pdf", "buffer": PDF}]
    )
    article5.get_by_role("button", name="Attach", exact=True).click()
    expect(page.get_by_text(f"“{ATTACHMENT}” is attached to article 5.")).to_be_visible()
    assert page.url.endswith("/checklist/#article-5")
    expect(page.locator("#article-5").get_by_role("link", name=ATTACHMENT)).to_be_visible()
    expect(page.locator("#article-5 .attachment-list")).to_contain_text(f"PDF, {len(PDF)}")  # type and size
    page.get_by_label("The State agrees to publish its self-assessment").check()
    page.get_by_role("button", name="Submit the checklist").click()
    expect(page.get_by_text("The checklist is submitted (version 1).")).to_be_visible()
    expect(page.locator("textarea")).to_have_count(0)
    checklist.refresh_from_db()
    assert checklist.status == Checklist.Status.SUBMITTED and checklist.consent_to_publish is True
    assert checklist.submissions.get().number == 1

    # The reviewing expert, in a browser of their own, reads the submitted text.
    expert_context = browser.new_context()
    try:
        expert_page = expert_context.new_page()
        sign_in(expert_page, live_server.url, "pierre")
        expert_page.goto(url)
        expect(expert_page.get_by_text("Version 1, submitted")).to_be_visible()
        expect(expert_page.locator("#article-5")).to_contain_text(NARRATIVES[5])
        expect(expert_page.locator("#article-6")).to_contain_text(NARRATIVES[6])
        expect(expert_page.locator("#article-5")).to_contain_text("Fully implemented")
        expect(expert_page.locator("textarea")).to_have_count(0)
        # The document submitted with article 5 is listed, and downloads as it was attached.
        link = expert_page.locator("#article-5").get_by_role("link", name=ATTACHMENT)
        expect(link).to_be_visible()
        with expert_page.expect_download() as download:
            link.click()
        assert download.value.suggested_filename == ATTACHMENT
        with open(download.value.path(), "rb") as downloaded:
            assert downloaded.read() == PDF
    finally:
        expert_context.close()


@pytest.mark.django_db(transaction=True)
def test_without_javascript_edit_opens_the_form_and_saving_returns_to_the_article(browser, live_server, reference_data):
    """The same page with JavaScript off: "Edit" is a link to the page with that article's form
    open, saving is a plain form post that comes back to the article, read-only."""
    review = CountryReviewFactory()
    UserFactory(username="wanjiru", focal_point=True)
    url = f"{live_server.url}/en/reviews/{review.pk}/checklist/"
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in(page, live_server.url, "wanjiru")
        page.goto(url)
        article = page.locator("#article-5")
        article.get_by_role("link", name="Edit").click()
        expect(page).to_have_url(f"{url}?edit=5#article-5")
        expect(page.locator("textarea")).to_have_count(5)  # that article's form only
        article.get_by_label("Partly implemented").check()
        article.get_by_label("How the article is implemented").fill(NARRATIVES[5])
        article.get_by_role("button", name="Save and close").click()
        expect(page.get_by_text("Your answer on article 5 is saved.")).to_be_visible()
        expect(page).to_have_url(f"{url}#article-5")
        expect(page.locator("textarea")).to_have_count(0)
        expect(page.locator("#article-5")).to_contain_text(NARRATIVES[5])
        expect(page.locator("#article-5")).to_contain_text("Partly implemented")
    finally:
        context.close()
