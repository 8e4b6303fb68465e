"""What a receiving URL may be: HTTPS only and no address of this server or the internal
network where the settings say so (production), checked again at sending (SSRF)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

from webhooks.transport import TargetRefused, check_url, resolve


@pytest.fixture
def production_rules(settings):  # type: ignore[no-untyped-def]
    settings.WEBHOOK_REQUIRE_HTTPS = True
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False


@pytest.mark.parametrize(
    "url",
    [
        "http://example.cn/hook",
        "ftp://example.cn/hook",
        "https://user:pw@example.cn/hook",
        "https:///hook",
        "https://localhost/hook",
        "https://api.localhost/hook",
        "https://127.0.0.1/hook",
        "https://10.1.2.3/hook",
        "https://172.16.0.1/hook",
        "https://192.168.1.1/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://100.64.0.1/hook",
        "https://0.0.0.0/hook",
        "https://[::1]/hook",
        "https://[fd00::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://224.0.0.1/hook",
        # The documentation range is reserved, not globally routable.
        "https://[2001:db8::1]/",
    ],
)
def test_production_refuses_the_url(production_rules, url: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TargetRefused):
        check_url(url)


@pytest.mark.parametrize("url", ["https://example.cn/hook", "https://8.8.8.8:8443/hook?x=1"])
def test_production_accepts_a_public_https_url(production_rules, url: str) -> None:  # type: ignore[no-untyped-def]
    check_url(url)


def test_a_name_that_resolves_to_this_machine_is_refused_at_sending(production_rules) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TargetRefused):
        resolve("localhost", 443)


def test_development_allows_a_receiver_on_this_machine_over_http(settings) -> None:  # type: ignore[no-untyped-def]
    settings.WEBHOOK_REQUIRE_HTTPS = False
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    check_url("http://127.0.0.1:8001/hook")
    assert resolve("127.0.0.1", 8001) == "127.0.0.1"


PROBE = (
    "import django, json; django.setup(); from webhooks.transport import check_url\n"
    "out = {}\n"
    "for url in ('http://example.cn/h', 'https://127.0.0.1/h', 'https://example.cn/h'):\n"
    "    try:\n"
    "        check_url(url); out[url] = 'allowed'\n"
    "    except Exception as exc:\n"
    "        out[url] = type(exc).__name__\n"
    "print(json.dumps(out))"
)


def test_the_production_settings_require_https_and_refuse_private_targets() -> None:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("WEBHOOK_")}
    environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings_production",
            "SECRET_KEY": "s" * 50,
            "ALLOWED_HOSTS": "a.b",
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "http://example.cn/h": "TargetRefused",
        "https://127.0.0.1/h": "TargetRefused",
        "https://example.cn/h": "allowed",
    }
