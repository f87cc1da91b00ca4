from django.contrib import admin

from reviewmech.admin import SecretariatAdminMixin, SecretariatTranslationAdmin

from .models import Body, Session


@admin.register(Body)
class BodyAdmin(SecretariatTranslationAdmin):
    list_display = ("abbreviation", "name", "symbol_prefix", "parent")


@admin.register(Session)
class SessionAdmin(SecretariatAdminMixin, admin.ModelAdmin):
    list_display = ("body", "number", "part", "city", "starts_on", "ends_on")
    list_filter = ("body", "part")
    list_select_related = ("body",)
    date_hierarchy = "starts_on"
