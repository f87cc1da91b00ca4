"""Sessions of signed-in people (issue 18): each one is recorded at sign-in, so that the
profile lists a person's sessions and ends one or all of them; for the privileged roles
(``SESSION_LIMITED_ROLES``: secretariat, focal points, experts) a session ends after
``SESSION_IDLE_MINUTES`` without a request and ``SESSION_ABSOLUTE_HOURS`` after sign-in,
however active; a change of a person's role, State or rights ends all their sessions (Django
already gives a new session key at sign-in)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.contrib.sessions.backends.base import SessionBase
from django.db.models.signals import post_save, pre_save
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import ngettext

from .models import SignedInSession, User

STARTED = "signed_in_at"
SEEN = "seen_at"
#: How often, at most, a request writes that the session was seen (one UPDATE).
SEEN_EVERY = datetime.timedelta(seconds=60)
#: What changes a person's rights: their sessions end when one of these does.
PRIVILEGE_FIELDS = ("role", "state_id", "is_staff", "is_superuser", "is_active")


def _session_store() -> type[SessionBase]:
    from importlib import import_module

    return import_module(settings.SESSION_ENGINE).SessionStore


def _client_address(request) -> str | None:
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or None


def on_signed_in(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    now = timezone.now()
    request.session[STARTED] = request.session[SEEN] = now.timestamp()
    if request.session.session_key is None:
        request.session.save()
    SignedInSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "started_at": now,
            "last_seen_at": now,
            "ip_address": _client_address(request),
            "user_agent": request.headers.get("User-Agent", "")[:300],
        },
    )


def on_signed_out(sender, request, user, **kwargs):
    if request is not None and getattr(request, "session", None) is not None and request.session.session_key:
        SignedInSession.objects.filter(session_key=request.session.session_key).delete()


def end_sessions(user, *, keep: str | None = None) -> int:
    """End ``user``'s sessions (all, or all but the session ``keep``): they are signed out on
    their next request, wherever they are. Returns how many were ended."""
    store = _session_store()
    ended = 0
    for record in SignedInSession.objects.filter(user=user).exclude(session_key=keep or ""):
        store(session_key=record.session_key).delete()
        record.delete()
        ended += 1
    return ended


def end_session(user, pk: int) -> bool:
    """End one of ``user``'s sessions (not another person's)."""
    record = SignedInSession.objects.filter(user=user, pk=pk).first()
    if record is None:
        return False
    _session_store()(session_key=record.session_key).delete()
    record.delete()
    return True


def _remember_privileges(sender, instance, **kwargs):
    if instance.pk:
        instance._privileges_before = User.objects.filter(pk=instance.pk).values_list(*PRIVILEGE_FIELDS).first()


def _end_sessions_on_privilege_change(sender, instance, created, **kwargs):
    before = getattr(instance, "_privileges_before", None)
    after = tuple(getattr(instance, f) for f in PRIVILEGE_FIELDS)
    if not created and before is not None and before != after:
        from . import audit

        changes = ", ".join(
            f"{name.removesuffix('_id')}: {old} → {new}"
            for name, old, new in zip(PRIVILEGE_FIELDS, before, after, strict=True)
            if old != new
        )
        audit.record(audit.Kind.RIGHTS_CHANGED, subject=instance, what=changes)
        end_sessions(instance)


def connect():
    user_logged_in.connect(on_signed_in, dispatch_uid="accounts.session_control.signed_in")
    user_logged_out.connect(on_signed_out, dispatch_uid="accounts.session_control.signed_out")
    pre_save.connect(_remember_privileges, sender=User, dispatch_uid="accounts.session_control.before")
    post_save.connect(_end_sessions_on_privilege_change, sender=User, dispatch_uid="accounts.session_control.after")


class SessionLimitsMiddleware:
    """Ends a privileged person's session when it has been idle too long, or open too long;
    notes when a session was last seen (at most once a minute)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            ended = self._check(request, user)
            if ended is not None:
                return ended
        return self.get_response(request)

    def _check(self, request, user):
        now = timezone.now()
        session = request.session
        started = datetime.datetime.fromtimestamp(session.get(STARTED, now.timestamp()), tz=datetime.UTC)
        seen = datetime.datetime.fromtimestamp(session.get(SEEN, now.timestamp()), tz=datetime.UTC)
        if user.role in settings.SESSION_LIMITED_ROLES or user.is_superuser:
            idle = now - seen > datetime.timedelta(minutes=settings.SESSION_IDLE_MINUTES)
            too_long = now - started > datetime.timedelta(hours=settings.SESSION_ABSOLUTE_HOURS)
            if idle or too_long:
                SignedInSession.objects.filter(session_key=session.session_key).delete()
                logout(request)
                return self._signed_out(request, idle)
        if now - seen > SEEN_EVERY:
            session[SEEN] = now.timestamp()
            session.setdefault(STARTED, now.timestamp())
            SignedInSession.objects.filter(session_key=session.session_key).update(last_seen_at=now)
        return None

    def _signed_out(self, request, idle: bool):
        minutes, hours = settings.SESSION_IDLE_MINUTES, settings.SESSION_ABSOLUTE_HOURS
        text = (
            ngettext(
                "You were signed out after %(minutes)d minute without activity. Sign in again to go on.",
                "You were signed out after %(minutes)d minutes without activity. Sign in again to go on.",
                minutes,
            )
            % {"minutes": minutes}
            if idle
            else ngettext(
                "You were signed out: a session lasts at most %(hours)d hour. Sign in again to go on.",
                "You were signed out: a session lasts at most %(hours)d hours. Sign in again to go on.",
                hours,
            )
            % {"hours": hours}
        )
        if request.path.startswith("/api/"):
            return None  # the API answers as to anyone not signed in
        login = reverse("accounts:login")
        if request.method != "GET" or request.headers.get("HX-Request"):
            response = HttpResponse(text, status=401, content_type="text/plain; charset=utf-8")
            response["HX-Redirect"] = login  # HTMX goes to the sign-in page
            return response
        messages.info(request, text)
        return redirect(f"{login}?{urlencode({'next': request.get_full_path()})}")
