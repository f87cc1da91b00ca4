"""Reads of the active dialogue: the meetings of a review as a person on it sees them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import CountryReview, DialogueMeeting, MeetingParticipant, ReviewEvent


def meetings_for_review(user, review: CountryReview, pk: int | None = None) -> list[DialogueMeeting]:
    """The meetings of ``review`` (or only meeting ``pk``) if ``user`` may see the review (none
    otherwise), in date order, each with ``sector_groups``: ``(sector label, participants)`` in
    the order of the sectors (the government of the State under review first). Two queries."""
    queryset = DialogueMeeting.objects.filter(review=review, review__in=CountryReview.objects.visible_to(user))
    if pk is not None:
        queryset = queryset.filter(pk=pk)
    meetings = list(queryset.select_related("created_by").prefetch_related("participants").order_by("starts_on", "pk"))
    order = {value: index for index, value in enumerate(MeetingParticipant.Sector.values)}
    for meeting in meetings:
        groups: dict[str, list[MeetingParticipant]] = {}
        # A stable sort: within a sector, the model's order (by organization).
        for participant in sorted(meeting.participants.all(), key=lambda p: order.get(p.sector, 99)):
            groups.setdefault(participant.sector, []).append(participant)
        meeting.sector_groups = [(MeetingParticipant.Sector(sector).label, people) for sector, people in groups.items()]
        meeting.has_stakeholders = any(s in MeetingParticipant.STAKEHOLDER_SECTORS for s in groups)
    return meetings


def next_meeting(review: CountryReview, today: datetime.date | None = None) -> DialogueMeeting | None:
    """The meeting under way or the next one to come, if any. One query."""
    today = today or timezone.localdate()
    return review.meetings.filter(ends_on__gte=today).order_by("starts_on", "pk").first()


# --- A meeting in the review's history -----------------------------------------------------------

#: The names of a meeting's fields in its history and e-mails (those of the meeting's form).
FIELD_LABELS = {
    "mode": _("Mode"),
    "starts_on": _("First day"),
    "ends_on": _("Last day"),
    "venue": _("Venue"),
    "meeting_link": _("Meeting link"),
    "agenda": _("Agenda"),
    "stakeholders_agreed": _("Civil society, private sector, academia"),
}


@dataclass(frozen=True)
class MeetingChange:
    """One field of a meeting that changed: ``old`` and ``new`` as they read (a date, the
    mode's name, a text), or only that it changed (``shown`` False: the agenda)."""

    label: str
    old: object = None
    new: object = None
    shown: bool = True


def _readable(name: str, value):
    if name in ("starts_on", "ends_on"):
        return datetime.date.fromisoformat(value) if isinstance(value, str) else value
    if name == "mode":
        return DialogueMeeting.Mode(value).label if value in DialogueMeeting.Mode.values else value
    if name == "stakeholders_agreed":
        return _("The State under review agrees") if value else _("Not agreed by the State under review")
    return value


def meeting_of_event(event: ReviewEvent, review: CountryReview | None = None) -> DialogueMeeting | None:
    """The meeting as a review event recorded it (planned, changed, cancelled): an unsaved
    meeting, with ``changes`` (a list of ``MeetingChange``, in the order of the form). None for
    any other event. No query (``review`` gives its State)."""
    if event.kind not in ReviewEvent.MEETING_KINDS or not (event.data or {}).get("uid"):
        return None
    meeting = DialogueMeeting.from_snapshot(event.data, review)
    before = event.data.get("before", {})
    meeting.changes = [
        MeetingChange(FIELD_LABELS[name], shown=False)
        if name == "agenda"
        else MeetingChange(FIELD_LABELS[name], _readable(name, before.get(name)), _readable(name, event.data.get(name)))
        for name in event.data.get("changed", ())
        if name in FIELD_LABELS
    ]
    return meeting
