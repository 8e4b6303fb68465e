"""What a receiving URL may be: HTTPS only and no address of this server or the internal
network where the settings say so (production), checked again at sending (SSRF). The
production settings themselves: tests/security/test_settings_switches.py."""

from __future__ import annotations

import pytest

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
