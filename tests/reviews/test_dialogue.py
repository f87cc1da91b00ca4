"""Active dialogue: country visits, joint meetings in Vienna and online dialogues of a review.

Kenya's UNCAC cycle-2 review, started on 10 January 2024. France's expert is assigned to it, with
an Austrian observer; Kenya's focal point sets the agenda and the State's agreement to meet civil
society, the private sector and academia. A Ugandan focal point and a Colombian expert who is not
assigned see nothing.
"""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from reviews.models import CountryReview, DialogueMeeting, MeetingParticipant
from reviews.selectors.dialogue import meetings_for_review, next_meeting
from reviews.services.dialogue import (
    meeting_create,
    meeting_date_bounds,
    meeting_delete,
    meeting_update,
    outcome_record,
    participant_add,
    participant_remove,
)
from reviews.services.workflow import review_complete_step
from tests.factories import CountryReviewFactory, ParticipantFactory, state

pytestmark = pytest.mark.usefixtures("reference_data")

D = datetime.date
STARTED = D(2024, 1, 10)
AGENDA = "SECRET-M: meetings with the Ethics and Anti-Corruption Commission and the Judiciary."
Sector = MeetingParticipant.Sector
Mode = DialogueMeeting.Mode


@pytest.fixture
def started(review, staff):
    """Kenya's review, started on 10 January 2024 (its notification recorded that day)."""
    review_complete_step(review=review, actor=staff, on=STARTED, notify=False)
    review.refresh_from_db()
    return review


def visit(review, actor, **fields):
    """A country visit to Nairobi, 6–8 May 2024, unless told otherwise."""
    data = {
        "mode": Mode.COUNTRY_VISIT,
        "starts_on": D(2024, 5, 6),
        "ends_on": D(2024, 5, 8),
        "venue": "Nairobi, Integrity Centre",
        "agenda": AGENDA,
    }
    return meeting_create(review=review, actor=actor, **{**data, **fields})


@pytest.fixture
def meeting(started, expert):
    return visit(started, expert)


def errors_of(caught):
    return caught.value.message_dict


def fresh(meeting):
    return DialogueMeeting.objects.get(pk=meeting.pk)


# --- Service: planning -----------------------------------------------------------------------


def test_assigned_expert_plans_a_country_visit(started, expert):
    meeting = visit(started, expert)
    meeting = fresh(meeting)
    assert (meeting.review, meeting.mode, meeting.starts_on, meeting.ends_on) == (
        started,
        Mode.COUNTRY_VISIT,
        D(2024, 5, 6),
        D(2024, 5, 8),
    )
    assert (meeting.venue, meeting.agenda, meeting.created_by, meeting.sequence) == (
        "Nairobi, Integrity Centre",
        AGENDA,
        expert,
        0,
    )
    assert meeting.stakeholders_agreed is False
    record = meeting.history.get()
    assert (record.history_type, record.history_user, record.history_change_reason) == ("+", expert, "planned")


def test_secretariat_plans_an_online_dialogue_and_may_record_the_agreement(started, staff):
    meeting = meeting_create(
        review=started,
        actor=staff,
        mode=Mode.ONLINE,
        starts_on=D(2024, 3, 1),
        ends_on=D(2024, 3, 1),
        meeting_link="  https://meet.example.org/kenya-uncac  ",
        stakeholders_agreed=True,
    )
    assert fresh(meeting).meeting_link == "https://meet.example.org/kenya-uncac"  # trimmed
    assert fresh(meeting).venue == "" and fresh(meeting).stakeholders_agreed is True


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"ends_on": D(2024, 5, 5)}, "ends_on", "The last day cannot be before the first day."),
        (
            {"starts_on": D(2024, 1, 9), "ends_on": D(2024, 1, 12)},
            "starts_on",
            "The meeting cannot start before the review started (01/10/2024).",
        ),
        ({"venue": "  "}, "venue", "A country visit or a joint meeting needs a venue."),
        ({"mode": Mode.JOINT_MEETING, "venue": ""}, "venue", "A country visit or a joint meeting needs a venue."),
        ({"mode": Mode.ONLINE, "venue": ""}, "meeting_link", "An online dialogue needs a meeting link."),
        (
            {"mode": Mode.ONLINE, "meeting_link": "http://meet.example.org/x"},
            "meeting_link",
            "Give a secure web address that starts with https://.",
        ),
        (
            {"meeting_link": "javascript:alert(1)"},
            "meeting_link",
            "Give a secure web address that starts with https://.",
        ),
        ({"mode": "dinner"}, "mode", "Choose a country visit, a joint meeting or an online dialogue."),
    ],
)
def test_planning_rules_each_name_their_field_and_save_nothing(started, expert, fields, field, message):
    with pytest.raises(ValidationError) as caught:
        visit(started, expert, **fields)
    assert errors_of(caught) == {field: [message]}
    assert not DialogueMeeting.objects.exists()
    assert not DialogueMeeting.history.exists()


def test_a_meeting_on_the_day_the_review_started_is_fine(started, expert):
    meeting = visit(started, expert, starts_on=STARTED, ends_on=STARTED)
    assert fresh(meeting).starts_on == STARTED


def test_no_meeting_before_the_review_has_started(review, expert, staff):
    assert review.status == CountryReview.Status.SCHEDULED and review.started_on is None
    assert meeting_date_bounds(review).not_started
    for actor in (expert, staff):
        with pytest.raises(ValidationError) as caught:
            visit(review, actor)
        assert errors_of(caught) == {
            "starts_on": ["This review has not started yet: meetings are planned once it has begun."]
        }
    assert not DialogueMeeting.objects.exists()


def test_without_a_start_date_the_first_recorded_step_bounds_the_meetings(started, expert):
    CountryReview.objects.filter(pk=started.pk).update(started_on=None)
    started.refresh_from_db()
    assert meeting_date_bounds(started).earliest == STARTED
    with pytest.raises(ValidationError) as caught:
        visit(started, expert, starts_on=D(2023, 12, 1), ends_on=D(2023, 12, 2))
    assert list(errors_of(caught)) == ["starts_on"]
    assert visit(started, expert).pk


def test_an_active_review_without_any_date_takes_meetings_at_any_date(expert):
    """Imported reviews may be active without a recorded start: no lower bound to apply."""
    review = CountryReviewFactory(state=state("UGA"), status=CountryReview.Status.ACTIVE)
    ParticipantFactory(review=review, user=expert)
    assert meeting_date_bounds(review) == meeting_date_bounds(review).__class__(None, None, False)
    assert visit(review, expert, starts_on=D(2015, 3, 1), ends_on=D(2015, 3, 2)).pk


def test_after_completion_no_meeting_ends_after_the_last_step(started, expert, staff):
    on = STARTED
    while started.status != CountryReview.Status.COMPLETED:
        on += datetime.timedelta(days=20)
        review_complete_step(review=started, actor=staff, on=on, notify=False)
        started.refresh_from_db()
    assert meeting_date_bounds(started).latest == on
    with pytest.raises(ValidationError) as caught:
        visit(started, expert, starts_on=on, ends_on=on + datetime.timedelta(days=1))
    assert list(errors_of(caught)) == ["ends_on"]
    assert "cannot end after the review was completed" in errors_of(caught)["ends_on"][0]
    assert visit(started, expert, starts_on=on - datetime.timedelta(days=2), ends_on=on).pk


def test_moving_a_meeting_checks_the_dates_again(meeting, expert):
    with pytest.raises(ValidationError) as caught:
        meeting_update(meeting=meeting, actor=expert, starts_on=D(2023, 1, 1))
    assert list(errors_of(caught)) == ["starts_on"]
    with pytest.raises(ValidationError) as caught:
        meeting_update(meeting=meeting, actor=expert, ends_on=D(2024, 5, 1))
    assert list(errors_of(caught)) == ["ends_on"]
    with pytest.raises(ValidationError) as caught:
        meeting_update(meeting=meeting, actor=expert, mode=Mode.ONLINE)
    assert list(errors_of(caught)) == ["meeting_link"]
    assert (fresh(meeting).starts_on, fresh(meeting).ends_on, fresh(meeting).mode, fresh(meeting).sequence) == (
        D(2024, 5, 6),
        D(2024, 5, 8),
        Mode.COUNTRY_VISIT,
        0,
    )
    assert meeting.history.count() == 1  # nothing saved on error

    meeting_update(
        meeting=meeting,
        actor=expert,
        mode=Mode.ONLINE,
        meeting_link="https://meet.example.org/k",
        starts_on=D(2024, 6, 3),
        ends_on=D(2024, 6, 4),
    )
    meeting = fresh(meeting)
    assert (meeting.mode, meeting.starts_on, meeting.ends_on, meeting.sequence) == (
        Mode.ONLINE,
        D(2024, 6, 3),
        D(2024, 6, 4),
        1,
    )


# --- Service: the State's agreement to meet stakeholders ---------------------------------------


def test_stakeholders_only_once_the_state_agrees(meeting, expert, focal, staff):
    for sector in (Sector.CIVIL_SOCIETY, Sector.PRIVATE_SECTOR, Sector.ACADEMIA):
        with pytest.raises(ValidationError) as caught:
            participant_add(meeting=meeting, actor=expert, sector=sector, organization="Transparency Kenya")
        assert list(errors_of(caught)) == ["sector"]
        assert "only where the State under review agrees" in errors_of(caught)["sector"][0]
    assert not meeting.participants.exists() and fresh(meeting).sequence == 0

    # The experts cannot agree on the State's behalf.
    with pytest.raises(PermissionDenied):
        meeting_update(meeting=meeting, actor=expert, stakeholders_agreed=True)
    with pytest.raises(PermissionDenied):
        visit(meeting.review, expert, stakeholders_agreed=True)
    assert fresh(meeting).stakeholders_agreed is False

    meeting_update(meeting=meeting, actor=focal, stakeholders_agreed=True)
    assert fresh(meeting).stakeholders_agreed is True
    added = participant_add(
        meeting=meeting, actor=expert, sector=Sector.CIVIL_SOCIETY, organization="Transparency Kenya", name=" Ann "
    )
    assert (added.sector, added.organization, added.name) == (Sector.CIVIL_SOCIETY, "Transparency Kenya", "Ann")
    participant_add(meeting=meeting, actor=staff, sector=Sector.ACADEMIA, organization="University of Nairobi")


def test_withdrawing_the_agreement_is_refused_while_stakeholders_take_part(meeting, expert, focal):
    meeting_update(meeting=meeting, actor=focal, stakeholders_agreed=True)
    ngo = participant_add(meeting=meeting, actor=expert, sector=Sector.CIVIL_SOCIETY, organization="Mzalendo Trust")
    participant_add(meeting=meeting, actor=expert, sector=Sector.PRIVATE_SECTOR, organization="KAM", name="J. Otieno")
    participant_add(meeting=meeting, actor=expert, sector=Sector.GOVERNMENT, organization="EACC")
    sequence = fresh(meeting).sequence

    with pytest.raises(ValidationError) as caught:
        meeting_update(meeting=meeting, actor=focal, stakeholders_agreed=False, agenda="New agenda")
    (message,) = errors_of(caught)["stakeholders_agreed"]
    assert "Mzalendo Trust — Civil society" in message and "KAM (J. Otieno) — Private sector" in message
    assert "EACC" not in message
    assert fresh(meeting).stakeholders_agreed is True and fresh(meeting).agenda == AGENDA  # nothing saved
    assert fresh(meeting).sequence == sequence

    participant_remove(participant=ngo, actor=expert)
    participant_remove(participant=MeetingParticipant.objects.get(organization="KAM"), actor=expert)
    meeting_update(meeting=meeting, actor=focal, stakeholders_agreed=False)
    assert fresh(meeting).stakeholders_agreed is False
    assert list(meeting.participants.values_list("organization", flat=True)) == ["EACC"]


def test_the_secretariat_records_the_states_agreement_and_its_withdrawal(meeting, staff):
    meeting_update(meeting=meeting, actor=staff, stakeholders_agreed=True)
    assert fresh(meeting).stakeholders_agreed is True
    meeting_update(meeting=meeting, actor=staff, stakeholders_agreed=False)
    assert fresh(meeting).stakeholders_agreed is False


# --- Service: who may do what --------------------------------------------------------------------


@pytest.mark.parametrize("who", ["focal", "observer", "outsider_expert", "uganda_focal", "anonymous"])
def test_only_the_secretariat_and_assigned_experts_plan(request, started, expert, who):
    actor = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        visit(started, actor)
    assert not DialogueMeeting.objects.exists()


def test_focal_point_edits_the_agenda_and_its_governments_participants_only(meeting, focal, expert):
    meeting_update(meeting=meeting, actor=focal, agenda="Agenda agreed with Kenya")
    assert fresh(meeting).agenda == "Agenda agreed with Kenya"
    for change in (
        {"starts_on": D(2024, 5, 7)},
        {"venue": "Mombasa"},
        {"mode": Mode.JOINT_MEETING},
        {"meeting_link": "https://x.example.org"},
    ):
        with pytest.raises(PermissionDenied):
            meeting_update(meeting=meeting, actor=focal, **change)
    # Sending the same values back is no change: the State's form may carry them.
    meeting_update(meeting=meeting, actor=focal, starts_on=D(2024, 5, 6), venue="Nairobi, Integrity Centre")

    government = participant_add(meeting=meeting, actor=focal, sector=Sector.GOVERNMENT, organization="EACC")
    for sector in (Sector.REVIEWING_STATE, Sector.SECRETARIAT):
        with pytest.raises(PermissionDenied):
            participant_add(meeting=meeting, actor=focal, sector=sector, organization="France")
    french = participant_add(meeting=meeting, actor=expert, sector=Sector.REVIEWING_STATE, organization="France")
    with pytest.raises(PermissionDenied):
        participant_remove(participant=french, actor=focal)
    participant_remove(participant=government, actor=focal)
    assert list(meeting.participants.values_list("organization", flat=True)) == ["France"]

    with pytest.raises(PermissionDenied):
        outcome_record(meeting=meeting, actor=focal, outcome_note="Kenya's view")
    with pytest.raises(PermissionDenied):
        meeting_delete(meeting=meeting, actor=focal)
    assert fresh(meeting).outcome_note == ""


@pytest.mark.parametrize("who", ["observer", "outsider_expert", "uganda_focal", "anonymous"])
def test_observers_and_outsiders_change_nothing(request, meeting, staff, who):
    actor = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    gov = participant_add(meeting=meeting, actor=staff, sector=Sector.GOVERNMENT, organization="EACC")
    calls = [
        lambda: meeting_update(meeting=meeting, actor=actor, agenda="x"),
        lambda: meeting_update(meeting=meeting, actor=actor, stakeholders_agreed=True),
        lambda: participant_add(meeting=meeting, actor=actor, sector=Sector.GOVERNMENT, organization="x"),
        lambda: participant_remove(participant=gov, actor=actor),
        lambda: outcome_record(meeting=meeting, actor=actor, outcome_note="x"),
        lambda: meeting_delete(meeting=meeting, actor=actor),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    meeting = fresh(meeting)
    assert (meeting.agenda, meeting.stakeholders_agreed, meeting.outcome_note, meeting.sequence) == (
        AGENDA,
        False,
        "",
        1,
    )
    assert meeting.participants.count() == 1


def test_an_unassigned_expert_loses_the_right_with_the_assignment(meeting, expert):
    from reviews.models import Participant

    Participant.objects.filter(user=expert).update(active=False)
    with pytest.raises(PermissionDenied):
        outcome_record(meeting=meeting, actor=expert, outcome_note="late")


# --- Service: outcome, removal, sequence and history ------------------------------------------


def test_every_change_bumps_the_sequence_and_is_recorded_with_its_author(meeting, expert, focal, staff):
    before = fresh(meeting).updated_at
    meeting_update(meeting=meeting, actor=focal, agenda="Agenda v2")
    assert fresh(meeting).sequence == 1 and fresh(meeting).updated_at > before
    meeting_update(meeting=meeting, actor=focal, agenda="Agenda v2")  # no change: no bump
    assert fresh(meeting).sequence == 1
    participant = participant_add(meeting=meeting, actor=focal, sector=Sector.GOVERNMENT, organization="EACC")
    assert fresh(meeting).sequence == 2
    participant_remove(participant=participant, actor=expert)
    assert fresh(meeting).sequence == 3
    outcome_record(meeting=meeting, actor=expert, outcome_note="  Visit held; follow-up questions sent.  ")
    assert fresh(meeting).sequence == 4 and fresh(meeting).outcome_note == "Visit held; follow-up questions sent."
    outcome_record(meeting=meeting, actor=staff, outcome_note="Visit held; follow-up questions sent.")
    assert fresh(meeting).sequence == 4

    history = list(meeting.history.order_by("history_id").values_list("history_user__username", "sequence"))
    assert history == [("pierre", 0), ("wanjiru", 1), ("wanjiru", 2), ("pierre", 3), ("pierre", 4)]
    reasons = list(meeting.history.order_by("history_id").values_list("history_change_reason", flat=True))
    assert reasons == ["planned", "updated: agenda", "participant added", "participant removed", "outcome recorded"]
    assert meeting.history.earliest("history_id").agenda == AGENDA  # what it said before
    participant_history = MeetingParticipant.history.filter(id=participant.pk).order_by("history_id")
    assert list(participant_history.values_list("history_type", "history_user__username")) == [
        ("+", "wanjiru"),
        ("-", "pierre"),
    ]


def test_removing_a_meeting_keeps_its_history(meeting, expert, staff):
    participant_add(meeting=meeting, actor=expert, sector=Sector.GOVERNMENT, organization="EACC")
    pk = meeting.pk
    meeting_delete(meeting=meeting, actor=staff)
    assert not DialogueMeeting.objects.filter(pk=pk).exists() and not MeetingParticipant.objects.exists()
    last = DialogueMeeting.history.filter(id=pk).latest("history_id")
    assert (last.history_type, last.history_user, last.history_change_reason) == ("-", staff, "deleted")
    assert MeetingParticipant.history.filter(history_type="-", history_user=staff).count() == 1


def test_participant_needs_an_organization(meeting, expert):
    with pytest.raises(ValidationError) as caught:
        participant_add(meeting=meeting, actor=expert, sector=Sector.GOVERNMENT, organization="  ")
    assert list(errors_of(caught)) == ["organization"]
    with pytest.raises(ValidationError) as caught:
        participant_add(meeting=meeting, actor=expert, sector="press", organization="Daily Nation")
    assert list(errors_of(caught)) == ["sector"]
    assert not meeting.participants.exists()


# --- Selectors ---------------------------------------------------------------------------------


def test_participants_are_grouped_by_sector_government_first(meeting, expert, focal, staff):
    meeting_update(meeting=meeting, actor=focal, stakeholders_agreed=True)
    participant_add(meeting=meeting, actor=expert, sector=Sector.ACADEMIA, organization="University of Nairobi")
    participant_add(meeting=meeting, actor=expert, sector=Sector.REVIEWING_STATE, organization="France")
    participant_add(meeting=meeting, actor=focal, sector=Sector.GOVERNMENT, organization="Office of the DPP")
    participant_add(meeting=meeting, actor=focal, sector=Sector.GOVERNMENT, organization="EACC")
    (shown,) = meetings_for_review(staff, meeting.review)
    assert [(label, [p.organization for p in people]) for label, people in shown.sector_groups] == [
        ("Government of the State under review", ["EACC", "Office of the DPP"]),
        ("Reviewing State", ["France"]),
        ("Academia", ["University of Nairobi"]),
    ]
    assert shown.has_stakeholders


def test_meetings_are_read_only_by_those_who_see_the_review(meeting, staff, focal, observer, uganda_focal):
    for user in (staff, focal, observer):
        assert [m.pk for m in meetings_for_review(user, meeting.review)] == [meeting.pk]
    for user in (uganda_focal, AnonymousUser()):
        assert meetings_for_review(user, meeting.review) == []


def test_next_meeting_is_the_one_under_way_or_to_come(started, expert):
    past = visit(started, expert, starts_on=D(2024, 2, 1), ends_on=D(2024, 2, 2))
    now = visit(started, expert, starts_on=D(2024, 3, 1), ends_on=D(2024, 3, 5))
    later = visit(started, expert, starts_on=D(2024, 4, 1), ends_on=D(2024, 4, 1))
    assert next_meeting(started, today=D(2024, 1, 20)) == past
    assert next_meeting(started, today=D(2024, 3, 5)) == now
    assert next_meeting(started, today=D(2024, 3, 6)) == later
    assert next_meeting(started, today=D(2024, 4, 2)) is None


# --- Views: access -------------------------------------------------------------------------------


def url(name, meeting, *extra):
    return reverse(f"reviews:{name}", args=[meeting.review_id, meeting.pk, *extra])


def page_url(review):
    return reverse("reviews:meetings", args=[review.pk])


NEW = {
    "mode": "joint_meeting",
    "starts_on": "2024-09-02",
    "ends_on": "2024-09-04",
    "venue": "Vienna International Centre",
    "agenda": "",
}

#: who → (GET page, GET ics, GET new, POST new, GET edit, POST edit agenda, POST government
#: participant, POST outcome, POST delete) as status codes.
MATRIX = {
    "staff": (200, 200, 200, 302, 200, 302, 302, 302, 302),
    "focal": (200, 200, 404, 404, 200, 302, 302, 404, 404),
    "uganda_focal": (404, 404, 404, 404, 404, 404, 404, 404, 404),
    "expert": (200, 200, 200, 302, 200, 302, 302, 302, 302),
    "outsider_expert": (404, 404, 404, 404, 404, 404, 404, 404, 404),
    "observer": (200, 200, 404, 404, 404, 404, 404, 404, 404),
    "anonymous": (302, 302, 302, 302, 302, 302, 302, 302, 302),
}


@pytest.mark.parametrize("who", list(MATRIX))
def test_access_matrix(client, request, meeting, expert, focal, staff, observer, who):
    review = meeting.review
    expected = MATRIX[who]
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    wrote = who in ("staff", "expert", "focal")

    responses = [client.get(page_url(review)), client.get(url("meeting_ics", meeting))]
    for response, code in zip(responses, expected[:2], strict=True):
        assert response.status_code == code
        assert ("SECRET-M" in response.content.decode()) == (code == 200)  # (the .ics folds long lines)

    responses.append(client.get(reverse("reviews:meeting_new", args=[review.pk])))
    responses.append(client.post(reverse("reviews:meeting_new", args=[review.pk]), NEW))
    assert DialogueMeeting.objects.filter(mode=Mode.JOINT_MEETING).exists() == (expected[3] == 302 and wrote)

    responses.append(client.get(url("meeting_edit", meeting)))
    same = {"mode": "country_visit", "starts_on": "2024-05-06", "ends_on": "2024-05-08", "venue": "Nairobi"}
    responses.append(client.post(url("meeting_edit", meeting), {**same, "agenda": f"Agenda by {who}"}))
    assert (fresh(meeting).agenda == f"Agenda by {who}") == (expected[5] == 302 and wrote)

    responses.append(
        client.post(
            url("meeting_participant_add", meeting),
            {f"p{meeting.pk}-sector": "government", f"p{meeting.pk}-organization": f"Body added by {who}"},
        )
    )
    assert meeting.participants.filter(organization=f"Body added by {who}").exists() == (expected[6] == 302 and wrote)

    responses.append(client.post(url("meeting_outcome", meeting), {f"o{meeting.pk}-outcome_note": f"By {who}"}))
    assert (fresh(meeting).outcome_note == f"By {who}") == (expected[7] == 302 and wrote)

    responses.append(client.post(url("meeting_delete", meeting)))
    assert DialogueMeeting.objects.filter(pk=meeting.pk).exists() == (not (expected[8] == 302 and wrote))

    assert [r.status_code for r in responses] == list(expected)
    for response in responses:
        if response.status_code != 200:
            assert "SECRET-M" not in response.content.decode()  # a refusal reveals nothing
    if who == "anonymous":
        assert all("/accounts/login/" in r["Location"] for r in responses)


def test_what_each_person_is_offered_on_the_page(client, meeting, staff, focal, expert, observer):
    edit, add, outcome, ics = (
        url("meeting_edit", meeting),
        url("meeting_participant_add", meeting),
        url("meeting_outcome", meeting),
        url("meeting_ics", meeting),
    )
    new = reverse("reviews:meeting_new", args=[meeting.review_id])

    def html_for(user):
        client.force_login(user)
        return client.get(page_url(meeting.review)).content.decode()

    seen = html_for(observer)  # reads, and may take the meeting into a calendar
    assert AGENDA in seen and ics in seen
    assert all(link not in seen for link in (edit, add, outcome, new)) and 'action="/en/reviews/' not in seen

    seen = html_for(focal)  # the agenda, its government's people, the agreement
    assert edit in seen and add in seen and outcome not in seen and new not in seen
    assert 'value="government"' in seen and 'value="civil_society"' not in seen

    for user in (expert, staff):
        seen = html_for(user)
        assert all(link in seen for link in (edit, add, outcome, new))
        assert 'value="civil_society"' in seen


def test_each_person_edits_the_fields_that_are_theirs(client, meeting, staff, focal, expert):
    def fields_for(user):
        client.force_login(user)
        return set(client.get(url("meeting_edit", meeting)).context["form"].fields)

    everything = {"mode", "starts_on", "ends_on", "venue", "meeting_link", "agenda", "stakeholders_agreed"}
    assert fields_for(staff) == everything
    assert fields_for(expert) == everything - {"stakeholders_agreed"}
    assert fields_for(focal) == {"agenda", "stakeholders_agreed"}


def test_focal_point_cannot_move_the_meeting_through_the_form(client, meeting, focal):
    client.force_login(focal)
    response = client.post(
        url("meeting_edit", meeting),
        {"agenda": "Ours", "stakeholders_agreed": "on", "starts_on": "2024-02-01", "venue": "Elsewhere"},
    )
    assert response.status_code == 302
    meeting = fresh(meeting)
    assert (meeting.agenda, meeting.stakeholders_agreed, meeting.starts_on, meeting.venue) == (
        "Ours",
        True,
        D(2024, 5, 6),
        "Nairobi, Integrity Centre",
    )


def test_expert_form_leaves_the_states_agreement_alone(client, meeting, focal, expert):
    meeting_update(meeting=meeting, actor=focal, stakeholders_agreed=True)
    client.force_login(expert)
    data = {
        "mode": "country_visit",
        "starts_on": "2024-05-06",
        "ends_on": "2024-05-09",
        "venue": "Nairobi",
        "agenda": AGENDA,
    }  # no stakeholders_agreed: the field is not the expert's, so it is not turned off
    assert client.post(url("meeting_edit", meeting), data).status_code == 302
    assert fresh(meeting).stakeholders_agreed is True and fresh(meeting).ends_on == D(2024, 5, 9)


def test_service_errors_show_on_the_form_fields(client, started, expert):
    client.force_login(expert)
    response = client.post(
        reverse("reviews:meeting_new", args=[started.pk]),
        {"mode": "online", "starts_on": "2024-03-01", "ends_on": "2024-03-01", "meeting_link": "http://x.example.org"},
    )
    assert response.status_code == 422
    assert response.context["form"].errors == {"meeting_link": ["Give a secure web address that starts with https://."]}
    response = client.post(
        reverse("reviews:meeting_new", args=[started.pk]),
        {"mode": "country_visit", "starts_on": "2023-03-01", "ends_on": "2023-03-01", "venue": "Nairobi"},
    )
    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["starts_on"]
    assert "cannot start before the review started" in response.content.decode()
    assert not DialogueMeeting.objects.exists()


def test_withdrawing_the_agreement_on_the_form_lists_who_must_go_first(client, meeting, focal, expert):
    meeting_update(meeting=meeting, actor=focal, stakeholders_agreed=True)
    participant_add(meeting=meeting, actor=expert, sector=Sector.CIVIL_SOCIETY, organization="Mzalendo Trust")
    client.force_login(focal)
    response = client.post(url("meeting_edit", meeting), {"agenda": AGENDA})  # box unticked
    assert response.status_code == 422
    (error,) = response.context["form"].errors["stakeholders_agreed"]
    assert "Mzalendo Trust — Civil society" in error
    assert fresh(meeting).stakeholders_agreed is True


def test_adding_a_stakeholder_without_agreement_shows_the_rule(client, meeting, expert):
    client.force_login(expert)
    data = {f"p{meeting.pk}-sector": "civil_society", f"p{meeting.pk}-organization": "Transparency Kenya"}
    response = client.post(url("meeting_participant_add", meeting), data)
    assert response.status_code == 422
    assert "only where the State under review agrees" in response.content.decode()
    assert not meeting.participants.exists()


def test_focal_point_cannot_post_another_sector(client, meeting, focal):
    client.force_login(focal)
    data = {f"p{meeting.pk}-sector": "reviewing_state", f"p{meeting.pk}-organization": "France"}
    response = client.post(url("meeting_participant_add", meeting), data)
    assert response.status_code == 422 and not meeting.participants.exists()  # not a choice on its form


def test_participants_with_htmx_replace_only_the_meetings_card(client, meeting, expert):
    client.force_login(expert)
    data = {f"p{meeting.pk}-sector": "government", f"p{meeting.pk}-organization": "EACC"}
    response = client.post(url("meeting_participant_add", meeting), data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert html.lstrip().startswith(f'<article class="card meeting" id="meeting-{meeting.pk}"')
    assert "The participant is added." in html and "EACC" in html
    participant = meeting.participants.get()

    data[f"p{meeting.pk}-sector"] = "academia"
    response = client.post(url("meeting_participant_add", meeting), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "only where the State under review agrees" in response.content.decode()

    response = client.post(url("meeting_participant_remove", meeting, participant.pk), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "No participant yet." in response.content.decode()
    assert not meeting.participants.exists()


def test_a_meeting_of_another_review_is_not_found(client, meeting, staff):
    other = CountryReviewFactory(state=state("UGA"))
    client.force_login(staff)
    assert client.get(reverse("reviews:meeting_ics", args=[other.pk, meeting.pk])).status_code == 404
    assert client.get(reverse("reviews:meeting_edit", args=[other.pk, meeting.pk])).status_code == 404


def test_free_text_is_escaped_and_takes_its_own_direction(client, started, expert, focal, observer):
    meeting = visit(
        started,
        expert,
        venue="<b>Nairobi</b>",
        agenda="<script>alert('agenda')</script>\nجلسة مع هيئة الأخلاقيات",
    )
    meeting_update(meeting=meeting, actor=focal, stakeholders_agreed=True)
    participant_add(meeting=meeting, actor=expert, sector=Sector.CIVIL_SOCIETY, organization="<img src=x onerror=1>")
    outcome_record(meeting=meeting, actor=expert, outcome_note="<i>held</i>")
    client.force_login(observer)
    html = client.get(page_url(started)).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#x27;agenda&#x27;)&lt;/script&gt;<br>" in html
    assert "<b>Nairobi</b>" not in html and "&lt;b&gt;Nairobi&lt;/b&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=1&gt;" in html
    assert "<i>held</i>" not in html and "&lt;i&gt;held&lt;/i&gt;" in html
    assert '<div class="comment meeting-agenda" dir="auto">' in html


# --- Views: the page and the review page ------------------------------------------------------


#: Measured with 2 meetings and with 8, each with 4 participants (SQLite): 7 queries for the
#: expert (session, user, the user's State in the header, review, participation check, meetings,
#: participants), 6 for the focal point and the observer, 5 for the secretariat. Headroom: 3.
MAX_QUERIES = 10


def _meetings(review, count, expert, focal):
    for i in range(count):
        meeting = visit(review, expert, starts_on=D(2024, 3, 1 + i), ends_on=D(2024, 3, 1 + i))
        meeting_update(meeting=meeting, actor=focal, stakeholders_agreed=True)
        for sector in (Sector.GOVERNMENT, Sector.REVIEWING_STATE, Sector.CIVIL_SOCIETY, Sector.ACADEMIA):
            participant_add(meeting=meeting, actor=expert, sector=sector, organization=f"Org {i} {sector}")


@pytest.mark.parametrize("viewer", ["expert", "focal", "staff", "observer"])
def test_the_meetings_page_reads_in_a_bounded_number_of_queries(
    client, request, started, expert, focal, staff, observer, viewer, django_assert_max_num_queries
):
    client.force_login(request.getfixturevalue(viewer))
    counts = {}
    for total in (2, 8):
        DialogueMeeting.objects.all().delete()
        _meetings(started, total, expert, focal)
        with django_assert_max_num_queries(MAX_QUERIES) as captured:
            response = client.get(page_url(started))
        assert response.status_code == 200 and len(response.context["meetings"]) == total
        assert response.content.decode().count('<span dir="auto">Org ') == total * 4
        counts[total] = len(captured)
    assert counts[2] == counts[8], counts


def test_review_page_links_the_meetings_and_shows_the_next_one(client, started, expert, observer):
    client.force_login(observer)
    detail = reverse("reviews:review_detail", args=[started.pk])
    html = client.get(detail).content.decode()
    assert page_url(started) in html and "Next meeting:" not in html

    visit(started, expert, starts_on=D(2024, 2, 1), ends_on=D(2024, 2, 2), venue="Held in Mombasa")
    html = client.get(detail).content.decode()
    assert "Next meeting:" not in html  # a meeting that is over is not next

    today = datetime.date.today()
    coming = visit(
        started,
        expert,
        mode=Mode.JOINT_MEETING,
        starts_on=today + datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=12),
        venue="Vienna International Centre",
    )
    html = client.get(detail).content.decode()
    assert "Next meeting:" in html and "Joint meeting in Vienna" in html and "Vienna International Centre" in html
    assert f"{page_url(started)}#meeting-{coming.pk}" in html


# --- iCalendar -----------------------------------------------------------------------------------


def ics(client, meeting, language="en"):
    with translation.override(language):
        response = client.get(url("meeting_ics", meeting))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    return response, event


def test_the_calendar_file_describes_the_meeting(client, meeting, observer):
    client.force_login(observer)
    response, event = ics(client, meeting)
    assert response["Content-Disposition"] == 'attachment; filename="meeting-KEN-2024-05-06.ics"'
    assert str(event["UID"]) == f"{meeting.uid}@reviewmech"
    assert event.decoded("DTSTART") == D(2024, 5, 6)
    assert event.decoded("DTEND") == D(2024, 5, 9)  # exclusive: the day after the last day
    assert event["DTSTART"].params["VALUE"] == "DATE"  # an all-day event
    assert event["SEQUENCE"] == 0
    assert str(event["SUMMARY"]) == "Country visit: Kenya"
    assert str(event["LOCATION"]) == "Nairobi, Integrity Centre"
    assert str(event["DESCRIPTION"]) == AGENDA
    assert "URL" not in event
    assert event.decoded("DTSTAMP").tzinfo is not None
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and "VERSION:2.0\r\n" in body


def test_the_sequence_grows_with_each_change_and_the_uid_stays(client, meeting, observer, expert):
    client.force_login(observer)
    _, before = ics(client, meeting)
    meeting_update(meeting=meeting, actor=expert, starts_on=D(2024, 5, 7))
    _, after = ics(client, meeting)
    assert str(after["UID"]) == str(before["UID"])
    assert after["SEQUENCE"] == 1 > before["SEQUENCE"]
    assert after.decoded("DTSTART") == D(2024, 5, 7)


def test_an_online_dialogue_gives_its_link_as_place_and_url(client, started, staff):
    link = "https://meet.example.org/kenya-uncac?pwd=a,b;c"
    meeting = meeting_create(
        review=started, actor=staff, mode=Mode.ONLINE, starts_on=D(2024, 3, 1), ends_on=D(2024, 3, 1), meeting_link=link
    )
    client.force_login(staff)
    _, event = ics(client, meeting)
    assert str(event["LOCATION"]) == link and str(event["URL"]) == link
    assert event.decoded("DTEND") == D(2024, 3, 2)
    assert str(event["SUMMARY"]) == "Online dialogue: Kenya"


def test_the_summary_follows_the_language_and_long_unicode_lines_are_folded(client, started, staff):
    agenda = "جدول الأعمال: " + "اجتماع مع هيئة مكافحة الفساد، " * 12 + "\nSecond line; with, commas"
    meeting = visit(started, staff, agenda=agenda, venue="نيروبي")
    client.force_login(staff)
    response, event = ics(client, meeting, language="ar")
    assert "كينيا" in str(event["SUMMARY"])  # the State's name in Arabic
    assert str(event["DESCRIPTION"]) == agenda and str(event["LOCATION"]) == "نيروبي"
    lines = response.content.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)  # folded at 75 octets, never inside a character
    assert any(line.startswith(b" ") for line in lines)
    assert b"\\n" in response.content and b"\\;" in response.content and b"\\," in response.content
    _, event = ics(client, meeting, language="fr")
    assert "Kenya" in str(event["SUMMARY"])
