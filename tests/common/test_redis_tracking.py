"""A session read through the Redis cache is kept in the process (common.redis_tracking) and
dropped as soon as Redis says the session, its link or the user's row changed: by this process,
by another (a second cache object on the same server stands for it), by a flush, or when the
tracking connection is lost."""

from __future__ import annotations

import os
import socket
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import redis

from common.redis_cache import RedisCache
from common.redis_tracking import MISS, TrackedCopies

pytestmark = pytest.mark.redis

PREFIXES = ("s:", "link:", "row:")


@pytest.fixture
def prefix() -> str:
    return f"test-tracking-{uuid.uuid4().hex}"


@pytest.fixture
def here(prefix: str) -> Iterator[RedisCache]:
    """The cache as this process sees it."""
    cache = RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": prefix})
    yield cache
    cache.delete_many(["s:1", "link:1", "row:7", "row:8"])


@pytest.fixture
def elsewhere(prefix: str) -> RedisCache:
    """The same cache as another process sees it."""
    return RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": prefix})


def copies_of(cache: RedisCache) -> TrackedCopies:
    return cache.tracked_copies(PREFIXES, 30)


def signed_in(cache: RedisCache, user_row: str = "row:7") -> None:
    cache.set("s:1", {"_auth_user_id": "7"}, 60)
    cache.set_link("link:1", user_row, 60)
    cache.set(user_row, {"name": user_row}, 60)


def read(cache: RedisCache) -> tuple[Any, bool, Any]:
    return cache.get_through_link("s:1", "link:1", copies_of(cache))


def round_trips(cache: RedisCache) -> list[str]:
    """Spy on the commands the cache's client sends from now on."""
    client = cache._cache.get_client()
    sent: list[str] = []
    original = client.execute_command

    def spy(*args: Any, **kwargs: Any) -> Any:
        sent.append(args[0])
        return original(*args, **kwargs)

    client.execute_command = spy
    return sent


def message_arrives(cache: RedisCache) -> None:
    """Wait (at most a second) until Redis's invalidation reaches the tracking connection."""
    assert copies_of(cache)._connection.can_read(timeout=1.0)


def test_a_session_read_again_costs_no_round_trip(here: RedisCache) -> None:
    signed_in(here)
    first = read(here)
    sent = round_trips(here)
    again = read(here)
    assert first == again == ({"_auth_user_id": "7"}, True, {"name": "row:7"})
    assert sent == []
    assert again[0] is not first[0]  # each request gets its own objects to change


def test_without_copies_every_read_goes_to_redis(here: RedisCache) -> None:
    signed_in(here)
    here.get_through_link("s:1", "link:1")
    sent = round_trips(here)
    here.get_through_link("s:1", "link:1")
    assert sent == ["EVALSHA"]


def test_a_missing_session_or_user_row_is_not_kept(here: RedisCache) -> None:
    assert read(here) == (None, False, None)
    here.set("s:1", {"_auth_user_id": "7"}, 60)
    here.set_link("link:1", "row:7", 60)
    assert read(here) == ({"_auth_user_id": "7"}, True, None)
    sent = round_trips(here)
    read(here)
    assert sent == ["EVALSHA"]


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda c: c.delete("s:1"), id="log-out"),
        pytest.param(lambda c: c.set("s:1", {"_auth_user_id": "7", "x": 1}, 60), id="save"),
        pytest.param(lambda c: c.delete("row:7"), id="user changed"),
        pytest.param(lambda c: c.set_link("link:1", "row:8", 60), id="relinked"),
        pytest.param(lambda c: c.delete_many(["s:1"]), id="delete many"),
        pytest.param(lambda c: c.clear(), id="clear"),
    ],
)
def test_this_process_s_own_write_is_read_at_once(here: RedisCache, change: Any) -> None:
    signed_in(here)
    before = read(here)
    change(here)
    sent = round_trips(here)
    assert read(here) != before
    assert sent == ["EVALSHA"]


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda c: c.delete("s:1"), id="log-out"),
        pytest.param(lambda c: c.delete("row:7"), id="user changed"),
        pytest.param(lambda c: c.set_link("link:1", "row:8", 60), id="relinked"),
        pytest.param(lambda c: c._cache.get_client().flushdb(), id="flush"),
    ],
)
def test_another_process_s_write_drops_the_copy(
    here: RedisCache, elsewhere: RedisCache, change: Any
) -> None:
    signed_in(here)
    before = read(here)
    change(elsewhere)
    message_arrives(here)
    assert read(here) != before


def test_an_expired_session_drops_the_copy(here: RedisCache) -> None:
    signed_in(here)
    here._cache.get_client().pexpire(here.make_key("s:1"), 30)
    read(here)
    message_arrives(here)  # Redis expires the key and says so
    assert read(here) == (None, True, {"name": "row:7"})


def test_a_change_racing_the_read_is_not_overwritten_by_the_older_value(
    here: RedisCache, elsewhere: RedisCache
) -> None:
    signed_in(here)
    copies = copies_of(here)
    generation = copies.generation()
    stale = here.get_through_link("s:1", "link:1")  # read before the change...
    elsewhere.delete("s:1")
    message_arrives(here)
    copies.get("anything")  # ...whose invalidation is applied before the value is kept
    name = here.make_key("s:1")
    copies.keep(name, stale, [name], generation)
    assert read(here) == (None, True, {"name": "row:7"})


def test_a_lost_tracking_connection_drops_every_copy_until_it_is_back(
    here: RedisCache, caplog: pytest.LogCaptureFixture
) -> None:
    signed_in(here)
    read(here)
    copies = copies_of(here)
    copies.RETRY_AFTER = 0.0
    tracker = copies._connection
    host, port = tracker._sock.getsockname()[:2]
    redis.Redis.from_url(os.environ["REDIS_URL"]).client_kill(f"{host}:{port}")
    assert tracker._sock.recv(1, socket.MSG_PEEK) == b""  # the server closed it
    sent = round_trips(here)
    read(here)  # to Redis; tracking again from here
    read(here)
    assert sent == ["EVALSHA"]
    assert copies._connection not in (None, tracker)
    assert "client tracking unavailable" in caplog.text  # for the operator
    assert "client tracking available again" in caplog.text


def test_a_tracking_connection_that_stops_answering_pings_is_dropped(here: RedisCache) -> None:
    signed_in(here)
    read(here)
    copies = copies_of(here)
    copies._awaiting_pong, copies._ping_at = True, 0.0  # a ping long unanswered
    sent = round_trips(here)
    read(here)
    assert sent == ["EVALSHA"]
    assert copies._connection is None


def test_a_forked_child_opens_its_own_tracking_connection(here: RedisCache) -> None:
    signed_in(here)
    read(here)
    copies = copies_of(here)
    parent_connection = copies._connection
    copies._pid = -1  # as after os.fork()
    sent = round_trips(here)
    read(here)
    assert sent == ["EVALSHA"]
    assert copies._connection is not parent_connection


def test_a_copy_lives_at_most_its_age(here: RedisCache, prefix: str) -> None:
    signed_in(here)
    copies = here.tracked_copies(PREFIXES, 0.0)
    here.get_through_link("s:1", "link:1", copies)
    sent = round_trips(here)
    here.get_through_link("s:1", "link:1", copies)
    assert sent == ["EVALSHA"]


def test_copies_are_bounded(here: RedisCache) -> None:
    signed_in(here)
    copies = copies_of(here)
    copies._max_copies = 1
    read(here)
    assert len(copies._copies) == 1
    generation = copies.generation()
    copies.keep("other", ("x",), ["row:other"], generation)
    assert list(copies._copies) == ["other"]


def test_a_redis_that_does_not_answer_holds_up_a_lookup_a_second_at_most(
    prefix: str, caplog: pytest.LogCaptureFixture
) -> None:
    silent = socket.socket()  # accepts connections (the backlog) and never answers
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    try:
        cache = RedisCache(f"redis://127.0.0.1:{silent.getsockname()[1]}/0", {"KEY_PREFIX": prefix})
        copies = copies_of(cache)
        started = time.monotonic()
        assert copies.get("anything") is MISS
        assert time.monotonic() - started < 3
        assert copies.get("anything") is MISS  # not tried again before RETRY_AFTER
        assert time.monotonic() - started < 3
        copies.RETRY_AFTER = 0.0
        assert copies.get("anything") is MISS  # tried again, and failed again
        assert caplog.text.count("client tracking unavailable") == 1  # once an outage
    finally:
        silent.close()
