"""Active dialogue: the country visits, joint meetings in Vienna and online dialogues of a review.

The secretariat and the experts assigned to the review plan meetings and record their outcome.
The State under review (its focal point) edits the agenda and the participants of its own
government, and alone with the secretariat decides whether civil society, the private sector
and academia are met (its prerogative). Observers read.

Every change bumps the meeting's ``sequence`` and ``updated_at``: a calendar that imported the
meeting's .ics replaces its entry when the file is downloaded again.

Planning a meeting, changing what its calendar entry shows (``CALENDAR_FIELDS``) and removing it
are events in the review's history, with who and what changed; each owes the people on the
review an e-mail with the meeting for their calendars — an invitation, an update or a
cancellation with the same UID and the new sequence (``services.notifications``, sent once the
transaction has committed). A change of the State's agreement alone is recorded without e-mail.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..access import (
    can_edit_meeting,
    can_manage_meeting_participant,
    can_plan_meeting,
    can_record_meeting_outcome,
    can_set_stakeholder_agreement,
)
from ..models import CountryReview, DialogueMeeting, MeetingParticipant, ReviewEvent
from .workflow import notify_people

MAX_TEXT = 10000

#: Fields of a meeting that the State under review may change besides the secretariat and the
#: experts: the agenda, and its agreement to meet civil society, the private sector and academia.
STATE_FIELDS = frozenset({"agenda", "stakeholders_agreed"})
#: Every field ``meeting_update`` accepts.
MEETING_FIELDS = ("mode", "starts_on", "ends_on", "venue", "meeting_link", "agenda", "stakeholders_agreed")
#: The fields the meeting's calendar entry shows: a change to one of them is sent to the people on
#: the review.
CALENDAR_FIELDS = frozenset({"mode", "starts_on", "ends_on", "venue", "meeting_link", "agenda"})
#: Modes that take place somewhere, and so need a venue.
IN_PERSON = frozenset({DialogueMeeting.Mode.COUNTRY_VISIT, DialogueMeeting.Mode.JOINT_MEETING})

_https_only = URLValidator(schemes=["https"])


@dataclass(frozen=True)
class DateBounds:
    """The dates a meeting of a review may take: from ``earliest`` to ``latest`` (either may be
    None: no bound). ``not_started`` when the review is still scheduled: no meeting yet."""

    earliest: datetime.date | None
    latest: datetime.date | None
    not_started: bool = False


def meeting_date_bounds(review: CountryReview) -> DateBounds:
    """A meeting takes place inside the review: not before it started (its start date, else
    the first step recorded) and, once it is completed, not after its last step."""
    dates = review.completions.aggregate(first=Min("completed_on"), last=Max("completed_on"))
    earliest = review.started_on or dates["first"]
    latest = dates["last"] if review.status == CountryReview.Status.COMPLETED else None
    not_started = earliest is None and review.status == CountryReview.Status.SCHEDULED
    return DateBounds(earliest=earliest, latest=latest, not_started=not_started)


def _check_dates(review: CountryReview, starts_on, ends_on):
    if starts_on is None:
        raise ValidationError({"starts_on": _("Give the first day of the meeting.")})
    if ends_on is None:
        raise ValidationError({"ends_on": _("Give the last day of the meeting.")})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The last day cannot be before the first day.")})
    bounds = meeting_date_bounds(review)
    if bounds.not_started:
        raise ValidationError(
            {"starts_on": _("This review has not started yet: meetings are planned once it has begun.")}
        )
    if bounds.earliest and starts_on < bounds.earliest:
        raise ValidationError(
            {
                "starts_on": _("The meeting cannot start before the review started (%(date)s).")
                % {"date": date_format(bounds.earliest, "SHORT_DATE_FORMAT")}
            }
        )
    if bounds.latest and ends_on > bounds.latest:
        raise ValidationError(
            {
                "ends_on": _("The meeting cannot end after the review was completed (%(date)s).")
                % {"date": date_format(bounds.latest, "SHORT_DATE_FORMAT")}
            }
        )


def _check_place(mode, venue: str, meeting_link: str):
    if mode not in DialogueMeeting.Mode.values:
        raise ValidationError({"mode": _("Choose a country visit, a joint meeting or an online dialogue.")})
    if len(venue) > 300:
        raise ValidationError({"venue": _("The venue has at most 300 characters.")})
    if meeting_link:
        if len(meeting_link) > 500:
            raise ValidationError({"meeting_link": _("The meeting link has at most 500 characters.")})
        try:
            _https_only(meeting_link)
        except ValidationError as exc:
            raise ValidationError({"meeting_link": _("Give a secure web address that starts with https://.")}) from exc
    if mode in IN_PERSON and not venue:
        raise ValidationError({"venue": _("A country visit or a joint meeting needs a venue.")})
    if mode == DialogueMeeting.Mode.ONLINE and not meeting_link:
        raise ValidationError({"meeting_link": _("An online dialogue needs a meeting link.")})


def _clean(text: str | None, field: str) -> str:
    text = (text or "").strip()
    if len(text) > MAX_TEXT:
        raise ValidationError({field: _("This text has at most %(max)s characters.") % {"max": MAX_TEXT}})
    return text


def _stakeholders(meeting: DialogueMeeting) -> list[MeetingParticipant]:
    return list(meeting.participants.filter(sector__in=MeetingParticipant.STAKEHOLDER_SECTORS))


def _describe(participants) -> str:
    return ", ".join(
        f"{p.organization}{f' ({p.name})' if p.name else ''} — {p.get_sector_display()}" for p in participants
    )


def _bump(meeting: DialogueMeeting, actor, reason: str, fields=()):
    """Save the meeting's changed ``fields`` with a new calendar sequence, recording who."""
    meeting.sequence += 1  # the meeting is locked: no other writer between read and write
    meeting.updated_at = timezone.now()
    meeting._history_user = actor
    meeting._change_reason = reason
    meeting.save(update_fields=[*fields, "sequence", "updated_at"])


def _recorded(meeting: DialogueMeeting, actor, kind, *, before=None, notify=True) -> ReviewEvent:
    """Write the meeting, as it is now, into the review's history; ``before`` holds the old
    values of the fields that changed (the agenda's text is not kept twice). With ``notify``
    the people on the review are owed an e-mail with the meeting for their calendars."""
    data = meeting.snapshot()
    if before is not None:
        data["before"] = {
            name: value.isoformat() if isinstance(value, datetime.date) else value
            for name, value in before.items()
            if name != "agenda"
        }
        data["changed"] = [name for name in DialogueMeeting.SNAPSHOT_FIELDS if name in before]
    event = ReviewEvent.objects.create(review=meeting.review, kind=kind, actor=actor, data=data)
    if notify:
        notify_people(event)
    return event


def _locked(meeting: DialogueMeeting) -> DialogueMeeting:
    return DialogueMeeting.objects.select_for_update(of=("self",)).select_related("review").get(pk=meeting.pk)


@transaction.atomic
def meeting_create(
    *,
    review: CountryReview,
    actor,
    mode: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    venue: str = "",
    meeting_link: str = "",
    agenda: str = "",
    stakeholders_agreed: bool = False,
) -> DialogueMeeting:
    """Plan a meeting of the active dialogue: the secretariat or an expert on the review.
    Only the secretariat may record the State's agreement to meet stakeholders when planning;
    the focal point records it afterwards."""
    if not can_plan_meeting(actor, review):
        raise PermissionDenied(_("Only the secretariat and the experts on the review plan its meetings."))
    if stakeholders_agreed and not can_set_stakeholder_agreement(actor, review):
        raise PermissionDenied(_("Only the State under review or the secretariat records this agreement."))
    venue, meeting_link = (venue or "").strip(), (meeting_link or "").strip()
    _check_place(mode, venue, meeting_link)
    _check_dates(review, starts_on, ends_on)
    meeting = DialogueMeeting(
        review=review,
        mode=mode,
        starts_on=starts_on,
        ends_on=ends_on,
        venue=venue,
        meeting_link=meeting_link,
        agenda=_clean(agenda, "agenda"),
        stakeholders_agreed=bool(stakeholders_agreed),
        created_by=actor,
    )
    meeting._history_user = actor
    meeting._change_reason = "planned"
    meeting.save()
    _recorded(meeting, actor, ReviewEvent.Kind.MEETING_PLANNED)
    return meeting


_UNCHANGED = object()


@transaction.atomic
def meeting_update(
    *,
    meeting: DialogueMeeting,
    actor,
    mode=_UNCHANGED,
    starts_on=_UNCHANGED,
    ends_on=_UNCHANGED,
    venue=_UNCHANGED,
    meeting_link=_UNCHANGED,
    agenda=_UNCHANGED,
    stakeholders_agreed=_UNCHANGED,
) -> DialogueMeeting:
    """Change the fields given (the others stay). The secretariat and the experts change any
    field but the State's agreement; the focal point changes the agenda and the agreement.
    Turning the agreement off is refused while stakeholders are among the participants."""
    meeting = _locked(meeting)
    review = meeting.review
    if not can_edit_meeting(actor, review):
        raise PermissionDenied(_("You may not change this meeting."))
    given = {
        "mode": mode,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "venue": venue,
        "meeting_link": meeting_link,
        "agenda": agenda,
        "stakeholders_agreed": stakeholders_agreed,
    }
    new = {name: value for name, value in given.items() if value is not _UNCHANGED}
    for name in ("venue", "meeting_link"):
        if name in new:
            new[name] = (new[name] or "").strip()
    if "agenda" in new:
        new["agenda"] = _clean(new["agenda"], "agenda")
    if "stakeholders_agreed" in new:
        new["stakeholders_agreed"] = bool(new["stakeholders_agreed"])
    changed = [name for name, value in new.items() if getattr(meeting, name) != value]
    if not changed:
        return meeting

    if "stakeholders_agreed" in changed and not can_set_stakeholder_agreement(actor, review):
        raise PermissionDenied(_("Only the State under review or the secretariat records this agreement."))
    if set(changed) - STATE_FIELDS and not can_plan_meeting(actor, review):
        raise PermissionDenied(_("The State under review changes the agenda and its agreement only."))

    merged = {name: new.get(name, getattr(meeting, name)) for name in MEETING_FIELDS}
    if {"mode", "venue", "meeting_link"} & set(changed):
        _check_place(merged["mode"], merged["venue"], merged["meeting_link"])
    if {"starts_on", "ends_on"} & set(changed):
        _check_dates(review, merged["starts_on"], merged["ends_on"])
    if "stakeholders_agreed" in changed and not merged["stakeholders_agreed"]:
        present = _stakeholders(meeting)
        if present:
            raise ValidationError(
                {
                    "stakeholders_agreed": _(
                        "Remove these participants before withdrawing the agreement: %(participants)s."
                    )
                    % {"participants": _describe(present)}
                }
            )
    before = {name: getattr(meeting, name) for name in changed}
    for name in changed:
        setattr(meeting, name, merged[name])
    _bump(meeting, actor, "updated: " + ", ".join(changed), changed)
    notify = bool(CALENDAR_FIELDS & set(changed))
    _recorded(meeting, actor, ReviewEvent.Kind.MEETING_CHANGED, before=before, notify=notify)
    return meeting


@transaction.atomic
def meeting_delete(*, meeting: DialogueMeeting, actor) -> None:
    """Remove a meeting that will not take place (with its participants): the secretariat or
    an expert on the review. Its history stays; the people on the review are sent a
    cancellation with the next sequence."""
    meeting = _locked(meeting)
    if not can_plan_meeting(actor, meeting.review):
        raise PermissionDenied(_("Only the secretariat and the experts on the review remove its meetings."))
    meeting.sequence += 1  # the cancellation replaces the last version the calendars hold
    meeting.updated_at = timezone.now()
    _recorded(meeting, actor, ReviewEvent.Kind.MEETING_CANCELLED)
    for participant in meeting.participants.all():
        participant._history_user = actor
        participant._change_reason = "meeting deleted"
        participant.delete()
    meeting._history_user = actor
    meeting._change_reason = "deleted"
    meeting.delete()


@transaction.atomic
def participant_add(
    *, meeting: DialogueMeeting, actor, sector: str, organization: str, name: str = ""
) -> MeetingParticipant:
    """Add who takes part. The focal point adds the people of its own government; civil
    society, the private sector and academia only where the State has agreed."""
    meeting = _locked(meeting)
    review = meeting.review
    if not can_edit_meeting(actor, review):
        raise PermissionDenied(_("You may not change this meeting."))
    if sector not in MeetingParticipant.Sector.values:
        raise ValidationError({"sector": _("Choose a sector.")})
    if not can_manage_meeting_participant(actor, review, sector):
        raise PermissionDenied(_("The State under review adds the participants of its own government."))
    organization, name = (organization or "").strip(), (name or "").strip()
    if not organization:
        raise ValidationError({"organization": _("Give the body or organization.")})
    if len(organization) > 300:
        raise ValidationError({"organization": _("The body or organization has at most 300 characters.")})
    if len(name) > 200:
        raise ValidationError({"name": _("The name has at most 200 characters.")})
    if sector in MeetingParticipant.STAKEHOLDER_SECTORS and not meeting.stakeholders_agreed:
        raise ValidationError(
            {
                "sector": _(
                    "Civil society, the private sector and academia take part only where the State under "
                    "review agrees, and it has not."
                )
            }
        )
    participant = MeetingParticipant(meeting=meeting, sector=sector, organization=organization, name=name)
    participant._history_user = actor
    participant._change_reason = "added"
    participant.save()
    _bump(meeting, actor, "participant added")
    return participant


@transaction.atomic
def participant_remove(*, participant: MeetingParticipant, actor) -> None:
    meeting = _locked(participant.meeting)
    review = meeting.review
    participant = MeetingParticipant.objects.get(pk=participant.pk, meeting=meeting)
    if not can_edit_meeting(actor, review) or not can_manage_meeting_participant(actor, review, participant.sector):
        raise PermissionDenied(_("You may not remove this participant."))
    participant._history_user = actor
    participant._change_reason = "removed"
    participant.delete()
    _bump(meeting, actor, "participant removed")


@transaction.atomic
def outcome_record(*, meeting: DialogueMeeting, actor, outcome_note: str) -> DialogueMeeting:
    """What the meeting achieved: written by the secretariat or an expert on the review."""
    meeting = _locked(meeting)
    if not can_record_meeting_outcome(actor, meeting.review):
        raise PermissionDenied(_("Only the secretariat and the experts on the review record the outcome."))
    note = _clean(outcome_note, "outcome_note")
    if note == meeting.outcome_note:
        return meeting
    meeting.outcome_note = note
    _bump(meeting, actor, "outcome recorded", ["outcome_note"])
    return meeting
