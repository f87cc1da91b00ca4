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
