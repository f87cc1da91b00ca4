"""Desk review: the reviewing experts' questions on the State's answers, and the replies."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reference.models import Article

from .review import CountryReview


class ReviewQuestion(models.Model):
    """A thread on one article (or on the review as a whole) between the reviewing experts,
    the secretariat and the State under review."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    review = models.ForeignKey(
        CountryReview, verbose_name=_("review"), on_delete=models.CASCADE, related_name="questions"
    )
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    updated_at = models.DateTimeField(_("last message at"), default=timezone.now)

    class Meta:
        # Questions on the review as a whole first, on every database.
        ordering = [models.F("article__number").asc(nulls_first=True), "created_at"]
        verbose_name = _("desk review question")
        verbose_name_plural = _("desk review questions")

    def __str__(self):
        return f"{self.review} — {self.article or '—'} ({self.get_status_display()})"


class QuestionMessage(models.Model):
    """One message of a thread: the question itself, a reply, a follow-up."""

    question = models.ForeignKey(
        ReviewQuestion, verbose_name=_("question"), on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self):
        return self.text[:60]
