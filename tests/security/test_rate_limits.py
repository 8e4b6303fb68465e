"""Rate limits hold under concurrency and in a fixed window: concurrent objections are
accepted up to the limit and no further, on PostgreSQL (a locked row) and on Redis (INCR with
an expiry set once); a counted submission never renews the window (the file cache's ``incr``
used to reset it to 300 s)."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import redis
import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse

from common.ratelimit import RateLimit, count_event
from publicity.models import Objection
from publicity.views.publicity import OBJECTION_RATE_LIMIT
from tests.factories import office_user
from tests.publicity.helpers import STARTS_AT, publicity_round

DURING = STARTS_AT + timedelta(days=3, hours=2)
ATTEMPTS = 2 * OBJECTION_RATE_LIMIT


def _all_at_once(n: int, work: Callable[[int], Any]) -> list[Any]:
    """Run ``work(i)`` in ``n`` threads released together; each closes its connection."""
    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work(i)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _objection_data(client: Client, url: str, app_pk: int) -> dict[str, str]:
    client.get(url)
    return {
        "name": "李四",
        "phone": "13900000000",
        "email": "",
        "application": str(app_pk),
        "grounds": "该企业存在质量投诉",
        # The captcha's answer in test mode (tests/conftest.py).
        "captcha_0": "shown",
        "captcha_1": "PASSED",
    }


def _post_objections_at_once() -> list[int]:
    _round, period, (app,) = publicity_round(office_user())
    url = reverse("publicity:object", kwargs={"pk": period.pk})
    with time_machine.travel(DURING, tick=False):
        clients = [Client() for _ in range(ATTEMPTS)]
        data = [_objection_data(client, url, app.pk) for client in clients]
        return _all_at_once(ATTEMPTS, lambda i: clients[i].post(url, data[i]).status_code)


@pytest.fixture
def rate_limits_in_redis(settings) -> str:  # type: ignore[no-untyped-def]
    url = os.environ["REDIS_URL"]
    client = redis.Redis.from_url(url)
    for key in client.scan_iter("ratelimit:*"):
        client.delete(key)
    settings.RATE_LIMIT_REDIS_URL = url
    return url


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_objections_stop_at_the_limit_on_postgresql() -> None:
    statuses = _post_objections_at_once()
    assert sorted(statuses) == [302] * OBJECTION_RATE_LIMIT + [429] * OBJECTION_RATE_LIMIT
    assert Objection.objects.count() == OBJECTION_RATE_LIMIT


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_objections_stop_at_the_limit_on_redis(rate_limits_in_redis: str) -> None:
    statuses = _post_objections_at_once()
    assert sorted(statuses) == [302] * OBJECTION_RATE_LIMIT + [429] * OBJECTION_RATE_LIMIT
    assert Objection.objects.count() == OBJECTION_RATE_LIMIT


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_hits_count_each_once_in_the_database() -> None:
    limit = RateLimit("test:db", 5, 3600)
    allowed = _all_at_once(20, lambda _i: limit.hit("10.0.0.1"))
    assert allowed.count(True) == 5


@pytest.mark.redis
def test_concurrent_hits_count_each_once_in_redis(rate_limits_in_redis: str) -> None:
    limit = RateLimit("test:redis", 5, 3600)
    allowed = _all_at_once(20, lambda _i: limit.hit("10.0.0.1"))
    assert allowed.count(True) == 5


@pytest.mark.redis
def test_the_redis_expiry_is_set_once(rate_limits_in_redis: str) -> None:
    limit = RateLimit("test:ttl", 5, 3600)
    now = 1_900_000_000.0
    count_event(limit, "a", now)
    client = redis.Redis.from_url(rate_limits_in_redis)
    (key,) = client.keys("ratelimit:test:ttl:a:*")
    client.expire(key, 100)  # as if most of the window had passed
    count_event(limit, "a", now + 1)
    assert 0 < client.ttl(key) <= 100


@pytest.mark.django_db
def test_the_window_is_fixed_in_the_database() -> None:
    limit = RateLimit("test:window", 2, 3600)
    start = limit.window_of(1_900_000_000.0)
    assert [count_event(limit, "a", start + s) for s in (1, 1800, 3599)] == [1, 2, 3]
    assert count_event(limit, "a", start + 3600) == 1


@pytest.mark.django_db
def test_a_counted_objection_does_not_renew_the_window(client, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Without Redis, production counted in the file cache, whose ``incr`` set a 300 s expiry:
    ten minutes after five objections a sixth was accepted."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    _round, period, (app,) = publicity_round(office_user())
    url = reverse("publicity:object", kwargs={"pk": period.pk})
    with time_machine.travel(DURING, tick=False):
        for _ in range(OBJECTION_RATE_LIMIT):
            assert client.post(url, _objection_data(client, url, app.pk)).status_code == 302
    with time_machine.travel(DURING + timedelta(minutes=10), tick=False):
        assert client.post(url, _objection_data(client, url, app.pk)).status_code == 429
    assert Objection.objects.count() == OBJECTION_RATE_LIMIT
