"""Active dialogue: a country visit, a joint meeting in Vienna or an online dialogue."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .review import CountryReview


class DialogueMeeting(models.Model):
    """One meeting of the active dialogue between the experts and the State under review."""

    class Mode(models.TextChoices):
        COUNTRY_VISIT = "country_visit", _("Country visit")
        JOINT_MEETING = "joint_meeting", _("Joint meeting in Vienna")
        ONLINE = "online", _("Online dialogue")

    review = models.ForeignKey(
        CountryReview, verbose_name=_("review"), on_delete=models.CASCADE, related_name="meetings"
    )
    #: Stable identifier of the calendar event, so a re-downloaded .ics updates the entry.
    uid = models.UUIDField(_("calendar identifier"), default=uuid.uuid4, editable=False, unique=True)
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    meeting_link = models.URLField(_("meeting link"), max_length=500, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    stakeholders_agreed = models.BooleanField(
        _("the State agrees to meetings with civil society, the private sector and academia"), default=False
    )
    outcome_note = models.TextField(_("outcome note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("dialogue meeting")
        verbose_name_plural = _("dialogue meetings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="meeting_end_after_start"
            )
        ]

    def __str__(self):
        return f"{self.get_mode_display()} — {self.review.state} ({self.starts_on:%Y-%m-%d})"

    #: What the people on the review are sent of a meeting (its calendar entry and e-mail).
    SNAPSHOT_FIELDS = ("mode", "starts_on", "ends_on", "venue", "meeting_link", "agenda", "stakeholders_agreed")

    def snapshot(self) -> dict:
        """The meeting as it is now, for a review event's ``data`` (JSON): what its e-mail sends
        and its history shows, even once the meeting has changed again or is gone."""
        data = {name: getattr(self, name) for name in self.SNAPSHOT_FIELDS}
        data.update(
            meeting=self.pk,
            uid=str(self.uid),
            sequence=self.sequence,
            starts_on=self.starts_on.isoformat(),
            ends_on=self.ends_on.isoformat(),
        )
        return data

    @classmethod
    def from_snapshot(cls, data: dict, review=None) -> "DialogueMeeting":
        """The meeting as a ``snapshot`` recorded it: an unsaved instance, never to be saved."""
        fields = {name: data.get(name, cls._meta.get_field(name).get_default()) for name in cls.SNAPSHOT_FIELDS}
        fields["starts_on"] = datetime.date.fromisoformat(data["starts_on"])
        fields["ends_on"] = datetime.date.fromisoformat(data["ends_on"])
        meeting = cls(pk=data.get("meeting"), uid=uuid.UUID(data["uid"]), sequence=data.get("sequence", 0), **fields)
        if review is not None:
            meeting.review = review
        return meeting


class MeetingParticipant(models.Model):
    """Who takes part in a meeting. Civil society, the private sector and academia only where
    the State under review agrees."""

    class Sector(models.TextChoices):
        GOVERNMENT = "government", _("Government of the State under review")
        REVIEWING_STATE = "reviewing_state", _("Reviewing State")
        SECRETARIAT = "secretariat", _("Secretariat")
        CIVIL_SOCIETY = "civil_society", _("Civil society")
        PRIVATE_SECTOR = "private_sector", _("Private sector")
        ACADEMIA = "academia", _("Academia")

    #: The sectors that need the State's agreement.
    STAKEHOLDER_SECTORS = frozenset({Sector.CIVIL_SOCIETY, Sector.PRIVATE_SECTOR, Sector.ACADEMIA})

    meeting = models.ForeignKey(
        DialogueMeeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="participants"
    )
    sector = models.CharField(_("sector"), max_length=16, choices=Sector.choices)
    organization = models.CharField(_("body or organization"), max_length=300)
    name = models.CharField(_("name"), max_length=200, blank=True)

    class Meta:
        ordering = ["sector", "organization", "pk"]
        verbose_name = _("meeting participant")
        verbose_name_plural = _("meeting participants")

    def __str__(self):
        return f"{self.organization} ({self.get_sector_display()})"
