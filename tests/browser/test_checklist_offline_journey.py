"""The self-assessment offline, in a real browser and in Spanish: the focal point downloads the
checklist as a Word file, the ministries answer three questions in it, the focal point uploads
it, reads the changes word by word and takes two of the three."""

import pytest
from playwright.sync_api import expect

from reviews.services import checklist_offline as offline
from reviews.services.checklist import answer_save, checklist_open
from tests.browser.conftest import sign_in, watch_csp
from tests.factories import CountryReviewFactory, UserFactory
from tests.reviews.test_checklist_offline import edit_docx

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("browser_ready")]

ANSWERS = {
    5: "La Estrategia Nacional de Lucha contra la Corrupción coordina la prevención entre los ministerios.",
    6: "La Comisión de Ética y Lucha contra la Corrupción es independiente según el artículo 79.",
    9: "La Ley de Contratación Pública de 2015 exige licitaciones abiertas.",
}


@pytest.mark.django_db(transaction=True)
def test_focal_point_exports_in_spanish_imports_an_edited_file_and_takes_two_changes(
    page, live_server, reference_data, tmp_path
):
    review = CountryReviewFactory()
    focal = UserFactory(username="wanjiru", first_name="Wanjiru", last_name="Kamau", focal_point=True)
    checklist = checklist_open(review=review)
    answer = checklist.answers.get(article__number=9)
    answer_save(answer=answer, actor=focal, data={"narrative": "Un texto anterior."}, revision=answer.revision)

    sign_in(page, live_server.url, "wanjiru")
    violations = watch_csp(page)
    page.goto(f"{live_server.url}/es/reviews/{review.pk}/checklist/")
    offline_card = page.locator("#offline")
    expect(offline_card).to_be_visible()
    # The card's forms come on demand (HTMX).
    offline_card.locator("#offline-open").click()
    expect(offline_card.locator("select[name='format']")).to_be_focused()
    offline_card.locator("select[name='format']").select_option("docx")
    offline_card.locator("select[name='language']").select_option("es")
    with page.expect_download() as download_info:
        offline_card.locator("form[method='get'] button[type='submit']").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    exported = tmp_path / "exported.docx"
    download.save_as(exported)

    # The ministries answer three questions in Word.
    edited = edit_docx(
        exported.read_bytes(),
        {offline.question_key(checklist.pk, number, "narrative"): text for number, text in ANSWERS.items()},
    )
    upload = tmp_path / "lista-de-verificacion.docx"
    upload.write_bytes(edited)

    offline_card.locator("input[name='file']").set_input_files(str(upload))
    offline_card.locator("form[method='post'] button[type='submit']").click()

    # The preview, in Spanish: three changed answers, each with its words marked.
    expect(page.locator("html")).to_have_attribute("lang", "es")
    items = page.locator("article.import-item")
    expect(items).to_have_count(3)
    article_9 = items.filter(has_text=offline.question_key(checklist.pk, 9, "narrative"))
    expect(article_9.locator("del", has_text="anterior")).to_have_count(1)
    expect(article_9.locator("ins", has_text="Contratación")).to_have_count(1)
    # Two taken, the third kept as it is online.
    article_9.locator("input[value='keep']").check()
    page.locator("form:has(article.import-item) button.primary").click()

    expect(page).to_have_url(f"{live_server.url}/es/reviews/{review.pk}/checklist/")
    narratives = dict(checklist.answers.filter(article__number__in=ANSWERS).values_list("article__number", "narrative"))
    assert narratives == {5: ANSWERS[5], 6: ANSWERS[6], 9: "Un texto anterior."}
    assert violations == []
