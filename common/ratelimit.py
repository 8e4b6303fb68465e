"""Rate limits that hold under concurrency: each counted event is one atomic increment in a
fixed window (the window starts at a multiple of its length since the epoch and never moves
with the events). With Redis configured (``RATE_LIMIT_REDIS_URL``, by default REDIS_URL) the
count is an INCR whose expiry is set once, with the first event; otherwise it is a database
row (:class:`common.models.RateCounter`) locked while it is counted. Every web process and
thread therefore sees the same count; a cache's ``add``/``incr`` gave concurrent posts the
same count and renewed the window on each event."""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass
from functools import cache

import redis
from django.conf import settings
from django.db import transaction
from django.db.models import F

from common.models import RateCounter


@dataclass(frozen=True)
class RateLimit:
    """At most ``limit`` events per ``window_seconds`` for each key under ``name``."""

    name: str
    limit: int
    window_seconds: int

    def window_of(self, now: float) -> int:
        """The start (seconds since the epoch) of the window holding ``now``."""
        return int(now // self.window_seconds) * self.window_seconds

    def hit(self, key: str) -> bool:
        """Count one event for ``key``; True while the window's count stays within the limit
        (the event is counted either way)."""
        return count_event(self, key, time.time()) <= self.limit

    def exceeded(self, key: str) -> bool:
        """Whether ``key`` has used up the current window, counting nothing."""
        return current_count(self, key, time.time()) >= self.limit


def _redis_url() -> str:
    return str(getattr(settings, "RATE_LIMIT_REDIS_URL", "") or "")


@cache
def _redis_client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)


def _redis_key(limit: RateLimit, key: str, window: int) -> str:
    return f"ratelimit:{limit.name}:{key}:{window}"


def _db_key(limit: RateLimit, key: str) -> str:
    return f"{limit.name}:{key}"[:255]


def count_event(limit: RateLimit, key: str, now: float) -> int:
    """Count one event at ``now`` and return the count of its window, this event included."""
    window = limit.window_of(now)
    url = _redis_url()
    if url:
        name = _redis_key(limit, key, window)
        pipe = _redis_client(url).pipeline(transaction=True)
        pipe.incr(name)
        # Set once (NX): later events never extend the window; a margin keeps the key past
        # its window's end, after which the next window's key takes over.
        pipe.expire(name, limit.window_seconds + 60, nx=True)
        count, _ = pipe.execute()
        return int(count)
    start = datetime.datetime.fromtimestamp(window, tz=datetime.UTC)
    with transaction.atomic():
        RateCounter.objects.get_or_create(
            key=_db_key(limit, key), defaults={"window_start": start, "count": 0}
        )
        row = RateCounter.objects.select_for_update().get(key=_db_key(limit, key))
        if row.window_start != start:
            row.window_start, row.count = start, 1
            row.save(update_fields=["window_start", "count"])
            return 1
        RateCounter.objects.filter(pk=row.pk).update(count=F("count") + 1)
        return row.count + 1


def current_count(limit: RateLimit, key: str, now: float) -> int:
    """The count of ``key``'s window at ``now``, counting nothing."""
    window = limit.window_of(now)
    url = _redis_url()
    if url:
        value = _redis_client(url).get(_redis_key(limit, key, window))
        return int(value or 0)
    start = datetime.datetime.fromtimestamp(window, tz=datetime.UTC)
    row = RateCounter.objects.filter(key=_db_key(limit, key), window_start=start).first()
    return row.count if row else 0
