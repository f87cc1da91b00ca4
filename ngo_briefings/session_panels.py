"""What the civil-society app adds to a session's page (registered with ``sessions.panels``):
the briefing for non-governmental organizations held on its margins."""

from sessions.panels import Panel

from .models import Briefing


def briefing_panel(user, session):
    briefings = list(Briefing.objects.filter(session=session).order_by("held_on", "number"))
    if not briefings:
        return None
    return Panel("ngo_briefings/partials/session_briefings.html", {"briefings": briefings})
