from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "role", "state", "is_active")
    list_filter = ("role", "is_active", "is_staff", "preferred_language")
    list_select_related = ("state",)
    search_fields = ("username", "email", "first_name", "last_name", "state__name")
    autocomplete_fields = ("state",)
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (
            _("Role in the review mechanisms"),
            {"fields": ("role", "state", "organization", "phone", "preferred_language")},
        ),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Role in the review mechanisms"), {"fields": ("email", "role", "state", "preferred_language")}),
    )
