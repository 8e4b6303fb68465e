"""Browser tests: pytest-playwright driving Debian's /usr/bin/chromium (never a downloaded
browser), against Django's live server."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connections
from playwright.sync_api import Browser, BrowserType, Playwright, sync_playwright

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
# test itself (setup, assertions) are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


@pytest.fixture
def browser_context_args(live_server: Any) -> dict[str, Any]:
    # Not built on pytest-playwright's session-scoped one, which needs a session-long
    # Playwright (see below); its only other options are --device and --video. Every
    # browser test drives Django's live server: pages are addressed by path.
    return {
        "base_url": live_server.url,
        "locale": "zh-CN",
        "timezone_id": "Asia/Shanghai",
        "accept_downloads": True,
    }


# pytest-playwright keeps one Playwright for the whole session, and with it an asyncio loop
# that stays "running" in this thread. While a loop runs, Django keeps database connections per
# async context instead of per thread (asgiref.local), so every test after the first browser
# test would get fresh connection objects: on PostgreSQL these lack the serialized data that
# serialized_rollback restores, and the transactional tests after it start from empty tables.
# Each browser test therefore starts and stops its own Playwright and browser (about a second),
# and the loop never runs outside a browser test.


@pytest.fixture
def playwright(_pw_api_request_contexts: Any) -> Iterator[Playwright]:
    pw = sync_playwright().start()
    if _pw_api_request_contexts:
        _pw_api_request_contexts.instrument(pw)
    yield pw
    # The connections the test's own ORM calls opened live in that async context: close them
    # while it is still current, or they outlive the test (and block dropping the test DB).
    connections.close_all()
    pw.stop()


@pytest.fixture
def browser_type(playwright: Playwright, browser_name: str) -> BrowserType:
    return getattr(playwright, browser_name)  # type: ignore[no-any-return]


@pytest.fixture
def launch_browser(
    browser_type_launch_args: dict[str, Any], browser_type: BrowserType
) -> Callable[..., Browser]:
    def launch(**kwargs: Any) -> Browser:
        return browser_type.launch(**{**browser_type_launch_args, **kwargs})

    return launch


@pytest.fixture
def browser(launch_browser: Callable[..., Browser]) -> Iterator[Browser]:
    browser = launch_browser()
    yield browser
    browser.close()
