"""Browser test (Art. 33): a visitor checks a certificate number that does not exist, reports it
as forged from the verification page, and the office finds the report in its incident list."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from sanctions.models import Incident
from tests.e2e.cycle_steps import ACTION_TIMEOUT_MS, login, step, submit
from tests.factories import office_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FORGED = "GZZLJ-2030-ZL-009-FAKE"


@pytest.fixture
def page(page: Page) -> Page:
    page.set_default_timeout(ACTION_TIMEOUT_MS)
    page.set_default_navigation_timeout(ACTION_TIMEOUT_MS)
    return page


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
        # The captcha's answer in test mode (tests/conftest.py).
        page.fill("#id_captcha_1", "PASSED")
        submit(page, page.locator("main form"))
        incident = Incident.objects.get()
        expect(page.locator("main")).to_contain_text(incident.receipt_number)

    with step(page, "office"):
        login(page, office.username)
        page.goto("/office/incidents/")
        row = page.locator("#office-incidents tr", has_text="赣州冒用建材有限公司")
        expect(row).to_contain_text(FORGED)
        with page.expect_navigation():
            row.locator("a").last.click()
        expect(page.locator("#named-certificate")).to_contain_text(FORGED)
        expect(page.locator("main")).to_contain_text("刘先生")
