"""Sessions of the intergovernmental bodies (``reference.Body``) and their parts, their agendas
and the documents considered under each item (from the registry in ``documents``)."""

from django.conf import settings
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from reference.models import Body, State
from reviewmech.i18n import translated

from . import titles


class Session(models.Model):
    """A session of a body, or one part of it (resumed, continued resumed...).

    Seed 000: the second session of the IRG (Vienna, 30 May–3 June 2011) was resumed in
    Vienna (7–9 September 2011) and continued in Marrakech (25 October 2011).
    """

    class Part(models.TextChoices):
        REGULAR = "regular", _("Regular session")
        RESUMED = "resumed", _("Resumed session")
        CONTINUED_RESUMED = "continued_resumed", _("Continued resumed session")
        FIRST_RESUMED = "first_resumed", _("First resumed session")
        SECOND_RESUMED = "second_resumed", _("Second resumed session")
        THIRD_RESUMED = "third_resumed", _("Third resumed session")

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("number"))
    part = models.CharField(_("part"), max_length=20, choices=Part.choices, default=Part.REGULAR)
    city = models.CharField(_("city"), max_length=100)
    country = models.ForeignKey(
        State, verbose_name=_("country"), on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    room = models.CharField(_("room"), max_length=200, blank=True)
    opens_at = models.TimeField(_("opening time"), null=True, blank=True)
    parallel_with = models.ForeignKey(
        "self",
        verbose_name=_("held in parallel with"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    provisional_agenda = models.ForeignKey(
        "documents.Document",
        verbose_name=_("provisional agenda"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.UniqueConstraint(fields=["body", "number", "part"], name="session_unique_part"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="session_end_after_start"
            ),
        ]

    def __str__(self):
        if self.part == self.Part.REGULAR:
            label = _("%(body)s, session %(number)s") % {"body": self.body.abbreviation, "number": self.number}
        else:
            label = _("%(body)s, session %(number)s (%(part)s)") % {
                "body": self.body.abbreviation,
                "number": self.number,
                "part": self.get_part_display().lower(),
            }
        return f"{label}, {self.city}, {date_format(self.starts_on)}"

    def title(self, language: str | None = None) -> str:
        """The session's title in ``language`` (the active one by default), made from its number,
        its part and the body's name as that language writes them, never typed by hand:
        "Continued resumed second session of the Implementation Review Group"."""
        language = language or get_language() or settings.LANGUAGE_CODE
        suffix = language.replace("-", "_")
        name = getattr(self.body, f"name_{suffix}", "") or ""
        if not name:  # the body's name is missing in this language: the session phrase alone
            return titles.session_title(self.number, self.part, language)
        return titles.session_of_body(
            self.number,
            self.part,
            language,
            name,
            body_name_genitive=(self.body.name_genitive_ru or None) if language == "ru" else None,
        )

    @property
    def place(self) -> str:
        """City (and country), in the active language."""
        city = translated(self, "city").text
        if not self.country_id:
            return city
        return gettext("%(city)s, %(country)s") % {"city": city, "country": translated(self.country, "name").text}


class AgendaItem(models.Model):
    """An item of a session's agenda ("2"), or a sub-item ("2 (a)"), with the documents
    considered under it."""

    session = models.ForeignKey(Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="agenda")
    number = models.PositiveSmallIntegerField(_("item"))
    letter = models.CharField(_("sub-item"), max_length=2, blank=True, help_text=_("a, b, c… for a sub-item."))
    title = models.CharField(_("title"), max_length=500)
    documents = models.ManyToManyField(
        "documents.Document", verbose_name=_("documents considered"), related_name="agenda_items", blank=True
    )

    class Meta:
        ordering = ["session", "number", "letter"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(fields=["session", "number", "letter"], name="agenda_item_unique_label"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="agenda_item_number_positive"),
        ]

    def __str__(self):
        return f"{self.label}. {self.title}"

    @property
    def label(self) -> str:
        """ "2" or "2 (a)", as the agenda prints it."""
        return f"{self.number} ({self.letter})" if self.letter else str(self.number)
