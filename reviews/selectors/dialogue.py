"""Reads of the active dialogue: the meetings of a review as a person on it sees them."""

from __future__ import annotations

import datetime

from django.utils import timezone

from ..models import CountryReview, DialogueMeeting, MeetingParticipant


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
