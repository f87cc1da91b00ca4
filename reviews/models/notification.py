"""E-mails sent about country reviews, one row per mail or per reported event.

The unique ``key`` makes sending idempotent: the sender claims the key before it sends, so a
re-run of the daily job or a retried task never mails the same thing twice.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .review import CountryReview


class Notification(models.Model):
    """One notification claimed (and, once ``sent_at`` is set, sent).

    Keys: ``event:<event>:user:<user>`` for a change in a review,
    ``reminder:<review>:<step>:<due>:<user>`` for a reminder before an indicative date,
    ``overdue:<review>:<step>:<due>`` for a step reported once in the secretariat's digest.
    """

    class Kind(models.TextChoices):
        EVENT = "event", _("Change in a review")
        REMINDER = "reminder", _("Reminder before an indicative date")
        OVERDUE_DIGEST = "overdue_digest", _("Overdue steps reported to the secretariat")

    key = models.CharField(_("key"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
    )
    review = models.ForeignKey(
        CountryReview,
        verbose_name=_("review"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
    )
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("claimed at"), default=timezone.now)
    sent_at = models.DateTimeField(
        _("sent at"), null=True, blank=True, help_text=_("Empty while the e-mail is being sent.")
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self):
        return self.key
