"""The one model of the project package: the freshness counter (``reviewmech.freshness``)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Freshness(models.Model):
    """A single row: ``generation`` goes up, and ``changed_at`` moves, whenever something that
    anyone outside the secretariat's own pages reads changes (a publication, a consent, a step
    of a review, a finding...). The public pages and the REST API answer 304 and cache against
    it, so a change shows at once."""

    generation = models.PositiveBigIntegerField(_("generation"), default=0)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("freshness of what is read")
        verbose_name_plural = _("freshness of what is read")

    def __str__(self):
        return f"{self.generation} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
