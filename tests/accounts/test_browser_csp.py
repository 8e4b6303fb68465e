"""In a real browser (Debian's chromium) the Content Security Policy is enforced and the
portal still works under it: logging in, Bootstrap's user menu, an htmx upload, with no CSP
violation reported on the way."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.db import connections

from tests.accounts.conftest import PASSWORD
from tests.factories import ApplicationFactory, RoundFactory, applicant_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def test_pages_work_under_the_csp_with_no_violation(live_server: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    application = ApplicationFactory(round=RoundFactory())
    user = applicant_user(application.organisation)
    pdf = tmp_path / "证明.pdf"
    pdf.write_bytes(PDF)
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
            lambda message: (
                violations.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        page.goto("/accounts/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
        assert page.url.endswith("/accounts/dashboard/")

        # Bootstrap's dropdown (script from 'self') opens the user menu.
        page.click('[data-testid="user-menu"]')
        expect(page.locator('[data-testid="password-change"]')).to_be_visible()

        # htmx swaps the attachments panel after an upload, with the CSRF header it sends.
        page.goto(f"/applications/{application.pk}/edit/")
        page.select_option("#id_attachment-kind", "licence")
        page.set_input_files("#id_attachment-file", str(pdf))
        page.locator("#attachments-panel button[type=submit]").click()
        expect(page.locator("#attachments-panel")).to_contain_text("证明.pdf")
        assert violations == []

        # The control: an inline script is refused, and the refusal is reported.
        page.evaluate(
            "() => { const s = document.createElement('script');"
            " s.textContent = 'window.inlineRan = true'; document.body.appendChild(s); }"
        )
        assert page.evaluate("() => window.inlineRan === true") is False
        page.wait_for_timeout(200)
        assert any("script-src" in text for text in violations)
        browser.close()
    finally:
        connections.close_all()
        pw.stop()
