from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from reviewmech.admin import SecretariatReadOnlyAdminMixin
from reviewmech.roles import is_secretariat

from .models import AccessEvent, ApiToken, User
from .services import api_token_create, api_token_revoke
from .two_factor import reset as reset_two_factor


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
    actions = ("create_api_token", "reset_two_factor")

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

    def has_api_token_permission(self, request):
        return self._allowed(request)

    def has_two_factor_permission(self, request):
        return self._allowed(request)

    @admin.action(description=_("Reset two-factor sign-in (a lost phone)"), permissions=["two_factor"])
    def reset_two_factor(self, request, queryset):
        """Each selected person sets up two-factor sign-in again at their next sign-in; their
        sessions end. Recorded in the admin's history of each account."""
        for user in queryset:
            reset_two_factor(actor=request.user, user=user)
            self.log_change(request, user, gettext("Two-factor sign-in reset"))
        self.message_user(
            request,
            ngettext(
                "Two-factor sign-in reset for %(count)d person: they set it up again at their next sign-in.",
                "Two-factor sign-in reset for %(count)d people: they set it up again at their next sign-in.",
                queryset.count(),
            )
            % {"count": queryset.count()},
        )

    @admin.action(description=_("Create a read-only API token (90 days)"), permissions=["api_token"])
    def create_api_token(self, request, queryset):
        """A read-only token for each selected person, shown here once (never stored)."""
        for user in queryset:
            # The token's name is for its owner: in their language.
            with translation.override(user.preferred_language):
                name = gettext("Created by the secretariat")
            try:
                _token, secret = api_token_create(user=user, actor=request.user, name=name, days=90, scope="read")
            except ValidationError as exc:
                self.message_user(
                    request,
                    _("No token for %(user)s: %(reason)s") % {"user": user.username, "reason": " ".join(exc.messages)},
                    level=messages.ERROR,
                )
            else:
                self.message_user(
                    request,
                    _("API token for %(user)s: %(token)s — copy it now: it will not be shown again.")
                    % {"user": user.username, "token": secret},
                    level=messages.WARNING,
                )


@admin.register(ApiToken)
class ApiTokenAdmin(SecretariatReadOnlyAdminMixin, admin.ModelAdmin):
    """Personal API tokens, for the secretariat to see and revoke. Nothing is edited here and
    the digest is never shown; a token is created from its owner's profile, or for them with
    the action on the list of users."""

    list_display = ("user", "name", "prefix", "scope", "created_at", "expires_at", "last_used_at", "revoked_at")
    list_filter = ("scope",)
    list_select_related = ("user",)
    search_fields = ("user__username", "user__first_name", "user__last_name", "prefix")
    fields = (
        "user",
        "name",
        "prefix",
        "scope",
        "created_at",
        "created_by",
        "expires_at",
        "last_used_at",
        "revoked_at",
        "revoked_by",
    )
    readonly_fields = fields
    actions = ("revoke",)

    def _allowed(self, request):
        return is_secretariat(request.user)

    def has_revoke_permission(self, request):
        return self._allowed(request)

    @admin.action(description=_("Revoke the selected tokens"), permissions=["revoke"])
    def revoke(self, request, queryset):
        count = 0
        for token in queryset.select_related("user").filter(revoked_at__isnull=True):
            api_token_revoke(token=token, actor=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", count) % {"count": count},
            level=messages.SUCCESS,
        )


@admin.register(AccessEvent)
class AccessEventAdmin(SecretariatReadOnlyAdminMixin, admin.ModelAdmin):
    """The access log, for the secretariat: read only (nobody adds, changes or deletes an entry),
    filtered by event, date, person or address, and exported as CSV with the filters applied."""

    list_display = ("at", "kind", "actor_name", "subject", "what", "ip_address")
    list_filter = ("kind", ("at", admin.DateFieldListFilter))
    search_fields = ("actor_name", "subject__username", "what", "ip_address", "path")
    date_hierarchy = "at"
    list_select_related = ("subject",)
    readonly_fields = [field.name for field in AccessEvent._meta.fields]
    change_list_template = "admin/accounts/accessevent/change_list.html"

    def _allowed(self, request):
        return is_secretariat(request.user)

    def get_urls(self):
        from django.urls import path

        export = path("export.csv", self.admin_site.admin_view(self.export_csv), name="accounts_accessevent_export")
        return [export, *super().get_urls()]

    def export_csv(self, request):
        """The entries the list shows with its filters and search, every page of them, as CSV."""
        import csv

        from django.core.exceptions import PermissionDenied
        from django.http import StreamingHttpResponse

        if not self._allowed(request):
            raise PermissionDenied
        entries = self.get_changelist_instance(request).get_queryset(request)

        class Echo:
            def write(self, value):
                return value

        writer = csv.writer(Echo())
        header = ["when (UTC)", "event", "user name", "whose account", "what", "client address", "browser", "address"]

        def rows():
            yield writer.writerow(header)
            for entry in entries.iterator(chunk_size=2000):
                yield writer.writerow(
                    [
                        entry.at.isoformat(),
                        entry.kind,
                        entry.actor_name,
                        entry.subject.username if entry.subject else "",
                        entry.what,
                        entry.ip_address or "",
                        entry.user_agent,
                        entry.path,
                    ]
                )

        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="access-log.csv"'
        response["Cache-Control"] = "private, no-store"
        return response
