"""The rendering pipeline: a published executive summary becomes six PDFs, rendered by the
worker's task (eager here), each checked with poppler's pdftotext and pdffonts."""

from pathlib import Path
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import translation

from documents.kinds import render_html
from documents.models import Rendition
from documents.services import rendering
from documents.services.renditions import draft_preview, rendition_retry, request_renditions
from reference.models import Article, TechnicalAssistanceCategory
from reviewmech import pdf
from reviews.models import Finding, ReportTranslation, ReviewReport
from reviews.services import reports as service
from tests.factories import ParticipantFactory, ReviewerAssignmentFactory, UserFactory, state
from tests.pdftools import POPPLER, pdf_fonts, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a transaction would do on commit (the enqueue, here an eager task) at once."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


LANGUAGES = ["ar", "zh-hans", "en", "fr", "ru", "es"]


@pytest.fixture
def summary(review, staff, focal):
    """Kenya's executive summary with a finding of each kind, agreed by Kenya."""
    ReviewerAssignmentFactory(review=review, state=state("UGA"))
    ReviewerAssignmentFactory(review=review, state=state("FRA"), basis="other_group")
    ParticipantFactory(review=review, user=focal)
    article = Article.objects.get(instrument__code="uncac", number=6)
    ta = TechnicalAssistanceCategory.objects.order_by("order").first()
    for kind, text in [
        (Finding.Kind.GOOD_PRACTICE, "The Ethics and Anti-Corruption Commission publishes its annual report."),
        (Finding.Kind.CHALLENGE, "The independence of the preventive body could be strengthened."),
        (Finding.Kind.RECOMMENDATION, "Provide the Commission with the resources it needs."),
        (Finding.Kind.TA_NEED, "Training of the Commission's investigators."),
    ]:
        Finding.objects.create(
            review=review, article=article, kind=kind, text_en=text, ta_category=ta if kind == "ta_need" else None
        )
    with translation.override("en"):
        report = service.report_open(review=review, kind=ReviewReport.Kind.EXECUTIVE_SUMMARY, actor=staff)
        service.report_update(
            report=report,
            actor=staff,
            language="en",
            data={
                "introduction": "Kenya ratified the Convention on 9 December 2003.",
                "symbol": "CAC/COSP/IRG/II/1/1/Add.9",
            },
        )
    service.report_update(
        report=report, actor=staff, language="fr", data={"introduction": "Le Kenya a ratifié la Convention en 2003."}
    )
    return service.report_agree(report=report, actor=focal)


@pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext, pdffonts) not installed")
def test_publishing_renders_six_pdfs_with_the_rightpdf_fonts(summary, staff, committed):
    committed(service.report_publish, report=summary, actor=staff)

    renditions = {r.language: r for r in Rendition.objects.for_document(summary)}
    assert sorted(renditions) == sorted(LANGUAGES)
    for language, rendition in renditions.items():
        assert rendition.status == Rendition.Status.DONE, rendition.error
        assert rendition.pages >= 1 and rendition.size > 1000 and rendition.render_count == 1
        path = Path(default_storage.path(rendition.file.name))
        assert path.read_bytes().startswith(b"%PDF-")
        text = pdf_text(path)
        with translation.override(language):
            heading = str(ReviewReport.Kind.EXECUTIVE_SUMMARY.label)
            state_name = summary.review.state.name
        assert "CAC/COSP/IRG/II/1/1/Add.9" in text
        if language == "ar":
            # Arabic comes out of pdftotext shaped and right to left: compare letters only.
            letters = set(state_name.replace(" ", ""))
            assert letters <= set(text), (language, state_name)
        else:
            assert heading in text, (language, heading)
            assert state_name in text, (language, state_name)
    assert "Le Kenya a ratifié" in pdf_text(Path(default_storage.path(renditions["fr"].file.name)))
    assert "Noto-Naskh-Arabic" in pdf_fonts(Path(default_storage.path(renditions["ar"].file.name)))
    assert "Noto-Sans-CJK-SC" in pdf_fonts(Path(default_storage.path(renditions["zh-hans"].file.name)))
    assert "Noto-Sans" in pdf_fonts(Path(default_storage.path(renditions["ru"].file.name)))
    # Nothing falls back to a face chosen by fontconfig: no Japanese CJK, no DejaVu.
    for rendition in renditions.values():
        fonts = pdf_fonts(Path(default_storage.path(rendition.file.name)))
        assert "CJK-JP" not in fonts and "DejaVu" not in fonts, (rendition.language, fonts)


def test_a_missing_translation_is_shown_as_english_in_the_pdf_html(summary):
    html = render_html(summary, "ru", Rendition.Variant.FINAL)
    assert "Kenya ratified the Convention" in html  # English fallback…
    assert "fallback-badge" in html  # …marked as such
    assert 'lang="ru"' in html and 'dir="ltr"' in html
    assert 'dir="rtl"' in render_html(summary, "ar", Rendition.Variant.FINAL)


def test_html_is_escaped_in_the_pdf(summary):
    Finding.objects.filter(review=summary.review).update(text_en='<img src="http://evil.example/x">')
    html = render_html(summary, "en", Rendition.Variant.FINAL)
    assert '<img src="http://evil.example' not in html
    assert "&lt;img" in html


def test_unchanged_content_is_not_rendered_again(summary, staff, committed):
    committed(service.report_publish, report=summary, actor=staff)
    assert sum(r.render_count for r in Rendition.objects.for_document(summary)) == 6

    with mock.patch.object(pdf, "render_pdf", side_effect=AssertionError("rendered again")):
        committed(service.report_publish, report=summary, actor=staff)  # issued again, unchanged
    assert sum(r.render_count for r in Rendition.objects.for_document(summary)) == 6
    assert {r.status for r in Rendition.objects.for_document(summary)} == {Rendition.Status.DONE}


def test_a_finished_translation_re_renders_only_that_language(summary, staff, committed):
    committed(service.report_publish, report=summary, actor=staff)
    before = {r.language: (r.render_count, r.file.name) for r in Rendition.objects.for_document(summary)}
    # The secretariat enters the Spanish text (allowed after agreement) and marks it translated.
    type(summary).objects.filter(pk=summary.pk).update(introduction_es="Kenya ratificó la Convención en 2003.")
    committed(
        service.translation_set, report=summary, actor=staff, language="es", status=ReportTranslation.Status.TRANSLATED
    )

    after = {r.language: (r.render_count, r.file.name) for r in Rendition.objects.for_document(summary)}
    assert after["es"][0] == 2 and after["es"][1] != before["es"][1]
    assert not default_storage.exists(before["es"][1])  # the old file is gone
    assert all(after[lang] == before[lang] for lang in LANGUAGES if lang != "es")


def test_a_transient_failure_is_retried_then_succeeds(summary, staff, committed):
    real = pdf.render_pdf
    calls = []

    def flaky(html):
        calls.append(1)
        if len(calls) == 1:
            raise OSError("disk busy")
        return real(html)

    with mock.patch.object(pdf, "render_pdf", side_effect=flaky):
        rendition = committed(request_renditions, summary, languages=["en"])[0]
    rendition.refresh_from_db()
    assert rendition.status == Rendition.Status.DONE
    assert rendition.attempts == 2 and rendition.render_count == 1 and rendition.error == ""


def test_a_permanent_failure_shows_its_reason_and_can_be_retried(summary, staff, committed):
    with mock.patch.object(pdf, "render_pdf", side_effect=ValueError("bad layout")):
        rendition = committed(request_renditions, summary, languages=["fr"])[0]
    rendition.refresh_from_db()
    assert rendition.status == Rendition.Status.FAILED
    assert "ValueError: bad layout" in rendition.error
    assert rendition.attempts == 1  # not retried: retrying would fail the same way

    committed(rendition_retry, rendition=rendition, actor=staff)
    rendition.refresh_from_db()
    assert rendition.status == Rendition.Status.DONE and rendition.error == ""


def test_failing_after_every_retry_marks_the_rendition_failed(summary, committed):
    with mock.patch.object(pdf, "render_pdf", side_effect=OSError("disk full")):
        rendition = committed(request_renditions, summary, languages=["ru"])[0]
    rendition.refresh_from_db()
    assert rendition.status == Rendition.Status.FAILED
    assert "disk full" in rendition.error and rendition.attempts == 5


def test_a_stale_task_changes_nothing(summary):
    with mock.patch("documents.tasks.render_document.delay"):
        rendition = request_renditions(summary, languages=["en"])[0]
        request_renditions(summary, languages=["en"])  # a newer request
    assert rendition_result(rendition.pk, rendition.generation) == {"status": "stale"}
    rendition.refresh_from_db()
    assert rendition.status == Rendition.Status.QUEUED and rendition.render_count == 0


def rendition_result(pk, generation):
    return rendering.render_rendition(pk, generation)


def test_a_redelivered_task_renders_once(summary, committed):
    rendition = committed(request_renditions, summary, languages=["es"])[0]
    rendition.refresh_from_db()
    assert rendition_result(rendition.pk, rendition.generation) == {"status": "done", "rendered": False}
    rendition.refresh_from_db()
    assert rendition.render_count == 1


def test_draft_preview_is_watermarked_and_kept_apart(summary, staff, committed):
    committed(draft_preview, document=summary, actor=staff, languages=["en"])
    draft = Rendition.objects.for_document(summary).get(variant=Rendition.Variant.DRAFT)
    assert draft.status == Rendition.Status.DONE
    assert 'class="watermark"' in render_html(summary, "en", Rendition.Variant.DRAFT)
    assert 'class="watermark"' not in render_html(summary, "en", Rendition.Variant.FINAL)
    assert not Rendition.objects.for_document(summary).filter(variant=Rendition.Variant.FINAL).exists()


def test_draft_preview_is_refused_to_the_state_and_observers(summary, focal, committed):
    from django.core.exceptions import PermissionDenied

    observer = UserFactory(username="observer-ken")
    ParticipantFactory(review=summary.review, user=observer)
    for person in (focal, observer):
        with pytest.raises(PermissionDenied):
            committed(draft_preview, document=summary, actor=person)


def test_atomic_write_leaves_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "doc.pdf"
    target.write_bytes(b"%PDF-old")
    with mock.patch("os.replace", side_effect=OSError("no space")), pytest.raises(OSError):
        pdf.write_atomically(target, b"%PDF-new")
    assert target.read_bytes() == b"%PDF-old"
    assert list(tmp_path.iterdir()) == [target]  # no half-written temporary left behind


def test_documents_never_fetch_from_the_network(summary):
    html = render_html(summary, "en", Rendition.Variant.FINAL).replace(
        "</main>", '<img src="http://127.0.0.1:9/tracker.png"></main>'
    )
    with mock.patch("urllib.request.OpenerDirector.open", side_effect=AssertionError("network")) as opened:
        pdf.render_pdf(html)
    opened.assert_not_called()


def test_render_tasks_have_their_own_queue():
    from documents.tasks import render_document
    from reviewmech.celery import app

    assert app.amqp.router.route({}, render_document.name)["queue"].name == "pdf"
    assert app.amqp.router.route({}, "reviews.notify_review_event")["queue"].name == "default"
    assert render_document.acks_late and render_document.reject_on_worker_lost
    # A render must end well before the broker would hand the task to another worker.
    assert render_document.time_limit < app.conf.broker_transport_options.get("visibility_timeout", 3600)


def test_a_task_queued_under_the_name_it_had_before_the_move_still_renders(summary, committed):
    """Renders waiting in a broker when the pipeline moved to the documents app (issue 10)
    carry the task name ``reviews.render_document``: a worker of this version still runs them."""
    from reviewmech.celery import app

    old = app.tasks["reviews.render_document"]
    assert app.amqp.router.route({}, old.name)["queue"].name == "pdf"
    assert old.acks_late and old.reject_on_worker_lost
    with mock.patch("documents.tasks.render_document.delay"):
        rendition = committed(request_renditions, summary, languages=["en"])[0]
    assert old.apply(args=[rendition.pk, rendition.generation]).get()["status"] == "done"
    rendition.refresh_from_db()
    assert rendition.status == Rendition.Status.DONE and rendition.render_count == 1


def test_a_untoc_summary_has_one_section_for_its_cluster(staff):
    from tests.factories import CountryReviewFactory, article_of, cycle

    review = CountryReviewFactory(cycle=cycle("untoc-rm", 1))
    Finding.objects.create(
        review=review, article=article_of(review, 5), kind=Finding.Kind.CHALLENGE, text_en="Participation in a group."
    )
    report = service.report_open(review=review, kind=ReviewReport.Kind.EXECUTIVE_SUMMARY, actor=staff)
    assert report.sections.count() == 1 and report.sections.get().chapter is None
    html = render_html(report, "en", Rendition.Variant.FINAL)
    assert "Criminalization and jurisdiction" in html and "Participation in a group." in html
    assert "No findings recorded" not in html


# --- Nothing lost (issue 17): the sweeper -------------------------------------------------------


def _aged(renditions, **fields):
    Rendition.objects.filter(pk__in=[r.pk for r in renditions]).update(**fields)


def test_published_while_the_broker_is_down_then_swept_once_it_is_back(summary, staff, committed):
    """The request does not wait on the broker (one try, no retries) and loses nothing: the
    renditions stay queued, and the sweeper sends them once the broker is back."""
    import time

    from django.utils import timezone

    from documents.services.renditions import renditions_sweep
    from reviewmech.celery import app as celery_app

    saved = {key: celery_app.conf[key] for key in ("broker_url", "broker_transport_options", "task_always_eager")}
    celery_app.conf.update(
        broker_url="redis://127.0.0.1:9/0",
        broker_transport_options={"max_retries": 1, "interval_start": 0},
        task_always_eager=False,
    )
    try:
        started = time.monotonic()
        committed(service.report_publish, report=summary, actor=staff)
        assert time.monotonic() - started < 6  # (was some 36 s: kombu retried each message for seconds)
    finally:
        celery_app.conf.update(saved)
    renditions = list(Rendition.objects.for_document(summary))
    assert len(renditions) == 6 and {r.status for r in renditions} == {Rendition.Status.QUEUED}
    assert committed(renditions_sweep) == {"resent": 0, "failed": 0}  # not yet late
    _aged(renditions, queued_at=timezone.now() - timezone.timedelta(minutes=4))
    assert committed(renditions_sweep) == {"resent": 6, "failed": 0}
    done = Rendition.objects.for_document(summary)
    assert {r.status for r in done} == {Rendition.Status.DONE} and {r.resends for r in done} == {1}
    assert all(default_storage.exists(r.file.name) for r in done)


def test_a_rendition_whose_worker_died_is_rendered_again_then_fails_after_the_last_resend(
    summary, staff, committed, settings
):
    from django.utils import timezone

    from documents.services.renditions import renditions_sweep

    committed(service.report_publish, report=summary, actor=staff)
    english, french = Rendition.objects.for_document(summary).filter(language__in=["en", "fr"]).order_by("language")
    long_ago = timezone.now() - timezone.timedelta(minutes=7)
    # English: a worker took it and died (SIGKILL) without a word; French: the same, for the last time.
    _aged([english], status=Rendition.Status.RENDERING, started_at=long_ago, content_hash="")
    _aged([french], status=Rendition.Status.RENDERING, started_at=long_ago, resends=settings.RENDITION_MAX_RESENDS)
    assert committed(renditions_sweep) == {"resent": 1, "failed": 1}
    english.refresh_from_db()
    french.refresh_from_db()
    assert english.status == Rendition.Status.DONE and english.resends == 1
    assert french.status == Rendition.Status.FAILED and "Not rendered after" in french.error
    # The secretariat may retry it; a rendition rendering right now may not be retried.
    committed(rendition_retry, rendition=french, actor=staff)
    french.refresh_from_db()
    assert french.status == Rendition.Status.DONE
    _aged([french], status=Rendition.Status.RENDERING, started_at=timezone.now())
    french.refresh_from_db()
    with pytest.raises(ValidationError):
        rendition_retry(rendition=french, actor=staff)


def test_a_rendition_waiting_for_its_retry_is_not_sent_again(summary):
    from django.utils import timezone

    from documents.services.rendering import rendition_retrying
    from documents.services.renditions import renditions_sweep

    with mock.patch("documents.tasks.render_document.delay"):
        rendition = request_renditions(summary, languages=["en"])[0]
    rendition_retrying(rendition.pk, rendition.generation, OSError("disk full"), 300)
    with mock.patch("documents.tasks.render_document.delay") as delay:
        assert renditions_sweep(now=timezone.now() + timezone.timedelta(minutes=4)) == {"resent": 0, "failed": 0}
        assert renditions_sweep(now=timezone.now() + timezone.timedelta(minutes=9))["resent"] == 1
    assert not delay.called  # enqueued after the commit (the test's transaction never commits)


def test_while_a_newer_pdf_is_made_the_previous_one_is_served_and_said_to_be_updating(
    summary, staff, committed, client
):
    """Issued again after a correction: until the workers are done, every page and the API
    still offer the previous PDF, say that it is being updated and give its date."""
    from django.urls import reverse
    from django.utils import timezone

    committed(service.report_publish, report=summary, actor=staff)
    english = Rendition.objects.for_document(summary).get(language="en")
    made = timezone.now() - timezone.timedelta(days=3)
    Rendition.objects.filter(pk=english.pk).update(file_made_at=made)
    with mock.patch("documents.tasks.render_document.delay"):  # the workers have not got to it yet
        service.report_publish(report=summary, actor=staff)
    english.refresh_from_db()
    assert english.status == Rendition.Status.QUEUED and english.is_updating and english.is_available

    download = client.get(reverse("document_download", args=["review-report", summary.pk, "en"]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert download["Last-Modified"] == made.strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert download["Cache-Control"] == "public, no-cache"

    page = client.get(reverse("public:state", args=[summary.review.state.code]))
    assert page.status_code == 200
    assert page.content.decode().count("data-updating") == 6
    assert "being updated: the version of" in page.content.decode()

    api = client.get(f"/api/v1/documents/{summary.symbol}/")
    files = {entry["language"]: entry for entry in api.json()["files"]}
    assert files["en"]["available"] and files["en"]["updating"]

    # The workers confirm the same content: no longer "being updated", anywhere.
    committed(rendering.render_rendition, english.pk, english.generation)
    english.refresh_from_db()
    assert english.status == Rendition.Status.DONE and not english.is_updating
    page = client.get(reverse("public:state", args=[summary.review.state.code]))
    assert page.content.decode().count("data-updating") == 5
    download = client.get(reverse("document_download", args=["review-report", summary.pk, "en"]))
    assert download["Cache-Control"] == "public, max-age=300"


def test_a_pdf_failing_to_be_made_again_leaves_the_previous_one_served(summary, staff, committed):
    committed(service.report_publish, report=summary, actor=staff)
    with mock.patch("documents.tasks.render_document.delay"):
        french = request_renditions(summary, languages=["fr"])[0]
    rendering.rendition_failed(french.pk, french.generation, RuntimeError("font missing"))
    french.refresh_from_db()
    assert french.status == Rendition.Status.FAILED and french.is_available and not french.is_updating


def test_a_new_pdf_and_what_follows_from_it_commit_together(summary, staff, committed):
    """The rendition's outcome and the requests it causes (the bundles of the sessions that
    list the summary) are one transaction: a worker that dies in between leaves the rendition
    unfinished, for the sweeper, never a new PDF whose bundle nobody will remake."""
    from documents import signals

    with mock.patch("documents.tasks.render_document.delay"):
        english = request_renditions(summary, languages=["en"])[0]

    def die(**kwargs):
        raise SystemExit("the worker died here")

    signals.rendition_finished.connect(die, dispatch_uid="test.die")
    try:
        with pytest.raises(SystemExit):
            rendering.render_rendition(english.pk, english.generation)
    finally:
        signals.rendition_finished.disconnect(dispatch_uid="test.die")
    english.refresh_from_db()
    assert english.status == Rendition.Status.RENDERING and not english.file and english.render_count == 0
