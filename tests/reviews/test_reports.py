"""The executive summary and the country review report: the service rules, who sees and does
what on the report pages and the PDF downloads, the live status panel, and that the web side
only asks for PDFs (the workers make them: see test_rendering.py and the browser journey).

Kenya's UNCAC cycle-2 review (chapters II and V). France's expert is assigned to it, with an
Austrian observer; Kenya's focal point agrees. A Ugandan focal point and a Colombian expert
who is not assigned see nothing.
"""

from unittest import mock

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from documents.models import Rendition
from reviews.models import CountryReview, ReportSection, ReportTranslation, ReviewReport, StepCompletion, WorkflowStep
from reviews.services import reports as service
from tests.factories import FindingFactory, ParticipantFactory, UserFactory, state

pytestmark = pytest.mark.usefixtures("reference_data")

LANGUAGES = ["ar", "zh-hans", "en", "fr", "ru", "es"]
SUMMARY, FULL = ReviewReport.Kind.EXECUTIVE_SUMMARY, ReviewReport.Kind.COUNTRY_REPORT
DRAFT, AGREED, PUBLISHED = ReviewReport.Status.DRAFT, ReviewReport.Status.AGREED, ReviewReport.Status.PUBLISHED
QUEUED, RENDERING, DONE, FAILED = (
    Rendition.Status.QUEUED,
    Rendition.Status.RENDERING,
    Rendition.Status.DONE,
    Rendition.Status.FAILED,
)
SECRET = "SECRET-DRAFT: the Commission lacks 40 investigators."
PDF = b"%PDF-1.7\n% a stand-in written by the test\n%%EOF\n"


# --- People ------------------------------------------------------------------------------------


@pytest.fixture
def expert(review):
    return ParticipantFactory(
        review=review, user=UserFactory(username="pierre", first_name="Pierre", last_name="Martin", expert=True)
    ).user


@pytest.fixture
def observer(review):
    return ParticipantFactory(review=review, user=UserFactory(username="anna")).user  # Austria


@pytest.fixture
def outsider_expert():
    return UserFactory(username="camila", expert=True, state=state("COL"))


@pytest.fixture
def uganda_focal():
    return UserFactory(username="sarah", focal_point=True, state=state("UGA"))


@pytest.fixture
def people(staff, focal, uganda_focal, expert, outsider_expert, observer):
    return {
        "anonymous": None,
        "focal": focal,
        "other_focal": uganda_focal,
        "expert": expert,
        "outsider_expert": outsider_expert,
        "observer": observer,
        "staff": staff,
    }


def as_(client, person):
    client.logout()
    if person is not None:
        client.force_login(person)
    return client


# --- Documents ---------------------------------------------------------------------------------


def drafted(review, staff, kind=SUMMARY, symbol="CAC/COSP/IRG/II/1/1/Add.9"):
    """A report with an English introduction, a symbol and one finding on the review."""
    report = service.report_open(review=review, kind=kind, actor=staff)
    service.report_update(
        report=report,
        actor=staff,
        language="en",
        data={"introduction": f"Kenya ratified the Convention in 2003. {SECRET}", "symbol": symbol},
    )
    if not review.findings.exists():
        FindingFactory(review=review)
    return report


@pytest.fixture
def summary(review, staff, focal):
    """Kenya's executive summary, agreed by Kenya (not yet published)."""
    return service.report_agree(report=drafted(review, staff), actor=focal)


def published(report, staff):
    with mock.patch("documents.tasks.render_document.delay"):
        service.report_publish(report=report, actor=staff)
    report.refresh_from_db()
    return report


def rendition(document, language="en", variant=Rendition.Variant.FINAL, status=DONE, error=""):
    """A rendition as a worker leaves it; a done one has a (stand-in) PDF file."""
    made, _created = Rendition.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(document),
        object_id=document.pk,
        language=language,
        variant=variant,
        defaults={
            "status": status,
            "error": error,
            "pages": 1 if status == DONE else None,
            "finished_at": timezone.now() if status in (DONE, FAILED) else None,
        },
    )
    if status == DONE:
        made.file.save(f"renditions/test-{made.pk}-{language}.pdf", ContentFile(PDF), save=False)
        made.size, made.content_hash = len(PDF), f"hash-{made.pk}"
        made.save()
    return made


def step(code):
    return WorkflowStep.objects.get(mechanism__code="irm", code=code)


def waiting_for(review, code):
    """The review is in progress and waiting for the step ``code``."""
    CountryReview.objects.filter(pk=review.pk).update(status=CountryReview.Status.ACTIVE, current_step=step(code))
    review.refresh_from_db()
    return review


# --- Service: opening and drafting -----------------------------------------------------------


def test_opening_creates_a_section_per_chapter_under_review_and_six_translation_lines(review, expert):
    report = service.report_open(review=review, kind=SUMMARY, actor=expert)

    assert (report.review, report.kind, report.status, report.original_language) == (review, SUMMARY, DRAFT, "en")
    chapters = [s.chapter.number for s in ReportSection.objects.filter(report=report).order_by("chapter__order")]
    assert chapters == ["II", "V"]
    assert sorted(report.translations.values_list("language", flat=True)) == sorted(LANGUAGES)
    # The original (English here) is the text the others are translated from: nothing to wait for.
    statuses = dict(report.translations.values_list("language", "status"))
    assert statuses.pop("en") == ReportTranslation.Status.CHECKED
    assert set(statuses.values()) == {ReportTranslation.Status.PENDING}

    # Opening again finds the same report and adds nothing.
    assert service.report_open(review=review, kind=SUMMARY, actor=expert) == report
    assert (ReviewReport.objects.count(), ReportSection.objects.count(), ReportTranslation.objects.count()) == (1, 2, 6)
    # The country report is a document of its own.
    assert service.report_open(review=review, kind=FULL, actor=expert) != report


@pytest.mark.parametrize("who", ["focal", "other_focal", "outsider_expert", "observer"])
def test_only_the_experts_and_the_secretariat_open_a_report(review, people, who):
    with pytest.raises(PermissionDenied):
        service.report_open(review=review, kind=SUMMARY, actor=people[who])
    assert not ReviewReport.objects.exists()


def test_an_unknown_kind_is_refused(review, staff):
    with pytest.raises(ValidationError):
        service.report_open(review=review, kind="memoir", actor=staff)
    assert not ReviewReport.objects.exists()


def test_texts_land_in_the_field_of_their_language(review, expert):
    report = service.report_open(review=review, kind=SUMMARY, actor=expert)
    chapter_ii, chapter_v = report.sections.order_by("chapter__order")
    service.report_update(report=report, actor=expert, language="en", data={"introduction": "In English."})
    service.report_update(
        report=report,
        actor=expert,
        language="fr",
        data={"introduction": "En français.", "sections": {str(chapter_v.pk): "Recouvrement d'avoirs."}},
    )
    service.report_update(report=report, actor=expert, language="zh-hans", data={"legal_framework": "法律框架。"})

    report.refresh_from_db()
    assert (report.introduction_en, report.introduction_fr) == ("In English.", "En français.")
    assert not report.introduction_es
    assert report.legal_framework_zh_hans == "法律框架。" and not report.legal_framework_en
    chapter_ii.refresh_from_db()
    chapter_v.refresh_from_db()
    assert chapter_v.narrative_fr == "Recouvrement d'avoirs." and not chapter_v.narrative_en
    assert not chapter_ii.narrative_fr
    assert report.symbol == ""  # not given: unchanged


def test_a_section_of_another_report_is_refused(review, expert, staff):
    report = service.report_open(review=review, kind=SUMMARY, actor=expert)
    other = service.report_open(review=review, kind=FULL, actor=expert).sections.first()
    with pytest.raises(ValidationError):
        service.report_update(report=report, actor=expert, language="en", data={"sections": {str(other.pk): "x"}})
    other.refresh_from_db()
    assert not other.narrative_en


@pytest.mark.parametrize("who", ["focal", "other_focal", "outsider_expert", "observer"])
def test_only_the_drafters_edit(review, staff, people, who):
    report = service.report_open(review=review, kind=SUMMARY, actor=staff)
    with pytest.raises(PermissionDenied):
        service.report_update(report=report, actor=people[who], language="en", data={"introduction": "Mine."})
    report.refresh_from_db()
    assert not report.introduction_en


def test_after_agreement_only_the_secretariat_edits_and_after_publication_nobody(summary, expert, staff):
    with pytest.raises(ValidationError):
        service.report_update(report=summary, actor=expert, language="en", data={"introduction": "Changed."})
    service.report_update(report=summary, actor=staff, language="es", data={"introduction": "Kenya ratificó."})
    summary.refresh_from_db()
    assert summary.introduction_es == "Kenya ratificó." and summary.status == AGREED

    published(summary, staff)
    with pytest.raises(ValidationError):
        service.report_update(report=summary, actor=staff, language="es", data={"introduction": "Otra vez."})
    summary.refresh_from_db()
    assert summary.introduction_es == "Kenya ratificó."


def test_a_too_long_text_is_refused_by_the_service_and_nothing_is_saved(review, staff):
    report = service.report_open(review=review, kind=SUMMARY, actor=staff)
    section = report.sections.first()
    too_long = "x" * (service.MAX_TEXT + 1)
    with pytest.raises(ValidationError) as caught:
        service.report_update(
            report=report,
            actor=staff,
            language="en",
            data={"introduction": "Short.", "legal_framework": too_long, "sections": {str(section.pk): too_long}},
        )
    assert set(caught.value.message_dict) == {"legal_framework", "sections"}
    report.refresh_from_db()
    section.refresh_from_db()
    assert not report.introduction_en and not report.legal_framework_en and not section.narrative_en


# --- Service: agreement, reopening -----------------------------------------------------------


@pytest.mark.parametrize("who", ["expert", "observer", "other_focal", "outsider_expert"])
def test_only_the_state_under_review_or_the_secretariat_agrees(review, staff, people, who):
    report = drafted(review, staff)
    with pytest.raises(PermissionDenied):
        service.report_agree(report=report, actor=people[who])
    report.refresh_from_db()
    assert report.status == DRAFT and report.agreed_on is None


def test_the_focal_point_agrees_and_consents_to_publish_the_full_report(review, staff, focal):
    report = service.report_agree(report=drafted(review, staff, kind=FULL), actor=focal, consent_to_publish=True)
    report.refresh_from_db()
    assert (report.status, report.agreed_by, report.agreed_on) == (AGREED, focal, timezone.localdate())
    assert report.consent_to_publish is True
    with pytest.raises(ValidationError):  # once only
        service.report_agree(report=report, actor=focal)


def test_the_secretariat_records_the_agreement_on_the_states_behalf(review, staff):
    report = service.report_agree(report=drafted(review, staff), actor=staff)
    assert report.status == AGREED and report.agreed_by == staff and report.consent_to_publish is False


def test_an_empty_report_cannot_be_agreed(review, staff, focal):
    report = service.report_open(review=review, kind=SUMMARY, actor=staff)
    with pytest.raises(ValidationError):
        service.report_agree(report=report, actor=focal)
    report.refresh_from_db()
    assert report.status == DRAFT
    # A finding on the review is enough content.
    FindingFactory(review=review)
    assert service.report_agree(report=report, actor=focal).status == AGREED


def test_a_future_agreement_date_is_refused(review, staff, focal):
    report = drafted(review, staff)
    with pytest.raises(ValidationError) as caught:
        service.report_agree(report=report, actor=focal, on=timezone.localdate() + timezone.timedelta(days=1))
    assert "on" in caught.value.message_dict


def test_agreeing_the_summary_completes_the_step_the_review_waits_for(review, staff, focal):
    waiting_for(review, "report_agreed")
    service.report_agree(report=drafted(review, staff), actor=focal)

    completion = StepCompletion.objects.get(review=review)
    assert (completion.step.code, completion.recorded_by, completion.completed_on) == (
        "report_agreed",
        focal,
        timezone.localdate(),
    )
    review.refresh_from_db()
    assert review.current_step.code == "summary_translated"


def test_agreeing_completes_nothing_when_the_review_waits_for_another_step(review, staff, focal):
    waiting_for(review, "desk_review")
    service.report_agree(report=drafted(review, staff), actor=focal)
    assert not StepCompletion.objects.exists()
    review.refresh_from_db()
    assert review.current_step.code == "desk_review"


def test_agreeing_the_full_report_does_not_complete_the_step(review, staff, focal):
    waiting_for(review, "report_agreed")
    service.report_agree(report=drafted(review, staff, kind=FULL), actor=focal)
    assert not StepCompletion.objects.exists()


def test_the_secretariat_reopens_an_agreed_report_with_a_reason(summary, staff, focal):
    with pytest.raises(PermissionDenied):
        service.report_reopen(report=summary, actor=focal, reason="We changed our mind.")
    with pytest.raises(ValidationError) as caught:
        service.report_reopen(report=summary, actor=staff, reason="   ")
    assert "reason" in caught.value.message_dict
    summary.refresh_from_db()
    assert summary.status == AGREED

    service.report_reopen(report=summary, actor=staff, reason="Kenya asked to correct paragraph 12.")
    summary.refresh_from_db()
    assert (summary.status, summary.agreed_on, summary.agreed_by) == (DRAFT, None, None)
    last = summary.history.first()
    assert (last.history_change_reason, last.history_user) == ("Kenya asked to correct paragraph 12.", staff)
    with pytest.raises(ValidationError):  # a draft is not reopened
        service.report_reopen(report=summary, actor=staff, reason="Again.")


# --- Service: publication --------------------------------------------------------------------


def test_publication_is_refused_before_the_state_agrees(review, staff):
    report = drafted(review, staff)
    with mock.patch("documents.tasks.render_document.delay") as delay, pytest.raises(ValidationError):
        service.report_publish(report=report, actor=staff)
    report.refresh_from_db()
    assert report.status == DRAFT and not Rendition.objects.exists()
    delay.assert_not_called()


def test_publication_is_refused_without_a_symbol(review, staff, focal):
    report = service.report_agree(report=drafted(review, staff, symbol=""), actor=focal)
    with mock.patch("documents.tasks.render_document.delay") as delay, pytest.raises(ValidationError) as caught:
        service.report_publish(report=report, actor=staff)
    assert list(caught.value.message_dict) == ["symbol"]
    report.refresh_from_db()
    assert report.status == AGREED and not Rendition.objects.exists()
    delay.assert_not_called()


@pytest.mark.parametrize("who", ["focal", "expert", "observer"])
def test_only_the_secretariat_publishes(summary, people, who):
    with pytest.raises(PermissionDenied):
        service.report_publish(report=summary, actor=people[who])
    summary.refresh_from_db()
    assert summary.status == AGREED


def test_publication_queues_six_render_tasks_after_the_commit(summary, staff, django_capture_on_commit_callbacks):
    with mock.patch("documents.tasks.render_document.delay") as delay:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            service.report_publish(report=summary, actor=staff)
            # Inside the transaction nothing is sent to the workers.
            delay.assert_not_called()
            summary.refresh_from_db()
            assert (summary.status, summary.published_by, summary.published_on) == (
                PUBLISHED,
                staff,
                timezone.localdate(),
            )
            renditions = list(Rendition.objects.for_document(summary))
            assert sorted(r.language for r in renditions) == sorted(LANGUAGES)
            assert {(r.status, r.variant) for r in renditions} == {(QUEUED, Rendition.Variant.FINAL)}
        delay.assert_not_called()
        assert len(callbacks) == 6

        for callback in callbacks:  # the commit
            callback()
    assert delay.call_count == 6
    assert sorted(c.args for c in delay.call_args_list) == sorted((r.pk, r.generation) for r in renditions)


def test_publishing_the_summary_completes_the_published_step(summary, staff):
    waiting_for(summary.review, "published")
    StepCompletion.objects.create(review=summary.review, step=step("report_agreed"), completed_on=summary.agreed_on)
    published(summary, staff)
    assert summary.review.completions.filter(step__code="published").exists()


def test_a_translation_finished_after_publication_renders_that_language_only(
    summary, staff, focal, django_capture_on_commit_callbacks
):
    with pytest.raises(PermissionDenied):
        service.translation_set(report=summary, actor=focal, language="fr", status="translated")
    # Before publication: only the status changes.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        service.translation_set(report=summary, actor=staff, language="fr", status="translated", translator=staff)
    assert callbacks == [] and not Rendition.objects.exists()
    line = summary.translations.get(language="fr")
    assert (line.status, line.translator) == ("translated", staff)

    published(summary, staff)
    Rendition.objects.for_document(summary).update(status=DONE)
    with (
        mock.patch("documents.tasks.render_document.delay") as delay,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        service.translation_set(report=summary, actor=staff, language="ru", status="checked")
    assert len(callbacks) == 1 and delay.call_count == 1
    assert dict(Rendition.objects.for_document(summary).values_list("language", "status")) == {
        **dict.fromkeys(LANGUAGES, DONE),
        "ru": QUEUED,
    }


# --- Views: no PDF in a web request ----------------------------------------------------------


def test_the_publish_view_renders_no_pdf(client, summary, staff, django_capture_on_commit_callbacks):
    client.force_login(staff)
    url = reverse("reviews:report_publish", args=[summary.review.pk, SUMMARY])
    with (
        mock.patch("reviewmech.pdf.render_pdf", side_effect=AssertionError("a PDF rendered in a web request")) as pdf,
        mock.patch("documents.tasks.render_document.delay") as delay,
        django_capture_on_commit_callbacks(execute=False) as callbacks,
    ):
        response = client.post(url, {"on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    pdf.assert_not_called()
    delay.assert_not_called()
    assert len(callbacks) == 6  # one enqueue per language, run only once the request's transaction commits
    summary.refresh_from_db()
    assert summary.status == PUBLISHED
    assert set(Rendition.objects.for_document(summary).values_list("status", flat=True)) == {QUEUED}
    assert "every 2s" in client.get(response.url).content.decode()  # the page watches them being made


def test_the_publish_view_shows_the_missing_symbol(client, review, staff, focal):
    report = service.report_agree(report=drafted(review, staff, symbol=""), actor=focal)
    client.force_login(staff)
    with mock.patch("documents.tasks.render_document.delay") as delay:
        response = client.post(
            reverse("reviews:report_publish", args=[review.pk, SUMMARY]), {"on": timezone.localdate().isoformat()}
        )
    assert response.status_code == 422
    assert "Give the document symbol before publishing." in response.content.decode()
    report.refresh_from_db()
    assert report.status == AGREED and not Rendition.objects.exists()
    delay.assert_not_called()


# --- Views: access matrix --------------------------------------------------------------------

PAGE_SEES = {
    # who: (status, sees the text form, sees the agreement form, sees the publish form)
    "anonymous": (302, False, False, False),
    "other_focal": (404, False, False, False),
    "outsider_expert": (404, False, False, False),
    "observer": (200, False, False, False),
    "focal": (200, False, True, False),
    "expert": (200, True, False, False),
    "staff": (200, True, True, False),
}


@pytest.mark.parametrize("who", list(PAGE_SEES))
def test_report_page_by_role(client, review, staff, people, who):
    report = drafted(review, staff)
    code, text_form, agree_form, publish_form = PAGE_SEES[who]
    response = as_(client, people[who]).get(reverse("reviews:report", args=[review.pk, SUMMARY]))
    assert response.status_code == code
    html = response.content.decode()
    if code == 302:
        assert response.url.startswith(reverse("accounts:login"))
        return
    if code == 404:
        assert SECRET not in html
        return
    assert SECRET in html  # the draft text, to everyone on the review
    assert (reverse("reviews:report_edit", args=[review.pk, SUMMARY]) in html) is text_form
    assert (reverse("reviews:report_agree", args=[review.pk, SUMMARY]) in html) is agree_form
    assert (reverse("reviews:report_publish", args=[review.pk, SUMMARY]) in html) is publish_form
    assert report.symbol in html


def test_the_publish_form_is_for_the_secretariat_once_agreed(client, summary, people):
    url = reverse("reviews:report", args=[summary.review.pk, SUMMARY])
    action = reverse("reviews:report_publish", args=[summary.review.pk, SUMMARY])
    for who in ("focal", "expert", "observer"):
        assert action not in as_(client, people[who]).get(url).content.decode(), who
    html = as_(client, people["staff"]).get(url).content.decode()
    assert action in html and reverse("reviews:report_reopen", args=[summary.review.pk, SUMMARY]) in html


def test_an_unstarted_report_offers_drafting_to_the_drafters_only(client, review, people):
    url = reverse("reviews:report", args=[review.pk, FULL])
    start = reverse("reviews:report_start", args=[review.pk, FULL])
    for who, offered in [("staff", True), ("expert", True), ("focal", False), ("observer", False)]:
        response = as_(client, people[who]).get(url)
        assert response.status_code == 200 and (start in response.content.decode()) is offered, who


def _post_data(action, report):
    section = report.sections.first()
    return {
        "report_start": {},
        "report_edit": {"language": "en", "introduction": "Rewritten.", f"section_{section.pk}": "Rewritten."},
        "report_agree": {"on": timezone.localdate().isoformat()},
        "report_reopen": {"reason": "Kenya asked for a change."},
        "report_publish": {"on": timezone.localdate().isoformat()},
        "report_preview": {"language": "fr"},
    }[action]


# Who may POST each action (302 = done), on a draft report or an agreed one.
ACTIONS = {
    "report_start": ("draft", {"expert", "staff"}),
    "report_edit": ("draft", {"expert", "staff"}),
    "report_agree": ("draft", {"focal", "staff"}),
    "report_reopen": ("agreed", {"staff"}),
    "report_publish": ("agreed", {"staff"}),
    "report_preview": ("draft", {"expert", "staff"}),
}


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("who", ["anonymous", "other_focal", "outsider_expert", "observer", "focal", "expert", "staff"])
def test_report_actions_by_role(client, review, staff, focal, people, action, who):
    state_, allowed = ACTIONS[action]
    report = drafted(review, staff)
    if state_ == "agreed":
        service.report_agree(report=report, actor=focal)
    before = ReviewReport.objects.values().get(pk=report.pk)
    with mock.patch("documents.tasks.render_document.delay"):
        response = as_(client, people[who]).post(
            reverse(f"reviews:{action}", args=[review.pk, SUMMARY]), _post_data(action, report)
        )
    if who == "anonymous":
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    elif who in allowed:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert response.url.startswith(reverse("reviews:report", args=[review.pk, SUMMARY]))
    else:
        assert response.status_code == 404
    changed = ReviewReport.objects.values().get(pk=report.pk) != before or Rendition.objects.exists()
    assert changed is (who in allowed and action != "report_start")


@pytest.mark.parametrize("who", ["anonymous", "other_focal", "outsider_expert", "observer", "focal", "expert", "staff"])
def test_translation_status_is_set_by_the_secretariat_only(client, summary, people, who):
    url = reverse("reviews:report_translation", args=[summary.review.pk, SUMMARY, "fr"])
    response = as_(client, people[who]).post(url, {"status": "translated"})
    line = summary.translations.get(language="fr")
    if who == "staff":
        assert response.status_code == 302 and line.status == "translated"
    else:
        assert response.status_code in (302, 404) and line.status == "pending"
        assert response.status_code == 404 or response.url.startswith(reverse("accounts:login"))


# --- Downloads -------------------------------------------------------------------------------

READERS = {"focal", "expert", "observer", "staff"}
EVERYONE = ["anonymous", "other_focal", "outsider_expert", "observer", "focal", "expert", "staff"]


def download(client, person, document, language="en", variant=Rendition.Variant.FINAL, slug="review-report"):
    name = "draft_download" if variant == Rendition.Variant.DRAFT else "document_download"
    return as_(client, person).get(reverse(name, args=[slug, document.pk, language]))


def _is_pdf(response):
    return (
        response.status_code == 200
        and response["Content-Type"] == "application/pdf"
        and b"".join(response.streaming_content).startswith(b"%PDF-")
    )


@pytest.mark.parametrize("who", EVERYONE)
def test_an_unpublished_report_pdf_is_for_the_people_on_the_review(client, summary, people, who):
    rendition(summary, "en")  # e.g. made before the report went back to the State
    response = download(client, people[who], summary)
    if who in READERS:
        assert _is_pdf(response)
        assert response["Cache-Control"] == "private, no-store"
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("who", EVERYONE)
def test_a_draft_preview_is_for_the_people_on_the_review_even_once_published(client, summary, staff, people, who):
    published(summary, staff)
    rendition(summary, "fr", variant=Rendition.Variant.DRAFT)
    response = download(client, people[who], summary, "fr", variant=Rendition.Variant.DRAFT)
    if who in READERS:
        assert _is_pdf(response) and response["Cache-Control"] == "private, no-store"
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("who", EVERYONE)
def test_a_published_executive_summary_is_public(client, summary, staff, people, who):
    published(summary, staff)
    rendition(summary, "ar")
    response = download(client, people[who], summary, "ar")
    assert _is_pdf(response)
    assert response["Cache-Control"] == "public, max-age=300"
    assert 'filename="CAC_COSP_IRG_II_1_1_Add.9-AR.pdf"' in response["Content-Disposition"]


@pytest.mark.parametrize("consent", [False, True])
@pytest.mark.parametrize("who", EVERYONE)
def test_a_published_country_report_is_public_only_with_the_states_consent(
    client, review, staff, focal, people, who, consent
):
    report = service.report_agree(report=drafted(review, staff, kind=FULL), actor=focal, consent_to_publish=consent)
    rendition(report, "es")
    before = download(client, people[who], report, "es")
    assert _is_pdf(before) if who in READERS else before.status_code == 404  # consent alone publishes nothing

    published(report, staff)
    rendition(report, "es")
    response = download(client, people[who], report, "es")
    if consent or who in READERS:
        assert _is_pdf(response)
    else:
        assert response.status_code == 404


def test_what_does_not_exist_is_404(client, summary, staff):
    published(summary, staff)
    rendition(summary, "en")
    assert _is_pdf(download(client, None, summary, "en"))
    assert download(client, staff, summary, "xx").status_code == 404  # no such language
    assert download(client, staff, summary, "de").status_code == 404
    assert download(client, staff, summary, "ru").status_code == 404  # queued: no file yet
    assert download(client, staff, summary, "en", slug="no-such-kind").status_code == 404
    missing = ReviewReport(pk=summary.pk + 1000)
    assert download(client, staff, missing, "en").status_code == 404
    assert download(client, staff, summary, "en", variant=Rendition.Variant.DRAFT).status_code == 404


def test_a_lost_file_is_404_not_an_error(client, summary, staff):
    published(summary, staff)
    made = rendition(summary, "en")
    made.file.storage.delete(made.file.name)
    assert download(client, None, summary, "en").status_code == 404


# --- The live status panel -------------------------------------------------------------------


def panel(client, person, document, htmx=True):
    headers = {"HX-Request": "true"} if htmx else {}
    return as_(client, person).get(
        reverse("documents:renditions_panel", args=["review-report", document.pk]), headers=headers
    )


@pytest.mark.parametrize("who", EVERYONE)
def test_the_panel_is_for_those_who_may_read(client, summary, people, who):
    rendition(summary, "en", status=FAILED, error="ValueError: bad layout")
    response = panel(client, people[who], summary)
    if who in READERS:
        assert response.status_code == 200
        assert 'data-language="en"' in response.content.decode()
    elif who == "anonymous":
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    else:
        assert response.status_code == 404


def test_the_panel_of_a_missing_document_or_kind_is_404(client, summary, staff):
    client.force_login(staff)
    missing = reverse("documents:renditions_panel", args=["review-report", summary.pk + 1000])
    assert client.get(missing).status_code == 404
    assert client.get(reverse("documents:renditions_panel", args=["no-such-kind", summary.pk])).status_code == 404


def test_the_panel_polls_while_a_pdf_is_on_its_way_and_stops_when_all_are_done(client, summary, staff):
    published(summary, staff)
    html = panel(client, staff, summary).content.decode()
    assert 'hx-trigger="every 2s"' in html and 'aria-busy="true"' in html
    assert html.count('data-status="queued"') == 6
    assert "Download" not in html

    Rendition.objects.for_document(summary).filter(language__in=["ar", "zh-hans"]).update(status=DONE)
    Rendition.objects.for_document(summary).filter(language="en").update(status=RENDERING)
    html = panel(client, staff, summary).content.decode()
    assert 'hx-trigger="every 2s"' in html  # one still on its way

    Rendition.objects.for_document(summary).update(status=DONE)
    html = panel(client, staff, summary).content.decode()
    assert "hx-trigger" not in html and 'aria-busy="false"' in html
    assert html.count('data-status="done"') == 6


def test_a_failure_shows_its_reason_and_a_retry_to_staff_not_to_the_focal_point(client, summary, staff, focal):
    failed = rendition(summary, "zh-hans", status=FAILED, error="ValueError: bad layout")
    retry = reverse("documents:rendition_retry", args=[failed.pk])

    html = panel(client, staff, summary).content.decode()
    assert 'data-status="failed"' in html and "ValueError: bad layout" in html and retry in html
    assert "hx-trigger" not in html  # a failure is not on its way: nothing to poll for

    html = panel(client, focal, summary).content.decode()
    assert 'data-status="failed"' in html
    assert "ValueError: bad layout" not in html and retry not in html


def test_staff_retry_a_failed_rendition_in_the_panel(client, summary, staff, focal, django_capture_on_commit_callbacks):
    failed = rendition(summary, "zh-hans", status=FAILED, error="ValueError: bad layout")
    url = reverse("documents:rendition_retry", args=[failed.pk])

    assert as_(client, focal).post(url, headers={"HX-Request": "true"}).status_code == 404
    failed.refresh_from_db()
    assert failed.status == FAILED

    with (
        mock.patch("documents.tasks.render_document.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = as_(client, staff).post(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-status="queued"' in html and 'hx-trigger="every 2s"' in html and "bad layout" not in html
    failed.refresh_from_db()
    assert failed.status == QUEUED and failed.error == ""
    delay.assert_called_once_with(failed.pk, failed.generation)


def test_retry_without_htmx_goes_back_only_to_this_site(client, summary, staff):
    failed = rendition(summary, "en", status=FAILED, error="OSError: disk full")
    client.force_login(staff)
    with mock.patch("documents.tasks.render_document.delay"):
        response = client.post(
            reverse("documents:rendition_retry", args=[failed.pk]), {"next": "https://evil.example/phish"}
        )
    assert response.status_code == 302 and response.url == "/"


def test_a_draft_preview_is_asked_from_the_page_and_made_by_a_worker(
    client, summary, expert, django_capture_on_commit_callbacks
):
    client.force_login(expert)
    with (
        mock.patch("reviewmech.pdf.render_pdf", side_effect=AssertionError("rendered in the request")),
        mock.patch("documents.tasks.render_document.delay") as delay,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        response = client.post(reverse("reviews:report_preview", args=[summary.review.pk, SUMMARY]), {"language": "fr"})
    assert response.status_code == 302 and len(callbacks) == 1 and delay.call_count == 1
    draft = Rendition.objects.for_document(summary).get()
    assert (draft.language, draft.variant, draft.status) == ("fr", Rendition.Variant.DRAFT, QUEUED)


# --- Query counts ----------------------------------------------------------------------------


# Session, user, review, report, sections (with their chapters), translation lines, the count of
# findings, the renditions; the translators to choose from (staff); whether an expert takes part
# (experts); the person's State (not staff). None of it grows with findings, sections or PDFs.
PAGE_QUERIES = {"staff": 9, "expert": 11, "focal": 9}
# Session, user, report, review, may this person read it, the renditions; takes part (experts).
PANEL_QUERIES = {"staff": 6, "expert": 7, "focal": 6}


@pytest.mark.parametrize("who", list(PAGE_QUERIES))
def test_report_page_queries(client, summary, staff, people, who, django_assert_max_num_queries):
    published(summary, staff)
    rendition(summary, "en", variant=Rendition.Variant.DRAFT)
    FindingFactory.create_batch(5, review=summary.review)
    client.force_login(people[who])
    url = reverse("reviews:report", args=[summary.review.pk, SUMMARY])
    with django_assert_max_num_queries(PAGE_QUERIES[who]):
        response = client.get(url)
    assert response.status_code == 200 and response.content.decode().count("data-variant=") == 7


@pytest.mark.parametrize("who", list(PANEL_QUERIES))
def test_panel_queries(client, summary, staff, people, who, django_assert_max_num_queries):
    published(summary, staff)
    for language in ("en", "fr"):
        rendition(summary, language, variant=Rendition.Variant.DRAFT)
    client.force_login(people[who])
    url = reverse("documents:renditions_panel", args=["review-report", summary.pk])
    with django_assert_max_num_queries(PANEL_QUERIES[who]):
        response = client.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 200 and response.content.decode().count("data-variant=") == 8


# --- Bad input -------------------------------------------------------------------------------


def test_an_unknown_kind_in_the_address_is_404(client, review, staff):
    drafted(review, staff)
    client.force_login(staff)
    for name in ("report", "report_start", "report_edit", "report_publish"):
        method = client.get if name == "report" else client.post
        assert method(reverse(f"reviews:{name}", args=[review.pk, "memoir"])).status_code == 404, name
    assert not ReviewReport.objects.filter(kind="memoir").exists()


def test_an_unknown_language_in_the_edit_form_is_404(client, review, staff):
    report = drafted(review, staff)
    client.force_login(staff)
    response = client.post(reverse("reviews:report_edit", args=[review.pk, SUMMARY]), {"language": "de"})
    assert response.status_code == 404
    report.refresh_from_db()
    assert SECRET in report.introduction_en


def test_a_too_long_text_gets_a_translated_error_on_its_field_and_nothing_is_saved(client, review, staff):
    report = drafted(review, staff)
    section = report.sections.first()
    client.force_login(staff)
    url = reverse("reviews:report_edit", args=[review.pk, SUMMARY]).replace("/en/", "/fr/", 1)
    response = client.post(
        url,
        {
            "language": "fr",
            "introduction": "Nouveau texte.",
            "legal_framework": "x" * (service.MAX_TEXT + 1),
            f"section_{section.pk}": "Chapitre.",
        },
    )
    assert response.status_code == 422
    form = response.context["text_form"]
    assert list(form.errors) == ["legal_framework"]
    assert "Assurez-vous que cette valeur comporte au plus" in form.errors["legal_framework"][0]
    html = response.content.decode()
    assert 'id="id_legal_framework_error"' in html
    report.refresh_from_db()
    section.refresh_from_db()
    assert report.introduction_fr is None and not section.narrative_fr


def test_the_language_tabs_show_that_version_to_those_who_only_read(client, summary, staff, observer):
    service.report_update(report=summary, actor=staff, language="fr", data={"introduction": "Le Kenya a ratifié."})
    client.force_login(observer)
    url = reverse("reviews:report", args=[summary.review.pk, SUMMARY])

    html = client.get(url, {"language": "fr"}).content.decode()
    assert "Le Kenya a ratifié." in html and SECRET not in html
    assert '<div dir="auto" lang="fr">' in html
    assert "Introduction" in html  # the headings stay in the language of the interface

    html = client.get(url, {"language": "ru"}).content.decode()
    assert SECRET in html and "fallback-badge" in html  # no Russian yet: English, marked as such
    assert "Le Kenya a ratifié." not in html


def test_the_symbol_can_be_given_when_publishing(client, django_capture_on_commit_callbacks, reference_data):
    from tests.factories import CountryReviewFactory

    staff_user = UserFactory(username="pub-staff", secretariat=True)
    review = CountryReviewFactory(state=state("UGA"))
    FindingFactory(review=review)
    report = service.report_open(review=review, kind="executive_summary", actor=staff_user)
    service.report_agree(report=report, actor=staff_user)
    client.force_login(staff_user)
    url = reverse("reviews:report_publish", args=[review.pk, "executive_summary"])
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(url, {"symbol": "", "on": "2026-11-20"})
    assert response.status_code == 422 and "Give the document symbol before publishing." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(url, {"symbol": " CAC/COSP/IRG/II/2/1/Add.4 ", "on": "2026-11-20"})
    assert response.status_code == 302 and len(callbacks) == 6
    report.refresh_from_db()
    assert report.symbol == "CAC/COSP/IRG/II/2/1/Add.4" and report.status == "published"


# --- The registry of documents -----------------------------------------------------------------


def test_a_symbol_registers_a_draft_document_and_publishing_issues_it(review, staff, focal, client):
    from documents.models import Document
    from documents.selectors import document_page

    report = drafted(review, staff)
    document = report.document
    assert (document.symbol, document.status, document.source) == ("CAC/COSP/IRG/II/1/1/Add.9", "draft", report)
    assert document.title_en == "Executive summary: Kenya" and document.title_fr.startswith("Résumé analytique")
    assert document.body.code == "irg" and document.relation == Document.Relation.ADDENDUM
    assert client.get(reverse("documents:document", args=[document.symbol])).status_code == 404  # a draft
    report = published(service.report_agree(report=report, actor=focal), staff)
    document.refresh_from_db()
    assert document.status == "issued" and document.issued_on == report.published_on
    rendition(report, "fr")
    page = document_page(None, document.symbol)
    files = {entry.language: entry.url for entry in page.languages}
    assert files["fr"] == f"/documents/review-report/{report.pk}/fr.pdf" and files["ar"] == ""
    assert (
        "Not issued in this language"
        in client.get(reverse("documents:document", args=[document.symbol])).content.decode()
    )


def test_a_malformed_or_taken_symbol_is_refused_on_its_field(review, staff):
    report = drafted(review, staff, symbol="")
    with pytest.raises(ValidationError) as caught:
        service.report_update(report=report, actor=staff, language="en", data={"symbol": "CAC/COSP/IRG/2020/03"})
    assert "leading zeros" in caught.value.message_dict["symbol"][0]
    from documents.services.registry import document_register

    document_register(actor=staff, symbol="CAC/COSP/IRG/2020/3", title="Another document")
    with pytest.raises(ValidationError) as caught:
        service.report_update(report=report, actor=staff, language="en", data={"symbol": "CAC/COSP/IRG/2020/3"})
    assert "already registered" in caught.value.message_dict["symbol"][0]
    report.refresh_from_db()
    assert report.document is None


def test_a_draft_symbol_can_change_an_issued_one_cannot(review, staff, focal):
    from documents.models import Document

    report = drafted(review, staff)
    service.report_update(report=report, actor=staff, language="en", data={"symbol": "CAC/COSP/IRG/II/1/1/Add.10"})
    assert list(Document.objects.values_list("symbol", flat=True)) == ["CAC/COSP/IRG/II/1/1/Add.10"]
    report = published(service.report_agree(report=report, actor=focal), staff)
    with pytest.raises(ValidationError):
        service.report_publish(report=report, actor=staff, symbol="CAC/COSP/IRG/II/1/1/Add.11")
    assert report.document.symbol == "CAC/COSP/IRG/II/1/1/Add.10"
