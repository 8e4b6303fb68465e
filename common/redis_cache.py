"""Django's Redis cache with one Redis client per connection pool, kept for the process.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every cache call, and
redis-py's constructor fills a table of about 170 response callbacks each time: about 700
function calls a ``cache.get``, more than the rest of a logged-in request to a trivial view
(its session and its user are two cache reads). A ``redis.Redis`` is safe to share between
threads (each command borrows a connection from the pool, which redis-py renews after a fork),
so one per pool is enough.

Everything else (serialisation, pools, options, timeouts) is Django's own."""

from __future__ import annotations

import pickle
import threading
from collections.abc import Iterable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient

from common.redis_tracking import MISS, TrackedCopies


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}
        self._lock = threading.Lock()

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        django: Any = self  # Django's private attributes, which its stubs do not declare
        index = django._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            with self._lock:
                client = self._clients.get(index)
                if client is None:
                    if index not in django._pools:
                        django._pools[index] = django._pool_class.from_url(
                            django._servers[index], **django._pool_options
                        )
                    client = django._client(connection_pool=django._pools[index])
                    self._clients[index] = client
        return client


# The session, the link to its user's cached row, and that row, read in one round trip: a
# logged-in request's two cache reads (accounts.sessions) became one.
_THROUGH_LINK = """
local first = redis.call('GET', KEYS[1])
local target = redis.call('GET', KEYS[2])
local linked = false
if target then linked = redis.call('GET', target) end
return {first, target, linked}
"""


def _loads(raw: bytes) -> Any:
    """Django's RedisSerializer.loads, which tries ``int()`` first (an exception for every
    pickled value): it stores an int as its digits and anything else pickled, and a pickle
    (protocol 2 or later) starts with PROTO."""
    return pickle.loads(raw) if raw[:1] == pickle.PROTO else int(raw)


class LinkedReads:
    """``get_through_link`` and ``set_link`` for :class:`RedisCache` (Django's cache API has no
    dependent read)."""

    _script: Any = None

    def get_through_link(
        self, key: str, link: str, copies: TrackedCopies | None = None
    ) -> tuple[Any, bool, Any]:
        """``key``'s value, whether ``link`` exists, and the value of the entry ``link`` names
        (``None`` where missing), in one round trip, or none where ``copies`` (from
        ``tracked_copies``) still holds all three."""
        django: Any = self
        first_key = django.make_and_validate_key(key)
        raw = MISS if copies is None else copies.get(first_key)
        if raw is MISS:
            generation = None if copies is None else copies.generation()
            client = django._cache.get_client(key)
            if LinkedReads._script is None:
                LinkedReads._script = client.register_script(_THROUGH_LINK)
            link_key = django.make_and_validate_key(link)
            raw = tuple(LinkedReads._script(keys=[first_key, link_key], client=client))
            if copies is not None and None not in raw:
                copies.keep(first_key, raw, (first_key, link_key, raw[1].decode()), generation)
        first, target, linked = raw
        return (
            None if first is None else _loads(first),
            target is not None,
            None if linked is None else _loads(linked),
        )

    def set_link(self, link: str, target: str, timeout: int) -> None:
        """Point ``link`` at the entry ``target`` for ``timeout`` seconds."""
        django: Any = self
        client = django._cache.get_client(link, write=True)
        made = django.make_and_validate_key(link)
        client.set(made, django.make_and_validate_key(target), ex=timeout)
        django._written_keys([made])


class RedisCache(LinkedReads, DjangoRedisCache):
    """Django's Redis cache with one client per pool, the linked read above, and copies kept in
    the process for the entries a caller asks to track (common.redis_tracking). The process's
    own writes drop the copies of what they write at once."""

    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
        self._tracked: dict[tuple[str, ...], TrackedCopies] = {}
        self._tracked_lock = threading.Lock()

    def tracked_copies(self, prefixes: tuple[str, ...], max_age: float) -> TrackedCopies:
        """Copies of entries whose keys start with one of ``prefixes``, kept in this process
        for at most ``max_age`` seconds until Redis says they changed."""
        copies = self._tracked.get(prefixes)
        if copies is None:
            with self._tracked_lock:
                copies = self._tracked.get(prefixes)
                if copies is None:
                    copies = TrackedCopies(
                        self._tracking_connection,
                        [self.make_key(prefix) for prefix in prefixes],
                        max_age,
                    )
                    self._tracked[prefixes] = copies
        return copies

    def _tracking_connection(self) -> Any:
        django: Any = self  # Django's client, undeclared in its stubs
        inner = django._cache
        pool = inner._pool_class.from_url(inner._servers[0], **inner._pool_options)
        # Opened while the copies' lock is held: a Redis that does not answer must not hold up
        # the process's other requests for longer than a second (they then read Redis).
        return pool.connection_class(
            **{
                **pool.connection_kwargs,
                "protocol": 3,
                "socket_connect_timeout": 1.0,
                "socket_timeout": 1.0,
            }
        )

    def _written_keys(self, made_keys: list[str]) -> None:
        for copies in self._tracked.values():
            copies.forget(made_keys)

    def _written(self, keys: Iterable[Any], version: int | None) -> None:
        if self._tracked:
            self._written_keys([self.make_key(key, version=version) for key in keys])

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> None:
        super().set(key, value, timeout, version)
        self._written([key], version)

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> bool:
        added = super().add(key, value, timeout, version)
        self._written([key], version)
        return added

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> list[Any]:
        failed = super().set_many(data, timeout, version)
        self._written(data, version)
        return failed

    def delete(self, key: Any, version: Any = None) -> bool:
        deleted = super().delete(key, version)
        self._written([key], version)
        return deleted

    def delete_many(self, keys: Any, version: Any = None) -> None:
        keys = list(keys)
        super().delete_many(keys, version)
        self._written(keys, version)

    def clear(self) -> None:
        super().clear()
        for copies in self._tracked.values():
            copies.forget_all()
