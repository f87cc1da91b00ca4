"""Two-factor sign-in (issue 18), on django-otp: a code from an authenticator app (TOTP) after
the password, or one of ten recovery codes, each usable once.

Required of the roles in ``TWO_FACTOR_REQUIRED_ROLES`` and of superusers; anyone else who set
it up is asked for it too. Until a person who must has set it up, or has given the code of
this session, every page sends them to the step they owe; the REST API treats their session
as not signed in (its personal tokens, scoped and expiring, are the only way around). The
secretariat resets a person's second factor when a phone is lost (they set it up again at
their next sign-in).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from reviewmech.roles import is_secretariat

from . import audit

#: How many recovery codes a person holds.
RECOVERY_CODES = 10
#: Where a session notes that its person set up a second factor (asked at every sign-in then).
ENROLLED = "two_factor_enrolled"
APP_DEVICE = "authenticator app"
CODES_DEVICE = "recovery codes"


def required_of(user) -> bool:
    """Whether ``user`` must sign in with a second factor."""
    if settings.TWO_FACTOR_EXEMPT or not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or user.role in settings.TWO_FACTOR_REQUIRED_ROLES


def app_device(user, *, confirmed: bool | None = True) -> TOTPDevice | None:
    devices = TOTPDevice.objects.filter(user=user, name=APP_DEVICE)
    if confirmed is not None:
        devices = devices.filter(confirmed=confirmed)
    return devices.order_by("-pk").first()


def is_enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


# --- Setting it up ----------------------------------------------------------------------------


def setup_start(user) -> TOTPDevice:
    """The secret of a new authenticator app, not yet confirmed (the same one until confirmed)."""
    device = app_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE, confirmed=False)
    return device


def qr_code(device: TOTPDevice) -> str:
    """The ``otpauth://`` address of the app's secret as a QR code, an SVG ``data:`` URI."""
    import segno

    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2, dark="#1a1a1a")


def secret_for_typing(device: TOTPDevice) -> str:
    """The secret as people type it into an app (base32, in groups of four)."""
    from base64 import b32encode

    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@transaction.atomic
def setup_confirm(request, device: TOTPDevice, token: str) -> list[str]:
    """The first code from the app confirms it: it replaces any earlier app, the session counts
    as verified, and ten new recovery codes are made (returned once, kept hashed by no one:
    django-otp keeps them as they are, so they are shown once and never again)."""
    if device.user_id != request.user.pk or device.confirmed:
        raise PermissionDenied
    if not device.verify_token(_digits(token)):
        raise ValidationError({"token": _("This code is not the one the app shows now. Type the current code.")})
    TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_renew(request.user)
    _verified(request, device)
    audit.record(audit.Kind.TWO_FACTOR_SET_UP, request=request)
    return codes


def recovery_codes_renew(user) -> list[str]:
    """Ten new recovery codes; the old ones stop working."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name=CODES_DEVICE, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [f"{secrets.randbelow(10**10):010d}" for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return [f"{code[:5]} {code[5:]}" for code in codes]


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=CODES_DEVICE).count()


# --- Signing in -------------------------------------------------------------------------------


def verify(request, token: str) -> None:
    """The code of this sign-in: from the app, or a recovery code (used up). A ValidationError
    says what is wrong, or how long to wait after too many wrong codes."""
    user = request.user
    token = _digits(token)
    app = app_device(user)
    if app is not None:
        allowed, data = app.verify_is_allowed()
        if not allowed:
            raise ValidationError({"token": _wait_message(data)})
        if len(token) == 6 and app.verify_token(token):
            _verified(request, app)
            return
    codes = StaticDevice.objects.filter(user=user, name=CODES_DEVICE).first()
    if codes is not None and len(token) == 10:
        allowed, data = codes.verify_is_allowed()
        if not allowed:
            raise ValidationError({"token": _wait_message(data)})
        if codes.verify_token(token):  # the code is deleted: once only
            _verified(request, codes)
            audit.record(audit.Kind.RECOVERY_CODE_USED, request=request, what=f"{recovery_codes_left(user)} left")
            return
    if app is not None and len(token) not in (6, 10):
        app.throttle_increment()  # a malformed code counts as a wrong one (verify_token counts the others)
    audit.record(audit.Kind.TWO_FACTOR_FAILED, request=request)
    raise ValidationError({"token": _("This code is not valid. Type the code your app shows now, or a recovery code.")})


def _wait_message(data) -> str:
    from django.utils import timezone

    until = (data or {}).get("locked_until")
    seconds = max(1, int((until - timezone.now()).total_seconds())) if until else 60
    return ngettext(
        "Too many wrong codes. Try again in %(seconds)d second.",
        "Too many wrong codes. Try again in %(seconds)d seconds.",
        seconds,
    ) % {"seconds": seconds}


def _digits(token: str) -> str:
    return "".join(ch for ch in (token or "") if ch.isdigit())


def _verified(request, device) -> None:
    """The session is verified: a new session key (its rights have grown), the device noted."""
    from .models import SignedInSession

    before = request.session.session_key
    request.session.cycle_key()
    otp_login(request, device)
    request.session[ENROLLED] = True
    SignedInSession.objects.filter(session_key=before).update(session_key=request.session.session_key)


def on_signed_in(sender, request, user, **kwargs):
    """Whoever set up a second factor is asked for it at every sign-in, required or not."""
    if request is not None and hasattr(request, "session"):
        request.session[ENROLLED] = is_enrolled(user)


def connect():
    from django.contrib.auth.signals import user_logged_in

    user_logged_in.connect(on_signed_in, dispatch_uid="accounts.two_factor.signed_in")


def reset(*, actor, user) -> int:
    """The secretariat removes a person's second factor (a lost phone): they set it up again at
    their next sign-in; their sessions end. Returns how many devices were removed."""
    if not is_secretariat(actor):
        raise PermissionDenied(_("Only the secretariat resets a person's two-factor sign-in."))
    from .session_control import end_sessions

    removed = TOTPDevice.objects.filter(user=user).delete()[0] + StaticDevice.objects.filter(user=user).delete()[0]
    end_sessions(user)
    audit.record(audit.Kind.TWO_FACTOR_RESET, actor=actor, subject=user)
    return removed


# --- Enforcement ------------------------------------------------------------------------------

#: Addresses a person who owes the second step may still reach (after the language prefix).
OPEN_PATHS = ("accounts/two-factor/", "accounts/logout/", "accounts/login/", "jsi18n/")


class TwoFactorMiddleware:
    """Sends a signed-in person who owes the second step to it: to set it up if they have none,
    else to type the code. For the REST API such a session is not signed in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._owes_the_second_step(request):
            answer = self._owed(request, request.user)
            if answer is not None:
                return answer
        return self.get_response(request)

    @staticmethod
    def _owes_the_second_step(request) -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return False
        return required_of(user) or bool(request.session.get(ENROLLED))

    def _owed(self, request, user):
        path = request.path
        if path.startswith("/api/"):
            request.user = AnonymousUser()  # DRF's session authentication reads it
            return None
        if path.startswith(("/static/", "/i18n/", "/healthz")) or any(
            path.split("/", 2)[-1].startswith(prefix) for prefix in OPEN_PATHS
        ):
            return None
        step = "accounts:two_factor_verify" if is_enrolled(user) else "accounts:two_factor_setup"
        url = reverse(step)
        if request.method == "GET" and not request.headers.get("HX-Request"):
            url += "?" + urlencode({"next": request.get_full_path()})
        answer = redirect(url)
        if request.headers.get("HX-Request"):
            answer["HX-Redirect"] = url
        return answer
