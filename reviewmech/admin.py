"""Admin wiring shared by every app: secretariat staff run the reference data."""

from modeltranslation.admin import TranslationAdmin

from .roles import is_secretariat


class SecretariatAdminMixin:
    """Secretariat staff (and superusers) may view and edit; nobody else sees the model."""

    def has_module_permission(self, request):
        return is_secretariat(request.user)

    def has_view_permission(self, request, obj=None):
        return is_secretariat(request.user)

    def has_add_permission(self, request, *args):
        return is_secretariat(request.user)

    def has_change_permission(self, request, obj=None):
        return is_secretariat(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_secretariat(request.user)


class SecretariatReadOnlyAdminMixin:
    """Secretariat staff (and superusers) may view; nobody adds, changes or deletes (records
    made by the system: tokens, the access log)."""

    def has_module_permission(self, request):
        return is_secretariat(request.user)

    def has_view_permission(self, request, obj=None):
        return is_secretariat(request.user)

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SecretariatTranslationAdmin(SecretariatAdminMixin, TranslationAdmin):
    """A model with translated fields: one input per UN language."""
