"""The access log (issue 18): sign-ins and failures, second factors, changes of role or State,
API tokens, downloads of confidential files — who, what, when, from where, in an append-only
table (``AccessEvent``) the secretariat filters and exports as CSV in the admin, kept
``ACCESS_LOG_DAYS`` days."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.utils import timezone

from .models import AccessEvent

Kind = AccessEvent.Kind


def _current_request():
    """The request being answered, when the caller has none at hand (a signal of a model
    saved in a view): simple_history's middleware keeps it for the thread."""
    from simple_history.models import HistoricalRecords

    return getattr(HistoricalRecords.context, "request", None)


def record(kind: str, *, request=None, actor=None, subject=None, what: str = "", actor_name: str = "") -> AccessEvent:
    """Write one entry. ``actor`` defaults to the request's signed-in person."""
    request = request if request is not None else _current_request()
    ip_address = user_agent = path = None
    if request is not None:
        from axes.helpers import get_client_ip_address

        ip_address = get_client_ip_address(request) or None
        user_agent = request.headers.get("User-Agent", "")[:300]
        path = request.path[:300]
        if actor is None:
            user = getattr(request, "user", None)
            actor = user if getattr(user, "is_authenticated", False) else None
    return AccessEvent.objects.create(
        kind=kind,
        actor=actor,
        actor_name=(actor_name or (actor.get_username() if actor is not None else ""))[:150],
        subject=subject,
        what=what[:300],
        ip_address=ip_address,
        user_agent=user_agent or "",
        path=path or "",
    )


def download(request, what: str) -> None:
    """A confidential file left the system: which one, to whom."""
    record(Kind.DOWNLOAD, request=request, what=what)


def purge(now=None) -> int:
    """Forget the entries older than ``ACCESS_LOG_DAYS`` (Celery beat, daily)."""
    before = (now or timezone.now()) - datetime.timedelta(days=settings.ACCESS_LOG_DAYS)
    return AccessEvent.objects.purge(before)


# --- Signals ------------------------------------------------------------------------------------


def _signed_in(sender, request, user, **kwargs):
    record(Kind.SIGN_IN, request=request, actor=user)


def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        record(Kind.SIGN_OUT, request=request, actor=user)


def _sign_in_failed(sender, credentials, request=None, **kwargs):
    # The name typed, never the password (Django's credentials are already cleansed).
    record(Kind.SIGN_IN_FAILED, request=request, actor_name=str(credentials.get("username", ""))[:150])


def _locked_out(sender, request, username, ip_address, **kwargs):
    record(Kind.LOCKED_OUT, request=request, actor_name=(username or "")[:150])


def connect():
    from axes.signals import user_locked_out

    user_logged_in.connect(_signed_in, dispatch_uid="accounts.audit.signed_in")
    user_logged_out.connect(_signed_out, dispatch_uid="accounts.audit.signed_out")
    user_login_failed.connect(_sign_in_failed, dispatch_uid="accounts.audit.failed")
    user_locked_out.connect(_locked_out, dispatch_uid="accounts.audit.locked_out")
