"""One counter of freshness for everything read outside the secretariat's own pages: the
public site and the REST API answer 304 and cache against it. A few of the secretariat's pages
keep what they read of the same models against it too (``read_through``).

Every write they reflect bumps the counter in its own transaction: each app connects its own
models with ``watch()`` in its ``ready()``, so the counter knows nothing of them. Readers see the
new value exactly when they can see the change; a rolled-back change leaves it as it was.

Where the cache is shared by the processes (Redis in the production shape), the counter is kept
in it too (``STAMP_KEY``), written once the bumping transaction has committed: a cached page, a
304 of the site or of the API then costs one round trip to the cache and no query. With a cache
of each process's own (local memory, the embedded default) the counter is read from the
database on every request: the Celery worker's publications must show on the web process's
pages at once.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.http import parse_http_date_safe, quote_etag

from .models import Freshness

#: The counter in a shared cache. Written after each commit; the expiry bounds the staleness
#: should two bumps' writes cross (the older landing last), which is rare and lasts seconds.
STAMP_KEY = "freshness"
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
    """Something read outside the secretariat's pages has changed. The counter moves in the same transaction
    as the change: readers see the new value exactly when they can see the change, and a
    rolled-back change leaves it as it was. The shared cache learns it after the commit."""
    updated = Freshness.objects.filter(pk=1).update(generation=F("generation") + 1, changed_at=timezone.now())
    if not updated:
        Freshness.objects.get_or_create(pk=1, defaults={"generation": 1})
    if _shared():
        transaction.on_commit(lambda: _remember(_from_database(), replace=True))


def _with_entries(keys) -> tuple[Stamp, dict]:
    """The counter and the cache's raw entries under ``keys`` (those it has), in one round trip
    to a shared cache."""
    if _shared():
        found = cache.get_many([STAMP_KEY, *keys])
        stamp = found.pop(STAMP_KEY, None) or _remember(_from_database(), replace=False)
        return stamp, found
    return _from_database(), cache.get_many(keys)


def current_with(key: str) -> tuple[Stamp, object]:
    """The counter and the cache's entry under ``key`` (``None`` if none), in one round trip
    to a shared cache."""
    stamp, found = _with_entries([key])
    return stamp, found.get(key)


def fresh_entries(*keys: str) -> tuple[Stamp, dict]:
    """The counter, and those of the cache's entries under ``keys`` that were kept at its
    present value (``keep``), by key: one round trip to a shared cache for all."""
    stamp, found = _with_entries(keys)
    return stamp, {key: entry[1] for key, entry in found.items() if entry[0] == stamp.generation}


@functools.cache
def code_digest(*sources: str) -> str:
    """A short digest of the code and templates that shape a value kept with ``keep``: the
    caller's source files (their paths, ``__file__``) and templates (their names, ``….html``).
    Put in the value's key, it keeps a deployment of changed code from reading what the code
    before it kept (other classes, other markup)."""
    from django.template.loader import get_template

    digest = hashlib.sha256()
    for source in sources:
        path = get_template(source).origin.name if source.endswith(".html") else source
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:12]


def keep(key: str, stamp: Stamp, value, seconds: int):
    """Keep ``value``, read at ``stamp``, in the cache under ``key``; returns it."""
    cache.set(key, (stamp.generation, value), seconds)
    return value


def read_through(key: str, read, seconds: int):
    """``read()``'s value, kept in the cache under ``key`` against the counter: served from the
    cache while the counter has not moved (one round trip to a shared cache for both), read
    again after. For what the secretariat's pages read of watched models, where it costs more
    than the round trip (the dashboard's counts and lists, a cycle's pairings); ``key`` must hold
    whatever else the value depends on (the reader, the filters, the day, the language)."""
    stamp, found = fresh_entries(key)
    return found[key] if key in found else keep(key, stamp, read(), seconds)


def on_change(sender, **kwargs):
    bump()


def on_relation_change(sender, action, **kwargs):
    if action.startswith("post_"):
        bump()


def watch(*models, signals=()) -> None:
    """Bump the counter whenever one of ``models`` is saved or deleted, or its many-to-many
    relations change (the documents under an agenda item), or one of ``signals`` (custom signals:
    a document changed, a PDF finished) is sent."""
    for model in models:
        post_save.connect(on_change, sender=model, dispatch_uid=f"freshness.save.{model._meta.label}")
        post_delete.connect(on_change, sender=model, dispatch_uid=f"freshness.delete.{model._meta.label}")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(on_relation_change, sender=through, dispatch_uid=f"freshness.m2m.{through._meta.label}")
    for signal in signals:
        signal.connect(on_change, dispatch_uid=f"freshness.signal.{id(signal)}")


# --- Scopes: what one review's pages read ----------------------------------------------------------
#
# The counter above moves with every change the public site can see, anywhere: right for the
# site, too coarse for a page about one review that is read far more often than anything on it
# changes, and blind to what the site never shows (checklist answers, meetings, contacts).
# A *scope* ("review:12", "reviews-common") has a token of its own in the shared cache,
# replaced by a new random one after every commit that changes something in it (``touch``). A value kept with
# ``keep_scoped`` holds the tokens of its scopes as they were *before* it was read; it is served
# only while they are all unchanged. A token lost (evicted, expired) is simply made anew: what
# was kept with the old one is never served again. Random tokens never come back, so a row
# saved again from an older copy cannot make an old value look fresh.
#
# Only with a shared cache: with a cache of each process's own, a change made by another process
# (the Celery worker) could not reach it, so ``scoped_entry`` says there is nothing to use and
# the page is read live.

SCOPE_KEY = "scope:{}"
#: A token lasts a week unless replaced; a value kept against it lasts what its caller says.
SCOPE_SECONDS = 7 * 24 * 3600


@dataclass(frozen=True)
class Scoped:
    """The tokens of the scopes a value depends on, read before the value, and the value kept
    against exactly those tokens, if any (``None``: read it, then ``keep_scoped`` it)."""

    key: str
    tokens: tuple
    value: object = None


def scoped_entry(key: str, scopes: Iterable[str]) -> Scoped | None:
    """The tokens of ``scopes`` and the value kept under ``key`` if it was kept at those
    tokens: one round trip to the shared cache. ``None`` without a shared cache."""
    if not _shared():
        return None
    names = [SCOPE_KEY.format(scope) for scope in scopes]
    found = cache.get_many([*names, key])
    tokens = []
    for name in names:
        token = found.get(name)
        if token is None:  # never made, or lost: a new one, which nothing was kept against
            token = secrets.token_hex(8)
            if not cache.add(name, token, SCOPE_SECONDS):
                token = cache.get(name) or token
        tokens.append(token)
    tokens = tuple(tokens)
    entry = found.get(key)
    value = entry[1] if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == tokens else None
    return Scoped(key, tokens, value)


def keep_scoped(scoped: Scoped, value, seconds: int):
    """Keep ``value``, read after ``scoped``'s tokens, against them; returns it."""
    cache.set(scoped.key, (scoped.tokens, value), seconds)
    return value


def read_scoped(key: str, scopes: Iterable[str], read, seconds: int):
    """``read()``'s value, kept under ``key`` against the tokens of ``scopes`` (read before it):
    served from the shared cache while none of them has been replaced, read again after; read
    every time without a shared cache. ``key`` must hold whatever else the value depends on."""
    scoped = scoped_entry(key, scopes)
    if scoped is None:
        return read()
    if scoped.value is not None:
        return scoped.value
    return keep_scoped(scoped, read(), seconds)


def touch(*scopes: str) -> None:
    """Something in ``scopes`` changed: once the change has committed (at once outside a
    transaction; never if it rolls back), every value kept against them is stale."""
    if not scopes or not _shared():
        return

    def replace():
        cache.set_many({SCOPE_KEY.format(scope): secrets.token_hex(8) for scope in scopes}, SCOPE_SECONDS)

    transaction.on_commit(replace)


def watch_scopes(model, scopes_of: Callable[..., Iterable[str]], *, changed: Callable[..., bool] | None = None) -> None:
    """``touch`` the scopes ``scopes_of(instance)`` whenever an instance of ``model`` is saved
    or deleted, or its many-to-many relations change from its side. ``changed(instance,
    update_fields)``, if given, tells a save that changes nothing shown (a sign-in's
    ``last_login``). Writes that send no signal (bulk creations, ``update()``) ``touch`` their
    scopes themselves. Without a shared cache, nothing is kept: ``scopes_of`` is not even asked."""

    def on_save(sender, instance, update_fields=None, raw=False, **kwargs):
        if _shared() and not raw and (changed is None or changed(instance, update_fields)):
            touch(*scopes_of(instance))

    def on_delete(sender, instance, **kwargs):
        if _shared():
            touch(*scopes_of(instance))

    def on_relation(sender, instance, action, **kwargs):
        # From the model's side only: from the other side, ``instance`` is not one of ``model``.
        if _shared() and action.startswith("post_") and isinstance(instance, model):
            touch(*scopes_of(instance))

    label = model._meta.label
    post_save.connect(on_save, sender=model, weak=False, dispatch_uid=f"freshness.scope.save.{label}")
    post_delete.connect(on_delete, sender=model, weak=False, dispatch_uid=f"freshness.scope.delete.{label}")
    for field in model._meta.local_many_to_many:
        through = field.remote_field.through
        m2m_changed.connect(
            on_relation, sender=through, weak=False, dispatch_uid=f"freshness.scope.m2m.{through._meta.label}"
        )


def etag(stamp: Stamp, *parts) -> str:
    """A strong ETag for what was read at ``stamp``, by whom and how (``parts``)."""
    raw = "|".join(str(part) for part in (stamp.generation, *parts))
    return quote_etag(hashlib.sha256(raw.encode()).hexdigest()[:32])


def not_modified(request, etag: str, last_modified) -> bool:
    """Whether the request's If-None-Match (or, without one, If-Modified-Since) matches."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        return etag in [tag.strip() for tag in if_none_match.split(",")] or if_none_match.strip() == "*"
    since = request.headers.get("If-Modified-Since")
    if since:
        parsed = parse_http_date_safe(since)
        return parsed is not None and int(last_modified.timestamp()) <= parsed
    return False
