"""The self-assessment checklist of a review: one answer per article under review."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reference.models import Article, TechnicalAssistanceCategory

from .review import CountryReview


class Checklist(models.Model):
    """The State under review's answers for one review; frozen as a version on submission."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    review = models.OneToOneField(
        CountryReview, verbose_name=_("review"), on_delete=models.CASCADE, related_name="checklist"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    consent_to_publish = models.BooleanField(_("the State agrees to publish its self-assessment"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("self-assessment checklist")
        verbose_name_plural = _("self-assessment checklists")

    def __str__(self):
        return str(self.review)


class ChecklistAnswer(models.Model):
    """A State's answer on one article. ``revision`` grows with every save: a save made on an
    older revision is refused instead of overwriting someone else's change."""

    class Implementation(models.TextChoices):
        FULLY = "fully", _("Fully implemented")
        PARTLY = "partly", _("Partly implemented")
        NOT = "not", _("Not implemented")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    checklist = models.ForeignKey(
        Checklist, verbose_name=_("checklist"), on_delete=models.CASCADE, related_name="answers"
    )
    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.PROTECT, related_name="+")
    implementation = models.CharField(_("implementation"), max_length=16, choices=Implementation.choices, blank=True)
    narrative = models.TextField(_("how the article is implemented"), blank=True)
    legislation = models.TextField(
        _("legislation cited"), blank=True, help_text=_("Title, provision and, where there is one, a link.")
    )
    examples = models.TextField(_("examples of implementation and cases"), blank=True)
    statistics = models.TextField(_("statistics"), blank=True)
    ta_category = models.ForeignKey(
        TechnicalAssistanceCategory,
        verbose_name=_("technical assistance needed"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    ta_needs = models.TextField(_("technical assistance needs"), blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=0)
    updated_at = models.DateTimeField(_("updated at"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    #: The fields a focal point fills in (and the ones a submitted version freezes).
    CONTENT_FIELDS = ("implementation", "narrative", "legislation", "examples", "statistics", "ta_category", "ta_needs")

    class Meta:
        ordering = ["article__instrument__order", "article__number"]
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")
        constraints = [models.UniqueConstraint(fields=["checklist", "article"], name="answer_once_per_article")]

    def __str__(self):
        return str(self.article)

    @property
    def is_answered(self):
        """An article counts as answered once its implementation is stated and explained (or
        it is declared not applicable)."""
        if self.implementation == self.Implementation.NOT_APPLICABLE:
            return True
        return bool(self.implementation and self.narrative.strip())


class ChecklistSubmission(models.Model):
    """A submitted version of the checklist, frozen: what the reviewing experts read."""

    checklist = models.ForeignKey(
        Checklist, verbose_name=_("checklist"), on_delete=models.CASCADE, related_name="submissions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    consent_to_publish = models.BooleanField(_("the State agrees to publish its self-assessment"), default=False)
    answers = models.JSONField(_("answers"), default=list)
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reopened by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)

    class Meta:
        ordering = ["checklist", "-number"]
        verbose_name = _("submitted checklist")
        verbose_name_plural = _("submitted checklists")
        constraints = [models.UniqueConstraint(fields=["checklist", "number"], name="submission_unique_number")]

    def __str__(self):
        return f"{self.checklist} v{self.number}"


def attachment_upload_to(instance, filename):
    """Files are stored under a random name: the original name is kept in the record only, so
    nothing a user typed ever becomes a path."""
    review_id = instance.answer.checklist.review_id
    return f"checklists/{review_id}/{uuid.uuid4().hex}.{instance.kind}"


class ChecklistAttachment(models.Model):
    """A document attached to an answer (a law, a decree, a report): PDF, DOCX or ODT, its type
    checked by content. Removing one keeps the file while a submitted version refers to it."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "DOCX"
        ODT = "odt", "ODT"

    answer = models.ForeignKey(
        ChecklistAnswer, verbose_name=_("answer"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_upload_to, max_length=255)
    filename = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("type"), max_length=4, choices=Kind.choices)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("removed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.filename
