"""Findings: good practices, challenges, recommendations and technical assistance needs, one
article each, drafted by the reviewing experts with the secretariat, followed up by the State.

Kenya's UNCAC cycle-2 review (chapters II and V: articles 5–14 and 52–59). France's expert and a
Ugandan expert are assigned to it, with an Austrian observer; Kenya's focal point follows the
findings up. A Ugandan focal point and a Colombian expert who is not assigned see nothing.
"""

import dataclasses
import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from reference.models import Article, TechnicalAssistanceCategory
from reviews.models import Finding, Participant, ReviewReport
from reviews.selectors.findings import FindingRow, findings_for_review, review_findings
from reviews.services.findings import (
    MAX_TEXT,
    finding_create,
    finding_delete,
    finding_follow_up,
    finding_move,
    finding_translations_save,
    finding_update,
)
from tests.factories import CountryReviewFactory, FindingFactory, UserFactory, article_of, cycle
from tests.factories import state as state_of

pytestmark = pytest.mark.usefixtures("reference_data")

SECRET = "SECRET-F: the Ethics Commission lacks the staff to verify asset declarations."
GOOD, CHALLENGE, RECOMMENDATION, TA_NEED = (
    Finding.Kind.GOOD_PRACTICE,
    Finding.Kind.CHALLENGE,
    Finding.Kind.RECOMMENDATION,
    Finding.Kind.TA_NEED,
)
IMPLEMENTED, IN_PROGRESS = Finding.FollowUp.IMPLEMENTED, Finding.FollowUp.IN_PROGRESS
AGREED_MESSAGE = "The State under review has agreed to the executive summary: only the secretariat may change it now."
PUBLISHED_MESSAGE = (
    "The executive summary is published: its findings can no longer be changed. Only their follow-up can."
)


@pytest.fixture
def category():
    return TechnicalAssistanceCategory.objects.order_by("order").first()


def summary(review, status):
    """The review's executive summary at ``status``, written directly."""
    return ReviewReport.objects.update_or_create(
        review=review, kind=ReviewReport.Kind.EXECUTIVE_SUMMARY, defaults={"status": status}
    )[0]


def create(review, actor, text=SECRET, number=5, kind=CHALLENGE, ta_category=None, reason=""):
    return finding_create(
        review=review,
        actor=actor,
        article=article_of(review, number),
        kind=kind,
        text=text,
        ta_category=ta_category,
        reason=reason,
    )


def update(finding, actor, text="Changed.", number=None, kind=None, ta_category=None, reason="", language=None):
    return finding_update(
        finding=finding,
        actor=actor,
        article=article_of(finding.review, number) if number else finding.article,
        kind=kind or finding.kind,
        text=text,
        ta_category=ta_category,
        reason=reason,
        language=language,
    )


def history(finding_pk):
    """(type, user, reason) of a finding's history rows, oldest first."""
    return list(
        Finding.history.filter(id=finding_pk)
        .order_by("history_date", "history_id")
        .values_list("history_type", "history_user__username", "history_change_reason")
    )


# --- Service: drafting -----------------------------------------------------------------------


def test_an_assigned_expert_drafts_a_finding(review, expert):
    finding = create(review, expert)
    finding.refresh_from_db()
    assert (finding.review, finding.article.number, finding.kind, finding.created_by) == (review, 5, CHALLENGE, expert)
    assert (finding.text_en, finding.text_fr, finding.order) == (SECRET, None, 0)
    assert finding.follow_up_status == Finding.FollowUp.NOT_STARTED and finding.follow_up_on is None
    assert history(finding.pk) == [("+", "pierre", None)]


def test_the_text_is_stored_in_the_language_of_the_interface(review, expert):
    with translation.override("fr"):
        finding = create(review, expert, text="  La Commission manque de personnel.  ")
    finding.refresh_from_db()
    assert (finding.text_fr, finding.text_en) == ("La Commission manque de personnel.", None)
    # On the English page it shows in French, flagged as such (not as an empty English text).
    row = next(review_findings(review, language="en").rows())
    assert (row.text.text, row.text.language, row.text.is_fallback) == (
        "La Commission manque de personnel.",
        "fr",
        True,
    )
    assert row.missing_languages == ["ar", "zh-hans", "en", "ru", "es"]
    french = next(review_findings(review, language="fr").rows())
    assert (french.text.language, french.text.is_fallback) == ("fr", False)


def test_findings_are_numbered_in_order_per_article_and_kind(review, expert, staff):
    first = create(review, expert)
    second = create(review, staff, text="Second challenge.")
    other_kind = create(review, expert, text="A recommendation.", kind=RECOMMENDATION)
    other_article = create(review, expert, text="On article 6.", number=6)
    assert [f.order for f in (first, second, other_kind, other_article)] == [0, 1, 0, 0]


@pytest.mark.parametrize(
    "instrument_code, number",
    [("uncac", 15), ("uncac", 1), ("untoc", 5)],
    ids=["chapter III not in this cycle", "general provision", "another instrument"],
)
def test_an_article_not_under_review_is_refused(review, expert, instrument_code, number):
    article = Article.objects.get(instrument__code=instrument_code, number=number)
    with pytest.raises(ValidationError) as caught:
        finding_create(review=review, actor=expert, article=article, kind=CHALLENGE, text=SECRET)
    assert caught.value.message_dict == {"article": ["Choose one of the articles under review in this review."]}
    assert not Finding.objects.exists()


def test_a_technical_assistance_need_requires_its_category(review, expert, category):
    with pytest.raises(ValidationError) as caught:
        create(review, expert, kind=TA_NEED)
    assert caught.value.message_dict == {"ta_category": ["Choose the category of the technical assistance needed."]}
    assert not Finding.objects.exists()
    need = create(review, expert, kind=TA_NEED, ta_category=category)
    assert need.ta_category == category
    # Other kinds may carry a category too.
    assert create(review, expert, kind=CHALLENGE, ta_category=category).ta_category == category


def test_an_unknown_kind_is_refused(review, expert):
    with pytest.raises(ValidationError) as caught:
        create(review, expert, kind="ranking")
    assert caught.value.message_dict == {"kind": ["Choose the kind of finding."]}


@pytest.mark.parametrize("text", ["", "   \n ", "x" * (MAX_TEXT + 1)], ids=["empty", "blank", "too long"])
def test_empty_or_too_long_text_is_refused(review, expert, text):
    with pytest.raises(ValidationError) as caught:
        create(review, expert, text=text)
    assert list(caught.value.message_dict) == ["text"]
    assert not Finding.objects.exists()


def test_a_text_of_exactly_the_maximum_length_is_accepted(review, expert):
    assert len(create(review, expert, text="x" * MAX_TEXT).text_en) == MAX_TEXT


@pytest.mark.parametrize(
    "who, allowed",
    [
        ("expert", True),
        ("other_expert", True),
        ("staff", True),
        ("focal", False),
        ("observer", False),
        ("outsider_expert", False),
        ("uganda_focal", False),
        ("anonymous", False),
    ],
)
def test_only_assigned_experts_and_the_secretariat_draft(request, review, expert, other_expert, observer, who, allowed):
    actor = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    if allowed:
        assert create(review, actor).created_by == actor
    else:
        with pytest.raises(PermissionDenied):
            create(review, actor)
        assert not Finding.objects.exists()


def test_an_expert_taken_off_the_review_no_longer_drafts(review, expert):
    finding = create(review, expert)
    Participant.objects.filter(user=expert).update(active=False)
    for action in (
        lambda: create(review, expert),
        lambda: update(finding, expert),
        lambda: finding_delete(finding=finding, actor=expert),
        lambda: finding_move(finding=finding, actor=expert, direction="up"),
    ):
        with pytest.raises(PermissionDenied):
            action()
    assert Finding.objects.get().text_en == SECRET


def test_an_expert_assigned_to_another_review_does_not_draft_here(review, expert):
    other = CountryReviewFactory(state=state_of("UGA"))
    with pytest.raises(PermissionDenied):
        create(other, expert)


def test_editing_a_finding(review, expert, other_expert, category):
    finding = create(review, expert)
    create(review, expert, text="Already a need.", number=6, kind=TA_NEED, ta_category=category)
    moved = update(finding, other_expert, text="Now a need on article 6.", number=6, kind=TA_NEED, ta_category=category)
    moved.refresh_from_db()
    assert (moved.article.number, moved.kind, moved.ta_category, moved.text_en) == (
        6,
        TA_NEED,
        category,
        "Now a need on article 6.",
    )
    assert moved.order == 1  # last among the needs on article 6
    assert moved.created_by == expert  # the drafter stays; the history says who changed it
    assert history(finding.pk) == [("+", "pierre", None), ("~", "okello", None)]


def test_editing_writes_the_language_of_the_text_edited(review, expert):
    """Correcting the English text on the French page corrects the English, not a French copy."""
    finding = create(review, expert)
    with translation.override("fr"):
        update(finding, expert, text="Corrected English text.", language="en")
        finding.refresh_from_db()
        assert (finding.text_en, finding.text_fr) == ("Corrected English text.", None)
        update(finding, expert, text="Texte français.")  # default: the page's language
    finding.refresh_from_db()
    assert (finding.text_en, finding.text_fr) == ("Corrected English text.", "Texte français.")


def test_editing_refuses_what_creating_refuses(review, expert):
    finding = create(review, expert)
    with pytest.raises(ValidationError, match="articles under review"):
        update(finding, expert, number=15)
    with pytest.raises(ValidationError):
        update(finding, expert, text=" ")
    with pytest.raises(ValidationError, match="category"):
        update(finding, expert, kind=TA_NEED)
    with pytest.raises(ValidationError, match="Unknown language"):
        update(finding, expert, language="de")
    finding.refresh_from_db()
    assert (finding.article.number, finding.kind, finding.text_en) == (5, CHALLENGE, SECRET)


def test_deleting_a_finding_keeps_its_history(review, expert, staff):
    finding = create(review, expert)
    pk = finding.pk
    finding_delete(finding=finding, actor=staff)
    assert not Finding.objects.exists()
    assert history(pk) == [("+", "pierre", None), ("-", "sofia", None)]
    assert Finding.history.filter(id=pk, history_type="-").get().text_en == SECRET


def test_moving_findings_up_and_down(review, expert):
    a, b, c = (create(review, expert, text=t) for t in ("A", "B", "C"))
    create(review, expert, text="Another kind", kind=RECOMMENDATION)

    def order():
        return list(Finding.objects.filter(kind=CHALLENGE).order_by("order", "pk").values_list("text_en", flat=True))

    finding_move(finding=c, actor=expert, direction="up")
    assert order() == ["A", "C", "B"]
    finding_move(finding=a, actor=expert, direction="down")
    assert order() == ["C", "A", "B"]
    finding_move(finding=c, actor=expert, direction="up")  # already first: nothing moves
    finding_move(finding=b, actor=expert, direction="down")  # already last
    assert order() == ["C", "A", "B"]
    assert Finding.objects.get(kind=RECOMMENDATION).order == 0
    with pytest.raises(ValidationError):
        finding_move(finding=a, actor=expert, direction="sideways")
    assert Finding.history.filter(id=c.pk, history_type="~").count() == 2


# --- Freezing --------------------------------------------------------------------------------


def test_a_draft_summary_leaves_the_findings_open(review, expert):
    summary(review, ReviewReport.Status.DRAFT)
    finding = create(review, expert)
    assert update(finding, expert, text="Still a draft.").text_en == "Still a draft."


def test_the_country_report_does_not_freeze_the_findings(review, expert):
    """Only the executive summary counts: the full report being agreed changes nothing."""
    ReviewReport.objects.create(review=review, kind=ReviewReport.Kind.COUNTRY_REPORT, status="published")
    assert create(review, expert).pk


def test_after_agreement_only_the_secretariat_changes_findings_with_a_reason(review, expert, staff, category):
    finding = create(review, expert)
    summary(review, ReviewReport.Status.AGREED)
    for action in (
        lambda: create(review, expert),
        lambda: update(finding, expert),
        lambda: finding_delete(finding=finding, actor=expert),
        lambda: finding_move(finding=finding, actor=expert, direction="down"),
    ):
        with pytest.raises(ValidationError) as caught:
            action()
        assert caught.value.messages == [AGREED_MESSAGE]
    with pytest.raises(ValidationError) as caught:
        update(finding, staff, text="Changed by the secretariat.")
    assert caught.value.message_dict == {
        "reason": ["Give the reason for changing a finding after the State under review agreed."]
    }
    finding.refresh_from_db()
    assert finding.text_en == SECRET

    update(finding, staff, text="Changed by the secretariat.", reason="Typo pointed out by the State.")
    added = create(review, staff, kind=TA_NEED, ta_category=category, reason="Need raised at the joint meeting.")
    assert history(finding.pk)[-1] == ("~", "sofia", "Typo pointed out by the State.")
    assert history(added.pk) == [("+", "sofia", "Need raised at the joint meeting.")]
    finding_delete(finding=added, actor=staff, reason="Duplicate.")
    assert history(added.pk)[-1] == ("-", "sofia", "Duplicate.")


def test_after_publication_nobody_changes_the_text(review, expert, staff, focal):
    finding = create(review, expert)
    summary(review, ReviewReport.Status.PUBLISHED)
    for actor in (expert, staff):
        for action in (
            lambda a=actor: create(review, a, reason="r"),
            lambda a=actor: update(finding, a, reason="r"),
            lambda a=actor: finding_delete(finding=finding, actor=a, reason="r"),
            lambda a=actor: finding_move(finding=finding, actor=a, direction="down", reason="r"),
        ):
            with pytest.raises(ValidationError) as caught:
                action()
            assert caught.value.messages == [PUBLISHED_MESSAGE]
    with pytest.raises(ValidationError) as caught:
        finding_translations_save(finding=finding, actor=staff, texts={"fr": "Traduction"})
    assert caught.value.messages == [PUBLISHED_MESSAGE]
    finding.refresh_from_db()
    assert (finding.text_en, finding.text_fr, Finding.objects.count()) == (SECRET, None, 1)
    # The follow-up moves on.
    finding_follow_up(finding=finding, actor=focal, status=IN_PROGRESS, note="Bill before Parliament.")
    finding.refresh_from_db()
    assert (finding.follow_up_status, finding.follow_up_note) == (IN_PROGRESS, "Bill before Parliament.")


# --- Translations ----------------------------------------------------------------------------


def test_the_secretariat_sets_translations(review, expert, staff):
    finding = create(review, expert)
    finding_translations_save(
        finding=finding, actor=staff, texts={"en": SECRET, "fr": "  Texte français. ", "ar": "نص عربي", "es": ""}
    )
    finding.refresh_from_db()
    assert (finding.text_en, finding.text_fr, finding.text_ar, finding.text_es) == (
        SECRET,
        "Texte français.",
        "نص عربي",
        None,
    )
    assert history(finding.pk)[-1] == ("~", "sofia", "translations: fr, ar")
    row = next(review_findings(review, language="ar").rows())
    assert (row.text.text, row.text.is_fallback) == ("نص عربي", False)
    assert row.missing_languages == ["zh-hans", "ru", "es"]
    # Still a draft: the secretariat may also remove a translation.
    finding_translations_save(finding=finding, actor=staff, texts={"ar": ""})
    finding.refresh_from_db()
    assert finding.text_ar is None


def test_translations_are_the_secretariats(review, expert, focal, staff):
    finding = create(review, expert)
    for actor in (expert, focal):
        with pytest.raises(PermissionDenied):
            finding_translations_save(finding=finding, actor=actor, texts={"fr": "Traduction"})
    with pytest.raises(ValidationError, match="at least one language"):
        finding_translations_save(finding=finding, actor=staff, texts={"en": " "})
    with pytest.raises(ValidationError) as caught:
        finding_translations_save(finding=finding, actor=staff, texts={"fr": "x" * (MAX_TEXT + 1)})
    assert list(caught.value.message_dict) == ["text_fr"]
    finding.refresh_from_db()
    assert (finding.text_en, finding.text_fr) == (SECRET, None)


def test_translating_after_agreement_needs_no_reason(review, expert, staff):
    """Translating is the step after the State agreed: it is not a change of substance."""
    finding = create(review, expert)
    summary(review, ReviewReport.Status.AGREED)
    finding_translations_save(finding=finding, actor=staff, texts={"fr": "Traduction"})
    finding.refresh_from_db()
    assert finding.text_fr == "Traduction"


# --- Follow-up -------------------------------------------------------------------------------


def test_the_focal_point_reports_the_follow_up(review, expert, focal):
    finding = create(review, expert)
    on = timezone.localdate()
    finding_follow_up(finding=finding, actor=focal, status=IMPLEMENTED, on=on, note="  Law 12 of 2023.  ")
    finding.refresh_from_db()
    assert (finding.follow_up_status, finding.follow_up_on, finding.follow_up_note) == (
        IMPLEMENTED,
        on,
        "Law 12 of 2023.",
    )
    assert finding.text_en == SECRET
    assert history(finding.pk)[-1] == ("~", "wanjiru", "follow-up")


@pytest.mark.parametrize(
    "who, allowed",
    [
        ("focal", True),
        ("staff", True),
        ("expert", False),
        ("observer", False),
        ("uganda_focal", False),
        ("outsider_expert", False),
    ],
)
def test_only_the_state_under_review_and_the_secretariat_report_follow_up(
    request, review, expert, observer, who, allowed
):
    finding = create(review, expert)
    actor = request.getfixturevalue(who)
    if allowed:
        finding_follow_up(finding=finding, actor=actor, status=IN_PROGRESS)
        finding.refresh_from_db()
        assert finding.follow_up_status == IN_PROGRESS
    else:
        with pytest.raises(PermissionDenied):
            finding_follow_up(finding=finding, actor=actor, status=IN_PROGRESS)
        finding.refresh_from_db()
        assert finding.follow_up_status == Finding.FollowUp.NOT_STARTED


@pytest.mark.parametrize(
    "status, days, note, errors",
    [
        (IMPLEMENTED, None, "", {"follow_up_on": ["Give the date on which it was implemented."]}),
        (IMPLEMENTED, 1, "", {"follow_up_on": ["The date cannot be in the future."]}),
        (IN_PROGRESS, 1, "", {"follow_up_on": ["The date cannot be in the future."]}),
        ("abandoned", None, "", {"follow_up_status": ["Choose where the follow-up stands."]}),
        (IN_PROGRESS, None, "x" * (MAX_TEXT + 1), {"follow_up_note": ["A note has at most 10000 characters."]}),
    ],
    ids=["implemented without date", "implemented in the future", "future date", "unknown status", "long note"],
)
def test_follow_up_validation(review, expert, focal, status, days, note, errors):
    finding = create(review, expert)
    on = timezone.localdate() + datetime.timedelta(days=days) if days is not None else None
    with pytest.raises(ValidationError) as caught:
        finding_follow_up(finding=finding, actor=focal, status=status, on=on, note=note)
    assert caught.value.message_dict == errors
    finding.refresh_from_db()
    assert finding.follow_up_status == Finding.FollowUp.NOT_STARTED
    assert [row[0] for row in history(finding.pk)] == ["+"]


def test_follow_up_in_progress_needs_no_date(review, expert, focal):
    finding = create(review, expert)
    finding_follow_up(finding=finding, actor=focal, status=IN_PROGRESS, on=None, note="")
    finding.refresh_from_db()
    assert (finding.follow_up_status, finding.follow_up_on) == (IN_PROGRESS, None)


# --- Selector --------------------------------------------------------------------------------


def test_findings_are_grouped_by_chapter_article_and_kind_with_counts(review, expert, category):
    create(review, expert, text="Need 5", kind=TA_NEED, ta_category=category)
    create(review, expert, text="Challenge 5")
    create(review, expert, text="Good 5", kind=GOOD)
    create(review, expert, text="Challenge 5 bis")
    create(review, expert, text="Recommendation 52", number=52, kind=RECOMMENDATION)
    create(review, expert, text="Good 6", number=6, kind=GOOD)

    result = findings_for_review(expert, review)
    assert dataclasses.is_dataclass(result)
    assert [s.title for s in result.sections] == ["Chapter II. Preventive measures", "Chapter V. Asset recovery"]
    chapter_two, chapter_five = result.sections
    assert [a.number for a in chapter_two.articles] == [5, 6]
    five = chapter_two.articles[0]
    assert [(g.kind, [r.text.text for r in g.findings]) for g in five.kinds] == [
        (GOOD, ["Good 5"]),
        (CHALLENGE, ["Challenge 5", "Challenge 5 bis"]),
        (TA_NEED, ["Need 5"]),
    ]
    assert five.counts == {GOOD: 1, CHALLENGE: 2, RECOMMENDATION: 0, TA_NEED: 1} and five.total == 4
    assert chapter_two.counts == {GOOD: 2, CHALLENGE: 2, RECOMMENDATION: 0, TA_NEED: 1}
    assert chapter_five.counts == {GOOD: 0, CHALLENGE: 0, RECOMMENDATION: 1, TA_NEED: 0}
    assert result.counts == {GOOD: 2, CHALLENGE: 2, RECOMMENDATION: 1, TA_NEED: 1} and result.total == 6
    assert [c[2] for c in result.kind_counts] == [2, 2, 1, 1]

    need = five.kinds[-1].findings[0]
    assert isinstance(need, FindingRow)
    assert (need.ta_category_code, need.ta_category_name.text) == (category.code, category.name_en)
    assert (need.kind_label, need.follow_up_label, need.created_by) == (
        "Technical assistance need",
        "Not started",
        "Pierre Martin",
    )
    # Plain data all the way down: nothing a renderer could lazy-load from.
    for row in result.rows():
        for value in dataclasses.asdict(row).values():
            assert not hasattr(value, "_meta")


def test_kinds_filter_for_a_report_of_needs_only(review, expert, category):
    create(review, expert)
    create(review, expert, kind=TA_NEED, ta_category=category, text="Need")
    result = review_findings(review, kinds=[TA_NEED])
    assert [r.text.text for r in result.rows()] == ["Need"] and result.counts[CHALLENGE] == 0


def test_untoc_findings_are_grouped_by_cluster(expert):
    untoc = CountryReviewFactory(cycle=cycle("untoc-rm", 1))
    staff = UserFactory(username="lin", secretariat=True)
    finding_create(
        review=untoc, actor=staff, article=article_of(untoc, 5), kind=CHALLENGE, text="Participation in a group."
    )
    result = review_findings(untoc)
    assert [s.title for s in result.sections] == ["Cluster 1. Criminalization and jurisdiction"]
    assert result.sections[0].key.startswith("cluster-")
    assert result.sections[0].articles[0].number == 5


@pytest.mark.parametrize("who", ["outsider_expert", "uganda_focal", "anonymous"])
def test_the_selector_refuses_those_the_findings_are_not_for(request, review, expert, who):
    create(review, expert)
    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        findings_for_review(user, review)


def test_the_selector_reads_for_everyone_on_the_review(review, expert, observer, focal, staff):
    create(review, expert)
    for user in (expert, observer, focal, staff):
        assert findings_for_review(user, review).total == 1


# --- Pages -----------------------------------------------------------------------------------


def page_url(review):
    return reverse("reviews:findings", args=[review.pk])


def url(name, finding):
    return reverse(f"reviews:{name}", args=[finding.review_id, finding.pk])


def chapter_url(finding):
    """The page showing the chapter of ``finding`` (one chapter at a time)."""
    return f"{page_url(finding.review)}?chapter=chapter-{finding.article.chapter_id}"


def at(finding):
    """The page at ``finding``, in its chapter: where its actions lead back to."""
    return f"{chapter_url(finding)}#finding-{finding.pk}"


@pytest.fixture
def drafted(review, expert):
    """Two findings by France's expert: a challenge on article 5, a recommendation on 6."""
    return create(review, expert), create(review, expert, text="RECOMMEND: staff the Commission.", number=6)


#: who → (GET page, POST add, GET edit, POST edit, POST move, POST follow-up, POST translations,
#: POST delete), as status codes.
MATRIX = {
    "staff": (200, 302, 200, 302, 302, 302, 302, 302),
    "focal": (200, 404, 404, 404, 404, 302, 404, 404),
    "uganda_focal": (404, 404, 404, 404, 404, 404, 404, 404),
    "expert": (200, 302, 200, 302, 302, 404, 404, 302),
    "outsider_expert": (404, 404, 404, 404, 404, 404, 404, 404),
    "observer": (200, 404, 404, 404, 404, 404, 404, 404),
    "anonymous": (302, 302, 302, 302, 302, 302, 302, 302),
}


@pytest.mark.parametrize("who", list(MATRIX))
def test_access_matrix(client, request, review, drafted, observer, who):
    mine, _other = drafted
    codes = MATRIX[who]
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    signed_in = who != "anonymous"

    responses = []
    page = client.get(page_url(review))
    responses.append(page)
    assert page.status_code == codes[0]
    assert (SECRET in page.content.decode()) == (codes[0] == 200)

    added = client.post(
        reverse("reviews:finding_add", args=[review.pk]),
        {"new-article": article_of(review, 7).pk, "new-kind": GOOD, "new-text": "ADDED by " + who},
    )
    responses.append(added)
    assert added.status_code == codes[1]
    assert Finding.objects.filter(text_en="ADDED by " + who).exists() == (codes[1] == 302 and signed_in)

    edit_page = client.get(url("finding_edit", mine))
    responses.append(edit_page)
    assert edit_page.status_code == codes[2]

    edited = client.post(
        url("finding_edit", mine),
        {
            "edit-article": mine.article_id,
            "edit-kind": CHALLENGE,
            "edit-text": "EDITED by " + who,
            "edit-language": "en",
        },
    )
    responses.append(edited)
    assert edited.status_code == codes[3]
    mine.refresh_from_db()
    assert (mine.text_en == "EDITED by " + who) == (codes[3] == 302 and signed_in)

    second = create(review, UserFactory(username="lin", secretariat=True), text="Second challenge")
    moved = client.post(url("finding_move", second), {"direction": "up"})
    responses.append(moved)
    assert moved.status_code == codes[4]
    second.refresh_from_db()
    assert (second.order == 0) == (codes[4] == 302 and signed_in)

    followed = client.post(url("finding_follow_up", mine), {f"f{mine.pk}-follow_up_status": IN_PROGRESS})
    responses.append(followed)
    assert followed.status_code == codes[5]
    mine.refresh_from_db()
    assert (mine.follow_up_status == IN_PROGRESS) == (codes[5] == 302 and signed_in)

    translated = client.post(url("finding_translations", mine), {"tr-text_en": mine.text_en, "tr-text_fr": "FR " + who})
    responses.append(translated)
    assert translated.status_code == codes[6]
    mine.refresh_from_db()
    assert (mine.text_fr == "FR " + who) == (codes[6] == 302 and signed_in)

    deleted = client.post(url("finding_delete", mine), {})
    responses.append(deleted)
    assert deleted.status_code == codes[7]
    assert Finding.objects.filter(pk=mine.pk).exists() != (codes[7] == 302 and signed_in)

    for response, code in zip(responses, codes, strict=True):
        if code != 200:
            assert SECRET not in response.content.decode()
        if not signed_in:
            assert "/accounts/login/" in response["Location"]


def test_what_each_person_is_offered_on_the_page(client, review, drafted, staff, focal, expert, observer):
    mine, _other = drafted
    edit = url("finding_edit", mine)
    follow = url("finding_follow_up", mine)
    delete = url("finding_delete", mine)
    add = reverse("reviews:finding_add", args=[review.pk])

    def html_for(user):
        client.force_login(user)
        return client.get(page_url(review)).content.decode()

    offers = {
        name: (add in html, edit in html, delete in html, follow in html, "Missing translations:" in html)
        for name, html in (
            ("staff", html_for(staff)),
            ("expert", html_for(expert)),
            ("focal", html_for(focal)),
            ("observer", html_for(observer)),
        )
    }
    assert offers == {
        "staff": (True, True, True, True, True),
        "expert": (True, True, True, False, False),
        "focal": (False, False, False, True, False),
        "observer": (False, False, False, False, False),
    }


def test_the_page_lists_findings_by_chapter_and_article_with_badges(client, review, expert, category):
    create(review, expert, text="Needs training.", kind=TA_NEED, ta_category=category)
    create(review, expert, text="Recovered assets returned.", number=52, kind=GOOD)
    client.force_login(expert)
    html = client.get(page_url(review), {"chapter": "all"}).content.decode()
    chapter_two = html.index('-title">Chapter II. Preventive measures</h2>')
    chapter_five = html.index('-title">Chapter V. Asset recovery</h2>')
    assert chapter_two < html.index("Needs training.") < chapter_five < html.index("Recovered assets returned.")
    assert 'href="?chapter=chapter-' in html  # the navigation between the chapters
    assert 'class="badge kind-ta_need"' in html and 'class="badge kind-good_practice"' in html
    assert category.name_en in html
    assert "Follow-up: Not started" in html


def test_a_review_without_findings(client, review, observer):
    client.force_login(observer)
    response = client.get(page_url(review))
    assert response.status_code == 200
    assert "No finding has been recorded yet." in response.content.decode()


def test_the_review_page_links_to_the_findings(client, review, expert):
    client.force_login(expert)
    assert page_url(review) in client.get(reverse("reviews:review_detail", args=[review.pk])).content.decode()


def test_adding_from_the_page_redirects_to_the_new_finding(client, review, expert, category):
    client.force_login(expert)
    response = client.post(
        reverse("reviews:finding_add", args=[review.pk]),
        {
            "new-article": article_of(review, 9).pk,
            "new-kind": TA_NEED,
            "new-ta_category": category.pk,
            "new-text": "Procurement officials need training.",
        },
    )
    finding = Finding.objects.get()
    assert response.status_code == 302 and response["Location"] == at(finding)
    assert (finding.article.number, finding.kind, finding.ta_category, finding.created_by) == (
        9,
        TA_NEED,
        category,
        expert,
    )
    assert history(finding.pk) == [("+", "pierre", None)]  # the request's user, through the service


@pytest.mark.parametrize(
    "data, error",
    [
        ({"new-kind": TA_NEED, "new-text": "No category."}, "Choose the category of the technical assistance needed."),
        ({"new-kind": CHALLENGE, "new-text": ""}, "This field is required."),
        ({"new-kind": CHALLENGE, "new-text": "Article 15", "article": 15}, "Select a valid choice."),
    ],
    ids=["need without category", "no text", "article not under review"],
)
def test_adding_with_a_bad_form_shows_the_error(client, review, expert, data, error):
    client.force_login(expert)
    number = data.pop("article", 5)
    article = Article.objects.get(instrument=review.instrument, number=number)
    response = client.post(reverse("reviews:finding_add", args=[review.pk]), {"new-article": article.pk, **data})
    assert response.status_code == 422
    assert error in response.content.decode()
    assert not Finding.objects.exists()


def test_the_article_choices_are_the_articles_under_review(client, review, expert):
    client.force_login(expert)
    form = client.get(reverse("reviews:finding_add", args=[review.pk])).context["add_form"]  # on demand
    numbers = [article.number for article in form.fields["article"].queryset]
    assert numbers == [*range(5, 15), *range(52, 60)]


def test_editing_from_the_page(client, review, drafted, expert):
    mine, _other = drafted
    client.force_login(expert)
    page = client.get(url("finding_edit", mine))
    assert page.context["editing"]["form"].initial["text"] == SECRET
    assert 'name="edit-text"' in page.content.decode()
    response = client.post(
        url("finding_edit", mine),
        {"edit-article": mine.article_id, "edit-kind": RECOMMENDATION, "edit-text": "Now a recommendation."},
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#finding-{mine.pk}")
    mine.refresh_from_db()
    assert (mine.kind, mine.text_en) == (RECOMMENDATION, "Now a recommendation.")


def test_editing_an_english_finding_on_the_french_page_edits_the_english(client, review, drafted, expert):
    mine, _other = drafted
    client.force_login(expert)
    with translation.override("fr"):
        edit = url("finding_edit", mine)
    assert edit.startswith("/fr/")
    page = client.get(edit)
    assert page.context["editing"]["language"] == "en"
    response = client.post(
        edit,
        {"edit-article": mine.article_id, "edit-kind": CHALLENGE, "edit-text": "Fixed typo.", "edit-language": "en"},
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.text_en, mine.text_fr) == ("Fixed typo.", None)


def test_the_secretariat_translates_from_the_edit_page(client, review, drafted, staff, expert):
    mine, _other = drafted
    client.force_login(staff)
    page = client.get(url("finding_edit", mine)).content.decode()
    assert 'name="tr-text_fr"' in page and 'lang="ar"' in page and 'dir="rtl"' in page
    response = client.post(url("finding_translations", mine), {"tr-text_en": SECRET, "tr-text_fr": "En français."})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.text_fr == "En français."
    client.force_login(expert)  # an expert edits, but does not see the translations form
    assert 'name="tr-text_fr"' not in client.get(url("finding_edit", mine)).content.decode()


def test_clearing_every_translation_shows_why(client, review, drafted, staff):
    mine, _other = drafted
    client.force_login(staff)
    response = client.post(url("finding_translations", mine), {"tr-text_en": ""})
    assert response.status_code == 422
    assert "A finding needs its text in at least one language." in response.content.decode()
    mine.refresh_from_db()
    assert mine.text_en == SECRET


def test_moving_and_deleting_from_the_page(client, review, drafted, expert):
    second = create(review, expert, text="Second")
    client.force_login(expert)
    assert client.post(url("finding_move", second), {"direction": "up"}).status_code == 302
    second.refresh_from_db()
    assert second.order == 0
    response = client.post(url("finding_delete", second), {})
    assert response.status_code == 302 and response["Location"] == chapter_url(second)
    assert not Finding.objects.filter(pk=second.pk).exists()


def test_after_agreement_the_page_says_so_and_asks_the_secretariat_for_reasons(client, review, drafted, expert, staff):
    mine, _other = drafted
    summary(review, ReviewReport.Status.AGREED)
    client.force_login(expert)
    page = client.get(page_url(review))
    html = page.content.decode()
    assert "only the secretariat may still change the findings" in html
    assert not page.context["offer_add"] and url("finding_edit", mine) not in html
    refused = client.post(
        reverse("reviews:finding_add", args=[review.pk]),
        {"new-article": mine.article_id, "new-kind": CHALLENGE, "new-text": "Late."},
    )
    assert refused.status_code == 422 and AGREED_MESSAGE in refused.content.decode()
    refused = client.post(url("finding_delete", mine), {}, follow=True)
    assert AGREED_MESSAGE in refused.content.decode()
    assert Finding.objects.filter(pk=mine.pk).exists()

    client.force_login(staff)
    page = client.get(reverse("reviews:finding_add", args=[review.pk]))
    assert "reason" in page.context["add_form"].fields
    without_reason = client.post(
        url("finding_edit", mine), {"edit-article": mine.article_id, "edit-kind": CHALLENGE, "edit-text": "Fixed."}
    )
    assert without_reason.status_code == 422
    done = client.post(
        url("finding_edit", mine),
        {"edit-article": mine.article_id, "edit-kind": CHALLENGE, "edit-text": "Fixed.", "edit-reason": "Typo."},
    )
    assert done.status_code == 302
    assert history(mine.pk)[-1] == ("~", "sofia", "Typo.")
    client.post(url("finding_delete", mine), {"reason": "Withdrawn at the State's request."})
    assert history(mine.pk)[-1] == ("-", "sofia", "Withdrawn at the State's request.")


def test_after_publication_the_page_offers_only_the_follow_up(client, review, drafted, staff, focal):
    mine, _other = drafted
    summary(review, ReviewReport.Status.PUBLISHED)
    client.force_login(staff)
    page = client.get(page_url(review))
    html = page.content.decode()
    assert page.context["add_form"] is None and url("finding_edit", mine) not in html
    assert url("finding_follow_up", mine) in html
    response = client.get(url("finding_edit", mine), follow=True)
    assert "can no longer be changed" in response.content.decode()
    refused = client.post(
        url("finding_edit", mine),
        {"edit-article": mine.article_id, "edit-kind": CHALLENGE, "edit-text": "Late.", "edit-reason": "r"},
    )
    assert refused.status_code == 422 and PUBLISHED_MESSAGE in refused.content.decode()
    client.force_login(focal)
    done = client.post(
        url("finding_follow_up", mine),
        {
            f"f{mine.pk}-follow_up_status": IMPLEMENTED,
            f"f{mine.pk}-follow_up_on": timezone.localdate().isoformat(),
            f"f{mine.pk}-follow_up_note": "Done.",
        },
    )
    assert done.status_code == 302
    mine.refresh_from_db()
    assert (mine.follow_up_status, mine.text_en) == (IMPLEMENTED, SECRET)


def test_a_bad_follow_up_shows_the_error_on_its_form(client, review, drafted, focal):
    mine, _other = drafted
    client.force_login(focal)
    response = client.post(url("finding_follow_up", mine), {f"f{mine.pk}-follow_up_status": IMPLEMENTED})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Give the date on which it was implemented." in html
    assert f'id="id_f{mine.pk}-follow_up_on_error"' in html
    mine.refresh_from_db()
    assert mine.follow_up_status == Finding.FollowUp.NOT_STARTED


def test_html_in_findings_is_shown_as_text(client, review, expert, focal, staff):
    finding = create(review, expert, text='<script>alert("x")</script> <b>bold</b>')
    finding_follow_up(finding=finding, actor=focal, status=IN_PROGRESS, note="<img src=x onerror=alert(1)>")
    finding_translations_save(finding=finding, actor=staff, texts={"fr": "<i>fr</i>"})
    client.force_login(expert)
    html = client.get(page_url(review)).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<b>bold</b>" not in html and "<img src=x" not in html and "&lt;img src=x" in html
    assert 'dir="auto"' in html
    with translation.override("fr"):
        french = client.get(page_url(review)).content.decode()
    assert "<i>fr</i>" not in french and "&lt;i&gt;fr&lt;/i&gt;" in french


def test_a_finding_of_another_review_is_not_reached_through_this_one(client, review, drafted, expert, staff):
    other = CountryReviewFactory(state=state_of("UGA"))
    foreign = FindingFactory(review=other, text_en="FOREIGN finding")
    client.force_login(staff)  # sees both reviews, yet the pair (review, finding) must match
    for name in ("finding_edit", "finding_delete", "finding_move", "finding_follow_up", "finding_translations"):
        forged = reverse(f"reviews:{name}", args=[review.pk, foreign.pk])
        response = client.post(forged, {"direction": "up", f"f{foreign.pk}-follow_up_status": IN_PROGRESS})
        assert response.status_code == 404, name
    assert Finding.objects.filter(pk=foreign.pk, follow_up_status=Finding.FollowUp.NOT_STARTED).exists()
    client.force_login(expert)
    assert client.get(page_url(other)).status_code == 404


def test_get_on_the_action_urls_is_refused(client, review, drafted, staff):
    mine, _other = drafted
    client.force_login(staff)
    for action_url in (
        url("finding_move", mine),
        url("finding_translations", mine),
    ):
        assert client.get(action_url).status_code == 405
    # Adding, deleting and the follow-up answer GET with their form (loaded on demand), never by acting.
    add = reverse("reviews:finding_add", args=[review.pk])
    for action_url in (add, url("finding_delete", mine), url("finding_follow_up", mine)):
        assert client.get(action_url).status_code == 200
    assert Finding.objects.filter(pk=mine.pk, follow_up_status=Finding.FollowUp.NOT_STARTED).exists()


# --- Forms on demand (HTMX fragments, and the page without JavaScript) -----------------------

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_the_page_shows_findings_as_text_with_links_to_their_forms(client, review, drafted, staff):
    mine, _other = drafted
    client.force_login(staff)
    html = client.get(page_url(review)).content.decode()
    assert 'name="edit-text"' not in html and f'name="f{mine.pk}-follow_up_status"' not in html
    assert 'name="reason"' not in html and "Delete this finding?" not in html
    for name in ("finding_edit", "finding_delete", "finding_follow_up"):
        action = url(name, mine)
        # A link that works without JavaScript, loading the form in place with it.
        assert f'href="{action}#finding-{mine.pk}" hx-get="{action}"' in html, name
    assert 'hx-target="closest .finding" hx-swap="outerHTML"' in html


#: who → GET edit, GET delete, GET follow-up (the same with HTMX or without).
FRAGMENTS = {
    "staff": (200, 200, 200),
    "expert": (200, 200, 404),
    "focal": (404, 404, 200),
    "observer": (404, 404, 404),
    "uganda_focal": (404, 404, 404),
    "outsider_expert": (404, 404, 404),
}


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "fragment"])
@pytest.mark.parametrize("who", list(FRAGMENTS))
def test_who_gets_the_forms_on_demand(client, request, review, drafted, observer, who, htmx):
    mine, _other = drafted
    client.force_login(request.getfixturevalue(who))
    headers = HTMX if htmx else {}
    for name, code in zip(("finding_edit", "finding_delete", "finding_follow_up"), FRAGMENTS[who], strict=True):
        response = client.get(url(name, mine), **headers)
        assert response.status_code == code, name
        html = response.content.decode()
        assert (SECRET in html) == (code == 200)
        if code == 200:
            # The fragment is the finding's item alone; without HTMX, the whole page around it.
            assert html.lstrip().startswith("<li") == htmx, name
            assert ("<h1>" in html) != htmx and 'id="finding-' in html
    item = client.get(url("finding_item", mine), **HTMX)
    assert item.status_code == (404 if who in ("uganda_focal", "outsider_expert") else 200)


def test_the_edit_form_comes_in_place_and_saving_returns_the_item(client, review, drafted, expert):
    mine, _other = drafted
    client.force_login(expert)
    fragment = client.get(url("finding_edit", mine), **HTMX)
    html = fragment.content.decode()
    assert fragment.status_code == 200 and 'name="edit-text"' in html and SECRET in html
    assert f'hx-post="{url("finding_edit", mine)}"' in html
    assert f'hx-get="{url("finding_item", mine)}"' in html  # Cancel: the item back

    saved = client.post(
        url("finding_edit", mine),
        {
            "edit-article": mine.article_id,
            "edit-kind": CHALLENGE,
            "edit-text": "Staff the Commission.",
            "edit-language": "en",
        },
        **HTMX,
    )
    html = saved.content.decode()
    assert saved.status_code == 200 and html.lstrip().startswith(f'<li class="finding" id="finding-{mine.pk}">')
    assert "Staff the Commission." in html and "The finding is saved." in html and 'name="edit-text"' not in html
    assert f'hx-get="{url("finding_edit", mine)}"' in html  # its actions again
    mine.refresh_from_db()
    assert mine.text_en == "Staff the Commission."
    assert "The finding is saved." not in client.get(page_url(review)).content.decode()  # shown once


def test_saving_under_another_article_reloads_the_page(client, review, drafted, expert):
    mine, _other = drafted
    client.force_login(expert)
    moved = client.post(
        url("finding_edit", mine),
        {"edit-article": article_of(review, 9).pk, "edit-kind": CHALLENGE, "edit-text": SECRET, "edit-language": "en"},
        **HTMX,
    )
    mine.refresh_from_db()
    assert moved.status_code == 200 and moved["HX-Redirect"] == at(mine)
    assert mine.article.number == 9


def test_an_invalid_form_comes_back_in_place_with_its_errors(client, review, drafted, expert, focal):
    mine, _other = drafted
    client.force_login(expert)
    response = client.post(url("finding_edit", mine), {"edit-article": mine.article_id, "edit-kind": CHALLENGE}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200  # HTMX swaps only successes
    assert html.lstrip().startswith("<li") and "This field is required." in html and 'name="edit-text"' in html
    client.force_login(focal)
    response = client.post(url("finding_follow_up", mine), {f"f{mine.pk}-follow_up_status": IMPLEMENTED}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "Give the date on which it was implemented." in html
    assert html.lstrip().startswith("<li") and f'id="id_f{mine.pk}-follow_up_on_error"' in html


def test_the_follow_up_form_on_demand(client, review, drafted, focal):
    mine, _other = drafted
    client.force_login(focal)
    html = client.get(url("finding_follow_up", mine), **HTMX).content.decode()
    assert f'name="f{mine.pk}-follow_up_status"' in html and SECRET in html  # the text stays on show
    saved = client.post(
        url("finding_follow_up", mine),
        {f"f{mine.pk}-follow_up_status": IN_PROGRESS, f"f{mine.pk}-follow_up_note": "Hiring."},
        **HTMX,
    )
    html = saved.content.decode()
    assert saved.status_code == 200 and "Follow-up: In progress" in html and "Hiring." in html
    assert "The follow-up is saved." in html and f'name="f{mine.pk}-follow_up_status"' not in html
    mine.refresh_from_db()
    assert mine.follow_up_status == IN_PROGRESS


def test_the_secretariat_saves_translations_in_place(client, review, drafted, staff):
    mine, _other = drafted
    client.force_login(staff)
    html = client.get(url("finding_edit", mine), **HTMX).content.decode()
    assert 'name="tr-text_fr"' in html and f'hx-post="{url("finding_translations", mine)}"' in html
    saved = client.post(url("finding_translations", mine), {"tr-text_en": SECRET, "tr-text_fr": "En français."}, **HTMX)
    html = saved.content.decode()
    assert saved.status_code == 200 and "The translations are saved." in html
    assert (
        "Missing translations:" in html and "French" not in html.split("Missing translations:")[1].split("</span>")[0]
    )


def test_the_page_without_javascript_shows_each_form_in_place(client, review, drafted, staff, expert):
    mine, other = drafted
    summary(review, ReviewReport.Status.AGREED)
    client.force_login(staff)
    page = client.get(url("finding_delete", mine))
    html = page.content.decode()
    assert page.status_code == 200 and "<h1>Findings</h1>" in html
    assert "Delete this finding?" in html and f'id="delete-reason-{mine.pk}"' in html  # the reason, once agreed
    assert f'action="{url("finding_delete", mine)}"' in html and "RECOMMEND: staff the Commission." in html
    assert html.count("Delete this finding?") == 1
    page = client.get(url("finding_follow_up", other)).content.decode()
    assert f'name="f{other.pk}-follow_up_status"' in page and f'name="f{mine.pk}-follow_up_status"' not in page
    done = client.post(url("finding_delete", mine), {"reason": "Withdrawn."})
    assert done.status_code == 302 and done["Location"] == chapter_url(mine)
    assert not Finding.objects.filter(pk=mine.pk).exists()
    # Cancel without HTMX: back to the finding on the page.
    back = client.get(url("finding_item", other))
    assert back.status_code == 302 and back["Location"] == at(other)


def test_forms_no_longer_offered_send_htmx_to_the_page(client, review, drafted, expert):
    mine, _other = drafted
    summary(review, ReviewReport.Status.AGREED)
    client.force_login(expert)
    for name in ("finding_edit", "finding_delete"):
        response = client.get(url(name, mine), **HTMX)
        assert response.status_code == 200 and response["HX-Redirect"] == at(mine)
    assert "can no longer be changed" in client.get(page_url(review)).content.decode()


def _findings(review, count, staff, category):
    """``count`` findings spread over articles, kinds and categories, some translated."""
    numbers = [5, 6, 7, 8, 9, 10, 52, 53, 54, 55]
    kinds = [GOOD, CHALLENGE, RECOMMENDATION, TA_NEED]
    for i in range(count):
        kind = kinds[i % len(kinds)]
        finding = create(
            review,
            staff,
            text=f"Finding number {i}",
            number=numbers[i % len(numbers)],
            kind=kind,
            ta_category=category if kind == TA_NEED else None,
        )
        if i % 3 == 0:
            finding_translations_save(finding=finding, actor=staff, texts={"fr": f"Constat {i}"})


#: Measured with 10 findings and with 150 (SQLite), one chapter or all of them: 11 queries for an
#: assigned expert (session, user, review, three participation checks — page, selector, forms
#: offered —, summary status, the viewer's State, and the findings in three: their counts per
#: article and kind, the articles with their chapters, the findings of the chapter shown; the form
#: to add a finding comes on demand), 10 for an observer, 8 for the focal point, 7 for the
#: secretariat; 8 for a finding's fragment. Headroom: 3.
MAX_QUERIES = 14


@pytest.mark.parametrize("chapter", ["", "all"], ids=["first chapter", "all chapters"])
@pytest.mark.parametrize("viewer", ["staff", "expert", "focal", "observer"])
def test_the_findings_page_reads_in_a_bounded_number_of_queries(
    client, request, review, staff, expert, focal, observer, category, viewer, chapter, django_assert_max_num_queries
):
    client.force_login(request.getfixturevalue(viewer))
    counts = {}
    for total in (10, 150):
        Finding.objects.all().delete()
        _findings(review, total, staff, category)
        shown = total if chapter else Finding.objects.filter(article__chapter__number="II").count()
        with django_assert_max_num_queries(MAX_QUERIES) as captured:
            response = client.get(page_url(review), {"chapter": chapter})
        assert response.status_code == 200 and response.context["findings"].total == total
        assert response.content.decode().count("Finding number ") == shown
        counts[total] = len(captured)
    assert counts[10] == counts[150], counts


def test_a_fragment_reads_in_a_bounded_number_of_queries(
    client, review, staff, category, django_assert_max_num_queries
):
    client.force_login(staff)
    counts = {}
    for total in (10, 150):
        Finding.objects.all().delete()
        _findings(review, total, staff, category)
        finding = Finding.objects.order_by("pk").last()
        with django_assert_max_num_queries(MAX_QUERIES) as captured:
            response = client.get(url("finding_follow_up", finding), **HTMX)
        assert response.status_code == 200
        counts[total] = len(captured)
    assert counts[10] == counts[150], counts
