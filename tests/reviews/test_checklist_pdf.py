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
