"""Sessions of the intergovernmental bodies (``reference.Body``); their documents and notes
verbales come next."""

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from reference.models import Body


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
    venue = models.CharField(_("venue"), max_length=200, blank=True)
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
