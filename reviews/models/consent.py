"""The consent ledger: what the State under review agreed to publish, item by item, with when,
who recorded it and what it rests on. The public site asks it (``reviews.selectors.consent``)
before showing anything beyond the status of a review and its published executive summaries."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .review import CountryReview


class ConsentDecision(models.Model):
    """One decision of the State under review on one item. The latest decision of an item is
    the one in force; the earlier ones stay as its history. No decision: not asked."""

    class Item(models.TextChoices):
        TIMELINE = "timeline", _("The review's schedule and timeline")
        FOCAL_POINT_CONTACTS = "focal_point_contacts", _("The focal point's contact details")
        FULL_REPORT = "full_report", _("The full country review report")
        SELF_ASSESSMENT = "self_assessment", _("The self-assessment")
        FOLLOW_UP = "follow_up", _("The follow-up of the recommendations")

    class Decision(models.TextChoices):
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")
        NOT_ASKED = "not_asked", _("Not asked")

    review = models.ForeignKey(
        CountryReview, verbose_name=_("review"), on_delete=models.CASCADE, related_name="consent_decisions"
    )
    item = models.CharField(_("item"), max_length=24, choices=Item.choices)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    decided_on = models.DateField(_("decided on"))
    incoming_note = models.ForeignKey(
        "irg_sessions.IncomingNote",
        verbose_name=_("note verbale it rests on"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    message = models.CharField(
        _("or the message it rests on"),
        max_length=500,
        blank=True,
        help_text=_("e.g. the e-mail of the focal point of 3 May 2024, or the agreement recorded here."),
    )
    #: Empty only for decisions carried over from before the ledger existed.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["review", "item", "-recorded_at", "-pk"]
        verbose_name = _("consent decision")
        verbose_name_plural = _("consent decisions")
        indexes = [models.Index(fields=["review", "item", "-recorded_at"], name="consent_latest")]

    def __str__(self):
        return f"{self.review_id} {self.item}: {self.decision} ({self.decided_on})"
