"""Caching of the public pages, made safe by one counter (``models.Freshness``).

Every write the public pages reflect bumps the counter in its own transaction (signals
connected in ``PublicConfig.ready``). A public page is then:

- answered ``304 Not Modified`` when the browser's ETag (or Last-Modified) still matches;
- served from the cache for anonymous visitors, keyed by the address and the counter, so a
  publication or a withdrawn consent is visible on the next request, on every worker.
"""

from __future__ import annotations

import functools
import hashlib

from django.core.cache import cache
from django.db.models import F
from django.utils import timezone
from django.utils.http import http_date, parse_http_date_safe, quote_etag

from .models import Freshness

CACHE_SECONDS = 24 * 3600


def current() -> Freshness:
    freshness = Freshness.objects.filter(pk=1).first()
    if freshness is None:
        freshness, _created = Freshness.objects.get_or_create(pk=1)
    return freshness


def bump() -> None:
    """Something the public pages show has changed. The counter moves in the same transaction
    as the change: readers see the new value exactly when they can see the change, and a
    rolled-back change leaves it as it was."""
    updated = Freshness.objects.filter(pk=1).update(generation=F("generation") + 1, changed_at=timezone.now())
    if not updated:
        Freshness.objects.get_or_create(pk=1, defaults={"generation": 1})


def on_change(sender, **kwargs):
    bump()


def _etag(freshness: Freshness, request) -> str:
    user = getattr(request, "user", None)
    who = user.pk if getattr(user, "is_authenticated", False) else 0
    raw = f"{freshness.generation}|{request.get_full_path()}|{getattr(request, 'LANGUAGE_CODE', '')}|{who}"
    return quote_etag(hashlib.sha256(raw.encode()).hexdigest()[:32])


def cached_public_page(view):
    """Conditional GET and a shared cache for a public view (GET only)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        freshness = current()
        etag = _etag(freshness, request)
        last_modified = freshness.changed_at.replace(microsecond=0)
        if _not_modified(request, etag, last_modified):
            return _304(etag, last_modified)
        anonymous = not getattr(getattr(request, "user", None), "is_authenticated", False)
        key = f"public:{etag}"
        if anonymous and (hit := cache.get(key)) is not None:
            response = hit
        else:
            response = view(request, *args, **kwargs)
            if anonymous and response.status_code == 200 and not response.streaming:
                cache.set(key, response, CACHE_SECONDS)
        if response.status_code == 200:
            response["ETag"] = etag
            response["Last-Modified"] = http_date(last_modified.timestamp())
            response["Cache-Control"] = "public, max-age=0, must-revalidate" if anonymous else "private, no-cache"
        return response

    return wrapped


def _not_modified(request, etag: str, last_modified) -> bool:
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        return etag in [tag.strip() for tag in if_none_match.split(",")] or if_none_match.strip() == "*"
    since = request.headers.get("If-Modified-Since")
    if since:
        parsed = parse_http_date_safe(since)
        return parsed is not None and int(last_modified.timestamp()) <= parsed
    return False


def _304(etag, last_modified):
    from django.http import HttpResponseNotModified

    response = HttpResponseNotModified()
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified.timestamp())
    return response
