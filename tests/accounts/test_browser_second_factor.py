"""In a real browser under the CSP: an office user logs in, is sent to set up two-step
verification, scans (reads) the key, confirms a code, sees the backup codes and reaches the
dashboard; the next log-in asks for a code."""

from __future__ import annotations

import os
from base64 import b32decode
from typing import Any

import pytest
from django.db import connections
from django_otp.oath import TOTP

from tests.accounts.conftest import PASSWORD
from tests.factories import office_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _code(secret: str) -> str:
    return f"{TOTP(b32decode(secret.replace(' ', ''))).token():06d}"


def test_office_enrols_with_the_qr_page_then_verifies_at_the_next_login(
    live_server: Any, settings: Any
) -> None:
    from playwright.sync_api import expect, sync_playwright

    settings.OTP_ENFORCED = True
    user = office_user()
    violations: list[str] = []
    pw = sync_playwright().start()
    try:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--no-first-run"],
            headless=True,
        )
        page = browser.new_page(base_url=live_server.url)
        page.on(
            "console",
            lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
        )

        def login() -> None:
            page.goto("/accounts/login/")
            page.fill("#id_username", user.username)
            page.fill("#id_password", PASSWORD)
            with page.expect_navigation():
                page.locator("main form button[type=submit]").click()

        login()
        assert "/accounts/two-step/enrol/" in page.url
        expect(page.locator('[data-testid="totp-qr"]')).to_be_visible()
        assert (
            page.evaluate("() => document.querySelector('[data-testid=totp-qr]').naturalWidth") > 0
        )  # the QR image (data: URI) is allowed by the CSP and renders
        secret = page.locator('[data-testid="totp-secret"]').inner_text()
        page.fill("#id_code", _code(secret))
        with page.expect_navigation():
            page.locator("main form button[type=submit]").first.click()
        codes = page.locator('[data-testid="backup-codes"] li').all_inner_texts()
        assert len(codes) == 10
        with page.expect_navigation():
            page.click('[data-testid="continue"]')
        assert page.url.endswith("/accounts/dashboard/")

        page.context.clear_cookies()
        login()
        assert "/accounts/two-step/verify/" in page.url
        page.fill("#id_code", codes[0])
        with page.expect_navigation():
            page.locator("main form button[type=submit]").first.click()
        assert page.url.endswith("/accounts/dashboard/")
        assert violations == []
        browser.close()
    finally:
        connections.close_all()
        pw.stop()
