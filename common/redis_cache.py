"""Django's Redis cache with one Redis client per connection pool, kept for the process.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every cache call, and
redis-py's constructor fills a table of about 170 response callbacks each time: about 700
function calls a ``cache.get``, more than the rest of a logged-in request to a trivial view
(its session and its user are two cache reads). A ``redis.Redis`` is safe to share between
threads (each command borrows a connection from the pool, which redis-py renews after a fork),
so one per pool is enough.

Everything else (serialisation, pools, options, timeouts) is Django's own."""

from __future__ import annotations

import threading
from typing import Any

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


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


class LinkedReads:
    """``get_through_link`` and ``set_link`` for :class:`RedisCache` (Django's cache API has no
    dependent read)."""

    _script: Any = None

    def get_through_link(self, key: str, link: str) -> tuple[Any, bool, Any]:
        """``key``'s value, whether ``link`` exists, and the value of the entry ``link`` names
        (``None`` where missing), in one round trip."""
        django: Any = self
        client = django._cache.get_client(key)
        if LinkedReads._script is None:
            LinkedReads._script = client.register_script(_THROUGH_LINK)
        first, target, linked = LinkedReads._script(
            keys=[django.make_and_validate_key(key), django.make_and_validate_key(link)],
            client=client,
        )
        loads = django._cache._serializer.loads
        return (
            None if first is None else loads(first),
            target is not None,
            None if linked is None else loads(linked),
        )

    def set_link(self, link: str, target: str, timeout: int) -> None:
        """Point ``link`` at the entry ``target`` for ``timeout`` seconds."""
        django: Any = self
        client = django._cache.get_client(link, write=True)
        client.set(
            django.make_and_validate_key(link), django.make_and_validate_key(target), ex=timeout
        )


class RedisCache(LinkedReads, DjangoRedisCache):
    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
