"""Country reviews, their workflow, the drawing of lots and the people on each review."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reference.models import Instrument, Mechanism, ReviewCycle, State
from reviewmech.roles import Role, is_secretariat


class WorkflowStep(models.Model):
    """One step of a mechanism's review workflow, in order, with its indicative duration.

    Steps are data: the secretariat edits durations; the order is the state machine.
    """

    mechanism = models.ForeignKey(
        Mechanism, verbose_name=_("mechanism"), on_delete=models.CASCADE, related_name="steps"
    )
    code = models.SlugField(_("code"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=200)
    indicative_days = models.PositiveSmallIntegerField(
        _("indicative duration (days)"),
        null=True,
        blank=True,
        help_text=_("Days after the previous step. Empty: no deadline (the first step, or follow-up)."),
    )
    actor_roles = models.JSONField(
        _("who may record it besides the secretariat"),
        default=list,
        blank=True,
        help_text=_('Roles, e.g. ["expert"]. The secretariat may always record a step.'),
    )
    takes_civil_society_input = models.BooleanField(
        _("takes civil-society input"),
        default=False,
        help_text=_("While the review is at this step, organizations may send written input on it."),
    )

    class Meta:
        ordering = ["mechanism__order", "order"]
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow steps")
        constraints = [
            models.UniqueConstraint(fields=["mechanism", "code"], name="step_unique_code"),
            models.UniqueConstraint(fields=["mechanism", "order"], name="step_unique_order"),
        ]

    def __str__(self):
        return self.name


class CountryReviewQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The reviews a person may see: all for the secretariat; their own State's for a
        focal point; those they take part in for experts and observers; none for anyone else."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if is_secretariat(user):
            return self
        condition = Q(pk__in=Participant.objects.filter(user=user, active=True).values("review_id"))
        if user.role == Role.FOCAL_POINT and user.state_id:
            condition |= Q(state_id=user.state_id)
        return self.filter(condition)

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(status=CountryReview.Status.ACTIVE, current_due__lt=today)


class CountryReview(models.Model):
    """The review of one State, for one instrument, in one cycle (UNCAC) or phase (UNTOC)."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        ACTIVE = "active", _("In progress")
        PAUSED = "paused", _("Paused")
        COMPLETED = "completed", _("Completed")

    cycle = models.ForeignKey(ReviewCycle, verbose_name=_("cycle"), on_delete=models.PROTECT, related_name="reviews")
    state = models.ForeignKey(
        State, verbose_name=_("State under review"), on_delete=models.PROTECT, related_name="reviews"
    )
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.PROTECT, related_name="reviews"
    )
    year = models.PositiveSmallIntegerField(_("year of review"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    current_step = models.ForeignKey(
        WorkflowStep,
        verbose_name=_("current step"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("The next step to be completed; empty once the review is completed."),
    )
    current_due = models.DateField(
        _("indicative date of the current step"),
        null=True,
        blank=True,
        help_text=_("Computed from the workflow; never edited by hand."),
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    working_languages = models.JSONField(_("working languages"), default=list, blank=True)
    focal_point_contacts_public = models.BooleanField(
        _("the State agrees to publish its focal point's contact details"), default=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CountryReviewQuerySet.as_manager()

    class Meta:
        ordering = ["year", "state__code"]
        verbose_name = _("country review")
        verbose_name_plural = _("country reviews")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "state", "instrument"], name="review_unique_per_cycle"),
        ]
        indexes = [models.Index(fields=["status", "current_due"], name="review_status_due")]

    def __str__(self):
        return f"{self.state} — {self.instrument} ({self.cycle.title})"

    @property
    def mechanism_id(self):
        return self.cycle.mechanism_id

    @property
    def primary_language(self) -> str:
        """The first working language of the review that is one of the six; else English."""
        codes = {code for code, _name in settings.LANGUAGES}
        return next((code for code in self.working_languages or [] if code in codes), "en")


class StepCompletion(models.Model):
    """The actual date a step was completed, and who recorded it."""

    review = models.ForeignKey(
        CountryReview, verbose_name=_("review"), on_delete=models.CASCADE, related_name="completions"
    )
    step = models.ForeignKey(WorkflowStep, verbose_name=_("step"), on_delete=models.PROTECT, related_name="+")
    completed_on = models.DateField(_("completed on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["step__order"]
        verbose_name = _("completed step")
        verbose_name_plural = _("completed steps")
        constraints = [models.UniqueConstraint(fields=["review", "step"], name="completion_once_per_step")]

    def __str__(self):
        return f"{self.step} ({self.completed_on})"


class ReviewPause(models.Model):
    """A review paused, e.g. at the request of the State; deadlines move by its length."""

    review = models.ForeignKey(CountryReview, verbose_name=_("review"), on_delete=models.CASCADE, related_name="pauses")
    step = models.ForeignKey(WorkflowStep, verbose_name=_("step"), on_delete=models.PROTECT, related_name="+")
    paused_on = models.DateField(_("paused on"))
    resumed_on = models.DateField(_("resumed on"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    paused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("paused by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    resumed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resumed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["paused_on", "pk"]
        verbose_name = _("pause")
        verbose_name_plural = _("pauses")
        constraints = [
            models.UniqueConstraint(
                fields=["review"], condition=Q(resumed_on__isnull=True), name="pause_one_open_per_review"
            ),
            models.CheckConstraint(
                condition=Q(resumed_on__isnull=True) | Q(resumed_on__gte=models.F("paused_on")),
                name="pause_resumed_after_paused",
            ),
        ]

    def __str__(self):
        return f"{self.paused_on}–{self.resumed_on or ''}"

    @property
    def days(self):
        end = self.resumed_on or timezone.localdate()
        return (end - self.paused_on).days


class ReviewEvent(models.Model):
    """The history of a review: every transition, draw and change, with who and when."""

    class Kind(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled by the drawing of lots")
        REVIEWERS_DRAWN = "reviewers_drawn", _("Reviewing States drawn")
        REDRAWN = "redrawn", _("Reviewing State redrawn")
        STEP_COMPLETED = "step_completed", _("Step completed")
        PAUSED = "paused", _("Paused")
        RESUMED = "resumed", _("Resumed")
        PARTICIPANT_ADDED = "participant_added", _("Person added")
        PARTICIPANT_REMOVED = "participant_removed", _("Person removed")
        CONSENT_CHANGED = "consent_changed", _("Consent changed")
        CHECKLIST_SUBMITTED = "checklist_submitted", _("Self-assessment checklist submitted")
        CHECKLIST_REOPENED = "checklist_reopened", _("Self-assessment checklist reopened")
        QUESTION_ASKED = "question_asked", _("Question asked")
        QUESTION_ANSWERED = "question_answered", _("Question answered")
        MEETING_PLANNED = "meeting_planned", _("Dialogue meeting planned")
        MEETING_CHANGED = "meeting_changed", _("Dialogue meeting changed")
        MEETING_CANCELLED = "meeting_cancelled", _("Dialogue meeting cancelled")

    #: The events of a dialogue meeting: their ``data`` hold the meeting as it was then
    #: (``DialogueMeeting.snapshot``), which their e-mails send and the history shows.
    MEETING_KINDS = frozenset({Kind.MEETING_PLANNED, Kind.MEETING_CHANGED, Kind.MEETING_CANCELLED})

    review = models.ForeignKey(CountryReview, verbose_name=_("review"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    step = models.ForeignKey(
        WorkflowStep, verbose_name=_("step"), on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    # The event is its own outbox for the e-mails it owes (services.notifications): set with
    # the event, in its transaction; cleared once everyone was told.
    notification_due = models.BooleanField(_("e-mails owed"), default=False)
    notified_at = models.DateTimeField(_("people told at"), null=True, blank=True)
    notification_resends = models.PositiveSmallIntegerField(_("e-mails sent again"), default=0)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("review event")
        verbose_name_plural = _("review events")
        indexes = [
            # The operations page and the dashboard read the few events whose e-mails are
            # owed or were given up, among a history that only grows.
            models.Index(fields=["at"], condition=models.Q(notification_due=True), name="event_mails_owed"),
            models.Index(
                fields=["at"],
                condition=models.Q(notification_due=False, notified_at__isnull=True, notification_resends__gt=0),
                name="event_mails_given_up",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.at:%Y-%m-%d})"


class LotDraw(models.Model):
    """One drawing of lots, kept for audit: what was drawn, with which seed, by whom, at
    which session; re-running the draw with the same seed and inputs gives the same result."""

    class Kind(models.TextChoices):
        YEARS = "years", _("States under review per year")
        REVIEWERS = "reviewers", _("Reviewing States")
        REDRAW = "redraw", _("Redraw at the request of the State under review")

    cycle = models.ForeignKey(ReviewCycle, verbose_name=_("cycle"), on_delete=models.PROTECT, related_name="draws")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    session = models.ForeignKey(
        "irg_sessions.Session",
        verbose_name=_("session"),
        on_delete=models.PROTECT,
        related_name="draws",
        null=True,
        blank=True,
    )
    seed = models.CharField(_("random seed"), max_length=64)
    attempt = models.PositiveSmallIntegerField(
        _("attempt"), default=1, help_text=_("For a redraw: which request of the State under review it answers.")
    )
    review = models.ForeignKey(
        CountryReview,
        verbose_name=_("review"),
        on_delete=models.CASCADE,
        related_name="redraws",
        null=True,
        blank=True,
    )
    requested_by_state = models.ForeignKey(
        State, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("drawn by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    drawn_at = models.DateTimeField(_("drawn at"), default=timezone.now)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    result = models.JSONField(_("result"), default=list, blank=True)

    class Meta:
        ordering = ["-drawn_at", "-pk"]
        verbose_name = _("drawing of lots")
        verbose_name_plural = _("drawings of lots")

    def __str__(self):
        return f"{self.get_kind_display()} {self.year or ''} ({self.drawn_at:%Y-%m-%d}, {self.seed})"


class ReviewerAssignment(models.Model):
    """A reviewing State on a review."""

    class Basis(models.TextChoices):
        SAME_GROUP = "same_group", _("From the same regional group")
        OTHER_GROUP = "other_group", _("From another regional group")
        ANY_GROUP = "any_group", _("From any regional group")
        EXTRA = "extra", _("Extra reviewer for this instrument")

    review = models.ForeignKey(
        CountryReview, verbose_name=_("review"), on_delete=models.CASCADE, related_name="reviewer_assignments"
    )
    state = models.ForeignKey(
        State, verbose_name=_("reviewing State"), on_delete=models.PROTECT, related_name="reviewer_assignments"
    )
    basis = models.CharField(_("basis"), max_length=12, choices=Basis.choices)
    draw = models.ForeignKey(LotDraw, verbose_name=_("drawing of lots"), on_delete=models.PROTECT, related_name="+")
    active = models.BooleanField(_("active"), default=True)
    replaced_by = models.ForeignKey(
        "self", verbose_name=_("replaced by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["review", "basis", "pk"]
        verbose_name = _("reviewing State")
        verbose_name_plural = _("reviewing States")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "state"], condition=Q(active=True), name="reviewer_once_per_review"
            ),
        ]

    def __str__(self):
        return str(self.state)


class Participant(models.Model):
    """A person on a review: focal point, governmental expert, secretariat officer, observer."""

    review = models.ForeignKey(
        CountryReview, verbose_name=_("review"), on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="participations"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    reviewing_state = models.ForeignKey(
        State,
        verbose_name=_("for the reviewing State"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    active = models.BooleanField(_("active"), default=True)
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        ordering = ["role", "user__last_name"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "user", "role"], condition=Q(active=True), name="participant_once_per_role"
            ),
        ]

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.username} ({self.get_role_display()})"

    def clean(self):
        """A person takes part in the role of their account: a focal point for their own
        State's review; an expert for a State drawn as reviewing State of this review."""
        super().clean()
        if not self.user_id or not self.review_id:
            return
        user, review = self.user, self.review
        if self.role == Role.SECRETARIAT:
            if not is_secretariat(user):
                raise ValidationError({"user": _("Only secretariat staff can take part as secretariat.")})
            return
        if user.role != self.role:
            raise ValidationError({"role": _("This person's account is not of that role.")})
        if self.role == Role.FOCAL_POINT and user.state_id != review.state_id:
            raise ValidationError({"user": _("A focal point takes part only in the reviews of their own State.")})
        if self.role == Role.EXPERT:
            reviewing = set(review.reviewer_assignments.filter(active=True).values_list("state_id", flat=True))
            if self.reviewing_state_id is None or self.reviewing_state_id not in reviewing:
                raise ValidationError(
                    {"reviewing_state": _("Choose one of the reviewing States drawn for this review.")}
                )
            if user.state_id != self.reviewing_state_id:
                raise ValidationError({"user": _("The expert must belong to the reviewing State chosen.")})
