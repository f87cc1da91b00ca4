from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from reviewmech.roles import STATE_ROLES, Role


class User(AbstractUser):
    """A person using reviewmech.

    ``role`` says what kind of participant they are; ``state`` is the State whose focal point,
    expert or observer they are (empty for the secretariat). What they may see of a given
    review is decided by that review's assignments.
    """

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    state = models.ForeignKey(
        "reference.State",
        verbose_name=_("State"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
        help_text=_("The State the person represents. Empty for secretariat staff."),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Used for the pages after you sign in and for the e-mails you receive."),
    )
    organization = models.CharField(_("organization"), max_length=200, blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def clean(self):
        super().clean()
        if self.role in STATE_ROLES and not self.state_id:
            raise ValidationError({"state": _("A focal point, expert or observer must belong to a State.")})
        if self.role == Role.SECRETARIAT and self.state_id:
            raise ValidationError({"state": _("Secretariat staff do not represent a State.")})
        if self.role == Role.NGO and self.state_id:
            raise ValidationError({"state": _("An organization's account does not represent a State.")})


class ActivationLink(models.Model):
    """A link that activates an account (a nominated focal point, expert or observer sets their
    password with it). Only the hash of its token is kept; it is single use and expires."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="activation_links")
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    sent_by = models.ForeignKey(
        User, verbose_name=_("sent by"), on_delete=models.SET_NULL, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("activation link")
        verbose_name_plural = _("activation links")

    def __str__(self):
        return f"{self.user} ({self.created_at:%Y-%m-%d})"


class ApiToken(models.Model):
    """A personal token for the REST API. It acts as its user, with the same role, State and
    reviews, and no more; ``read`` tokens cannot write. Only the SHA-256 of the token is kept
    (it is shown once, when created); the first characters (``prefix``) name it in lists."""

    class Scope(models.TextChoices):
        READ = "read", _("Read only")
        WRITE = "write", _("Read and write")

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, e.g. “tracking dashboard”."))
    prefix = models.CharField(_("prefix"), max_length=16, db_index=True)
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    scope = models.CharField(_("scope"), max_length=5, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        User, verbose_name=_("created by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, verbose_name=_("revoked by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.prefix}… ({self.name})"

    def is_usable(self, now=None) -> bool:
        from django.utils import timezone

        return self.revoked_at is None and self.expires_at > (now or timezone.now())

    @property
    def allows_write(self) -> bool:
        return self.scope == self.Scope.WRITE


class SignedInSession(models.Model):
    """A session a person signed in with (``accounts.session_control``): the profile lists them,
    and the person ends one, or all of them at once ("sign out everywhere"). The session itself
    stays in Django's session store; this row is how we find it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="signed_in_sessions"
    )
    session_key = models.CharField(_("session key"), max_length=40, unique=True)
    started_at = models.DateTimeField(_("signed in at"))
    last_seen_at = models.DateTimeField(_("last seen at"))
    ip_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)

    class Meta:
        ordering = ["-last_seen_at"]
        verbose_name = _("signed-in session")
        verbose_name_plural = _("signed-in sessions")

    def __str__(self):
        return f"{self.user} ({self.started_at:%Y-%m-%d %H:%M})"


class AccessEventQuerySet(models.QuerySet):
    def delete(self):
        raise PermissionError("The access log is append-only: old entries go only through purge().")

    def update(self, **kwargs):
        raise PermissionError("The access log is append-only.")

    def purge(self, before) -> int:
        """Forget the entries older than ``before`` (the retention period): the only deletion."""
        return self.filter(at__lt=before)._raw_delete(self.db)


class AccessEvent(models.Model):
    """One entry of the access log (``accounts.audit``): who signed in or failed to, changes of
    a second factor, of a person's role or State, of API tokens, and downloads of confidential
    files — who, what, when, from where. Append-only: entries are never changed, and removed
    only when older than ``ACCESS_LOG_DAYS``."""

    class Kind(models.TextChoices):
        SIGN_IN = "sign_in", pgettext_lazy("access log event", "Signed in")
        SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
        LOCKED_OUT = "locked_out", _("Refused after too many failed sign-ins")
        SIGN_OUT = "sign_out", _("Signed out")
        TWO_FACTOR_SET_UP = "two_factor_set_up", _("Two-factor sign-in set up")
        TWO_FACTOR_FAILED = "two_factor_failed", _("Wrong two-factor code")
        RECOVERY_CODE_USED = "recovery_code_used", _("Recovery code used")
        RECOVERY_CODES_RENEWED = "recovery_codes_renewed", _("Recovery codes renewed")
        TWO_FACTOR_RESET = "two_factor_reset", _("Two-factor sign-in reset")
        SESSIONS_ENDED = "sessions_ended", _("Sessions ended")
        RIGHTS_CHANGED = "rights_changed", _("Role, State or rights changed")
        TOKEN_CREATED = "token_created", _("API token created")
        TOKEN_REVOKED = "token_revoked", _("API token revoked")
        DOWNLOAD = "download", _("Confidential file downloaded")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    kind = models.CharField(_("event"), max_length=30, choices=Kind.choices, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor_name = models.CharField(_("user name"), max_length=150, blank=True, db_index=True)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("whose account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    what = models.CharField(_("what"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    path = models.CharField(_("address"), max_length=300, blank=True)

    objects = AccessEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.kind} {self.actor_name}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The access log is append-only.")
