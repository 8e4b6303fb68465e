"""Behind the real reverse proxy, the log-in lockout (django-axes) and the objection rate limit
see the true client, whatever X-Forwarded-For it forges.

The test starts Debian's nginx on a loopback port, with the deployment's own proxy settings
(deploy/nginx/proxy.conf, as docker-compose's `proxy` service includes them), in front of
Django's live server, with NUM_PROXIES=1 as docker-compose sets it. Two clients connect to nginx
from two loopback addresses (127.0.0.2 and 127.0.0.3), so the client's address differs from the
proxy's (127.0.0.1): a forged header cannot spread one client's failures over many addresses,
and another client is not locked out with it."""

from __future__ import annotations

import http.client
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from datetime import timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
import time_machine
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse

from tests.accounts.conftest import PASSWORD
from tests.factories import UserFactory, office_user
from tests.publicity.helpers import STARTS_AT, publicity_round

pytestmark = [pytest.mark.nginx, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PROXY_CONF = Path(settings.BASE_DIR) / "deploy" / "nginx" / "proxy.conf"
CLIENT_A = "127.0.0.2"
CLIENT_B = "127.0.0.3"
DURING = STARTS_AT + timedelta(days=3, hours=2)


def _nginx() -> str:
    return shutil.which("nginx") or "/usr/sbin/nginx"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def proxy(live_server, tmp_path: Path, settings) -> Iterator[int]:  # type: ignore[no-untyped-def]
    """nginx on 127.0.0.1:<port> in front of the live server; its port."""
    settings.NUM_PROXIES = 1
    port = _free_port()
    for temp in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp_path / temp).mkdir()
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        f"""
worker_processes 1;
daemon off;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {tmp_path}/body;
    proxy_temp_path {tmp_path}/proxy;
    fastcgi_temp_path {tmp_path}/fastcgi;
    uwsgi_temp_path {tmp_path}/uwsgi;
    scgi_temp_path {tmp_path}/scgi;
    upstream portal {{ server 127.0.0.1:{live_server.thread.port}; }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://portal;
            include {PROXY_CONF};
        }}
    }}
}}
"""
    )
    server = subprocess.Popen(
        [_nginx(), "-c", str(conf), "-p", str(tmp_path), "-e", str(tmp_path / "error.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log = (tmp_path / "error.log").read_text(errors="replace")
                    stderr = server.stderr.read().decode() if server.stderr else ""
                    pytest.fail(f"nginx did not start: {stderr} {log}")
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


class Browser:
    """A client connecting to the proxy from its own loopback address, keeping its cookies."""

    def __init__(self, port: int, address: str) -> None:
        self.port, self.address = port, address
        self.cookies: dict[str, str] = {}

    def request(
        self,
        method: str,
        path: str,
        data: dict[str, str] | None = None,
        forged_for: str | None = None,
    ) -> tuple[int, str]:
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=30, source_address=(self.address, 0)
        )
        headers = {"Host": "127.0.0.1", "Accept-Language": "zh-hans"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if forged_for:
            headers["X-Forwarded-For"] = forged_for
        body = None
        if data is not None:
            data = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **data}
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            connection.close()

    def post_form(self, path: str, data: dict[str, str], **kwargs: str) -> tuple[int, str]:
        self.request("GET", path)  # the CSRF cookie
        return self.request("POST", path, data, **kwargs)


def _can_bind(address: str) -> bool:
    try:
        with socket.socket() as s:
            s.bind((address, 0))
        return True
    except OSError:
        return False


@pytest.fixture(autouse=True)
def _two_loopback_addresses() -> None:
    assert _can_bind(CLIENT_A) and _can_bind(CLIENT_B), "the loopback network is 127.0.0.0/8"


def test_a_forged_forwarded_for_does_not_escape_the_login_lockout(proxy: int) -> None:
    from axes.models import AccessAttempt

    user = office_user()
    login = reverse("accounts:login")
    attacker = Browser(proxy, CLIENT_A)
    for n in range(settings.AXES_FAILURE_LIMIT):
        status, _page = attacker.post_form(
            login, {"username": user.username, "password": "wrong"}, forged_for=f"198.51.100.{n}"
        )
        assert status in (200, 429)
    # Locked: even the right password, from yet another forged address, is refused.
    status, page = attacker.post_form(
        login, {"username": user.username, "password": PASSWORD}, forged_for="198.51.100.99"
    )
    assert status == 429, page[:500]
    assert "sessionid" not in attacker.cookies
    # Counted against the true client, never against a forged address nor the proxy's.
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {CLIENT_A}

    # Another client (another address) is not locked out with it: the addresses differ.
    colleague = Browser(proxy, CLIENT_B)
    status, _page = colleague.post_form(login, {"username": user.username, "password": PASSWORD})
    assert status == 302
    assert "sessionid" in colleague.cookies


def test_the_objection_limit_counts_the_true_client_not_a_forged_address(proxy: int) -> None:
    from publicity.views.publicity import OBJECTION_FORM, OBJECTION_RATE_LIMIT

    _round, period, (app,) = publicity_round(office_user())
    url = reverse("publicity:object", kwargs={"pk": period.pk})
    with time_machine.travel(DURING):
        # Client A has used up its objections this hour (as counted from its own address).
        from_a = RequestFactory().post(url, REMOTE_ADDR=CLIENT_A)
        for _ in range(OBJECTION_RATE_LIMIT):
            OBJECTION_FORM.count_submission(from_a)
        form = {
            "name": "李四",
            "phone": "13900000000",
            "email": "",
            "application": str(app.pk),
            "grounds": "该企业存在质量投诉",
            "captcha_1": "0",
        }
        status, page = Browser(proxy, CLIENT_A).post_form(url, form, forged_for="203.0.113.7")
        assert status == 429, "a forged X-Forwarded-For escaped the limit"
        assert "alert-danger" in page
        # Client B, through the same proxy, is not limited by A (and gets the form back: the
        # captcha was not solved).
        status, page = Browser(proxy, CLIENT_B).post_form(url, form)
        assert status == 200
        assert re.search(r'name="grounds"', page)


def test_the_client_behind_the_proxy_is_not_the_proxy(proxy: int) -> None:
    """NUM_PROXIES=0 behind the proxy would make every user the proxy (127.0.0.1)."""
    from axes.models import AccessAttempt

    user = UserFactory()
    Browser(proxy, CLIENT_B).post_form(
        reverse("accounts:login"), {"username": user.username, "password": "wrong"}
    )
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [CLIENT_B]
