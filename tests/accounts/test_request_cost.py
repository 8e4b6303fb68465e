"""What a logged-in request costs in the middleware: the session is read, not written (the idle
timeout renews it at most once a minute), the second-factor device is looked up once per
session (again only after one of the user's devices went away), and the lockout tables of
django-axes are touched at log-in only. Each saving keeps its security behaviour: the idle
timeout still ends the session, a removed authenticator still unverifies its sessions at once."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from asgiref.sync import async_to_sync
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.functional import LazyObject
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.middleware import SecondFactorStateMiddleware
from accounts.second_factor import regenerate_backup_codes, reset_second_factor
from tests.accounts.conftest import english_client
from tests.accounts.test_second_factor import code_for, enrolled, password_login
from tests.factories import expert_user, office_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("second_factor_on")]

START = datetime(2031, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
DASHBOARD = "/accounts/dashboard/"
VERIFY = "/accounts/two-step/verify/"
ENROL = "/accounts/two-step/enrol/"


def _verified_client(user, at: datetime):  # type: ignore[no-untyped-def]
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    client = english_client()
    with time_machine.travel(at, tick=False):
        password_login(client, user)
        assert client.post(VERIFY, {"code": code_for(device)}).status_code == 302
        # The first page after verification remembers the device in the session.
        assert client.get(DASHBOARD).status_code == 200
    return client


def _sql_of_a_dashboard_get(seconds_after_login: int) -> list[str]:
    """The SQL of one dashboard request by a verified office user, that long after log-in."""
    user = office_user()
    enrolled(user)
    client = _verified_client(user, START)
    with (
        time_machine.travel(START + timedelta(seconds=seconds_after_login), tick=False),
        CaptureQueriesContext(connection) as queries,
    ):
        assert client.get(DASHBOARD).status_code == 200
    return [q["sql"] for q in queries.captured_queries]


def _session_writes(sql: list[str]) -> list[str]:
    return [s for s in sql if "django_session" in s and not s.startswith("SELECT")]


def test_a_second_logged_in_get_writes_no_session_reads_no_device_and_no_lockout_table() -> None:
    sql = _sql_of_a_dashboard_get(20)
    assert _session_writes(sql) == []
    assert [s for s in sql if "otp_totp" in s or "otp_static" in s] == []
    assert [s for s in sql if "axes_" in s] == []
    assert len([s for s in sql if 'FROM "django_session"' in s]) == 1


def test_the_session_is_renewed_once_a_minute_has_passed() -> None:
    assert len(_session_writes(_sql_of_a_dashboard_get(61))) == 1


def test_the_idle_timeout_still_ends_a_verified_session_that_wrote_nothing() -> None:
    user = office_user()
    enrolled(user)
    client = _verified_client(user, START)
    with time_machine.travel(START + timedelta(minutes=30, seconds=1), tick=False):
        response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def _reset_by_the_office(device: TOTPDevice) -> None:
    reset_second_factor(actor=office_user(), user=device.user)


def _deleted(device: TOTPDevice) -> None:
    TOTPDevice.objects.filter(pk=device.pk).delete()


def _unconfirmed(device: TOTPDevice) -> None:
    device.confirmed = False
    device.save()


@pytest.mark.parametrize("remove", [_reset_by_the_office, _deleted, _unconfirmed])
def test_an_authenticator_gone_unverifies_the_session_on_its_next_request(remove) -> None:  # type: ignore[no-untyped-def]
    user = expert_user()
    device = enrolled(user)
    client = _verified_client(user, START)
    with time_machine.travel(START + timedelta(seconds=10), tick=False):
        remove(device)
        response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"].startswith(ENROL)


def test_new_backup_codes_keep_a_session_verified_by_the_authenticator() -> None:
    user = office_user()
    enrolled(user)
    client = _verified_client(user, START)
    with time_machine.travel(START + timedelta(seconds=10), tick=False):
        regenerate_backup_codes(user)
        assert client.get(DASHBOARD).status_code == 200
        with CaptureQueriesContext(connection) as queries:
            assert client.get(DASHBOARD).status_code == 200
    assert [q for q in queries.captured_queries if "otp_totp" in q["sql"]] == []


def test_the_request_s_user_is_the_verified_user_itself_and_auser_agrees() -> None:
    """No lazy proxy in front of the user (every attribute read through one cost), and the
    async accessor answers as the sync one, second factor included."""
    user = office_user()
    enrolled(user)
    client = _verified_client(user, START)
    seen = {}

    def view(request):  # type: ignore[no-untyped-def]
        seen["user"] = request.user
        seen["auser"] = async_to_sync(request.auser)()
        return HttpResponse()

    chain = SessionMiddleware(AuthenticationMiddleware(SecondFactorStateMiddleware(view)))
    request = RequestFactory().get(DASHBOARD)
    request.COOKIES.update({k: v.value for k, v in client.cookies.items()})
    with time_machine.travel(START + timedelta(seconds=10), tick=False):
        chain(request)
    assert not isinstance(seen["user"], LazyObject)
    assert seen["user"].pk == user.pk and seen["user"].is_verified()
    assert seen["auser"].pk == user.pk and seen["auser"].is_verified()
