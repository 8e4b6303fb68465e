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


class RedisCache(DjangoRedisCache):
    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
