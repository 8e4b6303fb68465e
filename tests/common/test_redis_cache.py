"""The Redis cache keeps one Redis client per connection pool (common.redis_cache): Django's
own built a new client, and its table of response callbacks, for every cache call."""

from __future__ import annotations

import os
import threading
import uuid

import pytest

from common.redis_cache import RedisCache

pytestmark = pytest.mark.redis


@pytest.fixture
def redis_cache() -> RedisCache:
    return RedisCache(
        os.environ["REDIS_URL"], {"KEY_PREFIX": f"test-redis-cache-{uuid.uuid4().hex}"}
    )


def test_every_call_uses_the_same_client(redis_cache: RedisCache) -> None:
    inner = redis_cache._cache
    first = inner.get_client()
    assert inner.get_client("any") is first
    assert inner.get_client(write=True) is first  # one server: reads and writes share a pool


def test_the_cache_reads_and_writes_as_django_s(redis_cache: RedisCache) -> None:
    try:
        assert redis_cache.get("a", "missing") == "missing"
        redis_cache.set("a", {"x": [1, 2]}, 60)
        assert redis_cache.get("a") == {"x": [1, 2]}
        assert redis_cache.add("a", 1, 60) is False
        redis_cache.set("n", 1, 60)
        assert redis_cache.incr("n") == 2
        assert redis_cache.get_many(["a", "n", "b"]) == {"a": {"x": [1, 2]}, "n": 2}
        assert redis_cache.delete("a") is True
        assert redis_cache.get("a") is None
    finally:
        redis_cache.delete_many(["a", "n"])


def test_threads_share_the_client_and_each_reads_its_own_value(redis_cache: RedisCache) -> None:
    clients, values = set(), {}

    def work(n: int) -> None:
        clients.add(id(redis_cache._cache.get_client()))
        redis_cache.set(f"t{n}", n, 60)
        values[n] = redis_cache.get(f"t{n}")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(clients) == 1
        assert values == {n: n for n in range(8)}
    finally:
        redis_cache.delete_many([f"t{n}" for n in range(8)])


def test_a_read_through_a_link_is_one_round_trip(redis_cache: RedisCache) -> None:
    try:
        assert redis_cache.get_through_link("s", "link") == (None, False, None)
        redis_cache.set("s", {"_auth_user_id": "7"}, 60)
        assert redis_cache.get_through_link("s", "link") == ({"_auth_user_id": "7"}, False, None)
        redis_cache.set_link("link", "row", 60)
        assert redis_cache.get_through_link("s", "link") == ({"_auth_user_id": "7"}, True, None)
        redis_cache.set("row", ["a", "row"], 60)
        calls = []
        client = redis_cache._cache.get_client()
        original = client.execute_command
        client.execute_command = lambda *a, **k: calls.append(a[0]) or original(*a, **k)
        try:
            got = redis_cache.get_through_link("s", "link")
        finally:
            del client.execute_command
        assert got == ({"_auth_user_id": "7"}, True, ["a", "row"])
        assert calls == ["EVALSHA"]
    finally:
        redis_cache.delete_many(["s", "link", "row"])


def test_a_read_through_a_link_decodes_as_django_s_serializer(redis_cache: RedisCache) -> None:
    """Django stores an int as its digits and anything else pickled."""
    try:
        redis_cache.set("s", 42, 60)
        redis_cache.set_link("link", "row", 60)
        redis_cache.set("row", -7, 60)
        assert redis_cache.get_through_link("s", "link") == (42, True, -7)
        redis_cache.set("row", "-7", 60)
        assert redis_cache.get_through_link("s", "link") == (42, True, "-7")
    finally:
        redis_cache.delete_many(["s", "link", "row"])
