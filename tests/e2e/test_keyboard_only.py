"""Accessibility: the two main tasks done with the keyboard alone.

(a) An applicant completes its whole dossier (the full application form, an attachment through
the file chooser) and submits it; (b) a reviewer signs the round's commitment, declares no
conflict and scores the 23 items. Only Tab / Shift+Tab, Enter, Space, the arrow keys and typed
text are used (tests/e2e/keyboard.py); on each control reached the focus must be visible.
What is not the point of the test (the organisation, the round, the assignment) is made through
factories and services."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfWriter

from applications.enums import ApplicationStatus, ComplianceDeclaration
from applications.form_data import form_years, scheme_categories
from applications.models import Application
from reviews.enums import ReviewStage, ReviewStatus
from reviews.models import Review
from reviews.services import review as services
from tests.e2e.keyboard import (
    activate,
    choose,
    choose_file,
    keyboard_login,
    pick_radio,
    tab_to,
    tick,
    type_date,
    type_into,
)
from tests.factories import (
    OrganisationFactory,
    RecommenderFactory,
    RoundFactory,
    applicant_user,
    expert_user,
    office_user,
)
from tests.reviews.helpers import eligible, items_of, profile, review_round

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "pw-for-tests-1"  # tests.factories.UserFactory
TIMEOUT_MS = 15_000
SCORED_ITEMS = 23
DASHBOARD = re.compile(r"/accounts/dashboard/$")
expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture
def browser_context_args(browser_context_args: dict[str, Any], live_server: Any) -> dict[str, Any]:
    # Reduced motion switches Bootstrap's transitions off: the focus ring is read when final.
    return {**browser_context_args, "base_url": live_server.url, "reduced_motion": "reduce"}


@pytest.fixture
def page(page: Page) -> Page:
    page.set_default_timeout(TIMEOUT_MS)
    page.set_default_navigation_timeout(TIMEOUT_MS)
    return page


def write_pdf(path: Path) -> Path:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def test_an_applicant_completes_and_submits_the_dossier_by_keyboard(
    page: Page, tmp_path: Path
) -> None:
    round = RoundFactory(self_assessment_max_chars=200)
    unit = RecommenderFactory(name="章贡区人民政府")
    organisation = OrganisationFactory(name="赣州鑫力稀土新材料股份有限公司")
    applicant = applicant_user(organisation)

    keyboard_login(page, applicant.username, PASSWORD)
    expect(page).to_have_url(DASHBOARD)
    # The dashboard's "apply" button for the open round.
    activate(page, f'#dashboard-applicant form[action="/rounds/{round.pk}/apply/"] button')
    application = Application.objects.get(round=round, organisation=organisation)
    expect(page).to_have_url(re.compile(rf"/applications/{application.pk}/edit/$"))

    # The dossier, in the order of the page.
    type_into(page, "#id_main_products", "高性能钕铁硼永磁材料")
    type_into(page, "#id_quality_summary", "连续五年产品一次交验合格率99.9%。")
    type_into(page, "#id_self_assessment", "按GB/T 19580自评。")
    for i, year in enumerate(form_years(round)):
        type_into(page, f"#id_fin_{year}_revenue", str(12000 + 1000 * i))
        type_into(page, f"#id_fin_{year}_profit", "860.5")
        type_into(page, f"#id_fin_{year}_tax", "600")
        type_into(page, f"#id_fin_{year}_assets", "30000")
    choose(page, "#id_cert_0_standard", "gbt19001")
    type_into(page, "#id_cert_0_number", "00121Q35678R2M")
    type_into(page, "#id_cert_0_issuer", "中国质量认证中心")
    type_date(page, "#id_cert_0_issued_on", "2018-03-01")
    type_date(page, "#id_cert_0_expires_on", "2030-02-28")
    type_date(page, "#id_excellence_model_since", "2019-01-01")
    choose(page, "#id_safety_level", "2")
    type_into(page, "#id_honours", "江西省质量标杆企业")
    for index, _value in enumerate(ComplianceDeclaration.values):
        tick(page, f"#id_compliance_declarations_{index}")
    for code, name in scheme_categories(round):
        type_into(page, f"#id_sa_{code.replace('.', '_')}", f"{name}：方法、展开、学习、整合。")
    choose(page, "#id_recommender", str(unit.pk))
    activate(page, 'main button[name="save"][form="dossier-form"]')
    expect(page).to_have_url(re.compile(rf"/applications/{application.pk}/edit/$"))
    application.refresh_from_db()
    assert application.safety_level == "2"
    assert application.recommender_id == unit.pk
    assert len(application.compliance_declarations) == len(ComplianceDeclaration.values)

    # The sealed form, through the file chooser; the panel is swapped in place by htmx.
    pdf = write_pdf(tmp_path / "申报表（盖章）.pdf")
    choose(page, "#id_attachment-kind", "form")
    choose_file(page, "#id_attachment-file", pdf)
    activate(page, "#attachments-panel button[type=submit]", navigates=False)
    expect(page.locator("#attachments-panel")).to_contain_text(pdf.name)

    activate(page, 'main button[name="go_submit"][form="dossier-form"]')
    expect(page).to_have_url(re.compile(rf"/applications/{application.pk}/submit/$"))
    expect(page.locator("#submission-blockers")).to_have_count(0)
    tick(page, "#id_declaration")
    activate(page, "form:has(#id_declaration) button[type=submit]")
    expect(page).to_have_url(re.compile(rf"/applications/{application.pk}/$"))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED

    # Out through the user menu: Enter opens it, its items are next in the Tab order.
    activate(page, '[data-testid="user-menu"]', navigates=False)
    activate(page, '[data-testid="logout"]')
    expect(page.locator('nav a[href="/accounts/login/"]')).to_be_visible()


def test_the_focus_check_fails_on_an_invisible_focus(page: Page) -> None:
    """The helper's focus check is not vacuous: a control whose focus ring is removed by a
    style (the bug it looks for) fails it, the same control with Bootstrap's ring passes."""
    page.goto("/accounts/login/")
    page.evaluate(
        """() => {
        const input = document.querySelector('#id_username');
        input.style.setProperty('outline', 'none', 'important');
        input.style.setProperty('box-shadow', 'none', 'important');
    }"""
    )
    with pytest.raises(AssertionError, match="no visible focus indicator"):
        tab_to(page, "#id_username")
    tab_to(page, "#id_password")


def test_a_reviewer_signs_declares_and_scores_by_keyboard(page: Page) -> None:
    office = office_user(username="office_h12")
    round = review_round()
    application = eligible(round, name="赣州虔城精密制造有限公司")
    expert = expert_user(username="expert_h12", full_name="刘建华")
    services.assign_expert(application, profile(expert), actor=office)

    keyboard_login(page, expert.username, PASSWORD)
    expect(page).to_have_url(DASHBOARD)
    # R12: the commitment of the round, signed from the dashboard.
    activate(page, f'#dashboard-expert a[href^="/rounds/{round.pk}/commitment/"]')
    tick(page, "#id_agree")
    activate(page, "main form button[type=submit]")
    expect(page).to_have_url(DASHBOARD)

    # The declaration of (no) conflict of interest.
    task = f'#dashboard-expert tr.expert-task[data-application="{application.pk}"]'
    activate(page, f'{task} a[href="/review/{application.pk}/declare/"]')
    pick_radio(page, "has_conflict", "no")
    activate(page, "main form button[type=submit]")
    expect(page).to_have_url(re.compile(rf"/review/{application.pk}/$"))

    # The scoring page: every item's percentage with the arrow keys, a comment, submit.
    activate(page, f'a[href="/review/{application.pk}/material/score/"]')
    expect(page.locator("#score-form select[name^=percent_]")).to_have_count(SCORED_ITEMS)
    items = items_of(round)
    assert len(items) == SCORED_ITEMS
    for item in items:
        choose(page, f'#score-form select[name="percent_{item.pk}"]', "60")
    expect(page.locator("#live-total")).to_have_text("600.0")
    type_into(page, f"#id_comment_{items[0].pk}", "方针目标展开清晰")
    activate(page, "#score-form button[name=action][value=submit]")
    expect(page).to_have_url(re.compile(rf"/review/{application.pk}/$"))
    review = Review.objects.get(application=application, stage=ReviewStage.MATERIAL)
    assert review.status == ReviewStatus.SUBMITTED
    assert review.total == Decimal("600.0")
    assert review.item_scores.get(item=items[0]).comment == "方针目标展开清晰"
