"""What the reviews app adds to a session's page (registered with ``sessions.panels``): the
drawings of lots held at the session. Which States were drawn is public once the pairings are
issued; the page lists the draws, and the secretariat reaches the cycle's pairings from it."""

from reviewmech.roles import is_secretariat
from sessions.panels import Panel

from .models import LotDraw


def lots_panel(user, session):
    draws = list(
        LotDraw.objects.filter(session=session)
        .select_related("cycle__mechanism", "requested_by_state")
        .order_by("drawn_at", "pk")
    )
    if not draws:
        return None
    return Panel("reviews/partials/session_lots.html", {"draws": draws, "is_staff": is_secretariat(user)})
