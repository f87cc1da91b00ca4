"""Writes on accounts."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reviewmech.roles import Role, is_secretariat

from .models import ActivationLink, User
from .tasks import send_account_mail


@transaction.atomic
def user_create(
    *,
    username: str,
    email: str,
    password: str | None,
    role: str,
    state=None,
    first_name: str = "",
    last_name: str = "",
    preferred_language: str = "en",
    organization: str = "",
) -> User:
    """Create a person's account; validates role and State together (``User.clean``)."""
    user = User(
        username=username,
        email=email,
        role=role,
        state=state,
        first_name=first_name,
        last_name=last_name,
        preferred_language=preferred_language,
        organization=organization,
        # Secretariat staff keep the reference data in the admin.
        is_staff=role == Role.SECRETARIAT,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


def user_update_profile(*, user: User, data: dict) -> User:
    fields = list(data)
    for name, value in data.items():
        setattr(user, name, value)
    user.full_clean()
    user.save(update_fields=fields)
    return user


# --- Activation links ------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def activation_send(*, user: User, actor, mail: str = "registration/activation") -> str:
    """Send ``user`` a link to activate their account (set a password), valid for
    ``ACTIVATION_LINK_DAYS`` days and once; earlier links of that person stop working. The mail
    is in the person's preferred language, from the templates ``<mail>_subject.txt`` and
    ``<mail>_email.txt`` (why the account exists: a nomination, an organization's registration).
    Returns the link (for the secretariat's record)."""
    if not is_secretariat(actor):
        raise PermissionDenied(_("Only the secretariat sends activation links."))
    if not user.email:
        raise ValidationError(_("This person has no e-mail address to send the link to."))
    now = timezone.now()
    ActivationLink.objects.filter(user=user, used_at__isnull=True).update(used_at=now)
    token = secrets.token_urlsafe(32)
    days = settings.ACTIVATION_LINK_DAYS
    ActivationLink.objects.create(
        user=user, token_hash=_token_hash(token), expires_at=now + datetime.timedelta(days=days), sent_by=actor
    )
    with translation.override(user.preferred_language):
        link = settings.SITE_URL.rstrip("/") + reverse("accounts:activate", args=[token])
        context = {"user": user, "link": link, "days": days}
        subject = " ".join(render_to_string(f"{mail}_subject.txt", context).split())
        body = render_to_string(f"{mail}_email.txt", context)
    # Sent by a worker once the link is saved. The message carries the link (the token is not
    # kept here, only its hash) until the worker has sent it.
    recipient = user.email
    transaction.on_commit(lambda: send_account_mail.delay(subject, body, recipient))
    return link


def _invalid_link() -> ValidationError:
    # One message whatever the reason, so that a link reveals nothing about accounts.
    return ValidationError(
        _(
            "This activation link cannot be used: it has expired, it was already used or it does not exist. "
            "Ask the secretariat for a new one."
        )
    )


def activation_link_user(token: str) -> User:
    """The person a valid link is for; the same ValidationError for every other case."""
    link = ActivationLink.objects.select_related("user").filter(token_hash=_token_hash(token or "")).first()
    if link is None or link.used_at is not None or link.expires_at <= timezone.now():
        raise _invalid_link()
    return link.user


@transaction.atomic
def activation_complete(*, token: str, password: str) -> User:
    """Set the password and activate the account; the link is then used up."""
    link = (
        ActivationLink.objects.select_for_update()
        .select_related("user")
        .filter(token_hash=_token_hash(token or ""))
        .first()
    )
    if link is None or link.used_at is not None or link.expires_at <= timezone.now():
        raise _invalid_link()
    user = link.user
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    return user


# --- API tokens ------------------------------------------------------------------------------

#: The lifetimes a token may be given, in days.
API_TOKEN_DAYS = (30, 90, 180, 365)
API_TOKEN_PREFIX = "rvm_"  # noqa: S105  (not a secret: how every token begins)
#: The last-used date is written at most this often (not on every request).
API_TOKEN_TOUCH = datetime.timedelta(minutes=5)


def _may_manage_tokens(actor, user: User) -> bool:
    return getattr(actor, "is_authenticated", False) and (actor.pk == user.pk or is_secretariat(actor))


@transaction.atomic
def api_token_create(*, user: User, actor, name: str, days: int, scope: str = "read") -> tuple:
    """A new API token for ``user`` (created by themselves or by the secretariat): the record
    and the token itself, which is shown once and never stored. Only secretariat staff may
    hold a token that writes."""
    from .models import ApiToken

    if not _may_manage_tokens(actor, user):
        raise PermissionDenied(_("You may not create a token for this person."))
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("Give the token a name, to recognise it later.")
    elif len(name) > 100:
        errors["name"] = _("At most %(limit)s characters.") % {"limit": 100}
    if days not in API_TOKEN_DAYS:
        errors["days"] = _("Choose one of the lifetimes offered.")
    if scope not in ApiToken.Scope.values:
        errors["scope"] = _("Choose read only, or read and write.")
    elif scope == ApiToken.Scope.WRITE and not is_secretariat(user):
        errors["scope"] = _("Only secretariat staff may have a token that writes.")
    if not user.is_active:
        errors["user"] = _("This account is not active.")
    if errors:
        raise ValidationError(errors)
    secret = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=secret[: len(API_TOKEN_PREFIX) + 8],
        digest=_token_hash(secret),
        scope=scope,
        created_by=actor,
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    from . import audit

    audit.record(audit.Kind.TOKEN_CREATED, actor=actor, subject=user, what=f"{token.prefix}… {name} ({scope})")
    return token, secret


@transaction.atomic
def api_token_revoke(*, token, actor):
    """Revoke a token at once (its owner or the secretariat). Revoking twice changes nothing."""
    if not _may_manage_tokens(actor, token.user):
        raise PermissionDenied(_("You may not revoke this token."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = actor
        token.save(update_fields=["revoked_at", "revoked_by"])
        from . import audit

        audit.record(audit.Kind.TOKEN_REVOKED, actor=actor, subject=token.user, what=f"{token.prefix}… {token.name}")
    return token


def api_token_authenticate(secret: str):
    """The usable token (with its user) for ``secret``, else ``None``: unknown, expired,
    revoked, or its user inactive. Notes the use at most every few minutes."""
    from .models import ApiToken

    if not secret or not secret.startswith(API_TOKEN_PREFIX) or len(secret) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(digest=_token_hash(secret)).first()
    now = timezone.now()
    if token is None or not token.is_usable(now) or not token.user.is_active:
        return None
    if token.last_used_at is None or token.last_used_at < now - API_TOKEN_TOUCH:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
