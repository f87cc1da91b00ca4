"""Counting attempts per address or per account in the shared cache, in fixed windows: the
password reset form (the sign-in form is django-axes')."""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache


def over_limit(scope: str, key: str, *, limit: int, window: int) -> int | None:
    """Count one attempt of ``key`` (an address, an e-mail) in ``scope``. ``None`` while at
    most ``limit`` attempts fell in the current window of ``window`` seconds; else the seconds
    until the next window, when attempts are allowed again."""
    now = int(time.time())
    bucket = now // window
    digest = hashlib.sha256(key.strip().lower().encode()).hexdigest()[:32]
    name = f"throttle:{scope}:{digest}:{bucket}"
    cache.add(name, 0, window * 2)
    try:
        count = cache.incr(name)
    except ValueError:  # expired between the two calls
        cache.add(name, 1, window * 2)
        count = 1
    if count <= limit:
        return None
    return (bucket + 1) * window - now
