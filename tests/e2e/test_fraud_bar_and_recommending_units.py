"""Browser: the bar decision after fraud found before an award (R8, Art. 28), and the office's
recommending units (Art. 12, 28).

1. The office disqualifies a submitted application for fraud, proposes a 10-year bar to the
   municipal government, records the government's decision; the ban is listed under Bans in
   force, the organisation's user sees the red box on the dashboard and cannot start an
   application in an open round. The "no bar" branch refuses a missing reason.
2. The office adds a county unit (refused first without its division), adds an existing
   account as its user; that user reads the applications in the unit's scope and writes the
   opinion on the one naming the unit; once the office deactivates the unit, an applicant
   editing a dossier is no longer offered it.

The interface is in Chinese (the default): elements are found by id/name/href, texts are
the test's own data or the catalogue's translation of the message.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import Locator, Page, expect

from accounts.enums import Role
from accounts.models import ProgrammeRole
from applications.enums import ApplicationStatus
from applications.models import Application
from applications.services import application as services
from awards.rulesets import round_rule_settings
from decisionlog.models import DecisionLogEntry
from grants.enums import BanReason
from organisations.models import Division, Recommender
from sanctions.enums import FraudBarStatus, RevocationGround
from sanctions.models import Ban, FraudBarCase
from sanctions.services.revocation import ban_end
from tests.awards.helpers import eligibility_round, signed, submitted_application
from tests.factories import (
    ApplicationFactory,
    OrganisationFactory,
    RoundFactory,
    UserFactory,
    applicant_user,
    office_user,
    programme,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "pw-for-tests-1"  # tests.factories.UserFactory
TIMEOUT_MS = 10_000
DASHBOARD = re.compile(r"/accounts/dashboard/$")
UNITS = "/organisation/office/recommenders/"


@pytest.fixture(autouse=True)
def _no_second_factor(settings) -> None:  # type: ignore[no-untyped-def]
    settings.OTP_REQUIRED_ROLES = []


@pytest.fixture(autouse=True)
def _timeouts(page: Page) -> None:
    page.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)


def in_chinese(message: str) -> str:
    """The message as the page shows it (the default language); it is translated."""
    with translation.override("zh-hans"):
        shown = gettext(message)
    assert shown != message, f"untranslated: {message}"
    return shown


def submit(form: Locator) -> None:
    with form.page.expect_navigation():
        form.locator("button[type=submit]").first.click()


def login(page: Page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    submit(page.locator("main form"))
    expect(page).to_have_url(DASHBOARD)


def log_entries(action: str, **filters: Any) -> int:
    return DecisionLogEntry.objects.filter(action=action, **filters).count()


def test_fraud_before_an_award_leads_to_a_ten_year_bar(page: Page) -> None:
    """R8 / Art. 28: disqualified for fraud -> bar proposed -> barred by the government."""
    office = office_user()
    screening = eligibility_round()
    open_round = RoundFactory()  # another round, open for applications now
    signed(office, screening)  # R12: the office has signed the round's commitment
    fraudster = OrganisationFactory(name="赣州弄虚作假测试有限公司")
    application = submitted_application(screening, organisation=fraudster)
    applicant = applicant_user(fraudster)
    # The "no bar" branch: another application, disqualified for fraud by the service.
    lenient = submitted_application(screening, organisation=OrganisationFactory())
    services.disqualify_application(lenient, actor=office, reason="证书复印件不清晰", fraud=True)
    today = timezone.localdate()
    document_number = "赣市府字〔2026〕58号"

    # --- the office disqualifies, stating the ground is fraud --------------------------------
    login(page, office.username)
    page.goto(f"/office/applications/{application.pk}/")
    expect(page.locator("#fraud-bar")).to_have_count(0)
    page.fill("#id_disqualify_reason", "提交的检验报告系伪造")
    page.check("#id_disqualify_fraud")
    page.check("#id_disqualify_confirm")
    submit(page.locator("#disqualify form"))
    card = page.locator("#fraud-bar")
    expect(card).to_be_visible()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DISQUALIFIED
    case = FraudBarCase.objects.get(application=application)
    assert case.status == FraudBarStatus.PENDING

    # --- it proposes a 10-year bar to the municipal government, with the reason -------------
    card.locator("input[name=decision][value=propose]").check()
    page.fill("#id_fraudbar_reason", "伪造检验报告，情节严重")
    submit(card.locator("form"))
    case.refresh_from_db()
    assert case.status == FraudBarStatus.PROPOSED
    assert case.reason == "伪造检验报告，情节严重"
    expect(card.locator("input[name=decision]")).to_have_count(0)

    # --- it records the government's decision: barred, date, document number ----------------
    card.locator("input[name=outcome][value=barred]").check()
    page.fill("#id_fraudgov_decided_on", today.isoformat())
    page.fill("#id_fraudgov_document_number", document_number)
    submit(card.locator("form"))
    expect(card).to_contain_text(document_number)
    case.refresh_from_db()
    assert case.status == FraudBarStatus.BARRED
    assert (case.decided_on, case.document_number) == (today, document_number)
    ban = Ban.objects.get(organisation=fraudster)
    until = ban_end(RevocationGround.FRAUD, today, round_rule_settings(screening))
    assert (ban.reason, ban.starts_on, ban.ends_on) == (BanReason.FRAUD, today, until)
    assert until.year - today.year == 10
    assert ban.fraud_case == case
    assert log_entries("fraud_bar.barred") == 1
    assert log_entries("ban.create") == 1

    # --- Bans in force lists it ---------------------------------------------------------------
    with page.expect_navigation():
        card.locator('a[href="/office/bans/"]').click()
    row = page.locator("#bans tbody tr", has_text=fraudster.name)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(document_number)
    expect(row).to_contain_text(until.isoformat())

    # --- "no bar" needs a reason: refused in the page, nothing recorded -----------------------
    page.goto(f"/office/applications/{lenient.pk}/")
    card.locator("input[name=decision][value=no_bar]").check()
    submit(card.locator("form"))
    expect(card.locator(".alert-danger")).to_contain_text(
        in_chinese("Give the reason why no bar follows.")
    )
    lenient_case = FraudBarCase.objects.get(application=lenient)
    assert lenient_case.status == FraudBarStatus.PENDING
    assert log_entries("fraud_bar.no_bar") == 0
    # With the reason it is recorded, and no ban follows.
    card.locator("input[name=decision][value=no_bar]").check()
    page.fill("#id_fraudbar_reason", "系复印件模糊，非主观造假")
    submit(card.locator("form"))
    lenient_case.refresh_from_db()
    assert lenient_case.status == FraudBarStatus.NO_BAR
    assert log_entries("fraud_bar.no_bar") == 1
    assert not Ban.objects.filter(organisation=lenient.organisation).exists()
    expect(card.locator("form")).to_have_count(0)

    # --- the barred organisation's user: the red box, and no application can be started -------
    login(page, applicant.username)
    box = page.locator("#bar-in-force")
    expect(box).to_be_visible()
    expect(box).to_have_class(re.compile(r"\balert-danger\b"))
    expect(box).to_contain_text(f"{until.year}年{until.month}月{until.day}日24时")
    # No button that would be refused: the round's row says why instead.
    start = page.locator(f'#dashboard-applicant form[action="/rounds/{open_round.pk}/apply/"]')
    expect(start).to_have_count(0)
    expect(page.locator("#dashboard-applicant .start-refusal")).to_contain_text(
        f"{until.year}年{until.month}月{until.day}日24时"
    )
    assert not Application.objects.filter(round=open_round, organisation=fraudster).exists()


def test_office_manages_a_county_recommending_unit(page: Page) -> None:
    """Art. 12, 28: a county unit recommends its division; deactivated, it is offered no more."""
    office = office_user()
    staff = UserFactory(username="xinfeng_staff", full_name="信丰县推荐专员")
    xinfeng = Division.objects.get(name="信丰县")
    round = RoundFactory()  # open for applications
    named_org = OrganisationFactory(name="信丰县脐橙加工测试有限公司", division=xinfeng)
    scope_org = OrganisationFactory(name="信丰县电子元件测试有限公司", division=xinfeng)
    in_scope = submitted_application(round, organisation=scope_org)  # names no unit
    drafting_org = OrganisationFactory(name="信丰县起草中测试有限公司", division=xinfeng)
    draft = ApplicationFactory(round=round, organisation=drafting_org)
    applicant = applicant_user(drafting_org)
    unit_name = "信丰县人民政府"

    # --- the office adds the unit: without its division first --------------------------------
    login(page, office.username)
    with page.expect_navigation():
        page.click('[data-testid="office-menu"]')  # the office's pages live in its menu
        page.locator(f'nav a[href="{UNITS}"]').first.click()
    with page.expect_navigation():
        page.click("#recommender-create-link")
    page.fill("#id_name", unit_name)
    page.select_option("#id_kind", "county")
    submit(page.locator("#recommender-form"))
    expect(page.locator("#id_division ~ .invalid-feedback")).to_have_text(
        in_chinese("A county/district government or zone recommends its division: choose it.")
    )
    expect(page.locator("#id_name")).to_have_value(unit_name)
    assert not Recommender.objects.filter(name=unit_name).exists()
    page.select_option("#id_division", str(xinfeng.pk))
    submit(page.locator("#recommender-form"))
    unit = Recommender.objects.get(name=unit_name)
    expect(page).to_have_url(re.compile(rf"{UNITS}{unit.pk}/\?programme=\d+$"))
    assert (unit.kind, unit.division, unit.active) == ("county", xinfeng, True)
    assert unit.programmes.filter(pk=programme().pk).exists()

    # --- it adds an existing account as the unit's user ---------------------------------------
    page.fill("#id_identifier", staff.username)
    submit(page.locator("#recommender-user-form"))
    expect(page.locator("#recommender-users")).to_contain_text(staff.username)
    assert ProgrammeRole.objects.filter(
        user=staff, role=Role.RECOMMENDER, recommender=unit, active=True
    ).exists()

    # An application names the new unit (the applicant's part is tested elsewhere).
    named = submitted_application(round, organisation=named_org, recommender=unit)

    # --- the unit's user: its scope on /recommend/, the opinion on the one naming it ---------
    signed(staff, round)  # Art. 31: before any dossier opens (tests/applications covers the page)
    login(page, staff.username)
    with page.expect_navigation():
        page.locator('a[href="/recommend/"]').first.click()
    rows = page.locator("#recommender-applications tbody tr")
    expect(rows.filter(has_text=named_org.name)).to_have_count(1)
    expect(rows.filter(has_text=named_org.name).locator(".badge.text-bg-primary")).to_have_count(1)
    expect(rows.filter(has_text=scope_org.name)).to_have_count(1)
    expect(rows.filter(has_text=scope_org.name).locator(".badge.text-bg-light")).to_have_count(1)
    expect(rows.filter(has_text=drafting_org.name)).to_have_count(0)  # a draft naming no unit
    with page.expect_navigation():
        page.click(f'#recommender-applications a[href="/recommend/{in_scope.pk}/"]')
    expect(page.locator("#scope-only")).to_be_visible()
    expect(page.locator("#id_opinion")).to_have_count(0)
    page.go_back()
    with page.expect_navigation():
        page.click(f'#recommender-applications a[href="/recommend/{named.pk}/"]')
    page.fill("#id_opinion", "该企业质量管理体系健全，同意推荐。")
    page.check("#id_declaration")  # Art. 28
    submit(page.locator("main form"))
    expect(page).to_have_url(DASHBOARD)
    named.refresh_from_db()
    assert named.recommendation_opinion == "该企业质量管理体系健全，同意推荐。"
    assert named.recommended_at is not None

    # --- an applicant editing its dossier is offered the unit ---------------------------------
    login(page, applicant.username)
    page.goto(f"/applications/{draft.pk}/edit/")
    expect(page.locator(f'#id_recommender option[value="{unit.pk}"]')).to_have_count(1)

    # --- the office deactivates it -------------------------------------------------------------
    login(page, office.username)
    page.goto(UNITS)
    with page.expect_navigation():
        page.locator(f'#recommenders a[href^="{UNITS}{unit.pk}/"]').click()
    submit(page.locator("form:has(#recommender-deactivate)"))
    expect(page.locator("#recommender-reactivate")).to_be_visible()
    unit.refresh_from_db()
    assert not unit.active
    named.refresh_from_db()
    assert named.recommender == unit  # the application that named it keeps it

    # --- the applicant is no longer offered it --------------------------------------------------
    login(page, applicant.username)
    page.goto(f"/applications/{draft.pk}/edit/")
    expect(page.locator("#id_recommender")).to_be_visible()
    expect(page.locator(f'#id_recommender option[value="{unit.pk}"]')).to_have_count(0)
