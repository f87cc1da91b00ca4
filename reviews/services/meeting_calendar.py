"""A dialogue meeting in people's calendars: iCalendar (RFC 5545) and its scheduling messages
(iTIP, RFC 5546).

* ``meeting_calendar``: the meeting as a file to download (``METHOD:PUBLISH``).
* ``meeting_message``: the meeting sent by e-mail to one person when it is planned or changed
  (``METHOD:REQUEST``) or cancelled (``METHOD:CANCEL``, ``STATUS:CANCELLED``).

Every form keeps the meeting's UID and carries its SEQUENCE, which grows with each change
(``services.dialogue``): a calendar replaces the entry it holds by the one with the higher
sequence, and removes it on a cancellation of the same UID. Who is sent what, and when, is in
``services.notifications`` (the review's events are the outbox of these e-mails).
"""

from __future__ import annotations

import datetime
from email.mime.text import MIMEText
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress

from reviewmech.i18n import translated

from ..models import DialogueMeeting

PRODID = "-//United Nations Office on Drugs and Crime//reviewmech//EN"

PUBLISH, REQUEST, CANCEL = "PUBLISH", "REQUEST", "CANCEL"


def meeting_summary(meeting: DialogueMeeting) -> str:
    """The title of the calendar entry, in the active language: the mode and the State."""
    return _("%(mode)s: %(state)s") % {
        "mode": meeting.get_mode_display(),
        "state": translated(meeting.review.state, "name").text,
    }


def _calendar(method: str, event: Event) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    calendar.add_component(event)
    return calendar.to_ical()


def _event(meeting: DialogueMeeting, *, now, last_modified) -> Event:
    """One all-day event: its UID stays, its SEQUENCE is the meeting's."""
    event = Event()
    event.add("uid", f"{meeting.uid}@reviewmech")
    event.add("dtstamp", now or timezone.now())
    if last_modified:
        event.add("last-modified", last_modified)
    event.add("sequence", meeting.sequence)
    event.add("dtstart", meeting.starts_on)
    event.add("dtend", meeting.ends_on + datetime.timedelta(days=1))  # exclusive: the day after the last
    event.add("summary", meeting_summary(meeting))
    location = meeting.venue or meeting.meeting_link
    if location:
        event.add("location", location)
    if meeting.meeting_link:
        event.add("url", meeting.meeting_link)
    if meeting.agenda:
        event.add("description", meeting.agenda)
    return event


def meeting_calendar(meeting: DialogueMeeting, *, now: datetime.datetime | None = None) -> bytes:
    """The meeting as an iCalendar file with one all-day event. Its UID stays and its SEQUENCE
    grows with every change, so a calendar updates the entry it imported before."""
    return _calendar(PUBLISH, _event(meeting, now=now, last_modified=meeting.updated_at))


def _address(email: str, name: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["CN"] = name
    return address


def meeting_message(
    meeting: DialogueMeeting,
    *,
    user,
    cancelled: bool = False,
    now: datetime.datetime | None = None,
    last_modified: datetime.datetime | None = None,
) -> bytes:
    """The meeting as an iTIP message to ``user``: an invitation or an update (REQUEST), or a
    cancellation (CANCEL). The organizer is the site's sender; the attendee is ``user`` alone
    (each person gets their own message, so nobody learns another's address). No reply is
    asked for: the site does not read them."""
    event = _event(meeting, now=now, last_modified=last_modified)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    name, email = parseaddr(settings.DEFAULT_FROM_EMAIL)
    event.add("organizer", _address(email, name))
    attendee = _address(user.email, user.get_full_name() or user.username)
    attendee.params.update({"CUTYPE": "INDIVIDUAL", "ROLE": "REQ-PARTICIPANT", "RSVP": "FALSE"})
    if not cancelled:
        attendee.params["PARTSTAT"] = "NEEDS-ACTION"
    event.add("attendee", attendee)
    return _calendar(CANCEL if cancelled else REQUEST, event)


def calendar_part(ics: bytes, *, method: str, filename: str) -> MIMEText:
    """The message as a ``text/calendar`` part of an e-mail, with its method (mail programs
    read it to add, update or remove the entry) and a file name to open it by hand."""
    part = MIMEText(ics.decode(), "calendar", "utf-8")
    part.set_param("method", method, requote=False)
    part.add_header("Content-Disposition", "attachment", filename=filename)
    return part
