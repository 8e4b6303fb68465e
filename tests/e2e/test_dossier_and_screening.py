"""The dossier and the screening in the browser: the applicant fills the full form (申报表)
with its live character count and autosave, uploads the sealed form and submits; the office
screens it: the computed conditions with their working, each row confirmed, the investigation,
a supplement answered by the applicant after the deadline, the eligible decision and the list
export.

(Registration itself is walked through in test_walking_skeleton.py.)"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfWriter

from applications.eligibility import applicable_conditions
from applications.enums import ApplicationStatus
from applications.models import Application
from awards.enums import RoundStage
from awards.models import Round
from tests.e2e.cycle_steps import login, submit
from tests.e2e.full_form import fill_full_form
from tests.factories import (
    OrganisationFactory,
    RecommenderFactory,
    RoundFactory,
    applicant_user,
    office_user,
    recommender_user,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TIMEOUT_MS = 10_000
expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture
def page(page: Page) -> Page:
    page.set_default_timeout(TIMEOUT_MS)
    page.set_default_navigation_timeout(TIMEOUT_MS)
    return page


def logout(page: Page) -> None:
    page.context.clear_cookies()


def write_pdf(path: Path) -> Path:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def test_applicant_fills_the_full_form_and_the_office_screens_it(
    page: Page, tmp_path: Path
) -> None:
    round = RoundFactory(self_assessment_max_chars=200)
    unit = RecommenderFactory(name="章贡区人民政府")
    organisation = OrganisationFactory(name="赣州鑫力稀土新材料股份有限公司")
    applicant = applicant_user(organisation)
    recommender = recommender_user(unit)
    office = office_user()

    # --- the applicant: dossier with the full form, live count, autosave, submission -------
    login(page, applicant.username)
    submit(page, page.locator(f'#dashboard-applicant form[action="/rounds/{round.pk}/apply/"]'))
    application = Application.objects.get(round=round, organisation=organisation)
    expect(page).to_have_url(re.compile(rf"/applications/{application.pk}/edit/$"))
    page.fill("#id_main_products", "高性能钕铁硼永磁材料")
    page.fill("#id_quality_summary", "连续五年产品一次交验合格率99.9%。")
    page.fill("#id_self_assessment", "按GB/T 19580自评。")
    page.select_option("#id_recommender", str(unit.pk))
    fill_full_form(page, round)
    # The live count: within the limit, then over it (red), then back.
    counter = page.locator("#id_sa_4_1-count")
    expect(counter).to_have_text(re.compile(r"^\d+ / 200$"))
    page.fill("#id_sa_4_1", "字" * 201)
    expect(counter).to_have_text("201 / 200")
    expect(counter).to_have_class(re.compile("text-danger"))
    # The server refuses the over-long text with a clear message (autosave).
    # (The page is in Chinese, the default language: the message names the limit and the
    # category.)
    status = page.locator("#autosave-status")
    expect(status).to_have_class(re.compile("alert-warning"), timeout=8000)
    expect(status).to_contain_text("4.1")
    expect(status).to_contain_text("200")
    page.fill("#id_sa_4_1", "领导：高层领导作用、组织治理、社会责任。")
    expect(counter).not_to_have_class(re.compile("text-danger"))
    page.check("#id_secret_4_5")
    expect(status).not_to_have_class(re.compile("alert-warning"), timeout=8000)
    expect(status).to_contain_text(re.compile(r"\d\d:\d\d:\d\d"))
    application.refresh_from_db()
    assert application.safety_level == "2"
    assert application.secret_sections == ["4.5"]
    assert len(application.compliance_declarations) == 7

    pdf = write_pdf(tmp_path / "申报表（盖章）.pdf")
    page.select_option("#id_attachment-kind", "form")
    page.set_input_files("#id_attachment-file", str(pdf))
    page.locator("#attachments-panel button[type=submit]").click()
    expect(page.locator("#attachments-panel")).to_contain_text(pdf.name)
    submit(page, page.locator("main"), "button[name=go_submit][form=dossier-form]")
    expect(page.locator("#submission-blockers")).to_have_count(0)
    expect(page.locator("#declarations li")).to_have_count(7)
    expect(page.locator("#declarations .text-success")).to_have_count(7)
    page.check("#id_declaration")
    submit(page, page.locator("form:has(#id_declaration)"))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    logout(page)

    # The recommending unit finds it in its list, signs the round's commitment (Art. 31) when
    # sent to it, and writes its opinion with its declaration (Art. 28).
    login(page, recommender.username)
    page.click('a[href="/recommend/"]')
    page.locator(f'#recommender-applications a[href="/recommend/{application.pk}/"]').click()
    expect(page).to_have_url(re.compile(rf"/rounds/{round.pk}/commitment/\?next="))
    page.check("#id_agree")
    submit(page, page.locator("main form"))
    page.fill("#id_opinion", "同意推荐。")
    page.check("#id_declaration")
    submit(page, page.locator("main form"))
    logout(page)

    # The window closes.
    Round.objects.filter(pk=round.pk).update(
        stage=RoundStage.ELIGIBILITY,
        applications_close_at=timezone.now() - timedelta(minutes=1),
        window_closed_at=timezone.now(),
    )

    # --- the office: computed rows, override, investigation, supplement, decision -----------
    login(page, office.username)
    page.goto(f"/office/rounds/{round.pk}/applications/")
    page.locator(f'#applications a[href="/office/applications/{application.pk}/"]').click()
    expect(page).to_have_url(re.compile(rf"/rounds/{round.pk}/commitment/\?next="))
    page.check("#id_agree")
    submit(page, page.locator("main form"))
    expect(page.locator('.computed-working[data-condition="c1"]')).to_contain_text(
        str(organisation.founded_on)
    )
    expect(page.locator("#self-assessment-sections .badge.text-bg-danger")).to_have_count(1)

    # The rows the data decides come pre-filled with the computed result.
    c1 = page.locator('#conditions form:has(input[name=condition][value="c1"])')
    expect(c1.locator("input[name=met][value=yes]")).to_be_checked()
    for condition in applicable_conditions(application):
        form = page.locator(f'#conditions form:has(input[name=condition][value="{condition}"])')
        form.locator("input[name=met][value=yes]").check()
        form.locator("textarea[name=evidence]").fill(f"已核验（{condition}）")
        submit(page, form)

    # A supplement, answered by the applicant after the main deadline.
    supplement = page.locator("#supplements form")
    supplement.locator("textarea[name=what]").fill("请补充2024年度完税证明。")
    due = timezone.localtime(timezone.now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    supplement.locator("input[name=due_at]").fill(due)
    submit(page, supplement)
    expect(page.locator("#supplements .badge.text-bg-warning")).to_have_count(1)
    logout(page)

    login(page, applicant.username)
    page.goto(f"/applications/{application.pk}/")
    submit_answer = page.locator("#supplements a.btn-primary")
    with page.expect_navigation():
        submit_answer.click()
    page.fill("#id_answer", "已补充完税证明。")
    page.set_input_files("#id_file", str(write_pdf(tmp_path / "2024年完税证明.pdf")))
    submit(page, page.locator("main form"))
    expect(page.locator("#supplements a.btn-outline-secondary")).to_have_count(1)
    logout(page)

    login(page, office.username)
    page.goto(f"/office/applications/{application.pk}/")
    expect(page.locator("#supplements")).to_contain_text("已补充完税证明。")
    decision = page.locator("#decision form")
    decision.locator("input[name=decision][value=eligible]").check()
    decision.locator("textarea[name=reason]").fill("条件均符合。")
    submit(page, decision)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ELIGIBLE
    assert application.versions.count() == 2

    page.goto(f"/office/rounds/{round.pk}/applications/")
    with page.expect_download() as download:
        page.click(f'a[href="/office/rounds/{round.pk}/eligible-list.xlsx"]')
    assert download.value.suggested_filename.endswith(".xlsx")
    page.click(f'a[href="/office/rounds/{round.pk}/charts/"]')
    expect(page.locator("#table-by_status")).to_contain_text("1")
