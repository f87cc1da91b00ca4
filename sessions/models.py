"""Sessions of the intergovernmental bodies (``reference.Body``) and their parts, their agendas
and the documents considered under each item (from the registry in ``documents``)."""

from django.conf import settings
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from reference.models import Body, State
from reviewmech.i18n import translated
from reviewmech.roles import Role

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


class NoteTemplate(models.Model):
    """The text of a kind of note verbale, per language, with the session's facts as
    placeholders (``{session}``, ``{weekday_date}``, ``{room}``…, see ``sessions.notes``).
    Paragraphs are separated by a blank line; a paragraph between ``**`` is printed in bold.
    Kept as data (``sessions/reference_data/note_templates.yaml``), corrected in the admin."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    subject = models.CharField(_("subject"), max_length=300)
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("note verbale template")
        verbose_name_plural = _("note verbale templates")

    def __str__(self):
        return self.name


class NoteVerbale(models.Model):
    """A note verbale the secretariat sends to Governments, under a reference allocated in
    sequence per year (``CU 2011/167``), its text made from a template and the session's facts,
    rendered to PDF in six languages by the documents pipeline."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent")

    class Addressees(models.TextChoices):
        PARTIES = "parties", _("All States parties to an instrument")
        GROUP = "group", _("The States parties of a regional group")
        STATES = "states", _("A list of States")

    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    dated_on = models.DateField(_("date"))
    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        on_delete=models.PROTECT,
        related_name="notes_verbales",
        null=True,
        blank=True,
    )
    template = models.ForeignKey(NoteTemplate, verbose_name=_("template"), on_delete=models.PROTECT, related_name="+")
    addressees = models.CharField(_("addressees"), max_length=8, choices=Addressees.choices, default=Addressees.PARTIES)
    instrument = models.ForeignKey(
        "reference.Instrument",
        verbose_name=_("instrument"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    regional_group = models.ForeignKey(
        "reference.RegionalGroup",
        verbose_name=_("regional group"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    states = models.ManyToManyField(State, verbose_name=_("States"), related_name="+", blank=True)
    status = models.CharField(_("status"), max_length=5, choices=Status.choices, default=Status.DRAFT)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = _("note verbale")
        verbose_name_plural = _("notes verbales")
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="note_verbale_unique_reference"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="note_verbale_number_positive"),
        ]

    def __str__(self):
        return self.reference

    @property
    def reference(self) -> str:
        return f"CU {self.year}/{self.number}"


#: The roles a State names people to, in the order the forms offer them.
STATE_ROLES_ORDERED = (Role.FOCAL_POINT, Role.EXPERT, Role.OBSERVER)


class IncomingNote(models.Model):
    """A note verbale received from a State: a nomination, a reply, a request. Kept with its
    scan; for the secretariat only."""

    state = models.ForeignKey(State, verbose_name=_("State"), on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField(_("received on"))
    dated_on = models.DateField(_("date of the note"), null=True, blank=True)
    their_reference = models.CharField(_("their reference"), max_length=100, blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    file = models.FileField(_("scan"), max_length=255, upload_to="incoming/%Y/", blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("note verbale received")
        verbose_name_plural = _("notes verbales received")

    def __str__(self):
        return f"{self.state} — {self.their_reference or self.subject} ({self.received_on})"


class Nomination(models.Model):
    """A person a State names by note verbale: its focal point, a governmental expert, an
    observer. The reason a person has an account is found here."""

    note = models.ForeignKey(
        IncomingNote, verbose_name=_("note verbale"), on_delete=models.PROTECT, related_name="nominations"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="nominations"
    )
    role = models.CharField(_("role"), max_length=20, choices=[(r.value, r.label) for r in STATE_ROLES_ORDERED])
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["note", "pk"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        constraints = [models.UniqueConstraint(fields=["note", "person"], name="nomination_once_per_note")]

    def __str__(self):
        return f"{self.person} — {self.get_role_display()}"
