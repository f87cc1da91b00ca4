"""Civil society in the review mechanisms: organizations and their accounts, the briefings for
non-governmental organizations held under resolution 4/6 on the margins of the sessions of the
Implementation Review Group (their programme, presentations, questions raised and published
summary), registration for them, and written input from civil society to one country review.

Seed 003 is the summary of the ninth briefing (1 September 2020)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reference.models import State


class Organization(models.Model):
    """A non-governmental organization, an academic institution or a private-sector body."""

    class Kind(models.TextChoices):
        NGO = "ngo", _("Non-governmental organization")
        ACADEMIA = "academia", _("Academia")
        PRIVATE_SECTOR = "private_sector", _("Private sector")
        MEDIA = "media", _("Media")
        OTHER = "other", _("Other")

    class Ecosoc(models.TextChoices):
        NONE = "", _("No consultative status")
        GENERAL = "general", _("General consultative status")
        SPECIAL = "special", _("Special consultative status")
        ROSTER = "roster", _("Roster")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    name = models.CharField(_("name"), max_length=300)
    country = models.ForeignKey(
        State, verbose_name=_("country"), on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.NGO)
    website = models.URLField(_("website"), max_length=300, blank=True)
    area_of_work = models.TextField(_("area of work"), blank=True)
    ecosoc_status = models.CharField(
        _("ECOSOC consultative status"), max_length=8, choices=Ecosoc.choices, blank=True, default=Ecosoc.NONE
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.APPROVED)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self):
        return self.name


class Member(models.Model):
    """An NGO account (role ``ngo``) and the one organization it speaks for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="ngo_membership"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="members"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("member of an organization")
        verbose_name_plural = _("members of organizations")

    def __str__(self):
        return f"{self.user} ({self.organization})"


class Briefing(models.Model):
    """A briefing for non-governmental organizations under resolution 4/6, on the margins of a
    session of the Implementation Review Group, chaired by a member of the bureau."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True, help_text=_("The ninth briefing: 9."))
    session = models.ForeignKey(
        "irg_sessions.Session",
        verbose_name=_("held on the margins of"),
        on_delete=models.PROTECT,
        related_name="briefings",
    )
    held_on = models.DateField(_("date"))
    starts_at = models.TimeField(_("starting time"), null=True, blank=True)
    room = models.CharField(_("room"), max_length=200, blank=True)
    chair_name = models.CharField(_("chair"), max_length=200, blank=True)
    chair_state = models.ForeignKey(
        State, verbose_name=_("State of the chair"), on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    chair_role = models.CharField(
        _("role of the chair"),
        max_length=300,
        blank=True,
        help_text=_("e.g. the Rapporteur of the Conference at its eighth session."),
    )
    programme = models.ForeignKey(
        "documents.Document",
        verbose_name=_("programme"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("A conference room paper of the registry."),
    )
    capacity = models.PositiveIntegerField(_("places"), default=100)
    registration_closes_on = models.DateField(_("registration closes on"), null=True, blank=True)
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("Paragraphs separated by a blank line; they are numbered in the PDF.")
    )
    summary_issued_on = models.DateField(_("date of the summary"), null=True, blank=True)
    summary_published = models.BooleanField(_("summary published"), default=False)

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("NGO briefing")
        verbose_name_plural = _("NGO briefings")

    def __str__(self):
        return str(_("NGO briefing %(number)s (%(date)s)") % {"number": self.number, "date": self.held_on})

    @property
    def summary_languages(self) -> list[str]:
        """The languages the summary exists in, in the order of the six."""
        from modeltranslation.utils import build_localized_fieldname

        return [
            code for code, _name in settings.LANGUAGES if getattr(self, build_localized_fieldname("summary", code), "")
        ]

    def registration_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        closes = self.registration_closes_on or self.held_on
        return today <= closes and today <= self.held_on


class Presentation(models.Model):
    """A presentation at a briefing: who spoke, on what, with the documents it drew on."""

    briefing = models.ForeignKey(
        Briefing, verbose_name=_("briefing"), on_delete=models.CASCADE, related_name="presentations"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    speaker = models.CharField(_("speaker"), max_length=300)
    topic = models.CharField(_("topic"), max_length=500)
    documents = models.ManyToManyField("documents.Document", verbose_name=_("documents"), related_name="+", blank=True)

    class Meta:
        ordering = ["briefing", "order", "pk"]
        verbose_name = _("presentation")
        verbose_name_plural = _("presentations")

    def __str__(self):
        return self.topic


class QuestionRaised(models.Model):
    """A question or proposal raised in the discussion, under its topic, with the secretariat's
    response if any."""

    briefing = models.ForeignKey(
        Briefing, verbose_name=_("briefing"), on_delete=models.CASCADE, related_name="questions"
    )
    topic = models.CharField(_("topic"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    text = models.TextField(_("question or proposal"))
    response = models.TextField(_("response of the secretariat"), blank=True)

    class Meta:
        ordering = ["briefing", "order", "pk"]
        verbose_name = _("question raised")
        verbose_name_plural = _("questions raised")

    def __str__(self):
        return self.topic


class Registration(models.Model):
    """A person of an organization registered for a briefing: a place, or the waiting list."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Place confirmed")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    briefing = models.ForeignKey(
        Briefing, verbose_name=_("briefing"), on_delete=models.PROTECT, related_name="registrations"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="registrations"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    listed = models.BooleanField(_("the organization may be listed among those that took part"), default=False)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        ordering = ["briefing", "created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["briefing", "person"],
                condition=~Q(status="cancelled"),
                name="registration_once_per_person",
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.briefing} [{self.status}]"


def input_upload_to(instance, filename):
    """Stored under a random name: nothing a user typed becomes a path."""
    return f"civil-society/{instance.input.review_id}/{uuid.uuid4().hex}.{instance.kind}"


class CivilSocietyInput(models.Model):
    """Written input from civil society to one country review, used only for that review: the
    secretariat, the State under review and the experts assigned to it read it once it is
    shared with the review team; the organization that sent it reads its own. Never public."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        SHARED = "shared", _("Shared with the review team")
        REPLIED = "replied", _("Replied")

    class Channel(models.TextChoices):
        PLATFORM = "platform", _("Submitted here")
        EMAIL = "email", _("E-mail")
        LETTER = "letter", _("Letter")
        MEETING = "meeting", _("Meeting")

    review = models.ForeignKey(
        "reviews.CountryReview",
        verbose_name=_("review"),
        on_delete=models.PROTECT,
        related_name="civil_society_inputs",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="inputs",
        null=True,
        blank=True,
    )
    sender = models.CharField(
        _("from"), max_length=300, blank=True, help_text=_("For input received by other channels.")
    )
    channel = models.CharField(_("received by"), max_length=10, choices=Channel.choices, default=Channel.PLATFORM)
    title = models.CharField(_("subject"), max_length=300)
    text = models.TextField(_("input"))
    language = models.CharField(_("language"), max_length=7, choices=settings.LANGUAGES, default="en")
    asks_to_meet = models.BooleanField(_("asks to meet the review team during the dialogue"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED)
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    shared_at = models.DateTimeField(_("shared at"), null=True, blank=True)
    reply = models.TextField(_("reply of the State under review"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("replied by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("civil-society input")
        verbose_name_plural = _("civil-society input")
        constraints = [
            models.CheckConstraint(condition=Q(organization__isnull=False) | ~Q(sender=""), name="input_has_a_sender"),
        ]

    def __str__(self):
        return self.title

    @property
    def from_name(self) -> str:
        return self.organization.name if self.organization_id else self.sender


class InputAttachment(models.Model):
    """A document sent with the input: PDF, DOCX or ODT, its type checked by content."""

    input = models.ForeignKey(
        CivilSocietyInput, verbose_name=_("input"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=input_upload_to, max_length=255)
    filename = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("type"), max_length=4)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.filename
