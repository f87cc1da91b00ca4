"""A PDF of a document in one language, rendered by a Celery worker (never in a web request)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RenditionQuerySet(models.QuerySet):
    def for_document(self, document):
        return self.filter(content_type=ContentType.objects.get_for_model(document), object_id=document.pk)


class Rendition(models.Model):
    """One (document, language, variant) PDF and where its rendering stands. ``content_hash``
    is the hash of the HTML the PDF was made from: the same HTML is never rendered twice."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RENDERING = "rendering", _("Rendering")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Variant(models.TextChoices):
        FINAL = "final", _("Final")
        DRAFT = "draft", _("Draft preview")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    document = GenericForeignKey("content_type", "object_id")
    language = models.CharField(_("language"), max_length=7, choices=settings.LANGUAGES)
    variant = models.CharField(_("variant"), max_length=5, choices=Variant.choices, default=Variant.FINAL)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True)
    file = models.FileField(_("file"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    #: How many times WeasyPrint actually ran for this rendition (a skipped, unchanged
    #: document does not count): what the benchmark reads to prove the hash skip.
    render_count = models.PositiveIntegerField(_("renders"), default=0)
    render_ms = models.PositiveIntegerField(_("render time (ms)"), null=True, blank=True)
    #: A counter bumped on every request, so a task from an older request knows it is stale.
    generation = models.PositiveIntegerField(_("generation"), default=0)
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = RenditionQuerySet.as_manager()

    class Meta:
        ordering = ["content_type", "object_id", "variant", "language"]
        verbose_name = _("rendition")
        verbose_name_plural = _("renditions")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "language", "variant"], name="rendition_once_per_language"
            )
        ]

    def __str__(self):
        return f"{self.content_type.model} {self.object_id} [{self.language}, {self.variant}] {self.status}"

    @property
    def is_available(self):
        return self.status == self.Status.DONE and bool(self.file)
