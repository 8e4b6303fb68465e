"""The signed-in user's row read through the cache (accounts.backends.CachedUserBackend): a
logged-in request reads no user row once the row is cached, and everything that ends a
session through the user's row still ends it on the very next request."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from tests.accounts.test_request_cost import (
    DASHBOARD,
    ENROL,
    START,
    _deleted,
    _reset_by_the_office,
    _unconfirmed,
    _verified_client,
)
from tests.accounts.test_second_factor import enrolled
from tests.factories import expert_user, office_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("second_factor_on")]


@pytest.fixture(autouse=True)
def _user_cache_on(settings) -> None:  # type: ignore[no-untyped-def]
    settings.AUTH_USER_CACHE_SECONDS = 300


def _user_reads(client) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(DASHBOARD).status_code == 200
    return len([q for q in queries.captured_queries if 'FROM "accounts_user"' in q["sql"]])


def test_a_second_request_reads_no_user_row(settings) -> None:  # type: ignore[no-untyped-def]
    user = office_user()
    enrolled(user)
    client = _verified_client(user, START)
    with time_machine.travel(START + timedelta(seconds=10), tick=False):
        client.get(DASHBOARD)
        cached = _user_reads(client)
        settings.AUTH_USER_CACHE_SECONDS = 0
        uncached = _user_reads(client)
    assert cached == uncached - 1


def _password_changed(user: User) -> None:
    user.set_password("a new secret 2031")
    user.save()


def _deactivated(user: User) -> None:
    user.is_active = False
    user.save()


@pytest.mark.parametrize("change", [_password_changed, _deactivated])
def test_a_password_change_or_deactivation_ends_the_session_at_once(change) -> None:  # type: ignore[no-untyped-def]
    user = office_user()
    enrolled(user)
    client = _verified_client(user, START)
    with time_machine.travel(START + timedelta(seconds=10), tick=False):
        assert client.get(DASHBOARD).status_code == 200  # the row is now cached
        change(User.objects.get(pk=user.pk))
        response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("remove", [_reset_by_the_office, _deleted, _unconfirmed])
def test_an_authenticator_gone_unverifies_a_session_whose_user_is_cached(remove) -> None:  # type: ignore[no-untyped-def]
    user = expert_user()
    device = enrolled(user)
    client = _verified_client(user, START)
    with time_machine.travel(START + timedelta(seconds=10), tick=False):
        assert client.get(DASHBOARD).status_code == 200  # the row is now cached
        remove(device)
        response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"].startswith(ENROL)
