"""The registry in the admin: read for the secretariat (registering, numbering and issuing go
through the registry's pages, which apply the rules); titles may be corrected here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from reviewmech.admin import SecretariatTranslationAdmin

from .models import Document


@admin.register(Document)
class DocumentAdmin(SecretariatTranslationAdmin, SimpleHistoryAdmin):
    list_display = ("symbol", "title", "issued_on", "distribution", "status", "relation")
    list_filter = ("status", "distribution", "relation", "series", "year")
    search_fields = ("symbol", "title_en", "title_fr", "title_es", "title_ru", "title_ar", "title_zh_hans")
    readonly_fields = ("symbol", "parent", "status", "issued_on", "distribution", "original_language", "body")
    list_select_related = ("body",)

    def has_add_permission(self, request, *args):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
