"""Reuse of earlier answers: the focal point picks an answer their State submitted on the same
article in an earlier cycle, or on an article with the same title of another instrument in the
same cycle (UNTOC Convention and Protocols); it is copied through ``answer_save``.

UNCAC: Kenya's cycle-2 review (chapters II and V) is the earlier one; a third cycle on the same
chapters is added for the test. UNTOC: Kenya's phase-1 reviews of the Protocols, whose
criminalization articles share the title "Criminalization".
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from reference.models import Chapter, Instrument, ReviewCycle, TechnicalAssistanceCategory
from reviews.selectors.checklist import REUSE_EARLIER_CYCLE, REUSE_OTHER_INSTRUMENT, reuse_candidates
from reviews.services.checklist import (
    AnswerConflict,
    answer_save,
    checklist_open,
    checklist_reopen,
    checklist_submit,
)
from reviews.services.checklist_reuse import answer_reuse
from tests.factories import CountryReviewFactory, ParticipantFactory, UserFactory, cycle, state

pytestmark = pytest.mark.usefixtures("reference_data")

MANDATORY = [5, 6, 8, 9, 10, 11, 12, 13, 14, 52, 53, 54, 55, 57]
EARLIER = "Cycle 2: the Ethics and Anti-Corruption Commission coordinates the national strategy."


def answer(checklist, number):
    return checklist.answers.select_related("article").get(article__number=number)


def save(checklist, actor, number, **data):
    a = answer(checklist, number)
    return answer_save(answer=a, actor=actor, data=data, revision=a.revision)


def submit(checklist, actor, texts):
    """Answer the mandatory articles (``texts`` for some), then submit."""
    for number in MANDATORY:
        if number not in texts:
            save(checklist, actor, number, implementation="fully", narrative=f"Cycle answer ({number})")
    for number, text in texts.items():
        save(checklist, actor, number, implementation="partly", narrative=text)
    return checklist_submit(checklist=checklist, actor=actor, consent_to_publish=False)


@pytest.fixture
def cycle3(reference_data):
    """A third IRM cycle reviewing chapters II and V again (configured by the secretariat)."""
    third = ReviewCycle.objects.create(
        mechanism=cycle().mechanism, number=3, title="Third review cycle", start_year=2027, end_year=2031
    )
    third.chapters.add(*Chapter.objects.filter(instrument__code="uncac", number__in=["II", "V"]))
    return third


@pytest.fixture
def earlier(review, focal):
    """Kenya's cycle-2 checklist, submitted: article 5 in full, 6 short, 7 left blank."""
    checklist = checklist_open(review=review)
    save(
        checklist,
        focal,
        5,
        legislation="Anti-Corruption and Economic Crimes Act, 2003",
        examples="County integrity plans",
        statistics="47 counties",
        ta_category=TechnicalAssistanceCategory.objects.get(code="legislative"),
        ta_needs="Model legislation",
    )
    submit(checklist, focal, {5: EARLIER, 6: "Cycle 2: the Commission is independent."})
    return checklist


@pytest.fixture
def target(cycle3):
    """Kenya's cycle-3 checklist, a fresh draft."""
    return checklist_open(review=CountryReviewFactory(cycle=cycle3, year=2028))


def reuse_url(checklist, a):
    return reverse("reviews:checklist_answer_reuse", args=[checklist.review_id, a.pk])


def page_url(checklist):
    return reverse("reviews:checklist", args=[checklist.review_id])


def post_data(source, a, number=None, revision=None):
    return {
        "source_review": source.review_id,
        "source_article": answer(source, number or a.article.number).article_id,
        "revision": a.revision if revision is None else revision,
    }


# --- Which answers are offered -----------------------------------------------------------------


def test_the_same_article_of_an_earlier_cycle_is_offered_from_the_submitted_version(earlier, target, focal):
    found = reuse_candidates(answer=answer(target, 5), user=focal)
    assert len(found) == 1
    candidate = found[0]
    assert candidate.review == earlier.review and candidate.basis == REUSE_EARLIER_CYCLE
    assert candidate.submission.number == 1 and candidate.reopened is False
    assert candidate.row["narrative"] == EARLIER and candidate.row["implementation_label"] == "Partly implemented"
    assert candidate.article.number == 5 and candidate.article_id == answer(earlier, 5).article_id

    assert [c.row["narrative"] for c in reuse_candidates(answer=answer(target, 6), user=focal)] == [
        "Cycle 2: the Commission is independent."
    ]
    assert reuse_candidates(answer=answer(target, 7), user=focal) == []  # left blank: nothing to reuse


def test_drafts_are_never_offered(review, focal, target):
    draft = checklist_open(review=review)
    save(draft, focal, 5, implementation="fully", narrative="Never submitted")
    assert reuse_candidates(answer=answer(target, 5), user=focal) == []


def test_only_the_latest_submitted_version_is_offered_even_when_reopened(earlier, target, focal, staff):
    checklist_reopen(checklist=earlier, actor=staff, reason="Update article 5")
    save(earlier, focal, 5, narrative="Version 2 text")
    checklist_submit(checklist=earlier, actor=focal, consent_to_publish=False)
    checklist_reopen(checklist=earlier, actor=staff, reason="Again")
    save(earlier, focal, 5, narrative="Draft after version 2, not submitted")

    found = reuse_candidates(answer=answer(target, 5), user=focal)
    assert [(c.submission.number, c.row["narrative"], c.reopened) for c in found] == [(2, "Version 2 text", True)]


def test_a_later_cycle_is_not_offered_to_an_earlier_one(earlier, target, focal):
    submit(target, focal, {5: "Cycle 3 text"})
    checklist_reopen(checklist=earlier, actor=UserFactory(secretariat=True), reason="Correct article 5")
    assert reuse_candidates(answer=answer(earlier, 5), user=focal) == []


@pytest.fixture
def protocols(reference_data, focal):
    """Kenya's UNTOC phase-1 reviews of the Trafficking and Smuggling Protocols, submitted, and
    of the Firearms Protocol, a draft. Their criminalization articles are all "Criminalization"."""
    phase1 = cycle("untoc-rm", 1)

    def review_of(code):
        return checklist_open(
            review=CountryReviewFactory(cycle=phase1, instrument=Instrument.objects.get(code=code), year=2021)
        )

    tip, som, fir = review_of("tip"), review_of("som"), review_of("fir")
    save(tip, focal, 5, implementation="fully", narrative="Counter-Trafficking in Persons Act, 2010, s. 3")
    checklist_submit(checklist=tip, actor=focal, consent_to_publish=False)
    save(som, focal, 6, implementation="partly", narrative="Smuggling is an offence under the Immigration Act")
    checklist_submit(checklist=som, actor=focal, consent_to_publish=False)
    return tip, som, fir


def test_an_article_with_the_same_title_in_another_instrument_of_the_cycle_is_offered(protocols, focal):
    tip, _som, fir = protocols
    found = reuse_candidates(answer=answer(fir, 5), user=focal)
    assert [(c.review.instrument.code, c.article.number, c.basis) for c in found] == [
        ("tip", 5, REUSE_OTHER_INSTRUMENT),
        ("som", 6, REUSE_OTHER_INSTRUMENT),
    ]
    assert found[0].row["narrative"] == "Counter-Trafficking in Persons Act, 2010, s. 3"
    # The other way round too, and never the draft of the Firearms Protocol.
    save(fir, focal, 5, implementation="fully", narrative="Firearms Act (draft)")
    assert [c.review.instrument.code for c in reuse_candidates(answer=answer(tip, 5), user=focal)] == ["som"]


def test_the_convention_of_the_same_phase_offers_nothing_when_titles_differ(protocols, focal):
    tip, _som, _fir = protocols
    convention = checklist_open(
        review=CountryReviewFactory(cycle=cycle("untoc-rm", 1), instrument=Instrument.objects.get(code="untoc"))
    )
    for a in convention.answers.select_related("article"):
        answer_save(answer=a, actor=focal, data={"implementation": "fully", "narrative": "x"}, revision=0)
    checklist_submit(checklist=convention, actor=focal, consent_to_publish=False)
    assert "untoc" not in [c.review.instrument.code for c in reuse_candidates(answer=answer(tip, 5), user=focal)]


def test_another_states_answers_are_never_offered(earlier, target, focal, staff, cycle3):
    uganda = checklist_open(review=CountryReviewFactory(state=state("UGA")))
    uganda_focal = UserFactory(focal_point=True, state=state("UGA"))
    submit(uganda, uganda_focal, {5: "UGANDA CONFIDENTIAL"})
    for user in (focal, staff):
        found = reuse_candidates(answer=answer(target, 5), user=user)
        assert [c.review.state.code for c in found] == ["KEN"]
    # Uganda's own next-cycle review sees Uganda's answer, not Kenya's.
    uganda3 = checklist_open(review=CountryReviewFactory(state=state("UGA"), cycle=cycle3))
    assert [c.row["narrative"] for c in reuse_candidates(answer=answer(uganda3, 5), user=uganda_focal)] == [
        "UGANDA CONFIDENTIAL"
    ]


# --- Copying (service) -------------------------------------------------------------------------


def test_copying_goes_through_answer_save_with_history(earlier, target, focal):
    a5 = answer(target, 5)
    _saved, source = answer_reuse(
        answer=a5, actor=focal, source_review_id=earlier.review_id, source_article_id=a5.article_id, revision=0
    )
    assert source.submission.number == 1
    a5.refresh_from_db()
    assert (a5.implementation, a5.narrative, a5.legislation, a5.examples, a5.statistics, a5.ta_needs) == (
        "partly",
        EARLIER,
        "Anti-Corruption and Economic Crimes Act, 2003",
        "County integrity plans",
        "47 counties",
        "Model legislation",
    )
    assert a5.ta_category.code == "legislative"
    assert a5.revision == 1 and a5.updated_by == focal
    record = a5.history.latest()
    assert record.history_user == focal and record.narrative == EARLIER
    assert record.history_change_reason == f"copied from review {earlier.review_id}, article 5, v1"


def test_copying_on_a_stale_revision_changes_nothing(earlier, target, focal, staff):
    a5 = answer(target, 5)
    answer_save(answer=a5, actor=staff, data={"narrative": "Sofia's text"}, revision=0)
    with pytest.raises(AnswerConflict) as caught:
        answer_reuse(
            answer=a5, actor=focal, source_review_id=earlier.review_id, source_article_id=a5.article_id, revision=0
        )
    assert caught.value.current.narrative == "Sofia's text"
    a5.refresh_from_db()
    assert (a5.narrative, a5.revision, a5.updated_by) == ("Sofia's text", 1, staff)
    assert a5.history.count() == 1


def test_copying_is_refused_to_people_who_may_not_edit_or_read(earlier, target, focal, cycle3):
    a5 = answer(target, 5)
    expert = ParticipantFactory(review=target.review, user=UserFactory(expert=True)).user
    for outsider in (expert, UserFactory(focal_point=True, state=state("UGA"))):
        with pytest.raises(PermissionDenied):
            answer_reuse(
                answer=a5,
                actor=outsider,
                source_review_id=earlier.review_id,
                source_article_id=a5.article_id,
                revision=0,
            )
    uganda = checklist_open(review=CountryReviewFactory(state=state("UGA")))
    submit(uganda, UserFactory(focal_point=True, state=state("UGA")), {5: "UGANDA CONFIDENTIAL"})
    for user in (focal, UserFactory(secretariat=True)):
        with pytest.raises(PermissionDenied):
            answer_reuse(
                answer=a5, actor=user, source_review_id=uganda.review_id, source_article_id=a5.article_id, revision=0
            )
    with pytest.raises(ValidationError):  # Kenya's, but another article: not offered here
        answer_reuse(
            answer=a5,
            actor=focal,
            source_review_id=earlier.review_id,
            source_article_id=answer(earlier, 52).article_id,
            revision=0,
        )
    a5.refresh_from_db()
    assert a5.revision == 0 and a5.narrative == ""


# --- Pages -------------------------------------------------------------------------------------


def test_the_draft_page_offers_reuse_only_where_there_is_an_earlier_answer(client, earlier, target, focal):
    client.force_login(focal)
    html = client.get(page_url(target)).content.decode()
    assert reuse_url(target, answer(target, 5)) in html and reuse_url(target, answer(target, 6)) in html
    assert reuse_url(target, answer(target, 7)) not in html and reuse_url(target, answer(target, 56)) not in html
    assert html.count("Reuse an earlier answer") == len(MANDATORY)  # every mandatory article was answered in cycle 2
    assert EARLIER not in html  # nothing copied silently


def test_the_focal_point_picks_an_answer_and_sees_it_in_the_draft(client, earlier, target, focal):
    client.force_login(focal)
    a5 = answer(target, 5)
    page = client.get(reuse_url(target, a5))
    assert page.status_code == 200
    html = page.content.decode()
    assert "UNCAC, Second review cycle, article 5 (version 1)" in html
    assert "Submitted, version 1 of" in html and "Same article, earlier cycle" in html
    assert EARLIER in html and "Anti-Corruption and Economic Crimes Act, 2003" in html  # the preview
    assert f'name="source_review" value="{earlier.review_id}"' in html and 'name="revision" value="0"' in html

    copied = client.post(reuse_url(target, a5), post_data(earlier, a5), follow=True)
    assert copied.redirect_chain[-1][0].endswith("/checklist/#article-5")
    html = copied.content.decode()
    assert (
        "Article 5: copied from UNCAC, Second review cycle, article 5 (version 1). "
        "Check the text and change what no longer holds." in html
    )
    assert f">\n{EARLIER}</textarea>" in html  # in the draft, editable
    assert answer(target, 5).narrative == EARLIER


def test_a_stale_page_shows_the_conflict_and_the_current_text(client, earlier, target, focal, staff):
    client.force_login(focal)
    a5 = answer(target, 5)
    answer_save(answer=a5, actor=staff, data={"narrative": "Sofia's <b>text</b>"}, revision=0)
    response = client.post(reuse_url(target, a5), post_data(earlier, a5, revision=0))
    assert response.status_code == 409
    html = response.content.decode()
    assert "Not copied: someone else changed this answer meanwhile." in html and "Sofia Rossi saved it at" in html
    assert "Sofia's &lt;b&gt;text&lt;/b&gt;" in html  # the current draft, escaped (by nh3)
    assert 'name="revision" value="1"' in html  # choosing again works on the current revision
    assert answer(target, 5).narrative == "Sofia's <b>text</b>"
    again = client.post(reuse_url(target, a5), post_data(earlier, a5, revision=1))
    assert again.status_code == 302 and answer(target, 5).narrative == EARLIER


def test_another_states_answer_is_404_and_never_shown(client, earlier, target, focal):
    uganda = checklist_open(review=CountryReviewFactory(state=state("UGA")))
    submit(uganda, UserFactory(focal_point=True, state=state("UGA")), {5: "UGANDA CONFIDENTIAL"})
    client.force_login(focal)
    a5 = answer(target, 5)
    assert "UGANDA CONFIDENTIAL" not in client.get(reuse_url(target, a5)).content.decode()
    response = client.post(reuse_url(target, a5), post_data(uganda, a5))
    assert response.status_code == 404 and "UGANDA" not in response.content.decode()
    # Nor through Uganda's own review address.
    foreign = answer(checklist_open(review=CountryReviewFactory(state=state("UGA"), cycle=target.review.cycle)), 5)
    assert client.get(reuse_url(foreign.checklist, foreign)).status_code == 404
    assert answer(target, 5).narrative == ""


def test_a_source_that_does_not_match_the_article_is_refused(client, earlier, target, focal):
    client.force_login(focal)
    a5 = answer(target, 5)
    response = client.post(reuse_url(target, a5), post_data(earlier, a5, number=52))
    assert response.status_code == 422
    assert "This earlier answer cannot be reused on article 5." in response.content.decode()
    garbage = client.post(reuse_url(target, a5), {"source_review": "x", "revision": "-1"})
    assert garbage.status_code == 422 and "Choose one of the answers below." in garbage.content.decode()
    assert answer(target, 5).revision == 0


@pytest.mark.parametrize(
    "make_user",
    [
        pytest.param(lambda review: ParticipantFactory(review=review, user=UserFactory(expert=True)).user, id="expert"),
        pytest.param(lambda review: ParticipantFactory(review=review, user=UserFactory()).user, id="observer"),
        pytest.param(lambda review: UserFactory(expert=True, state=state("UGA")), id="unassigned-expert"),
        pytest.param(lambda review: UserFactory(focal_point=True, state=state("UGA")), id="other-state-focal-point"),
    ],
)
def test_only_those_who_edit_the_checklist_reach_the_reuse_page(client, earlier, target, make_user):
    client.force_login(make_user(target.review))
    a5 = answer(target, 5)
    assert client.get(reuse_url(target, a5)).status_code == 404
    assert client.post(reuse_url(target, a5), post_data(earlier, a5)).status_code == 404
    assert answer(target, 5).revision == 0


def test_anonymous_is_sent_to_sign_in(client, earlier, target):
    a5 = answer(target, 5)
    response = client.post(reuse_url(target, a5), post_data(earlier, a5))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert answer(target, 5).revision == 0


def test_the_secretariat_may_copy_for_the_state(client, earlier, target, staff):
    client.force_login(staff)
    a5 = answer(target, 5)
    assert client.post(reuse_url(target, a5), post_data(earlier, a5)).status_code == 302
    a5.refresh_from_db()
    assert a5.narrative == EARLIER and a5.updated_by == staff


def test_a_submitted_checklist_offers_no_copy(client, earlier, target, focal):
    submit(target, focal, {})
    client.force_login(focal)
    a5 = answer(target, 5)
    page = client.get(reuse_url(target, a5))
    html = page.content.decode()
    assert page.status_code == 200 and "The checklist has been submitted." in html
    assert "Copy this answer into my draft" not in html
    refused = client.post(reuse_url(target, a5), post_data(earlier, a5))
    assert refused.status_code == 422 and "has been submitted" in refused.content.decode()
    assert answer(target, 5).narrative == "Cycle answer (5)"
    assert "Reuse an earlier answer" not in client.get(page_url(target)).content.decode()


# --- Query counts ------------------------------------------------------------------------------
# Measured: the focal point's draft page 14 queries with earlier answers to offer (as without:
# one query finds the latest versions to offer, whatever their number), 15 when another
# instrument's answers need their article titles (one more); the reuse page 8.


def test_pages_stay_bounded_with_answers_to_reuse(client, earlier, target, focal, django_assert_max_num_queries):
    client.force_login(focal)
    client.get(page_url(target))
    with django_assert_max_num_queries(15):
        assert client.get(page_url(target)).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reuse_url(target, answer(target, 5))).status_code == 200


def test_the_page_stays_bounded_with_another_instruments_answers(
    client, protocols, focal, django_assert_max_num_queries
):
    _tip, _som, fir = protocols
    client.force_login(focal)
    client.get(page_url(fir))
    with django_assert_max_num_queries(16):
        html = client.get(page_url(fir)).content.decode()
    assert "Reuse an earlier answer" in html and "(2 answers of your State in other reviews)" in html
