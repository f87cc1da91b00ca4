"""Caching of the public pages against the freshness counter (``reviewmech.freshness``).

A public page is:

- answered ``304 Not Modified`` when the browser's ETag (or Last-Modified) still matches;
- served from the cache for anonymous visitors: each address (and language) keeps one entry
  with the counter it was rendered at, served only while the counter has not moved, so a
  publication or a withdrawn consent is visible on the next request, on every worker.
"""

from __future__ import annotations

import functools
import hashlib

from django.core.cache import cache
from django.utils import timezone
from django.utils.http import http_date

from reviewmech.freshness import current, current_with, etag, not_modified

#: How long a rendered page stays in the cache (a change replaces it sooner).
CACHE_SECONDS = 24 * 3600


def _who(request) -> int:
    user = getattr(request, "user", None)
    return user.pk if getattr(user, "is_authenticated", False) else 0


def _address(request) -> str:
    # Today's date too: a step of a timeline falls overdue at midnight without any write.
    return f"{request.get_full_path()}|{getattr(request, 'LANGUAGE_CODE', '')}|{_who(request)}|{timezone.localdate()}"


def cached_public_page(view):
    """Conditional GET and a shared cache for a public view (GET only)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        address = _address(request)
        anonymous = not _who(request)
        page_key = "public:page:" + hashlib.sha256(address.encode()).hexdigest()[:40]
        # A conditional request most often ends in a 304: the counter alone then.
        conditional = "If-None-Match" in request.headers or "If-Modified-Since" in request.headers
        stamp, entry = current_with(page_key) if anonymous and not conditional else (current(), None)
        tag = etag(stamp, address)
        last_modified = stamp.changed_at.replace(microsecond=0)
        if not_modified(request, tag, last_modified):
            return _304(tag, last_modified)
        if anonymous and conditional:
            entry = cache.get(page_key)
        if entry is not None and entry[0] == stamp.generation:
            response = entry[1]
        else:
            response = view(request, *args, **kwargs)
            if anonymous and response.status_code == 200 and not response.streaming:
                if hasattr(response, "render") and callable(response.render):
                    response.render()
                cache.set(page_key, (stamp.generation, response), CACHE_SECONDS)
        if response.status_code == 200:
            response["ETag"] = tag
            response["Last-Modified"] = http_date(last_modified.timestamp())
            response["Cache-Control"] = "public, max-age=0, must-revalidate" if anonymous else "private, no-cache"
        return response

    return wrapped


def _304(etag, last_modified):
    from django.http import HttpResponseNotModified

    response = HttpResponseNotModified()
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified.timestamp())
    return response
