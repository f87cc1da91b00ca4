"""Caching of the public pages, made safe by one counter (``models.Freshness``).

Every write the public pages reflect bumps the counter in its own transaction (signals
connected in ``PublicConfig.ready``). A public page is then:

- answered ``304 Not Modified`` when the browser's ETag (or Last-Modified) still matches;
- served from the cache for anonymous visitors: each address (and language) keeps one entry
  with the counter it was rendered at, served only while the counter has not moved, so a
  publication or a withdrawn consent is visible on the next request, on every worker.

Where the cache is shared by the processes (Redis in the production shape), the counter is kept
in it too (``STAMP_KEY``), written once the bumping transaction has committed: a cached page or
a 304 then costs one round trip to the cache and no query. With a cache of each process's own
(local memory, the embedded default) the counter is read from the database on every request:
the Celery worker's publications must show on the web process's pages at once.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.http import http_date, parse_http_date_safe, quote_etag

from .models import Freshness

#: How long a rendered page stays in the cache (a change replaces it sooner).
CACHE_SECONDS = 24 * 3600
#: The counter in a shared cache. Written after each commit; the expiry bounds the staleness
#: should two bumps' writes cross (the older landing last), which is rare and lasts seconds.
STAMP_KEY = "public:freshness"
STAMP_SECONDS = 30


@dataclass(frozen=True)
class Stamp:
    generation: int
    changed_at: datetime


def _shared() -> bool:
    """Whether every process sees the same cache (not each its own local memory)."""
    return not isinstance(caches["default"], LocMemCache)


def _from_database() -> Stamp:
    freshness = Freshness.objects.filter(pk=1).first()
    if freshness is None:
        freshness, _created = Freshness.objects.get_or_create(pk=1)
    return Stamp(freshness.generation, freshness.changed_at)


def current() -> Stamp:
    """The counter as readers may trust it now."""
    if _shared() and (stamp := cache.get(STAMP_KEY)) is not None:
        return stamp
    return _remember(_from_database(), replace=False)


def _remember(stamp: Stamp, *, replace: bool) -> Stamp:
    if _shared():
        if replace:
            cache.set(STAMP_KEY, stamp, STAMP_SECONDS)
        else:
            cache.add(STAMP_KEY, stamp, STAMP_SECONDS)
    return stamp


def bump() -> None:
    """Something the public pages show has changed. The counter moves in the same transaction
    as the change: readers see the new value exactly when they can see the change, and a
    rolled-back change leaves it as it was. The shared cache learns it after the commit."""
    updated = Freshness.objects.filter(pk=1).update(generation=F("generation") + 1, changed_at=timezone.now())
    if not updated:
        Freshness.objects.get_or_create(pk=1, defaults={"generation": 1})
    if _shared():
        transaction.on_commit(lambda: _remember(_from_database(), replace=True))


def on_change(sender, **kwargs):
    bump()


def _who(request) -> int:
    user = getattr(request, "user", None)
    return user.pk if getattr(user, "is_authenticated", False) else 0


def _address(request) -> str:
    return f"{request.get_full_path()}|{getattr(request, 'LANGUAGE_CODE', '')}|{_who(request)}"


def _etag(stamp: Stamp, address: str) -> str:
    return quote_etag(hashlib.sha256(f"{stamp.generation}|{address}".encode()).hexdigest()[:32])


def _lookup(page_key: str) -> tuple[Stamp, tuple | None]:
    """The counter and the page's cache entry, in one round trip to a shared cache."""
    if _shared():
        found = cache.get_many([STAMP_KEY, page_key])
        stamp = found.get(STAMP_KEY) or _remember(_from_database(), replace=False)
        return stamp, found.get(page_key)
    return _from_database(), cache.get(page_key)


def cached_public_page(view):
    """Conditional GET and a shared cache for a public view (GET only)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        address = _address(request)
        anonymous = not _who(request)
        page_key = "public:page:" + hashlib.sha256(address.encode()).hexdigest()[:40]
        stamp, entry = _lookup(page_key) if anonymous else (current(), None)
        etag = _etag(stamp, address)
        last_modified = stamp.changed_at.replace(microsecond=0)
        if _not_modified(request, etag, last_modified):
            return _304(etag, last_modified)
        if entry is not None and entry[0] == stamp.generation:
            response = entry[1]
        else:
            response = view(request, *args, **kwargs)
            if anonymous and response.status_code == 200 and not response.streaming:
                if hasattr(response, "render") and callable(response.render):
                    response.render()
                cache.set(page_key, (stamp.generation, response), CACHE_SECONDS)
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
