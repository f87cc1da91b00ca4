from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from reviewmech.roles import is_secretariat

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """The secretariat creates the accounts of focal points, experts and observers; only a
    superuser grants superuser status, staff status or permissions."""

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

    def _allowed(self, request):
        return is_secretariat(request.user)

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request) and (request.user.is_superuser or obj is None or not obj.is_superuser)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ()
        return ("is_superuser", "is_staff", "groups", "user_permissions", "last_login", "date_joined")
