"""The secretariat corrects organizations, briefings, their presentations and questions here (a
translator adds the languages a text lacks). Registrations and civil-society input change only
through their services (places under a lock, status with history): read-only here."""

from django.contrib import admin
from modeltranslation.admin import TranslationTabularInline

from reviewmech.admin import SecretariatAdminMixin, SecretariatTranslationAdmin

from .models import Briefing, CivilSocietyInput, Organization, Presentation, QuestionRaised, Registration


@admin.register(Organization)
class OrganizationAdmin(SecretariatTranslationAdmin):
    list_display = ("name", "kind", "country", "ecosoc_status", "status")
    list_filter = ("kind", "status", "ecosoc_status")
    search_fields = ("name", "website")
    autocomplete_fields = ("country",)


class PresentationInline(SecretariatAdminMixin, TranslationTabularInline):
    model = Presentation
    extra = 0
    fields = ("order", "speaker", "topic")


class QuestionInline(SecretariatAdminMixin, TranslationTabularInline):
    model = QuestionRaised
    extra = 0
    fields = ("order", "topic", "text", "response")


@admin.register(Briefing)
class BriefingAdmin(SecretariatTranslationAdmin):
    list_display = ("number", "held_on", "session", "capacity", "summary_published")
    list_select_related = ("session__body",)
    raw_id_fields = ("session", "programme")
    autocomplete_fields = ("chair_state",)
    inlines = [PresentationInline, QuestionInline]


class ReadOnlyAdmin(SecretariatAdminMixin, admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ("briefing", "person", "organization", "status", "created_at")
    list_filter = ("status", "briefing")
    list_select_related = ("briefing", "person", "organization")


@admin.register(CivilSocietyInput)
class CivilSocietyInputAdmin(ReadOnlyAdmin):
    list_display = ("title", "review", "organization", "status", "received_on")
    list_filter = ("status", "channel")
    list_select_related = ("review__state", "review__instrument", "review__cycle", "organization")
