"""A review's page and its checklist, kept in the shared cache (issue 19): read again, they cost
the session, the user and the review; every kind of write that changes what they show shows on
the next request, once committed; readers, languages and rights are kept apart.

The production shape: Redis shared by the processes (``shared_cache``). Writes run inside
``django_capture_on_commit_callbacks(execute=True)``: a scope's token is replaced after the
commit, as in production.
"""

import datetime
import re

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reference.models import Article, State
from reviewmech import freshness
from reviews.models import Checklist, ConsentDecision, CountryReview
from reviews.services import consent, lots, workflow
from reviews.services.checklist import answer_save, checklist_open, checklist_reopen, checklist_submit
from reviews.services.dialogue import meeting_create
from reviews.services.findings import finding_create, finding_delete, finding_follow_up, finding_update
from sessions.models import IncomingNote
from tests.factories import CountryReviewFactory, ParticipantFactory, UserFactory, article_of

pytestmark = pytest.mark.usefixtures("reference_data", "shared_cache")

D = datetime.date


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a write as committed: what ``touch`` waits for runs."""

    def run(write):
        with django_capture_on_commit_callbacks(execute=True):
            return write()

    return run


@pytest.fixture
def drawn(staff):
    """A UNCAC cycle-2 review of Kenya with its reviewing States drawn and its first step done,
    Kenya's focal point on it."""
    uncac = lots.ReviewCycle.objects.get(mechanism__code="irm", number=2)
    lots.lots_draw_years(cycle=uncac, actor=staff, seed="scopes")
    review = uncac.reviews.get(state__code="KEN")
    lots.lots_draw_reviewers(cycle=uncac, year=review.year, actor=staff, seed="scopes-2")
    workflow.review_complete_step(review=review, actor=staff, on=D(review.year, 1, 10), comment="", notify=False)
    return CountryReview.objects.get(pk=review.pk)


def review_url(review):
    return reverse("reviews:review_detail", args=[review.pk])


def checklist_url(review):
    return reverse("reviews:checklist", args=[review.pk])


def untokened(html):
    """The page with its CSRF tokens (64 letters and digits, masked per request) taken out."""
    return re.sub(r"\b[A-Za-z0-9]{64}\b", "…", html)


def read(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200
    return response.content.decode()


# --- The review page ----------------------------------------------------------------------------


def test_the_review_page_read_again_costs_the_session_the_user_and_the_review(client, staff, drawn):
    client.force_login(staff)
    first = read(client, review_url(drawn))
    with CaptureQueriesContext(connection) as queries:
        again = read(client, review_url(drawn))
    assert len(queries) == 3, [query["sql"][:80] for query in queries.captured_queries]
    # The same page but for the CSRF tokens (the forms', HTMX's), masked anew for each request.
    assert 'name="csrfmiddlewaretoken"' in again and again != first
    assert untokened(again) == untokened(first)


def _complete(review, staff):
    workflow.review_complete_step(review=review, actor=staff, on=D(review.year, 3, 2), comment="Note 2/3", notify=False)
    return "Note 2/3"


def _pause(review, staff):
    workflow.review_pause(review=review, actor=staff, reason="General elections in the State")
    return "General elections in the State"


def _consent(review, staff):
    consent.consent_record(
        actor=staff,
        review=review,
        item=ConsentDecision.Item.TIMELINE,
        decision=ConsentDecision.Decision.GRANTED,
        decided_on=D(review.year, 2, 1),
        message="Letter of the Permanent Mission",
    )
    return "Letter of the Permanent Mission"


def _meeting(review, staff):
    meeting_create(
        review=review, actor=staff, mode="country_visit", starts_on=D(2027, 5, 6), ends_on=D(2027, 5, 8), venue="Kisumu"
    )
    return "Kisumu"


def _person(review, staff):
    ParticipantFactory(review=review, user=UserFactory(username="njeri", first_name="Njeri", last_name="Otieno"))
    return "Njeri Otieno"


def _renamed_person(review, staff):
    person = ParticipantFactory(review=review, user=UserFactory(first_name="Achieng", last_name="Oduya")).user
    person.last_name = "Oduya-Mwangi"
    person.save()
    return "Achieng Oduya-Mwangi"


def _redraw(review, staff):
    assignment = review.reviewer_assignments.filter(active=True).first()
    lots.lots_redraw(assignment=assignment, actor=staff, exceptional=False, comment="At Kenya's request")
    return "At Kenya&#x27;s request"


def _state_renamed(review, staff):
    kenya = State.objects.get(code="KEN")
    kenya.name_en = "Republic of Kenya"
    kenya.save()
    return "Republic of Kenya"


def _note_changed(review, staff):
    note = IncomingNote.objects.create(
        state=review.state, subject="Consent of Kenya", received_on=D(review.year, 1, 5), registered_by=staff
    )
    ConsentDecision.objects.create(
        review=review,
        item=ConsentDecision.Item.SELF_ASSESSMENT,
        decision=ConsentDecision.Decision.GRANTED,
        decided_on=D(review.year, 1, 6),
        incoming_note=note,
        recorded_by=staff,
    )
    return "Consent of Kenya"


def _note_renamed(review, staff):
    note = IncomingNote.objects.get(subject="Consent of Kenya")
    note.subject = "Consent of the Republic of Kenya"
    note.save()
    return "Consent of the Republic of Kenya"


@pytest.mark.parametrize(
    "change",
    [_complete, _pause, _consent, _meeting, _person, _renamed_person, _redraw, _state_renamed, _note_changed],
    ids=lambda change: change.__name__.strip("_"),
)
def test_every_change_shows_on_the_next_request(client, staff, drawn, commit, change):
    client.force_login(staff)
    read(client, review_url(drawn))
    read(client, review_url(drawn))  # from the cache
    shown = commit(lambda: change(CountryReview.objects.get(pk=drawn.pk), staff))
    assert shown in read(client, review_url(drawn))


def test_a_note_renamed_after_the_page_was_kept_shows(client, staff, drawn, commit):
    commit(lambda: _note_changed(drawn, staff))
    client.force_login(staff)
    assert "Consent of Kenya" in read(client, review_url(drawn))
    read(client, review_url(drawn))  # from the cache
    commit(lambda: _note_renamed(drawn, staff))
    assert "Consent of the Republic of Kenya" in read(client, review_url(drawn))


def test_a_change_rolled_back_or_not_yet_committed_keeps_the_page(client, staff, drawn):
    client.force_login(staff)
    first = read(client, review_url(drawn))
    with pytest.raises(RuntimeError), transaction.atomic():
        workflow.review_pause(review=drawn, actor=staff, reason="Never happened")
        raise RuntimeError
    assert "Never happened" not in read(client, review_url(drawn))
    assert read(client, review_url(drawn)).count("<tr") == first.count("<tr")


def test_a_sign_in_changes_nothing_the_pages_show(drawn, staff, commit):
    scoped = freshness.scoped_entry("probe", ["reviews-common"])
    staff.last_login = timezone.now()
    commit(lambda: staff.save(update_fields=["last_login"]))
    assert freshness.scoped_entry("probe", ["reviews-common"]).tokens == scoped.tokens
    commit(lambda: staff.save(update_fields=["first_name"]))
    assert freshness.scoped_entry("probe", ["reviews-common"]).tokens != scoped.tokens


def test_readers_with_other_rights_and_languages_are_kept_apart(client, staff, drawn, commit):
    """The secretariat sees the consent ledger and the actions; an expert of a reviewing State
    on the review sees neither. Arabic has its own page, right to left."""
    expert = ParticipantFactory(
        review=drawn, user=UserFactory(expert=True, state=drawn.reviewer_assignments.first().state)
    ).user
    client.force_login(staff)
    assert "consent-title" in read(client, review_url(drawn))
    client.force_login(expert)
    as_expert = read(client, review_url(drawn))
    assert "consent-title" not in as_expert and "Record this step" not in as_expert
    client.force_login(staff)
    english_url = review_url(drawn)  # reversed in English, before a request in Arabic
    arabic = read(client, english_url.replace("/en/", "/ar/"))
    assert 'dir="rtl"' in arabic and "consent-title" in arabic
    assert "الجدول الزمني" in arabic and "الجدول الزمني" not in read(client, english_url)


def test_a_form_asked_for_or_the_whole_history_is_read_live(client, staff, drawn):
    client.force_login(staff)
    read(client, review_url(drawn))
    with CaptureQueriesContext(connection) as queries:
        page = read(client, review_url(drawn) + "?form=pause")
    assert 'id="pause-form"' in page and len(queries) > 3
    with CaptureQueriesContext(connection) as queries:
        read(client, review_url(drawn) + "?history=all")
    assert len(queries) > 3


def test_with_a_cache_of_each_process_own_nothing_is_kept(settings, client, staff, drawn):
    """The embedded default: another process (the worker) could not tell this one of a change."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert freshness.scoped_entry("probe", ["review:1"]) is None
    client.force_login(staff)
    read(client, review_url(drawn))
    with CaptureQueriesContext(connection) as queries:
        read(client, review_url(drawn))
    assert len(queries) > 3


def test_a_lost_token_is_made_anew_and_what_was_kept_is_not_served(drawn):
    from django.core.cache import cache

    scoped = freshness.scoped_entry("probe", ["review:1"])
    freshness.keep_scoped(scoped, "kept", 60)
    assert freshness.scoped_entry("probe", ["review:1"]).value == "kept"
    cache.delete(freshness.SCOPE_KEY.format("review:1"))
    again = freshness.scoped_entry("probe", ["review:1"])
    assert again.value is None and again.tokens != scoped.tokens


# --- The checklist ------------------------------------------------------------------------------


@pytest.fixture
def draft(review, focal):
    """Kenya's checklist, a draft with one article answered."""
    ParticipantFactory(review=review, user=focal)
    checklist = checklist_open(review=review)
    first = checklist.answers.order_by("article__number").first()
    answer_save(answer=first, actor=focal, data={"narrative": "First answer of Kenya."}, revision=first.revision)
    return review


def test_the_checklist_read_again_costs_the_session_the_user_and_the_review(client, focal, draft):
    client.force_login(focal)
    first = read(client, checklist_url(draft))
    with CaptureQueriesContext(connection) as queries:
        again = read(client, checklist_url(draft))
    # The session, the user, the review, and the focal point's State (who may change the draft).
    assert len(queries) <= 4, [query["sql"][:80] for query in queries.captured_queries]
    assert untokened(again) == untokened(first) and "First answer of Kenya." in again


def test_an_autosave_shows_on_the_next_request(client, focal, draft, commit):
    client.force_login(focal)
    read(client, checklist_url(draft))
    answer = Checklist.objects.get(review=draft).answers.order_by("article__number").last()
    saved = {"narrative": "The Ethics and Anti-Corruption Commission Act, 2011."}
    commit(lambda: answer_save(answer=answer, actor=focal, data=saved, revision=answer.revision))
    assert "The Ethics and Anti-Corruption Commission Act, 2011." in read(client, checklist_url(draft))


def test_a_submission_shows_as_a_version_and_closes_the_draft(client, focal, staff, draft, commit):
    checklist = Checklist.objects.get(review=draft)
    for answer in checklist.answers.all():
        answer_save(
            answer=answer, actor=focal, data={"implementation": "fully", "narrative": "Yes."}, revision=answer.revision
        )
    client.force_login(focal)
    assert "Submit the checklist" in read(client, checklist_url(draft))
    commit(
        lambda: checklist_submit(
            checklist=Checklist.objects.get(pk=checklist.pk), actor=focal, consent_to_publish=False
        )
    )
    page = read(client, checklist_url(draft))
    assert 'id="submit-title"' not in page and "Version 1, submitted" in page


def test_an_article_retitled_shows(client, focal, draft, commit):
    client.force_login(focal)
    read(client, checklist_url(draft))
    article = Checklist.objects.get(review=draft).answers.order_by("article__number").first().article

    def retitle():
        Article.objects.filter(pk=article.pk).update(title_en="Preventive policies (retitled)")
        Article.objects.get(pk=article.pk).save()

    commit(retitle)
    assert "Preventive policies (retitled)" in read(client, checklist_url(draft))


def test_a_submission_in_another_review_of_the_state_offers_its_answers(client, focal, commit):
    """What the focal point may reuse comes from their State's other reviews: submitting one of
    them changes the offers on this draft (the State's scope)."""
    from tests.reviews.test_checklist_reuse import MANDATORY, save

    third = lots.ReviewCycle.objects.create(
        mechanism=lots.ReviewCycle.objects.get(mechanism__code="irm", number=2).mechanism,
        number=3,
        title="Third review cycle",
        start_year=2027,
        end_year=2031,
    )
    third.chapters.add(*lots.ReviewCycle.objects.get(mechanism__code="irm", number=2).chapters.all())
    earlier_review = CountryReviewFactory()
    later = CountryReviewFactory(cycle=third, year=2028)
    for review in (earlier_review, later):
        ParticipantFactory(review=review, user=focal)
    earlier = checklist_open(review=earlier_review)
    checklist_open(review=later)
    for number in MANDATORY:
        save(earlier, focal, number, implementation="fully", narrative=f"Cycle 2 answer ({number})")
    client.force_login(focal)
    assert "Reuse an earlier answer" not in read(client, checklist_url(later))
    read(client, checklist_url(later))  # from the cache
    commit(lambda: checklist_submit(checklist=earlier, actor=focal, consent_to_publish=False))
    assert "Reuse an earlier answer" in read(client, checklist_url(later))


def test_each_reader_has_the_checklist_of_their_own(client, focal, staff, draft):
    """Kept per reader: the secretariat's page is not the focal point's, nor the other way."""
    client.force_login(focal)
    as_focal = read(client, checklist_url(draft))
    client.force_login(staff)
    with CaptureQueriesContext(connection) as queries:
        as_staff = read(client, checklist_url(draft))
    assert len(queries) > 4  # read, not served from the focal point's entry
    assert "First answer of Kenya." in as_staff and "First answer of Kenya." in as_focal


# --- The findings -------------------------------------------------------------------------------


@pytest.fixture
def noted(review, expert):
    """Kenya's review with a challenge on article 5 (chapter II) and one on article 52 (V)."""
    finding_create(review=review, actor=expert, article=article_of(review, 5), kind="challenge", text="Two-five.")
    finding_create(review=review, actor=expert, article=article_of(review, 52), kind="challenge", text="Five-two.")
    return review


def findings_url(review, chapter=None):
    url = reverse("reviews:findings", args=[review.pk])
    return f"{url}?chapter={chapter}" if chapter else url


def test_the_findings_read_again_cost_no_query_of_the_findings(client, staff, noted):
    client.force_login(staff)
    first = read(client, findings_url(noted))
    with CaptureQueriesContext(connection) as queries:
        again = read(client, findings_url(noted))
    assert not [query for query in queries.captured_queries if "reviews_finding" in query["sql"]]
    assert untokened(again) == untokened(first) and "Two-five." in again


def _added(review, staff):
    finding_create(review=review, actor=staff, article=article_of(review, 6), kind="good_practice", text="Two-six.")
    return "Two-six."


def _edited(review, staff):
    finding = review.findings.get(article__number=5)
    finding_update(
        finding=finding, actor=staff, article=finding.article, kind=finding.kind, text="Two-five, rewritten."
    )
    return "Two-five, rewritten."


def _followed_up(review, staff):
    finding_follow_up(
        finding=review.findings.get(article__number=5), actor=staff, status="in_progress", note="Bill tabled."
    )
    return "Bill tabled."


@pytest.mark.parametrize("change", [_added, _edited, _followed_up], ids=lambda change: change.__name__.strip("_"))
def test_every_change_of_a_finding_shows_on_the_next_request(client, staff, noted, commit, change):
    client.force_login(staff)
    read(client, findings_url(noted))
    read(client, findings_url(noted))  # from the cache
    shown = commit(lambda: change(noted, staff))
    assert shown in read(client, findings_url(noted))


def test_a_finding_deleted_goes(client, staff, noted, commit):
    client.force_login(staff)
    assert "Two-five." in read(client, findings_url(noted, "all"))
    commit(lambda: finding_delete(finding=noted.findings.get(article__number=5), actor=staff))
    assert "Two-five." not in read(client, findings_url(noted, "all"))


def test_each_section_and_reader_has_its_own(client, staff, expert, noted):
    client.force_login(staff)
    chapter_two, chapter_five = read(client, findings_url(noted)), read(client, findings_url(noted, "all"))
    assert "Five-two." not in chapter_two and "Five-two." in chapter_five
    client.force_login(expert)
    as_expert = read(client, findings_url(noted))
    assert "Two-five." in as_expert and "Missing translations" not in as_expert
    assert "Missing translations" in chapter_two  # the secretariat translates


def test_the_submitted_version_is_kept_per_version_and_a_new_one_shows(client, focal, staff, expert, draft, commit):
    """The reviewing expert reads the version submitted: its articles kept, the frozen answers
    not read again; the State's next version replaces it on the next request."""
    checklist = Checklist.objects.get(review=draft)
    for answer in checklist.answers.all():
        answer_save(
            answer=answer,
            actor=focal,
            data={"implementation": "fully", "narrative": "First."},
            revision=answer.revision,
        )
    checklist_submit(checklist=checklist, actor=focal, consent_to_publish=False)
    client.force_login(expert)
    first = read(client, checklist_url(draft))
    with CaptureQueriesContext(connection) as queries:
        again = read(client, checklist_url(draft))
    assert not [query for query in queries.captured_queries if '"answers"' in query["sql"]]
    assert untokened(again) == untokened(first) and "First." in again and "Version 1, submitted" in again

    def second_version():
        checklist_reopen(checklist=Checklist.objects.get(pk=checklist.pk), actor=staff, reason="Article 5 incomplete")
        answer = Checklist.objects.get(pk=checklist.pk).answers.order_by("article__number").first()
        answer_save(
            answer=answer,
            actor=focal,
            data={"implementation": "fully", "narrative": "Second."},
            revision=answer.revision,
        )
        checklist_submit(checklist=Checklist.objects.get(pk=checklist.pk), actor=focal, consent_to_publish=False)

    commit(second_version)
    page = read(client, checklist_url(draft))
    assert "Version 2, submitted" in page and "Second." in page


def test_the_forms_of_a_kept_checklist_carry_the_token_of_whoever_reads_it(focal, draft):
    """The focal point's page kept in one session, read in another (a new sign-in, another
    device: another CSRF secret): its forms (attach a document) work there, not refused as
    forged."""
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(focal)
    read(first, checklist_url(draft))  # kept, with the first session's tokens
    second.force_login(focal)
    page = read(second, checklist_url(draft))
    answer = Checklist.objects.get(review=draft).answers.order_by("article__number").first()
    action = reverse("reviews:checklist_attachment_add", args=[draft.pk, answer.pk])
    form = re.search(rf'action="{re.escape(action)}".*?name="csrfmiddlewaretoken" value="([^"]+)"', page, re.S)
    response = second.post(
        action, {"csrfmiddlewaretoken": form.group(1)}
    )  # no file: refused by the form, not as forged
    assert response.status_code != 403
    assert second.post(action, {"csrfmiddlewaretoken": "x" * 64}).status_code == 403  # a token not of this session is


def test_the_title_is_the_names_escaped_once_kept_or_not(client, staff, drawn, commit):
    """A name with an apostrophe (as Côte d'Ivoire's) in the page's title: escaped once, as
    plain text, whether the page is read or served from the cache."""

    def rename():
        state = State.objects.get(pk=drawn.state_id)
        state.name_en = "Côte d'Ivoire"
        state.save()

    commit(rename)
    client.force_login(staff)
    for _ in range(2):
        title = re.search(r"<title>(.*?)</title>", read(client, review_url(drawn)), re.S).group(1)
        assert "Côte d&#x27;Ivoire — " in title and "&amp;" not in title
