"""Sessions: a new session key on login, the session ended on logout, on
password change (the user's other sessions), on deactivation, after IDLE_TIMEOUT_MINUTES
without a request and ABSOLUTE_TIMEOUT_HOURS after login. Each test runs three times: with
sessions and users read from the database, through the file cache (sessions ``cached_db``, the
user's row kept by accounts.backends), and as deployed, through Redis (accounts.sessions: the
session and the user's row in one read)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse

from tests.accounts.conftest import PASSWORD, english_client
from tests.factories import office_user

pytestmark = pytest.mark.django_db

START = datetime(2031, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
DASHBOARD = "/accounts/dashboard/"


def as_deployed(settings) -> None:  # type: ignore[no-untyped-def]
    """Sessions and users through Redis, the session and its user's row in one read."""
    settings.CACHES = {
        "default": {
            "BACKEND": "common.redis_cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": f"test-sessions-{uuid.uuid4().hex}",
        }
    }
    settings.SESSION_ENGINE = "accounts.sessions"
    settings.AUTH_USER_CACHE_SECONDS = 300


@pytest.fixture(
    autouse=True, params=["database", "cache", pytest.param("redis", marks=pytest.mark.redis)]
)
def _read_through(request, settings) -> Iterator[None]:  # type: ignore[no-untyped-def]
    if request.param == "cache":
        settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
        settings.AUTH_USER_CACHE_SECONDS = 300
    if request.param == "redis":
        # As deployed: the session, its link and the user's row read in one round trip.
        as_deployed(settings)
    yield  # the keys carry the test's own prefix and expire with the session


def login(client, user) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302


def dashboard_status(client) -> int:  # type: ignore[no-untyped-def]
    return client.get(reverse("accounts:dashboard")).status_code


def test_login_issues_a_new_session_key_and_drops_the_old_one() -> None:
    user = office_user()
    client = english_client()
    session = client.session
    session["before_login"] = "x"
    session.save()
    old_key = session.session_key
    login(client, user)
    new_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert new_key != old_key
    assert not Session.objects.filter(session_key=old_key).exists()
    assert Session.objects.filter(session_key=new_key).exists()


def test_logout_ends_the_session_and_its_cookie_cannot_be_replayed() -> None:
    user = office_user()
    client = english_client()
    login(client, user)
    stolen = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert dashboard_status(client) == 200
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert not Session.objects.filter(session_key=stolen).exists()
    replay = english_client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = stolen
    response = replay.get(reverse("accounts:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_password_change_keeps_this_session_and_ends_the_others() -> None:
    user = office_user()
    here = english_client()
    elsewhere = english_client()
    login(here, user)
    login(elsewhere, user)
    assert dashboard_status(elsewhere) == 200
    response = here.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Gz-quality-2031!",
            "new_password2": "Gz-quality-2031!",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_change_done")
    assert dashboard_status(here) == 200
    assert dashboard_status(elsewhere) == 302
    assert "_auth_user_id" not in elsewhere.session


def test_a_deactivated_user_is_logged_out_on_the_next_request() -> None:
    user = office_user()
    client = english_client()
    login(client, user)
    assert dashboard_status(client) == 200
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session


def test_login_sets_a_session_cookie_that_lasts_the_idle_timeout() -> None:
    user = office_user()
    client = english_client()
    login(client, user)
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 1800


def test_activity_keeps_the_session_alive_past_the_idle_timeout() -> None:
    user = office_user()
    client = english_client()
    with time_machine.travel(START, tick=False):
        login(client, user)
    for minutes in (25, 50, 75, 100):
        with time_machine.travel(START + timedelta(minutes=minutes), tick=False):
            assert dashboard_status(client) == 200


def test_30_idle_minutes_end_the_session() -> None:
    user = office_user()
    client = english_client()
    with time_machine.travel(START, tick=False):
        login(client, user)
    with time_machine.travel(START + timedelta(minutes=29, seconds=59), tick=False):
        assert dashboard_status(client) == 200
    with time_machine.travel(START + timedelta(minutes=60), tick=False):
        response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_idle_timeout_is_enforced_by_the_middleware_even_with_a_long_lived_session(
    settings,
) -> None:
    """The server-side check does not rely on the session store's own expiry."""
    settings.SESSION_COOKIE_AGE = 7 * 24 * 3600
    user = office_user()
    client = english_client()
    with time_machine.travel(START, tick=False):
        login(client, user)
    with time_machine.travel(START + timedelta(minutes=30), tick=False):
        response = client.get(reverse("accounts:dashboard"), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("accounts:login"))
    assert "Your session has ended. Please log in again." in response.content.decode()


def test_12_hours_after_login_the_session_ends_however_active() -> None:
    user = office_user()
    client = english_client()
    with time_machine.travel(START, tick=False):
        login(client, user)
    step = timedelta(minutes=20)
    moment = START + step
    while moment < START + timedelta(hours=12):
        with time_machine.travel(moment, tick=False):
            assert dashboard_status(client) == 200, moment
        moment += step
    with time_machine.travel(START + timedelta(hours=12), tick=False):
        response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_timeouts_follow_the_settings(settings) -> None:
    settings.IDLE_TIMEOUT_MINUTES = 10
    settings.ABSOLUTE_TIMEOUT_HOURS = 1
    user = office_user()
    client = english_client()
    with time_machine.travel(START, tick=False):
        login(client, user)
    with time_machine.travel(START + timedelta(minutes=9), tick=False):
        assert dashboard_status(client) == 200
    with time_machine.travel(START + timedelta(minutes=19, seconds=1), tick=False):
        assert dashboard_status(client) == 302
    with time_machine.travel(START + timedelta(minutes=20), tick=False):
        login(client, user)
    for minutes in (29, 38, 47, 56):
        with time_machine.travel(START + timedelta(minutes=minutes), tick=False):
            assert dashboard_status(client) == 200
    with time_machine.travel(START + timedelta(minutes=80), tick=False):
        assert dashboard_status(client) == 302


def test_reading_pages_does_not_write_the_session_every_request() -> None:
    user = office_user()
    client = english_client()
    with time_machine.travel(START, tick=False):
        login(client, user)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    expiry = Session.objects.get(session_key=key).expire_date
    with time_machine.travel(START + timedelta(seconds=30), tick=False):
        assert dashboard_status(client) == 200
    assert Session.objects.get(session_key=key).expire_date == expiry
    with time_machine.travel(START + timedelta(minutes=5), tick=False):
        assert dashboard_status(client) == 200
    assert Session.objects.get(session_key=key).expire_date == expiry + timedelta(minutes=5)


@pytest.mark.redis
def test_with_redis_a_request_reads_its_session_and_user_in_one_round_trip(
    settings,
) -> None:  # type: ignore[no-untyped-def]
    as_deployed(settings)
    from django.core.cache import cache

    client = english_client()
    login(client, office_user())
    assert dashboard_status(client) == 200  # links the session to the user's row
    redis = cache._cache.get_client()  # type: ignore[attr-defined]
    sent: list[tuple[object, ...]] = []
    original = redis.execute_command
    redis.execute_command = lambda *args, **kwargs: sent.append(args) or original(*args, **kwargs)
    try:
        assert dashboard_status(client) == 200
    finally:
        del redis.execute_command
    reads = [args for args in sent if args[0] in {"GET", "MGET"}]
    assert [args[0] for args in sent].count("EVALSHA") == 1
    assert not any(
        "django.contrib.sessions" in str(args) or "accounts:user:" in str(args) for args in reads
    )
