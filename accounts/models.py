from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

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
