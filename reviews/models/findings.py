"""Findings of a review, as structured data, and the documents composed from them: the country
review report, the executive summary, thematic reports and regional addenda."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reference.models import Article, Chapter, Cluster, RegionalGroup, ReviewCycle

from .checklist import TechnicalAssistanceCategory
from .review import CountryReview


class Finding(models.Model):
    """One finding on one article: a good practice, a challenge, a recommendation or a need for
    technical assistance. Confidential to the review until its report is published."""

    class Kind(models.TextChoices):
        GOOD_PRACTICE = "good_practice", _("Success and good practice")
        CHALLENGE = "challenge", _("Challenge")
        RECOMMENDATION = "recommendation", _("Observation or recommendation")
        TA_NEED = "ta_need", _("Technical assistance need")

    class FollowUp(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        IMPLEMENTED = "implemented", _("Implemented")

    review = models.ForeignKey(
        CountryReview, verbose_name=_("review"), on_delete=models.CASCADE, related_name="findings"
    )
    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.PROTECT, related_name="findings")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    text = models.TextField(_("text"))
    ta_category = models.ForeignKey(
        TechnicalAssistanceCategory,
        verbose_name=_("technical assistance category"),
        on_delete=models.PROTECT,
        related_name="findings",
        null=True,
        blank=True,
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    follow_up_status = models.CharField(
        _("follow-up"), max_length=12, choices=FollowUp.choices, default=FollowUp.NOT_STARTED
    )
    follow_up_on = models.DateField(_("follow-up reported on"), null=True, blank=True)
    follow_up_note = models.TextField(_("follow-up note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("drafted by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        ordering = ["article__instrument__order", "article__number", "kind", "order", "pk"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        indexes = [models.Index(fields=["kind", "article"], name="finding_kind_article")]

    def __str__(self):
        return f"{self.article} — {self.get_kind_display()}"


class ReviewReport(models.Model):
    """The country review report or the executive summary (UNTOC: the summary of the list of
    observations) of one review: draft → agreed by the State under review → published."""

    class Kind(models.TextChoices):
        EXECUTIVE_SUMMARY = "executive_summary", _("Executive summary")
        COUNTRY_REPORT = "country_report", _("Country review report")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AGREED = "agreed", _("Agreed by the State under review")
        PUBLISHED = "published", _("Published")

    review = models.ForeignKey(
        CountryReview, verbose_name=_("review"), on_delete=models.CASCADE, related_name="reports"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    introduction = models.TextField(_("introduction"), blank=True)
    legal_framework = models.TextField(_("legal and institutional framework"), blank=True)
    #: The document of the registry this report is issued as (its symbol, date, languages).
    document = models.OneToOneField(
        "documents.Document",
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    original_language = models.CharField(_("original language"), max_length=7, choices=settings.LANGUAGES, default="en")
    consent_to_publish = models.BooleanField(
        _("the State agrees to publish the full report"),
        default=False,
        help_text=_("Executive summaries are always published; the full report only with this agreement."),
    )
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agreement recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        ordering = ["review", "kind"]
        verbose_name = _("review report")
        verbose_name_plural = _("review reports")
        constraints = [models.UniqueConstraint(fields=["review", "kind"], name="report_once_per_kind")]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.review.state}"

    @property
    def symbol(self) -> str:
        """The symbol it is issued under, from the registry ("" before one is given)."""
        return self.document.symbol if self.document_id else ""

    @property
    def is_public(self):
        """Published executive summaries are public; a full report only with the State's consent."""
        if self.status != self.Status.PUBLISHED:
            return False
        return self.kind == self.Kind.EXECUTIVE_SUMMARY or self.consent_to_publish


class ReportSection(models.Model):
    """The narrative of one chapter (UNCAC) or of the whole cluster (UNTOC, no chapter) that
    introduces the findings listed under it."""

    report = models.ForeignKey(
        ReviewReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="sections"
    )
    chapter = models.ForeignKey(
        Chapter, verbose_name=_("chapter"), on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    narrative = models.TextField(_("narrative"), blank=True)

    class Meta:
        ordering = ["report", "chapter__order"]
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")
        constraints = [models.UniqueConstraint(fields=["report", "chapter"], name="section_once_per_chapter")]

    def __str__(self):
        return str(self.chapter or self.report)


class ReportTranslation(models.Model):
    """Where the translation of a report into one language stands, and who did it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        TRANSLATED = "translated", _("Translated")
        CHECKED = "checked", _("Checked")

    report = models.ForeignKey(
        ReviewReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(_("language"), max_length=7, choices=settings.LANGUAGES)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    translator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("translator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        ordering = ["report", "language"]
        verbose_name = _("report translation")
        verbose_name_plural = _("report translations")
        constraints = [models.UniqueConstraint(fields=["report", "language"], name="translation_once_per_language")]

    def __str__(self):
        return f"{self.report} [{self.language}] {self.get_status_display()}"


class ThematicReport(models.Model):
    """A thematic implementation report (one chapter or cluster) or, with a regional group, a
    regional supplementary addendum, compiled from the findings of completed reviews.
    Aggregates only: counts per article and category, never a ranking of States."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    cycle = models.ForeignKey(
        ReviewCycle, verbose_name=_("cycle"), on_delete=models.PROTECT, related_name="thematic_reports"
    )
    chapter = models.ForeignKey(
        Chapter, verbose_name=_("chapter"), on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    regional_group = models.ForeignKey(
        RegionalGroup,
        verbose_name=_("regional group"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("Leave empty for a thematic report; choose a group for a regional supplementary addendum."),
    )
    title = models.CharField(_("title"), max_length=300)
    introduction = models.TextField(_("introduction"), blank=True)
    #: The document of the registry this report is issued as (its symbol, date, languages).
    document = models.OneToOneField(
        "documents.Document",
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    quoted_findings = models.ManyToManyField(
        Finding, verbose_name=_("good practices quoted"), related_name="quoted_in", blank=True
    )
    #: The aggregates frozen at publication, so the published document never changes under
    #: its readers when later reviews complete.
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["cycle", "-created_at"]
        verbose_name = _("thematic report")
        verbose_name_plural = _("thematic reports")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(chapter__isnull=False) & models.Q(cluster__isnull=True))
                | (models.Q(chapter__isnull=True) & models.Q(cluster__isnull=False)),
                name="thematic_chapter_or_cluster",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def symbol(self) -> str:
        """The symbol it is issued under, from the registry ("" before one is given)."""
        return self.document.symbol if self.document_id else ""
