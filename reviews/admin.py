from django.contrib import admin
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from reviewmech.admin import SecretariatAdminMixin

from .models import (
    Checklist,
    ChecklistSubmission,
    CountryReview,
    LotDraw,
    Notification,
    Participant,
    QuestionMessage,
    ReviewerAssignment,
    ReviewQuestion,
    WorkflowStep,
)
from .services.workflow import participant_recorded, workflow_step_set_duration


@admin.register(WorkflowStep)
class WorkflowStepAdmin(SecretariatAdminMixin, SimpleHistoryAdmin, TranslationAdmin):
    """Durations are edited here; saving recomputes the indicative dates of reviews under way."""

    list_display = ("mechanism", "order", "name", "indicative_days", "actor_roles")
    list_filter = ("mechanism",)
    list_select_related = ("mechanism",)
    ordering = ("mechanism__order", "order")

    def save_model(self, request, obj, form, change):
        if change and "indicative_days" in form.changed_data:
            days = obj.indicative_days
            super().save_model(request, obj, form, change)
            updated = workflow_step_set_duration(step=obj, days=days, actor=request.user)
            self.message_user(
                request,
                ngettext(
                    "The indicative date of %(count)d review under way was recomputed.",
                    "The indicative dates of %(count)d reviews under way were recomputed.",
                    updated,
                )
                % {"count": updated},
            )
        else:
            super().save_model(request, obj, form, change)


class ReviewerAssignmentInline(SecretariatAdminMixin, admin.TabularInline):
    """Reviewing States come from the drawing of lots only: shown, never edited here."""

    model = ReviewerAssignment
    fk_name = "review"
    extra = 0
    fields = ("state", "basis", "active", "draw", "replaced_by")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ParticipantInline(SecretariatAdminMixin, admin.TabularInline):
    model = Participant
    extra = 0
    fields = ("user", "role", "reviewing_state", "active")
    autocomplete_fields = ("user",)


@admin.register(CountryReview)
class CountryReviewAdmin(SecretariatAdminMixin, admin.ModelAdmin):
    """Reviews are created by the drawing of lots and moved by the workflow: here the
    secretariat names people and records consent; dates and steps are read-only."""

    list_display = ("state", "instrument", "cycle", "year", "status", "current_step", "current_due")
    list_filter = ("cycle__mechanism", "cycle", "status", "year")
    list_select_related = ("state", "instrument", "cycle", "cycle__mechanism", "current_step")
    search_fields = ("state__code", "state__name_en")
    readonly_fields = ("cycle", "state", "instrument", "year", "status", "current_step", "current_due", "started_on")
    fields = (*readonly_fields, "working_languages", "focal_point_contacts_public")
    inlines = [ReviewerAssignmentInline, ParticipantInline]

    def has_add_permission(self, request, *args):
        return False

    def save_formset(self, request, form, formset, change):
        """People named or removed here are written into the review's history."""
        super().save_formset(request, form, formset, change)
        if formset.model is not Participant:
            return
        for participant in formset.new_objects:
            participant_recorded(participant=participant, actor=request.user, added=True)
        for participant, changed in formset.changed_objects:
            if "active" in changed:
                participant_recorded(participant=participant, actor=request.user, added=participant.active)


@admin.register(LotDraw)
class LotDrawAdmin(SecretariatAdminMixin, admin.ModelAdmin):
    list_display = ("drawn_at", "cycle", "kind", "year", "session", "seed", "requested_by_state", "drawn_by")
    list_filter = ("cycle", "kind")
    list_select_related = ("cycle", "cycle__mechanism", "session", "session__body", "requested_by_state", "drawn_by")
    readonly_fields = [f.name for f in LotDraw._meta.fields]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(SecretariatAdminMixin, admin.ModelAdmin):
    """The e-mails sent (or being sent): one row per person and event, never sent twice."""

    list_display = ("created_at", "sent_at", "kind", "user", "review", "subject")
    list_filter = ("kind",)
    list_select_related = ("user", "review", "review__state", "review__instrument", "review__cycle")
    search_fields = ("key", "subject", "user__username", "user__email")
    date_hierarchy = "created_at"

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ChecklistSubmissionInline(SecretariatAdminMixin, admin.TabularInline):
    model = ChecklistSubmission
    extra = 0
    fields = ("number", "submitted_at", "submitted_by", "consent_to_publish", "reopened_at", "reopen_reason")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Checklist)
class ChecklistAdmin(SecretariatAdminMixin, admin.ModelAdmin):
    """Checklists are filled in by the State on its own page; here the secretariat sees the
    status, consent and submitted versions."""

    list_display = ("review", "status", "consent_to_publish")
    list_filter = ("status", "review__cycle")
    list_select_related = ("review", "review__state", "review__instrument", "review__cycle", "review__cycle__mechanism")
    search_fields = ("review__state__code", "review__state__name_en")
    readonly_fields = ("review", "status", "consent_to_publish", "created_at")
    inlines = [ChecklistSubmissionInline]

    def has_add_permission(self, request, *args):
        return False


class QuestionMessageInline(SecretariatAdminMixin, admin.TabularInline):
    model = QuestionMessage
    extra = 0
    fields = ("created_at", "author", "text")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReviewQuestion)
class ReviewQuestionAdmin(SecretariatAdminMixin, admin.ModelAdmin):
    """Desk-review threads are written on the review's pages; here the secretariat follows them."""

    list_display = ("review", "article", "status", "asked_by", "created_at", "updated_at")
    list_filter = ("status", "review__cycle")
    list_select_related = ("review", "review__state", "review__instrument", "review__cycle", "article", "asked_by")
    search_fields = ("review__state__code", "review__state__name_en")
    readonly_fields = ("review", "article", "asked_by", "created_at", "updated_at")
    fields = (*readonly_fields, "status")
    inlines = [QuestionMessageInline]

    def has_add_permission(self, request, *args):
        return False
