"""Process-local copies of a few Redis entries, dropped as soon as Redis says they changed.

A logged-in request reads its session, the session's link and the user's row from Redis
(accounts.sessions, one round trip). That round trip, with the Python around it, is most of what
a trivial page costs logged in beyond what it costs anonymous. Redis can tell a client which keys
changed: with server-assisted client-side caching in broadcast mode (``CLIENT TRACKING ON BCAST
PREFIX ...``), every write, deletion, expiry or eviction of a key under the tracked prefixes, by
any client, and every flush, is pushed to the tracking connection. Each process keeps one such
connection per cache and keeps the entries it read until Redis names them.

redis-py has client-side caching of its own, but it refuses servers older than Redis 7.4
(Debian 12 ships 7.0) and copies per command; this is the same protocol for the three keys a
session read needs.

What keeps a copy from outliving the entry it copies:

- Before every lookup the invalidations already received are applied. Redis pushes them in the
  same turn of its event loop as its reply to the writer, so a change made before a request
  began (a log-out answered by another process) is applied before the request reads its copy.
- A copy is kept only if no invalidation arrived between the read and the keeping (the
  generation counter), so a change racing a read cannot be overwritten by the older value.
- The process's own writes drop the copies of the keys they write at once (``forget``).
- A tracking connection that fails, or does not answer a ping within ``PONG_WAIT`` seconds,
  drops every copy; reads go to Redis until a new connection is tracking. A forked child opens
  its own.
- A copy lives at most ``max_age`` seconds in any case.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as PartialReply

logger = logging.getLogger(__name__)

MISS: Any = object()
_APPLIED: Any = object()


class TrackedCopies:
    """Copies of values read from Redis, each named and depending on some Redis keys; a change
    of any of those keys drops the copy."""

    PING_EVERY = 5.0
    PONG_WAIT = 2.0
    RETRY_AFTER = 5.0

    def __init__(
        self,
        connect: Callable[[], Any],
        prefixes: Sequence[str],
        max_age: float,
        max_copies: int = 10_000,
    ) -> None:
        """``connect`` returns a new, unconnected RESP3 redis-py connection to the server."""
        self._connect = connect
        self._prefixes = list(prefixes)
        self._max_age = max_age
        self._max_copies = max_copies
        self._lock = threading.Lock()
        self._copies: dict[str, tuple[float, Any, tuple[str, ...]]] = {}
        self._readers: dict[str, set[str]] = {}  # Redis key -> names of the copies reading it
        self._connection: Any = None
        self._pid = os.getpid()
        self._retry_at = 0.0
        self._ping_at = 0.0
        self._awaiting_pong = False
        self._generation = 0
        self._unavailable = False

    # --- the reader's side -----------------------------------------------------------------

    def get(self, name: str) -> Any:
        """The copy named ``name``, or ``MISS``."""
        with self._lock:
            if not self._sync():
                return MISS
            copy = self._copies.get(name)
            if copy is None or copy[0] < time.monotonic():
                return MISS
            return copy[1]

    def generation(self) -> int | None:
        """Take before reading a value to keep; ``None`` while nothing is tracked."""
        with self._lock:
            return self._generation if self._sync() else None

    def keep(self, name: str, value: Any, keys: Iterable[str], generation: int | None) -> None:
        """Keep ``value``, read from ``keys`` after ``generation()`` returned ``generation``,
        unless one of the tracked keys changed since."""
        if generation is None:
            return
        with self._lock:
            if not self._sync() or self._generation != generation:
                return
            if len(self._copies) >= self._max_copies:
                self._drop_all()
            self._drop_copy(name)
            depends_on = tuple(keys)
            self._copies[name] = (time.monotonic() + self._max_age, value, depends_on)
            for key in depends_on:
                self._readers.setdefault(key, set()).add(name)

    def forget(self, keys: Iterable[str]) -> None:
        """Drop the copies reading ``keys`` now (this process wrote them)."""
        with self._lock:
            self._generation += 1
            for key in keys:
                self._drop_key(key)

    def forget_all(self) -> None:
        with self._lock:
            self._drop_all()

    # --- the tracking connection ------------------------------------------------------------

    def _sync(self) -> bool:
        """Apply the invalidations received so far; whether copies may be used."""
        now = time.monotonic()
        if self._pid != os.getpid():  # a forked child: the parent's connection is not its own
            self._pid = os.getpid()
            self._connection = None
            self._drop_all()
        try:
            if self._connection is None:
                if now < self._retry_at:
                    return False
                self._open(now)
            self._drain()
            if self._awaiting_pong:
                if now - self._ping_at > self.PONG_WAIT:
                    raise ConnectionError("the tracking connection stopped answering")
            elif now - self._ping_at > self.PING_EVERY:
                self._connection.send_command("PING")
                self._ping_at, self._awaiting_pong = now, True
        except (RedisError, OSError) as error:
            self._lose(now, error)
            return False
        return True

    def _open(self, now: float) -> None:
        connection = self._connect()
        try:
            connection.connect()
            connection._parser.set_invalidation_push_handler(self._invalidated)
            command = ["CLIENT", "TRACKING", "ON", "BCAST"]
            for prefix in self._prefixes:
                command += ["PREFIX", prefix]
            connection.send_command(*command)
            connection.read_response()
        except BaseException:
            connection.disconnect()
            raise
        self._connection = connection
        self._ping_at, self._awaiting_pong = now, False
        self._drop_all()
        if self._unavailable:
            logger.warning("Redis client tracking available again")
            self._unavailable = False

    def _drain(self) -> None:
        connection = self._connection
        while connection.can_read(timeout=0):
            try:
                reply = connection.read_response(push_request=True, timeout=0)
            except PartialReply:  # part of a message so far
                return
            if reply is not _APPLIED:  # the answer to the ping
                self._awaiting_pong = False

    def _invalidated(self, message: list[Any]) -> Any:
        """An invalidation pushed by Redis: the changed keys, or None for a flush."""
        self._generation += 1
        keys = message[1]
        if keys is None:
            self._drop_all()
        else:
            for key in keys:
                self._drop_key(key.decode() if isinstance(key, bytes) else key)
        return _APPLIED

    def _lose(self, now: float, error: Exception) -> None:
        # Once an outage (a Redis that refuses CLIENT TRACKING would log every few seconds).
        log = logger.debug if self._unavailable else logger.warning
        log(
            "Redis client tracking unavailable (%s): reading from Redis, retrying every %.0f s",
            error,
            self.RETRY_AFTER,
        )
        self._unavailable = True
        if self._connection is not None:
            try:
                self._connection.disconnect()
            except (RedisError, OSError):
                pass
        self._connection = None
        self._retry_at = now + self.RETRY_AFTER
        self._drop_all()

    # --- the copies -------------------------------------------------------------------------

    def _drop_all(self) -> None:
        self._generation += 1
        self._copies.clear()
        self._readers.clear()

    def _drop_key(self, key: str) -> None:
        for name in self._readers.pop(key, ()):
            self._drop_copy(name)

    def _drop_copy(self, name: str) -> None:
        copy = self._copies.pop(name, None)
        if copy is None:
            return
        for key in copy[2]:
            readers = self._readers.get(key)
            if readers is not None:
                readers.discard(name)
                if not readers:
                    del self._readers[key]
