"""The office in a real browser: imports the history before the portal (a bar under the 2017
measures stops an application in progress), then revokes an award for fraud, downloads the
.docx request, records the government's decision, and records the notice of the bar to the
national award body. Elements are found by name/id/href; text only the test's own data."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import Workbook
from playwright.sync_api import Page, expect

from applications.enums import ApplicationStatus
from grants.enums import GrantStatus
from grants.models import PastBan
from grants.services.history_import import BAN_COLUMNS, BAN_SHEET, WIN_COLUMNS, WIN_SHEET
from sanctions.enums import AwardBody
from sanctions.models import Ban, BanNotice, FraudRecovery
from tests.factories import ApplicationFactory, OrganisationFactory, make_credit_code, office_user
from tests.sanctions.test_revocation import valid_grant

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


def _history_file(path: Path, barred_code: str, past_winner_code: str) -> None:
    book = Workbook()
    wins = book.active
    wins.title = WIN_SHEET
    wins.append([h for _f, h, _l in WIN_COLUMNS])
    wins.append(
        [
            "ganzhou-mayor",
            2020,
            "市长质量奖",
            past_winner_code,
            "赣州历史企业",
            "2021-01-18",
            500000,
        ]
    )
    bans = book.create_sheet(BAN_SHEET)
    bans.append([h for _f, h, _l in BAN_COLUMNS])
    ends = (timezone.localdate() + timedelta(days=800)).isoformat()
    bans.append(
        [
            "ganzhou-mayor",
            barred_code,
            "赣州被禁企业",
            "弄虚作假",
            "2017",
            "2019-06-01",
            ends,
            "赣市府字〔2019〕20号",
        ]
    )
    out = io.BytesIO()
    book.save(out)
    path.write_bytes(out.getvalue())


def test_office_imports_history_then_revokes_an_award(page: Page, tmp_path: Path) -> None:
    page.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    office = office_user()
    barred = OrganisationFactory()
    in_progress = ApplicationFactory(organisation=barred, status=ApplicationStatus.SUBMITTED)
    winner_code = make_credit_code()
    grant = valid_grant()
    workbook = tmp_path / "历史名单.xlsx"
    _history_file(workbook, barred.credit_code, winner_code)

    # History: revocations page -> history -> upload the workbook.
    _login(page, office.username)
    page.click('[data-testid="office-menu"]')  # the office's pages live in its menu
    page.click('nav a[href="/office/revocations/"]')
    page.click("#history-link")
    page.set_input_files("main form input[name=file]", str(workbook))
    _submit(page, "main form")
    expect(page.locator("#past-wins")).to_contain_text(winner_code)
    expect(page.locator("#past-bans")).to_contain_text(barred.credit_code)
    assert PastBan.objects.get().credit_code == barred.credit_code
    in_progress.refresh_from_db()
    assert in_progress.status == ApplicationStatus.DISQUALIFIED

    # Revocation: open a case for fraud, download the draft request, record the decision.
    page.goto("/office/revocations/")
    page.click(f'a[href="/office/grants/{grant.pk}/revoke/"]')
    page.select_option("select[name=ground]", "fraud")
    page.fill("textarea[name=evidence]", "申报材料弄虚作假")
    _submit(page, "main form")
    with page.expect_download() as download:
        page.click("#revocation-request-docx")
    assert download.value.suggested_filename.endswith(".docx")
    page.check('input[name=outcome][value="revoked"]')
    page.fill("input[name=document_number]", "赣市府字〔2026〕99号")
    _submit(page, "main form")
    expect(page.locator("#case-ban")).to_be_visible()
    expect(page.locator("#fraud-recovery")).to_be_visible()
    grant.refresh_from_db()
    assert grant.status == GrantStatus.REVOKED
    assert FraudRecovery.objects.get().amount_due == grant.amount

    # The bar: notice to the national award body.
    page.click("#ban-detail-link")
    page.select_option("select[name=body]", AwardBody.NATIONAL)
    page.fill("input[name=reference]", "赣质奖函〔2026〕1号")
    _submit(page, "main form")
    expect(page.locator("#ban-notices")).to_contain_text("赣质奖函〔2026〕1号")
    ban = Ban.objects.get(organisation=grant.organisation)
    assert BanNotice.objects.get(ban=ban).body == AwardBody.NATIONAL
