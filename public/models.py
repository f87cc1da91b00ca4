"""The public site's one record: when what it shows last changed."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Freshness(models.Model):
    """A single row: ``generation`` goes up, and ``changed_at`` moves, whenever something the
    public pages show changes (a publication, a consent, a step of a review...). Pages are
    cached and answered with 304 against it, so a change shows at once."""

    generation = models.PositiveBigIntegerField(_("generation"), default=0)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("freshness of the public pages")
        verbose_name_plural = _("freshness of the public pages")

    def __str__(self):
        return f"{self.generation} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
