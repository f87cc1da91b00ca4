from django.contrib import admin
from modeltranslation.admin import TranslationTabularInline

from reviewmech.admin import SecretariatAdminMixin, SecretariatTranslationAdmin

from .models import AgendaItem, NoteTemplate, NoteVerbale, Session


class AgendaItemInline(SecretariatAdminMixin, TranslationTabularInline):
    model = AgendaItem
    extra = 0
    fields = ("number", "letter", "title")
    filter_horizontal = ("documents",)


@admin.register(Session)
class SessionAdmin(SecretariatTranslationAdmin):
    list_display = ("body", "number", "part", "city", "starts_on", "ends_on")
    list_filter = ("body", "part")
    list_select_related = ("body",)
    date_hierarchy = "starts_on"
    autocomplete_fields = ("country",)
    raw_id_fields = ("parallel_with", "provisional_agenda")
    inlines = [AgendaItemInline]


@admin.register(NoteTemplate)
class NoteTemplateAdmin(SecretariatTranslationAdmin):
    """The texts of notes verbales: a translator adds the languages a text lacks here."""

    list_display = ("code", "name")


@admin.register(NoteVerbale)
class NoteVerbaleAdmin(SecretariatAdminMixin, admin.ModelAdmin):
    """Notes verbales are created and sent through their service (references in sequence)."""

    list_display = ("__str__", "dated_on", "session", "addressees", "status")
    list_filter = ("status", "year", "addressees")
    list_select_related = ("session__body",)
    readonly_fields = [f.name for f in NoteVerbale._meta.fields]

    def has_add_permission(self, request, *args):
        return False
