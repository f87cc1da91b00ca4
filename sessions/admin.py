from django.contrib import admin
from modeltranslation.admin import TranslationTabularInline

from reviewmech.admin import SecretariatAdminMixin, SecretariatTranslationAdmin

from .models import AgendaItem, Session


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
