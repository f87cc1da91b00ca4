"""The submitted checklist as a PDF, in the review's working language, through the pipeline."""

import shutil
import subprocess

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.urls import reverse

from documents.kinds import kind_for, render_html
from documents.models import Rendition
from documents.services.renditions import draft_preview, request_renditions
from reviews.models import ChecklistAnswer
from reviews.services import checklist as checklist_service
from tests.factories import ParticipantFactory, UserFactory, state

pytestmark = pytest.mark.django_db


@pytest.fixture
def submission(review, focal):
    review.working_languages = ["fr"]
    review.save()
    checklist = checklist_service.checklist_open(review=review)
    for answer in checklist.answers.all():
        answer.implementation = ChecklistAnswer.Implementation.NOT_APPLICABLE
        answer.narrative = ""
        answer.save()
    first = checklist.answers.order_by("article__number").first()
    first.implementation = ChecklistAnswer.Implementation.PARTLY
    first.narrative = "La loi de 2003 sur l'éthique des agents publics <script>alert(1)</script>"
    first.save()
    return checklist_service.checklist_submit(checklist=checklist, actor=focal, consent_to_publish=False)


def test_the_checklist_is_rendered_in_the_working_language(submission, django_capture_on_commit_callbacks):
    assert kind_for(submission).languages(submission) == ["fr"]
    with django_capture_on_commit_callbacks(execute=True):
        (rendition,) = request_renditions(submission)
    rendition.refresh_from_db()
    assert rendition.language == "fr" and rendition.status == Rendition.Status.DONE, rendition.error
    html = render_html(submission, "fr", Rendition.Variant.FINAL)
    assert "&lt;script&gt;" in html and "<script>" not in html
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", default_storage.path(rendition.file.name), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "La loi de 2003" in text
        assert "Kenya" in text


def test_the_checklist_pdf_is_confidential_to_the_review(
    client, submission, focal, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request_renditions(submission)
    url = reverse("document_download", args=["checklist", submission.pk, "fr"])
    assert client.get(url).status_code == 404  # anonymous
    other = UserFactory(username="fp-uga", focal_point=True, state=state("UGA"))
    client.force_login(other)
    assert client.get(url).status_code == 404
    unassigned = UserFactory(username="expert-x", expert=True)
    client.force_login(unassigned)
    assert client.get(url).status_code == 404
    expert = UserFactory(username="expert-on", expert=True)
    ParticipantFactory(review=submission.checklist.review, user=expert)
    client.force_login(expert)
    assert client.get(url).status_code == 200
    client.force_login(focal)
    assert client.get(url).status_code == 200


def test_only_those_who_read_the_review_may_export_it(submission):
    outsider = UserFactory(username="expert-y", expert=True)
    with pytest.raises(PermissionDenied):
        draft_preview(document=submission, actor=outsider)


def test_an_expert_asks_for_the_pdf_and_watches_it_on_the_page(client, submission, django_capture_on_commit_callbacks):
    expert = UserFactory(username="expert-pdf", expert=True)
    ParticipantFactory(review=submission.checklist.review, user=expert)
    client.force_login(expert)
    review_pk = submission.checklist.review_id
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("reviews:checklist_export", args=[review_pk]))
    assert response.status_code == 302 and len(callbacks) == 1  # one task, after commit, no PDF in the request
    page = client.get(reverse("reviews:checklist", args=[review_pk])).content.decode()
    assert 'data-status="queued"' in page and 'hx-trigger="every 2s"' in page


def test_the_checklist_pdf_cannot_be_asked_for_by_outsiders(client, submission):
    client.force_login(UserFactory(username="expert-out", expert=True))
    assert client.post(reverse("reviews:checklist_export", args=[submission.checklist.review_id])).status_code == 404
    assert not Rendition.objects.exists()


# --- Each typed text in its own direction --------------------------------------------------------

ARABIC = "يطبق قانون أخلاقيات الموظفين العموميين لعام 2003 أحكام هذه المادة."
ENGLISH = "The Public Officer Ethics Act, 2003 applies this article."


def typed_in_both_scripts(review, focal, language):
    """Version 1 of Kenya's checklist in ``language``: article 5 answered in Arabic with an
    English citation and an Arabic file name, article 6 in English with an Arabic citation."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reviews.services.attachments import attachment_add
    from tests.reviews.test_attachments import make_pdf

    review.working_languages = [language]
    review.save()
    checklist = checklist_service.checklist_open(review=review)
    for answer in checklist.answers.all():
        answer.implementation = ChecklistAnswer.Implementation.NOT_APPLICABLE
        answer.save()
    five, six = checklist.answers.order_by("article__number")[:2]
    five.implementation = six.implementation = ChecklistAnswer.Implementation.PARTLY
    five.narrative, five.legislation = f"{ARABIC}\n\n{ENGLISH}", f"2003: {ENGLISH}"
    six.narrative, six.legislation, six.statistics = ENGLISH, ARABIC, "12 / 40"
    five.save()
    six.save()
    upload = SimpleUploadedFile("قانون الأخلاقيات.pdf", make_pdf(), content_type="application/pdf")
    attachment_add(answer=five, actor=focal, upload=upload)
    return checklist_service.checklist_submit(checklist=checklist, actor=focal, consent_to_publish=False)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_each_typed_text_takes_its_own_direction_whatever_the_pdfs_language(review, focal, language):
    """WeasyPrint ignores dir="auto": the direction a browser would find (the first strong
    letter) is written out on each element that holds a text the State typed."""
    submission = typed_in_both_scripts(review, focal, language)
    html = render_html(submission, language, Rendition.Variant.FINAL)
    assert f'<html lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}">' in html
    assert f'<div dir="rtl"><p>{ARABIC}</p>\n<p>{ENGLISH}</p></div>' in html  # its first letter is Arabic
    assert f'<div dir="ltr"><p>2003: {ENGLISH}</p></div>' in html  # figures first: the first letter counts
    assert f'<div dir="ltr"><p>{ENGLISH}</p></div>' in html
    assert f'<div dir="rtl"><p>{ARABIC}</p></div>' in html
    assert '<div dir="auto"><p>12 / 40</p></div>' in html  # no letter: the page's direction
    assert '<li dir="rtl">قانون الأخلاقيات.pdf (PDF,' in html


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")
@pytest.mark.parametrize("language", ["en", "ar"])
def test_in_the_pdf_an_arabic_answer_is_set_from_the_right_and_an_english_one_from_the_left(
    review, focal, language, django_capture_on_commit_callbacks
):
    import re

    submission = typed_in_both_scripts(review, focal, language)
    with django_capture_on_commit_callbacks(execute=True):
        (rendition,) = request_renditions(submission)
    rendition.refresh_from_db()
    assert rendition.status == Rendition.Status.DONE, rendition.error
    layout = subprocess.run(
        ["pdftotext", "-bbox", default_storage.path(rendition.file.name), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    page_width = float(re.search(r'<page width="([\d.]+)"', layout).group(1))
    words = [
        (float(x_min), float(x_max), (page, y_min), word)
        for page, page_words in enumerate(layout.split("<page ")[1:])
        for x_min, y_min, x_max, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" [^>]*>([^<]*)<', page_words
        )
    ]

    def span(word):
        """Where the lines holding ``word`` start and end: the leftmost and rightmost x."""
        lines = {line for _, _, line, text in words if word in (text, text[::-1])}  # Arabic comes out reversed
        assert lines, word
        found = [(x_min, x_max) for x_min, x_max, line, _ in words if line in lines]
        return min(x for x, _ in found), max(x for _, x in found)

    # Each text holds on one line: "Public" is only in the English ones, "الموظفين" only in the
    # Arabic ones. The margins are 20 mm (57 pt) of a 595 pt page.
    english_left, _ = span("Public")
    _, arabic_right = span("الموظفين")
    assert english_left < page_width * 0.15  # from the left margin
    assert arabic_right > page_width * 0.85  # from the right margin
