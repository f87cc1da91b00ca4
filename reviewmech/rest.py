"""What every app's REST API (``<app>/api/``) shares: errors as RFC 9457 problem details, the
language of translated fields (``?lang=`` or ``Accept-Language``, the fallback named), cursor
pagination with a checked page size, conditional GET against the freshness counter, throttles.

The API reads through the apps' selectors and writes through their services, as the pages do:
the two cannot disagree. This module knows no app.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
import re

import django_filters
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse
from django.utils import timezone, translation
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler

from . import freshness
from .i18n import translated
from .rest_policies import CursorPagination

PROBLEM_TYPE = "application/problem+json"
LANGUAGES = [code for code, _name in settings.LANGUAGES]
#: How long an anonymous answer stays in the cache (a change of the counter retires it sooner).
ANSWER_SECONDS = 24 * 3600


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


@csrf_exempt  # a POST to no address is a 404 too, not the CSRF failure page
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


class LanguageFileSerializer(serializers.Serializer):
    """One of the six languages: whether there is a file in it, and where to download it (an
    entry with ``language`` and ``url``, the url empty when there is none)."""

    language = serializers.ChoiceField(choices=settings.LANGUAGES, read_only=True)
    available = serializers.SerializerMethodField(help_text=gettext_lazy("Whether it is issued in this language."))
    url = serializers.SerializerMethodField(
        help_text=gettext_lazy("The address of the file in this language; null when it is not issued in it.")
    )
    updating = serializers.SerializerMethodField(
        help_text=gettext_lazy("A newer PDF is being made: until it is ready, the address serves the previous version.")
    )

    def get_available(self, entry) -> bool:
        return bool(entry.url)

    def get_updating(self, entry) -> bool:
        return bool(entry.url) and bool(getattr(entry.file, "is_updating", False))

    def get_url(self, entry) -> str | None:
        if not entry.url:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(entry.url) if request is not None else entry.url


# --- Filters ---------------------------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.STR)
class CodeFilter(django_filters.ModelChoiceFilter):
    """A reference object by its code (``?regional_group=african``); an unknown code is a 400."""

    def __init__(self, *args, upper: bool = False, **kwargs):
        kwargs.setdefault("to_field_name", "code")
        super().__init__(*args, **kwargs)
        if upper:  # ISO codes: ``ken`` is ``KEN``
            self.field_class = _UpperCodeField


class _WholeNumberField(forms.IntegerField):
    def to_python(self, value):
        if value == "":  # given, but empty (``?year=``): not "no filter"
            raise forms.ValidationError(_("A whole number."), code="invalid")
        return super().to_python(value)


@extend_schema_field(OpenApiTypes.INT)
class WholeNumberFilter(django_filters.NumberFilter):
    """A whole number (not "2020.5", not empty, not one too large for the database's integer);
    anything else is a 400 naming the filter."""

    field_class = _WholeNumberField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 2**31 - 1)
        super().__init__(*args, **kwargs)


class YearFilter(WholeNumberFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        super().__init__(*args, **kwargs)


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

    def prepare(self, rows) -> None:
        """What a page of rows (or the one object) needs beyond its queryset, read for all of them
        at once (files per language, say): a view overrides it; nothing by default."""

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            self.prepare(page)
        return page

    def get_object(self):
        found = super().get_object()
        self.prepare([found])
        return found

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
        user = request.user.pk if request.user.is_authenticated else 0
        # Today's date too: a step falls overdue at midnight without any write.
        address = f"{request.get_full_path()}|{translation.get_language()}|{user}|{timezone.localdate()}"
        # Anonymous JSON answers are kept in the cache with the counter they were made at, and
        # served while it has not moved: the counter and the entry come in one round trip.
        shareable = not user and request.accepted_renderer.format == "json"
        key = "api:answer:" + hashlib.sha256(address.encode()).hexdigest()[:40]
        # A conditional request most often ends in a 304: the counter alone then.
        conditional = "If-None-Match" in request.headers or "If-Modified-Since" in request.headers
        stamp, entry = freshness.current_with(key) if shareable and not conditional else (freshness.current(), None)
        tag = freshness.etag(stamp, address)
        last_modified = stamp.changed_at.replace(microsecond=0)
        headers = {
            "ETag": tag,
            "Last-Modified": http_date(last_modified.timestamp()),
            "Cache-Control": "private, no-cache" if user else "public, max-age=0, must-revalidate",
        }
        if freshness.not_modified(request, tag, last_modified):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers=headers)
        if shareable and conditional:
            entry = cache.get(key)
        if entry is not None and entry[0] == stamp.generation:
            response = HttpResponse(entry[1], content_type=request.accepted_renderer.media_type)
        else:
            response = answer()
            if shareable and response.status_code == 200:
                response = self.finalize_response(request, response)
                response.render()
                cache.set(key, (stamp.generation, response.content), ANSWER_SECONDS)
        if response.status_code == 200:
            for name, value in headers.items():
                response[name] = value
        return response

    @extend_schema(parameters=[LANG_PARAMETER])
    def list(self, request, *args, **kwargs):
        return self._conditional(request, lambda: super(ReadViewSet, self).list(request, *args, **kwargs))

    @extend_schema(parameters=[LANG_PARAMETER])
    def retrieve(self, request, *args, **kwargs):
        return self._conditional(request, lambda: super(ReadViewSet, self).retrieve(request, *args, **kwargs))


# --- Idempotent writes ---------------------------------------------------------------------------

#: How long the answer to a write sent with an ``Idempotency-Key`` is kept.
IDEMPOTENCY_KEEP = datetime.timedelta(hours=24)
_KEY = re.compile(r"[\x21-\x7e]{1,255}")

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    description=gettext_lazy(
        "Optional: a key of your own (e.g. a UUID, 1 to 255 visible ASCII characters) to send the same "
        "request again safely. Within 24 hours the same key with the same request replays the first "
        "successful answer (header `Idempotent-Replayed: true`) without doing it again; with another "
        "request it is a 422; while the first is still at work, a 409. A request that failed is not kept: "
        "send it again as it is."
    ),
)


class IdempotencyKeyReused(exceptions.APIException):
    status_code = 422
    default_detail = gettext_lazy(
        "This Idempotency-Key was already used for another request. Use a new key for a new request."
    )
    default_code = "idempotency_key_reused"


class IdempotencyKeyInProgress(exceptions.APIException):
    status_code = 409
    default_detail = gettext_lazy(
        "A request with this Idempotency-Key is still being processed. Send it again in a moment to get its answer."
    )
    default_code = "idempotency_key_in_progress"


#: A claim on a key older than this is taken for one whose request died (the server stopped).
IDEMPOTENCY_ABANDONED = datetime.timedelta(minutes=5)


def _fingerprint(request) -> str:
    body = json.dumps(request.data, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(f"{request.method} {request.get_full_path()}\n{body}".encode()).hexdigest()


def _kept_answer(record, fingerprint: str) -> Response:
    if record.fingerprint != fingerprint:
        raise IdempotencyKeyReused()
    if record.status_code == 0:  # claimed by a request still at work
        raise IdempotencyKeyInProgress()
    return Response(record.body, status=record.status_code, headers={"Idempotent-Replayed": "true"})


def idempotent(action):
    """A write of the API (a view method) that honours the ``Idempotency-Key`` header.

    The key is first claimed (a record without an answer, committed at once): a second request
    with the same key, arriving while the first is at work, is told so (409) and does nothing.
    The write and the answer then commit together; a write that fails gives its claim up, and
    the same request may be sent again. Only successful answers are kept."""

    @functools.wraps(action)
    def wrapped(view, request, *args, **kwargs):
        from .models import IdempotencyRecord

        key = request.headers.get("Idempotency-Key")
        if key is None:
            return action(view, request, *args, **kwargs)
        if not _KEY.fullmatch(key):
            raise exceptions.ValidationError(
                {"Idempotency-Key": [_("From 1 to 255 visible ASCII characters, e.g. a UUID.")]}
            )
        fingerprint = _fingerprint(request)
        mine = IdempotencyRecord.objects.filter(user=request.user, key=key)
        now = timezone.now()
        record = mine.first()
        if record is not None:
            expired = record.created_at < now - IDEMPOTENCY_KEEP
            abandoned = record.status_code == 0 and record.created_at < now - IDEMPOTENCY_ABANDONED
            if not (expired or abandoned):
                return _kept_answer(record, fingerprint)
            mine.filter(pk=record.pk).delete()
        try:
            with transaction.atomic():
                claim = IdempotencyRecord.objects.create(
                    user=request.user, key=key, fingerprint=fingerprint, status_code=0, body=None
                )
        except IntegrityError:  # another request with this key claimed it meanwhile
            return _kept_answer(mine.get(), fingerprint)
        try:
            with transaction.atomic():
                response = action(view, request, *args, **kwargs)
                if 200 <= response.status_code < 300:
                    claim.status_code = response.status_code
                    claim.body = json.loads(JSONRenderer().render(response.data) or b"null")
                    claim.save(update_fields=["status_code", "body"])
                else:
                    claim.delete()
        except BaseException:
            claim.delete()
            raise
        return response

    return wrapped


def validated(serializer_class, request) -> dict:
    """The body of a write, checked by ``serializer_class``: a 400 naming each field otherwise."""
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def idempotency_purge(now=None) -> int:
    """Forget the answers kept longer than 24 hours (Celery beat, daily)."""
    from .models import IdempotencyRecord

    since = (now or timezone.now()) - IDEMPOTENCY_KEEP
    deleted, _by_model = IdempotencyRecord.objects.filter(created_at__lt=since).delete()
    return deleted


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
            if any(parameter.get("name") == "Idempotency-Key" for parameter in operation.get("parameters", [])):
                responses.setdefault(
                    "422", {"description": "The Idempotency-Key was used for another request.", "content": content}
                )
                responses.setdefault(
                    "409", {"description": "A request with this Idempotency-Key is still at work.", "content": content}
                )
            if method == "get":
                responses.setdefault("304", {"description": "Not modified: the If-None-Match ETag still matches."})
                # Reads need no authentication: anonymous callers get what is public.
                security = operation.setdefault("security", [])
                if {} not in security:
                    security.append({})
    return result
