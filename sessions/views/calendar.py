"""The calendar of sessions, for everyone: a page and an iCalendar feed."""

import datetime

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET
from icalendar import Calendar, Event

from reference.models import Body
from reviewmech.roles import is_secretariat

from ..selectors import sessions_calendar


def calendar_page(request):
    body_code = request.GET.get("body", "")
    calendar = sessions_calendar(today=timezone.localdate(), body_code=body_code)
    return render(
        request,
        "sessions/calendar.html",
        {
            "calendar": calendar,
            "bodies": Body.objects.order_by("code"),
            "body_code": body_code,
            "is_staff": is_secretariat(request.user),
        },
    )


def sessions_ical(sessions, *, language: str, site_url: str) -> bytes:
    """The sessions as an iCalendar (RFC 5545) feed: one all-day event each, titled in
    ``language``, with the session's page as its URL. UIDs stay, so a calendar that subscribed
    updates its entries."""
    calendar = Calendar()
    calendar.add("prodid", "-//United Nations Office on Drugs and Crime//reviewmech//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "reviewmech")
    now = timezone.now()
    with translation.override(language):
        for session in sessions:
            event = Event()
            event.add("uid", f"session-{session.pk}@reviewmech")
            event.add("dtstamp", now)
            event.add("dtstart", session.starts_on)
            event.add("dtend", session.ends_on + datetime.timedelta(days=1))  # exclusive
            event.add("summary", session.title(language))
            separator = pgettext("list separator", ", ")
            location = separator.join(part for part in (session.room, session.venue, session.place) if part)
            if location:
                event.add("location", location)
            event.add("url", site_url + reverse("sessions:session", args=[session.pk]))
            calendar.add_component(event)
    return calendar.to_ical()


@require_GET
def calendar_feed(request):
    """Every session, past and to come, in the page's language."""
    calendar = sessions_calendar(today=timezone.localdate(), body_code=request.GET.get("body", ""))
    language = translation.get_language() or settings.LANGUAGE_CODE
    body = sessions_ical(
        [*calendar.upcoming, *calendar.past], language=language, site_url=settings.SITE_URL.rstrip("/")
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="sessions.ics"'
    response["Cache-Control"] = "public, max-age=600"
    return response
