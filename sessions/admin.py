from django.contrib import admin

from reviewmech.admin import SecretariatAdminMixin

from .models import Session


@admin.register(Session)
class SessionAdmin(SecretariatAdminMixin, admin.ModelAdmin):
    list_display = ("body", "number", "part", "city", "starts_on", "ends_on")
    list_filter = ("body", "part")
    list_select_related = ("body",)
    date_hierarchy = "starts_on"
