"""What every app's REST API (``<app>/api/``) shares: errors as RFC 9457 problem details, the
language of translated fields (``?lang=`` or ``Accept-Language``, the fallback named), cursor
pagination with a checked page size, conditional GET against the freshness counter, throttles.

The API reads through the apps' selectors and writes through their services, as the pages do:
the two cannot disagree. This module knows no app.
"""

from __future__ import annotations

import django_filters
from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import translation
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.views import exception_handler

from . import freshness
from .i18n import translated
from .rest_policies import CursorPagination

PROBLEM_TYPE = "application/problem+json"
LANGUAGES = [code for code, _name in settings.LANGUAGES]


# --- Errors -------------------------------------------------------------------------------------

_TITLES = {
    400: gettext_lazy("Bad request"),
    401: gettext_lazy("Not authenticated"),
    403: gettext_lazy("Forbidden"),
    404: gettext_lazy("Not found"),
    405: gettext_lazy("Method not allowed"),
    406: gettext_lazy("Not acceptable"),
    409: gettext_lazy("Conflict"),
    415: gettext_lazy("Unsupported media type"),
    422: gettext_lazy("Unprocessable content"),
    429: gettext_lazy("Too many requests"),
}


def problem(status_code: int, detail: str, *, errors=None, headers=None, instance: str = "") -> Response:
    """An RFC 9457 problem: ``type`` (about:blank: the status says it all), ``title``,
    ``status``, ``detail``, the request's path as ``instance``, and field ``errors`` if any."""
    body = {
        "type": "about:blank",
        "title": str(_TITLES.get(status_code, gettext_lazy("Error"))),
        "status": status_code,
        "detail": str(detail),
    }
    if instance:
        body["instance"] = instance
    if errors:
        body["errors"] = errors
    response = Response(body, status=status_code, headers=headers, content_type=PROBLEM_TYPE)
    return response


def _flatten(detail):
    """DRF's error detail as plain strings: ``{"field": ["message"]}`` or ``["message"]``."""
    if isinstance(detail, dict):
        return {str(key): _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_flatten(item) for item in detail]
    return str(detail)


def problem_details_handler(exc, context):
    """DRF's exception handler, its answers reshaped as problem details; Django's own
    ValidationError (raised by the services), PermissionDenied and Http404 included."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = exception_handler(exc, context)
    if response is None:
        return None
    request = context.get("request")
    instance = request.path if request is not None else ""
    data = response.data
    errors = None
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(data if isinstance(data, dict) else {"non_field_errors": data})
        detail = _("The request is not valid: see the errors.")
    elif isinstance(data, dict) and "detail" in data:
        detail = data["detail"]
    else:
        detail = str(exc)
    headers = {key: value for key, value in response.items() if key in ("Retry-After", "WWW-Authenticate", "Allow")}
    return problem(response.status_code, detail, errors=errors, headers=headers, instance=instance)


def api_not_found(request, *args, **kwargs):
    """Any address under ``/api/`` that is none of the API's: a 404 problem, not an HTML page."""
    from django.http import JsonResponse

    body = {
        "type": "about:blank",
        "title": str(_TITLES[404]),
        "status": 404,
        "detail": _("There is no such address in the API. The list of endpoints is at /api/docs/."),
        "instance": request.path,
    }
    return JsonResponse(body, status=404, content_type=PROBLEM_TYPE, json_dumps_params={"ensure_ascii": False})


# --- Language -------------------------------------------------------------------------------------

LANG_PARAMETER = OpenApiParameter(
    "lang",
    OpenApiTypes.STR,
    enum=LANGUAGES,
    description=gettext_lazy(
        "The language of translated fields (else the Accept-Language header, else English). A text "
        "missing in it comes in English or another language, named in the object's `fallbacks`."
    ),
)


@extend_schema_field(OpenApiTypes.STR)
class TranslatedField(serializers.Field):
    """A translated model field's text in the request's language, or its fallback (which the
    serializer names in ``fallbacks``)."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        kwargs.setdefault("source", "*")
        super().__init__(**kwargs)

    def to_representation(self, obj):
        return translated(obj, self.field_name).text


class TranslatedSerializer(serializers.Serializer):
    """Adds ``fallbacks``: for each translated field not in the requested language, the
    language of the text given (``{"title": "en"}``); empty when all are."""

    fallbacks = serializers.SerializerMethodField(
        help_text=gettext_lazy("Translated fields given in another language than requested: field → language.")
    )

    def get_fallbacks(self, obj) -> dict[str, str]:
        found = {}
        for name, field in self.fields.items():
            if isinstance(field, TranslatedField):
                text = translated(obj, name)
                if text.is_fallback:
                    found[name] = text.language
        return found


class TranslatedModelSerializer(TranslatedSerializer, serializers.ModelSerializer):
    pass


# --- Filters ---------------------------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.STR)
class CodeFilter(django_filters.ModelChoiceFilter):
    """A reference object by its code (``?regional_group=african``); an unknown code is a 400."""

    def __init__(self, *args, upper: bool = False, **kwargs):
        kwargs.setdefault("to_field_name", "code")
        super().__init__(*args, **kwargs)
        if upper:  # ISO codes: ``ken`` is ``KEN``
            self.field_class = _UpperCodeField


class _UpperCodeField(django_filters.fields.ModelChoiceField):
    def to_python(self, value):
        return super().to_python(value.upper() if isinstance(value, str) else value)


# --- Views -------------------------------------------------------------------------------------


class ReadViewSet(viewsets.ReadOnlyModelViewSet):
    """Read endpoints: the request's language, conditional GET, problem details.

    ``list`` and ``retrieve`` answer ``304 Not Modified`` to a matching ``If-None-Match`` (or
    ``If-Modified-Since``) before reading anything but the freshness counter: nothing is
    serialized. The ETag covers the address, the language and the caller.
    """

    pagination_class = CursorPagination

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        language = request.query_params.get("lang")
        if language is not None:
            if language not in LANGUAGES:
                raise exceptions.ValidationError({"lang": [_("One of: %(codes)s.") % {"codes": ", ".join(LANGUAGES)}]})
            translation.activate(language)
            request.LANGUAGE_CODE = language

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Language"] = translation.get_language() or settings.LANGUAGE_CODE
        return response

    def _conditional(self, request, answer):
        stamp = freshness.current()
        user = request.user.pk if request.user.is_authenticated else 0
        tag = freshness.etag(stamp, request.get_full_path(), translation.get_language(), user)
        last_modified = stamp.changed_at.replace(microsecond=0)
        headers = {
            "ETag": tag,
            "Last-Modified": http_date(last_modified.timestamp()),
            "Cache-Control": "private, no-cache" if user else "public, max-age=0, must-revalidate",
        }
        if freshness.not_modified(request, tag, last_modified):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers=headers)
        response = answer()
        if response.status_code == 200:
            for key, value in headers.items():
                response[key] = value
        return response

    @extend_schema(parameters=[LANG_PARAMETER])
    def list(self, request, *args, **kwargs):
        return self._conditional(request, lambda: super(ReadViewSet, self).list(request, *args, **kwargs))

    @extend_schema(parameters=[LANG_PARAMETER])
    def retrieve(self, request, *args, **kwargs):
        return self._conditional(request, lambda: super(ReadViewSet, self).retrieve(request, *args, **kwargs))


# --- Schema -------------------------------------------------------------------------------------

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "An error, as RFC 9457 problem details.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "description": "Per field (or `non_field_errors`), the messages.",
            "type": "object",
            "additionalProperties": True,
        },
    },
    "required": ["type", "title", "status", "detail"],
}

#: The errors any operation may answer, documented once for all.
COMMON_ERRORS = {
    "400": "The request is not valid (a filter, a page size, a cursor, a language): see `errors`.",
    "401": "The token is unknown, expired or revoked (anonymous requests need none).",
    "403": "Not allowed to this caller (e.g. a read-only token writing).",
    "404": "No such object, or not one the caller may see.",
    "405": "Method not allowed here.",
    "406": "The Accept header asks for a format the API does not give (JSON).",
    "429": "Too many requests: try again after `Retry-After` seconds.",
}


def problem_responses(result, generator, request, public):
    """drf-spectacular post-processing: every operation documents the problems it may answer,
    every GET its 304 (conditional GET) and that it may be called without authentication."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    content = {PROBLEM_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for code, description in COMMON_ERRORS.items():
                responses.setdefault(code, {"description": description, "content": content})
            if method == "get":
                responses.setdefault("304", {"description": "Not modified: the If-None-Match ETag still matches."})
                # Reads need no authentication: anonymous callers get what is public.
                security = operation.setdefault("security", [])
                if {} not in security:
                    security.append({})
    return result
