"""A winner's obligations in a real browser (Art. 24, 26, R10): the winner files its annual
quality performance report and its report on the use of the prize money (with an evidence
upload) from its dashboard; the office accepts the one and records its check of the other from
the monitoring pages; the winner sees both results. Elements are found by name/id/href or
data-testid; text only ever the test's own data."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from monitoring.enums import FundCheckResult, FundReportStatus, ReportStatus
from monitoring.models import FundUseReport
from monitoring.services.annual_reports import schedule_annual_reports
from tests.factories import applicant_user, office_user
from tests.monitoring.helpers import PDF, grant_on

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TIMEOUT_MS = 10_000
PASSWORD = "pw-for-tests-1"  # tests.factories.UserFactory
DASHBOARD = re.compile(r"/accounts/dashboard/$")


@pytest.fixture(autouse=True)
def _no_second_factor(settings) -> None:  # type: ignore[no-untyped-def]
    settings.OTP_REQUIRED_ROLES = []


def _submit(page: Page, form_selector: str) -> None:
    with page.expect_navigation():
        page.locator(f"{form_selector} button[type=submit]").first.click()


def _login(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    _submit(page, "main form")
    expect(page).to_have_url(DASHBOARD)


def test_winner_files_reports_and_the_office_accepts_them(page: Page, tmp_path: Path) -> None:
    page.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    today = timezone.localdate()
    grant = grant_on(today - timedelta(days=360))
    schedule_annual_reports(grant)
    report = grant.annual_reports.order_by("due_on").first()
    assert report is not None
    winner = applicant_user(grant.organisation)
    office = office_user()
    evidence = tmp_path / "培训发票.pdf"
    evidence.write_bytes(PDF)

    # The winner: dashboard -> its obligations -> the annual report.
    _login(page, winner.username)
    page.click("#monitoring-winner-link")
    page.click(f'a[href="/monitoring/winner/grants/{grant.pk}/"] >> nth=0')
    expect(page.locator('tr[data-kind="fund_use"]')).to_be_visible()
    # The report to file has its own button in its row of the obligations.
    page.click(f'tr[data-kind="annual_report"] a[href="/winner/reports/{report.pk}/"]')
    page.fill("#id_key_indicators", "产品合格率99.8%")
    page.fill("#id_body", "本年度质量绩效报告")
    _submit(page, "main form")
    # ... and the use of the prize money, with its evidence.
    page.goto(f"/monitoring/winner/grants/{grant.pk}/")
    page.click("#fund-link")
    page.select_option("#fund-item-form select[name=purpose]", "training")
    page.fill("#fund-item-form input[name=amount]", "120000")
    page.fill("#fund-item-form textarea[name=description]", "卓越绩效培训")
    page.set_input_files("#fund-item-form input[name=evidence]", str(evidence))
    _submit(page, "#fund-item-form")
    expect(page.locator("#fund-items")).to_contain_text("培训发票.pdf")
    page.fill("#fund-submit-form textarea[name=summary]", "奖金用于培训")
    _submit(page, "#fund-submit-form")
    assert FundUseReport.objects.get(grant=grant).status == FundReportStatus.SUBMITTED
    page.click('[data-testid="user-menu"]')
    with page.expect_navigation():
        page.locator('nav form[action="/accounts/logout/"] button').click()

    # The office: dashboard -> monitoring -> the winner -> accept and check.
    _login(page, office.username)
    page.click("#monitoring-link")
    page.click(f'a[href="/monitoring/office/grants/{grant.pk}/"]')
    page.click(f'a[href="/office/reports/{report.pk}/"]')
    page.check('input[name=decision][value="accept"]')
    _submit(page, "main form")
    page.goto(f"/monitoring/office/grants/{grant.pk}/")
    page.click('#fund-use a[href^="/monitoring/office/fund-use/"]')
    expect(page.locator("#fund-items")).to_contain_text("卓越绩效培训")
    page.check(f'input[name=result][value="{FundCheckResult.COMPLIANT}"]')
    _submit(page, "#fund-check-form")
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    fund = FundUseReport.objects.get(grant=grant)
    assert fund.status == FundReportStatus.CHECKED
    assert fund.check_result == FundCheckResult.COMPLIANT
    expect(page.locator('tr[data-kind="fund_use"] [data-testid="ob-done"]')).to_be_visible()

    # The monitoring dashboard draws its chart per round from the static script (CSP: no
    # inline script), without errors in the console.
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto("/monitoring/office/")
    expect(page.locator("#monitoring-chart")).to_be_visible()
    page.wait_for_function(
        "() => window.Chart && window.Chart.getChart(document.getElementById('monitoring-chart'))"
    )
    assert errors == []
