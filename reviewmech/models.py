"""The models of the project package: the freshness counter (``reviewmech.freshness``) and the
answers kept for the REST API's idempotency keys (``reviewmech.rest``)."""

from django.conf import settings
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


class IdempotencyRecord(models.Model):
    """The first successful answer to a write of the REST API sent with an ``Idempotency-Key``
    header, kept 24 hours (``reviewmech.rest.idempotent``): the same key with the same request
    replays it, without doing the write again; the same key with another request is refused."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(_("key"), max_length=255)
    fingerprint = models.CharField(_("fingerprint of the request"), max_length=64)
    #: 0 while the request that claimed the key is at work.
    status_code = models.PositiveSmallIntegerField(_("status code"), default=0)
    body = models.JSONField(_("body of the answer"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once_per_user")]

    def __str__(self):
        return f"{self.key} ({self.created_at:%Y-%m-%d %H:%M})"
