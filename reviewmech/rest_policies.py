"""The REST API's default permission, throttles, pagination and filter backend (a module of their own: DRF imports them
while it loads its views, before ``reviewmech.rest`` could be)."""

import django_filters
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, pagination, permissions, throttling


class ReadOrStaffWrite(permissions.BasePermission):
    """Anyone reads (each queryset shows only what its caller may see); writing needs a signed-in
    person, and a token that writes (``request.auth.allows_write``). Whether this person may make
    this change is the service's decision, as on the pages."""

    message = gettext_lazy("This token may only read. Create a token that reads and writes.")

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        return getattr(request.auth, "allows_write", True)


# --- Throttles -------------------------------------------------------------------------------------


class AnonThrottle(throttling.AnonRateThrottle):
    scope = "anon"


class TokenThrottle(throttling.UserRateThrottle):
    scope = "user"


# --- Pagination -------------------------------------------------------------------------------------

MAX_PAGE_SIZE = 500


class CursorPagination(pagination.CursorPagination):
    """Cursor pagination (stable while data is added), ``page_size`` from 1 to 500 (50 by
    default); any other value is a 400, not silently changed. The order is the view's
    ``ordering`` (a neutral one: a code, a symbol, a date — never a merit), else the id."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    ordering = "pk"

    def get_ordering(self, request, queryset, view):
        ordering = getattr(view, "ordering", None) or self.ordering
        return (ordering,) if isinstance(ordering, str) else tuple(ordering)

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise exceptions.ValidationError(
                {"page_size": [_("A whole number from 1 to %(max)d.") % {"max": self.max_page_size}]}
            )
        return size

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update({"minimum": 1, "maximum": self.max_page_size, "default": self.page_size})
        return parameters

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except exceptions.NotFound as exc:
            raise exceptions.ValidationError(
                {"cursor": [_("This cursor is not valid: follow the links given.")]}
            ) from exc


# --- Filters --------------------------------------------------------------------------------------


class FilterBackend(DjangoFilterBackend):
    """django-filter, except that a filter given empty (``?status=``, ``?updated_since=``) is a
    400 rather than no filter, unless the filter takes free text: a client that meant a value
    learns it sent none."""

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            empty = [
                name
                for name, field in filterset.filters.items()
                if request.query_params.get(name) == "" and not isinstance(field, django_filters.CharFilter)
            ]
            if empty:
                raise exceptions.ValidationError(
                    {name: [_("Give a value, or leave this filter out.")] for name in empty}
                )
        return filterset
