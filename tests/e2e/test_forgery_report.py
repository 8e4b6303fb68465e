"""Browser test (Art. 33): a visitor checks a certificate number that does not exist, reports it
as forged from the verification page, and the office finds the report in its incident list."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from grants.models import Incident
from tests.factories import office_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ACTION_TIMEOUT_MS = 10_000
FACTORY_PASSWORD = "pw-for-tests-1"  # tests.factories.UserFactory
DASHBOARD = re.compile(r"/accounts/dashboard/$")
FORGED = "GZZLJ-2030-ZL-009-FAKE"


@pytest.fixture
def browser_context_args(browser_context_args: dict[str, Any], live_server: Any) -> dict[str, Any]:
    return {**browser_context_args, "base_url": live_server.url}


@pytest.fixture
def page(page: Page) -> Page:
    page.set_default_timeout(ACTION_TIMEOUT_MS)
    page.set_default_navigation_timeout(ACTION_TIMEOUT_MS)
    return page


@contextmanager
def step(page: Page, name: str) -> Iterator[None]:
    """On failure the page is kept as /tmp/e2e-forgery-<name>.png."""
    try:
        yield
    except Exception:
        try:
            page.screenshot(path=f"/tmp/e2e-forgery-{name}.png", full_page=True)
        except Exception:
            pass
        raise


def submit(page: Page, form: Locator, button: str = "button[type=submit]") -> None:
    with page.expect_navigation():
        form.locator(button).click()


def test_a_visitor_reports_a_forged_certificate_and_the_office_sees_it(page: Page) -> None:
    office = office_user()

    with step(page, "verify"):
        page.goto("/verify/")
        page.fill("#id_number", FORGED)
        submit(page, page.locator("main form").first)
        expect(page.locator("#not-found")).to_be_visible()
        with page.expect_navigation():
            page.locator("#report-forgery").click()

    with step(page, "report"):
        expect(page.locator("#not-a-winner")).to_be_visible()
        expect(page.locator("#id_certificate_number")).to_have_value(FORGED)
        page.fill("#id_named_organisation", "赣州冒用建材有限公司")
        page.fill("#id_description", "投标文件中附有该编号的获奖证书复印件。")
        page.fill("#id_name", "刘先生")
        page.fill("#id_contact", "13907970000")
        question = page.locator('label[for="id_captcha"]').inner_text()
        a, b = (int(n) for n in re.findall(r"\d+", question)[:2])
        page.fill("#id_captcha", str(a + b))
        submit(page, page.locator("main form"))
        incident = Incident.objects.get()
        expect(page.locator("main")).to_contain_text(incident.receipt_number)

    with step(page, "office"):
        page.goto("/accounts/login/")
        page.fill("#id_username", office.username)
        page.fill("#id_password", FACTORY_PASSWORD)
        submit(page, page.locator("main form"))
        expect(page).to_have_url(DASHBOARD)
        page.goto("/office/incidents/")
        row = page.locator("#office-incidents tr", has_text="赣州冒用建材有限公司")
        expect(row).to_contain_text(FORGED)
        with page.expect_navigation():
            row.locator("a").last.click()
        expect(page.locator("#named-certificate")).to_contain_text(FORGED)
        expect(page.locator("main")).to_contain_text("刘先生")
