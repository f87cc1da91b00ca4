"""Reference facts every app stands on: regional groups, States and their party status per
instrument, instruments with their chapters, clusters and articles, review mechanisms and
their cycles, intergovernmental bodies and technical assistance categories.

Loaded from the reviewed files in ``reference/reference_data/`` by ``manage.py
load_reference_data`` and kept by the secretariat in the admin afterwards. Text fields listed
in ``reference/translation.py`` exist once per UN language (``name_en``, ``name_ar``...).

These models were created in the ``reviews`` and ``irg_sessions`` apps and moved here with
their rows (migration ``reference.0001_initial``); their tables were renamed in that move.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionalGroup(models.Model):
    """One of the five United Nations regional groups."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    abbreviation = models.CharField(_("abbreviation"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("regional group")
        verbose_name_plural = _("regional groups")

    def __str__(self):
        return self.name


class State(models.Model):
    """A State (or a regional economic integration organization) that may be party to an
    instrument. Codes are ISO 3166-1 alpha-3; the European Union is ``EUU``."""

    class Kind(models.TextChoices):
        MEMBER = "member", _("United Nations Member State")
        NON_MEMBER = "non_member", _("Non-member State")
        REIO = "reio", _("Regional economic integration organization")

    code = models.CharField(_("code"), max_length=3, unique=True, help_text=_("ISO 3166-1 alpha-3 code."))
    iso2 = models.CharField(_("two-letter code"), max_length=2, blank=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.MEMBER)
    regional_group = models.ForeignKey(
        RegionalGroup,
        verbose_name=_("United Nations regional group"),
        on_delete=models.PROTECT,
        related_name="states",
        null=True,
        blank=True,
        help_text=_("Empty for parties outside the United Nations regional groups."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("State")
        verbose_name_plural = _("States")

    def __str__(self):
        return self.name


class Obligation(models.TextChoices):
    MANDATORY = "mandatory", _("Mandatory")
    MUST_CONSIDER = "must_consider", _("Must consider")
    OPTIONAL = "optional", _("Optional")
    GENERAL = "general", _("General or final provision")


class Instrument(models.Model):
    """A convention or one of its protocols."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("supplemented convention"),
        on_delete=models.PROTECT,
        related_name="protocols",
        null=True,
        blank=True,
    )
    title = models.CharField(_("title"), max_length=300)
    short_title = models.CharField(_("short title"), max_length=120)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    entry_into_force = models.DateField(_("entry into force"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")

    def __str__(self):
        return self.short_title


class Chapter(models.Model):
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.CASCADE, related_name="chapters"
    )
    number = models.CharField(_("number"), max_length=8, help_text=_("Roman numeral, as in the text."))
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        ordering = ["instrument__order", "order"]
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "number"], name="chapter_unique_number"),
        ]

    def __str__(self):
        return f"{self.instrument} {self.number}. {self.title}"


class Article(models.Model):
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.CASCADE, related_name="articles"
    )
    chapter = models.ForeignKey(
        Chapter,
        verbose_name=_("chapter"),
        on_delete=models.PROTECT,
        related_name="articles",
        null=True,
        blank=True,
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    obligation = models.CharField(
        _("level of obligation"), max_length=16, choices=Obligation.choices, default=Obligation.MANDATORY
    )
    guidance = models.TextField(
        _("guidance for the self-assessment"),
        blank=True,
        help_text=_("Shown with the article in the checklist: what the answer should cover."),
    )

    class Meta:
        ordering = ["instrument__order", "number"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "number"], name="article_unique_number"),
        ]

    def __str__(self):
        return f"{self.instrument} art. {self.number}. {self.title}"


class Party(models.Model):
    """A State's being party to an instrument: since when, and by which act."""

    class Act(models.TextChoices):
        """What the State deposited with the Secretary-General (the depositary's markers: none,
        A, AA, a, d; formal confirmation is that of an international organization)."""

        RATIFICATION = "ratification", _("Ratification")
        ACCEPTANCE = "acceptance", _("Acceptance")
        APPROVAL = "approval", _("Approval")
        ACCESSION = "accession", _("Accession")
        SUCCESSION = "succession", _("Succession")
        FORMAL_CONFIRMATION = "formal_confirmation", _("Formal confirmation")

    state = models.ForeignKey(State, verbose_name=_("State"), on_delete=models.CASCADE, related_name="parties")
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.CASCADE, related_name="parties"
    )
    since = models.DateField(
        _("party since"), null=True, blank=True, help_text=_("The date the instrument was deposited.")
    )
    act = models.CharField(
        _("act"),
        max_length=20,
        choices=Act.choices,
        blank=True,
        help_text=_("The kind of instrument deposited; empty until checked against the depositary."),
    )

    class Meta:
        ordering = ["instrument__order", "state__code"]
        verbose_name = _("State party")
        verbose_name_plural = _("States parties")
        constraints = [
            models.UniqueConstraint(fields=["state", "instrument"], name="party_unique_state_instrument"),
        ]

    def __str__(self):
        return f"{self.state} — {self.instrument}"


class Body(models.Model):
    """An intergovernmental body: the IRG, the COSP, the COP and its working groups."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=300)
    name_genitive_ru = models.CharField(
        _("name in the Russian genitive"),
        max_length=300,
        blank=True,
        help_text=_("As in the title of a session: «Группы по обзору хода осуществления»."),
    )
    abbreviation = models.CharField(_("abbreviation"), max_length=40)
    symbol_prefix = models.CharField(
        _("document symbol prefix"), max_length=40, blank=True, help_text=_("For example CAC/COSP/IRG.")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reports to"),
        on_delete=models.PROTECT,
        related_name="subsidiaries",
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("intergovernmental body")
        verbose_name_plural = _("intergovernmental bodies")

    def __str__(self):
        return self.abbreviation


class Mechanism(models.Model):
    """A review mechanism: the UNCAC IRM, or the UNTOC review mechanism."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=120)
    instruments = models.ManyToManyField(Instrument, verbose_name=_("instruments"), related_name="mechanisms")
    established_by = models.CharField(_("established by"), max_length=200, blank=True)
    overseen_by = models.ForeignKey(
        Body,
        verbose_name=_("overseen by"),
        on_delete=models.PROTECT,
        related_name="mechanisms_overseen",
        null=True,
        blank=True,
    )
    reports_to = models.ForeignKey(
        Body,
        verbose_name=_("reports to"),
        on_delete=models.PROTECT,
        related_name="mechanisms_reporting",
        null=True,
        blank=True,
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("review mechanism")
        verbose_name_plural = _("review mechanisms")

    def __str__(self):
        return self.short_name


class MechanismMembership(models.Model):
    """The regional group a State party belongs to for the purposes of one mechanism.

    Kept as data the secretariat sets, because parties outside the United Nations regional
    groups (the Holy See, the State of Palestine, the European Union...) need an explicit
    assignment for the drawing of lots.
    """

    mechanism = models.ForeignKey(
        Mechanism, verbose_name=_("mechanism"), on_delete=models.CASCADE, related_name="memberships"
    )
    state = models.ForeignKey(State, verbose_name=_("State"), on_delete=models.CASCADE, related_name="memberships")
    regional_group = models.ForeignKey(
        RegionalGroup, verbose_name=_("regional group"), on_delete=models.PROTECT, related_name="memberships"
    )

    class Meta:
        ordering = ["mechanism__order", "regional_group__order", "state__code"]
        verbose_name = _("regional group membership")
        verbose_name_plural = _("regional group memberships")
        constraints = [
            models.UniqueConstraint(fields=["mechanism", "state"], name="membership_one_group_per_mechanism"),
        ]

    def __str__(self):
        return f"{self.state} — {self.regional_group} ({self.mechanism})"


class Cluster(models.Model):
    """A thematic cluster of articles (UNTOC review mechanism)."""

    mechanism = models.ForeignKey(
        Mechanism, verbose_name=_("mechanism"), on_delete=models.CASCADE, related_name="clusters"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    articles = models.ManyToManyField(Article, verbose_name=_("articles"), related_name="clusters", blank=True)

    class Meta:
        ordering = ["mechanism__order", "number"]
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        constraints = [
            models.UniqueConstraint(fields=["mechanism", "number"], name="cluster_unique_number"),
        ]

    def __str__(self):
        return self.title


class ReviewCycle(models.Model):
    """A cycle (UNCAC) or phase (UNTOC) of a mechanism, with what it reviews."""

    class Kind(models.TextChoices):
        CYCLE = "cycle", _("Review cycle")
        PHASE = "phase", _("Review phase")

    mechanism = models.ForeignKey(
        Mechanism, verbose_name=_("mechanism"), on_delete=models.CASCADE, related_name="cycles"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.CYCLE)
    title = models.CharField(_("title"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    resolution = models.CharField(_("launched by resolution"), max_length=40, blank=True)
    review_years = models.PositiveSmallIntegerField(
        _("years for the drawing of lots"),
        default=4,
        help_text=_("States parties are spread over this many years; late joiners go to the year after."),
    )
    reviewer_cap = models.PositiveSmallIntegerField(
        _("maximum reviews per reviewing State"),
        default=3,
        help_text=_("How many reviews one State may carry out as a reviewing State in this cycle."),
    )
    redraw_limit = models.PositiveSmallIntegerField(
        _("redraws a State under review may request"),
        default=2,
    )
    chapters = models.ManyToManyField(
        Chapter, verbose_name=_("chapters under review"), related_name="cycles", blank=True
    )
    clusters = models.ManyToManyField(
        Cluster, verbose_name=_("clusters under review"), related_name="cycles", blank=True
    )

    class Meta:
        ordering = ["mechanism__order", "number"]
        verbose_name = _("review cycle")
        verbose_name_plural = _("review cycles")
        constraints = [
            models.UniqueConstraint(fields=["mechanism", "number"], name="cycle_unique_number"),
            models.CheckConstraint(
                condition=models.Q(end_year__isnull=True) | models.Q(end_year__gte=models.F("start_year")),
                name="cycle_end_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.mechanism} — {self.title}"


class TechnicalAssistanceCategory(models.Model):
    """The secretariat's list of kinds of technical assistance a State may need."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("technical assistance category")
        verbose_name_plural = _("technical assistance categories")

    def __str__(self):
        return self.name
