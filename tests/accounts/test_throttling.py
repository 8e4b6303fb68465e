"""Login throttling: django-axes locks a user name + address pair after
AXES_FAILURE_LIMIT (5) failed logins for AXES_COOLOFF_TIME (30 minutes), logs it, shows a page
saying when to try again, and reads the address behind NUM_PROXIES proxies."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog
from django.urls import reverse

from tests.accounts.conftest import PASSWORD, english_client
from tests.factories import UserFactory, office_user

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
START = datetime(2031, 3, 2, 9, 0, tzinfo=SHANGHAI)
ADDRESS = "203.0.113.5"


def post_login(client, username: str, password: str, **extra):  # type: ignore[no-untyped-def]
    extra.setdefault("REMOTE_ADDR", ADDRESS)
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, **extra
    )


def is_logged_in(client) -> bool:  # type: ignore[no-untyped-def]
    return "_auth_user_id" in client.session


def fail(client, username: str, times: int, **extra) -> None:  # type: ignore[no-untyped-def]
    for _ in range(times):
        response = post_login(client, username, "wrong-password", **extra)
        assert response.status_code in (200, 429)


def test_four_failures_leave_the_right_password_working() -> None:
    user = office_user()
    client = english_client()
    fail(client, user.username, 4)
    response = post_login(client, user.username, PASSWORD)
    assert response.status_code == 302
    assert is_logged_in(client)


def test_five_failures_lock_out_even_the_right_password() -> None:
    user = office_user()
    client = english_client()
    fail(client, user.username, 5)
    response = post_login(client, user.username, PASSWORD)
    assert response.status_code == 429
    assert not is_logged_in(client)
    assert "accounts/lockout.html" in [t.name for t in response.templates]


def test_lockout_page_says_when_to_try_again_in_beijing_time() -> None:
    user = office_user()
    client = english_client()
    with time_machine.travel(START, tick=False):
        fail(client, user.username, 5)
    with time_machine.travel(START + timedelta(minutes=5), tick=False):
        response = post_login(client, user.username, PASSWORD)
    assert response.status_code == 429
    text = response.content.decode()
    assert "Too many failed logins" in text
    assert "blocked for 30 minutes" in text
    # A try while locked out counts as one more failure: 30 minutes from 09:05.
    assert "Try again after 2031-03-02 09:35 (Beijing time)." in text


def test_lockout_page_right_after_the_fifth_failure_says_30_minutes_later() -> None:
    user = office_user()
    client = english_client()
    with time_machine.travel(START, tick=False):
        fail(client, user.username, 4)
        response = post_login(client, user.username, "wrong-password")
    assert response.status_code == 429
    assert "Try again after 2031-03-02 09:30 (Beijing time)." in response.content.decode()


def test_lockout_page_is_in_chinese_by_default() -> None:
    user = office_user()
    client = english_client()
    fail(client, user.username, 5)
    del client.cookies["django_language"]
    response = post_login(client, user.username, PASSWORD)
    assert response.status_code == 429
    assert '<html lang="zh-CN">' in response.content.decode()


def test_lock_ends_30_minutes_after_the_last_failure() -> None:
    user = office_user()
    client = english_client()
    with time_machine.travel(START, tick=False):
        fail(client, user.username, 5)
    with time_machine.travel(START + timedelta(minutes=30, seconds=1), tick=False):
        response = post_login(client, user.username, PASSWORD)
    assert response.status_code == 302
    assert is_logged_in(client)


def test_tries_while_locked_out_keep_the_lock() -> None:
    user = office_user()
    client = english_client()
    with time_machine.travel(START, tick=False):
        fail(client, user.username, 5)
    with time_machine.travel(START + timedelta(minutes=29), tick=False):
        assert post_login(client, user.username, PASSWORD).status_code == 429
    with time_machine.travel(START + timedelta(minutes=30, seconds=1), tick=False):
        assert post_login(client, user.username, PASSWORD).status_code == 429
    with time_machine.travel(START + timedelta(minutes=60, seconds=2), tick=False):
        response = post_login(client, user.username, PASSWORD)
    assert response.status_code == 302


def test_lock_is_on_the_pair_not_on_the_user_name_or_address_alone() -> None:
    user = office_user()
    other = UserFactory()
    fail(english_client(), user.username, 5)
    # The same user name from another address logs in.
    elsewhere = english_client()
    assert (
        post_login(elsewhere, user.username, PASSWORD, REMOTE_ADDR="198.51.100.9").status_code
        == 302
    )
    assert is_logged_in(elsewhere)
    # Another user name from the same address logs in.
    neighbour = english_client()
    assert post_login(neighbour, other.username, PASSWORD).status_code == 302
    assert is_logged_in(neighbour)


def test_successful_login_resets_the_failure_count() -> None:
    """Many logins from one address (the browser test) never add up to a lock."""
    user = office_user()
    client = english_client()
    for _ in range(3):
        fail(client, user.username, 4)
        assert post_login(client, user.username, PASSWORD).status_code == 302
        client.post(reverse("accounts:logout"), REMOTE_ADDR=ADDRESS)
    assert AccessAttempt.objects.filter(username=user.username).count() == 0


def test_failures_and_lockout_are_logged(caplog) -> None:  # type: ignore[no-untyped-def]
    user = office_user()
    client = english_client()
    with caplog.at_level(logging.INFO):
        fail(client, user.username, 5)
    assert AccessFailureLog.objects.filter(username=user.username, ip_address=ADDRESS).count() == 5
    attempt = AccessAttempt.objects.get(username=user.username, ip_address=ADDRESS)
    assert attempt.failures_since_start == 5
    assert any(
        "Locking out" in record.getMessage() and user.username in record.getMessage()
        for record in caplog.records
    )


def test_behind_a_proxy_the_client_address_comes_from_x_forwarded_for(settings) -> None:
    """NUM_PROXIES=1 (nginx): the lock is on the client's address, not the proxy's."""
    settings.NUM_PROXIES = 1
    user = office_user()
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    fail(english_client(), user.username, 5, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.7"]
    locked = english_client()
    response = post_login(
        locked, user.username, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy
    )
    assert response.status_code == 429
    # Another client through the same proxy is not locked out.
    other = english_client()
    response = post_login(
        other, user.username, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy
    )
    assert response.status_code == 302
    # A client cannot pick its address by sending its own X-Forwarded-For first.
    forged = english_client()
    response = post_login(
        forged,
        user.username,
        PASSWORD,
        HTTP_X_FORWARDED_FOR="198.51.100.99, 198.51.100.7",
        **proxy,
    )
    assert response.status_code == 429
