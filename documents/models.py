"""The documents pipeline's data: renditions (a PDF of a document in one language, rendered by a
Celery worker, never in a web request) and the registry of issued documents with their UN
symbols, per-language files and numbering sequences."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from reviewmech.roles import is_secretariat


class RenditionQuerySet(models.QuerySet):
    def for_document(self, document):
        return self.filter(content_type=ContentType.objects.get_for_model(document), object_id=document.pk)

    def with_file(self):
        """Those with a PDF to serve: done, or asked for again and still holding the previous
        PDF until the new one replaces it (``Rendition.is_updating``)."""
        return self.exclude(file="")


#: The statuses of a rendition not done: the backlog (``services.renditions``).
PENDING = ("queued", "rendering", "failed")


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
    #: How many times the sweeper sent the task again (a lost message, a dead worker).
    resends = models.PositiveIntegerField(_("sent again"), default=0)
    #: How many times WeasyPrint actually ran for this rendition (a skipped, unchanged
    #: document does not count): what the benchmark reads to prove the hash skip.
    render_count = models.PositiveIntegerField(_("renders"), default=0)
    render_ms = models.PositiveIntegerField(_("render time (ms)"), null=True, blank=True)
    #: A counter bumped on every request, so a task from an older request knows it is stale.
    generation = models.PositiveIntegerField(_("generation"), default=0)
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    #: When the PDF in ``file`` was made: the date of the version a download serves, which may
    #: be older than the request being worked on (``is_updating``).
    file_made_at = models.DateTimeField(_("PDF made at"), null=True, blank=True)

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
        indexes = [
            # The backlog (readiness, dashboard, sweeper) reads the few renditions not done.
            models.Index(
                fields=["status", "queued_at"], condition=models.Q(status__in=PENDING), name="rendition_pending"
            ),
        ]

    def __str__(self):
        return f"{self.content_type.model} {self.object_id} [{self.language}, {self.variant}] {self.status}"

    @property
    def is_available(self):
        """It has a PDF to serve (perhaps an older one, see ``is_updating``)."""
        return bool(self.file)

    @property
    def is_updating(self):
        """A newer PDF is on its way: the one served until then is the previous version."""
        return bool(self.file) and self.status in (self.Status.QUEUED, self.Status.RENDERING)


class Distribution(models.TextChoices):
    GENERAL = "general", _("General")
    LIMITED = "limited", _("Limited")
    RESTRICTED = "restricted", _("Restricted")


class DocumentQuerySet(models.QuerySet):
    def public(self):
        """Issued documents of general distribution: what anyone may read."""
        return self.filter(status=Document.Status.ISSUED, distribution=Distribution.GENERAL)

    def visible_to(self, user):
        """Secretariat staff see the whole registry, drafts included; a person of a State also
        the issued Limited documents that concern that State; everyone else the public ones."""
        if is_secretariat(user):
            return self
        state_id = getattr(user, "state_id", None) if getattr(user, "is_authenticated", False) else None
        if not state_id:
            return self.public()
        concerning = Document.concerned_states.through.objects.filter(state_id=state_id).values("document_id")
        return self.filter(
            models.Q(status=Document.Status.ISSUED)
            & (
                models.Q(distribution=Distribution.GENERAL)
                | models.Q(distribution=Distribution.LIMITED, pk__in=concerning)
            )
        )


class Document(models.Model):
    """An official document registered under its United Nations symbol: a report, a note by
    the Secretariat, a conference room paper, a provisional agenda, an executive summary...

    The symbol is unique. Its parts are kept in columns (``series``, ``year``, ``kind``,
    ``number``) for the next free number of a series, and ``base_symbol``/``revision`` for the
    chain of revisions: ``…/Rev.1`` supersedes the original, ``…/Rev.2`` both. Addenda and
    corrigenda point to the document they add to or correct (``parent``). The files are per
    language (:class:`DocumentFile`), or come from the renditions of a ``source`` object that
    the pipeline renders (an executive summary, a thematic report, a note verbale).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ISSUED = "issued", _("Issued")

    class Relation(models.TextChoices):
        ORIGINAL = "original", pgettext_lazy("document relation", "Original")
        REVISION = "revision", _("Revision")
        ADDENDUM = "addendum", _("Addendum")
        CORRIGENDUM = "corrigendum", _("Corrigendum")

    symbol = models.CharField(_("symbol"), max_length=80, unique=True)
    series = models.CharField(_("series"), max_length=60, db_index=True, editable=False)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True, editable=False)
    kind = models.CharField(_("kind of document"), max_length=8, blank=True, editable=False)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True, editable=False)
    base_symbol = models.CharField(_("original symbol"), max_length=80, db_index=True, editable=False)
    revision = models.PositiveSmallIntegerField(_("revision"), default=0, editable=False)
    relation = models.CharField(
        _("relation"), max_length=12, choices=Relation.choices, default=Relation.ORIGINAL, editable=False
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("revises, adds to or corrects"),
        on_delete=models.PROTECT,
        related_name="children",
        null=True,
        blank=True,
    )
    body = models.ForeignKey(
        "reference.Body",
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        related_name="documents",
        null=True,
        blank=True,
    )
    title = models.CharField(_("title"), max_length=500)
    issued_on = models.DateField(_("date"), null=True, blank=True)
    distribution = models.CharField(
        _("distribution"), max_length=10, choices=Distribution.choices, default=Distribution.GENERAL
    )
    original_language = models.CharField(_("original language"), max_length=7, choices=settings.LANGUAGES, default="en")
    status = models.CharField(_("status"), max_length=6, choices=Status.choices, default=Status.DRAFT)
    concerned_states = models.ManyToManyField(
        "reference.State",
        verbose_name=_("States concerned"),
        related_name="+",
        blank=True,
        help_text=_("A Limited document is also shared with the States it concerns."),
    )
    source_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", null=True, blank=True, editable=False
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    source = GenericForeignKey("source_type", "source_id")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now, editable=False)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["series", "year", "kind", "number", "symbol"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "source_id"],
                condition=models.Q(source_type__isnull=False),
                name="document_one_per_source",
            ),
        ]

    def __str__(self):
        return self.symbol

    @property
    def is_public(self):
        return self.status == self.Status.ISSUED and self.distribution == Distribution.GENERAL


class DocumentFile(models.Model):
    """A document's file in one language, as issued. A language without one is "not issued in
    this language"."""

    document = models.ForeignKey(Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="files")
    language = models.CharField(_("language"), max_length=7, choices=settings.LANGUAGES)
    file = models.FileField(_("file"), max_length=255, upload_to="documents/%Y/")
    kind = models.CharField(_("type"), max_length=4)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["document", "language"]
        verbose_name = _("document file")
        verbose_name_plural = _("document files")
        constraints = [
            models.UniqueConstraint(fields=["document", "language"], name="document_file_once_per_language"),
        ]

    def __str__(self):
        return f"{self.document.symbol} [{self.language}]"


class Sequence(models.Model):
    """A numbering sequence (the numbers of a document series in a year, the references of
    notes verbales in a year). Its row is locked while a number is allocated, so two staff
    issuing at once never get the same number."""

    key = models.CharField(_("key"), max_length=120, unique=True)
    last = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("numbering sequence")
        verbose_name_plural = _("numbering sequences")

    def __str__(self):
        return f"{self.key}: {self.last}"
