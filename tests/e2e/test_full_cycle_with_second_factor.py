"""Issue 7: the full cycle in a real browser, from an organisation's registration to its
certificate verified on the public page, every human step done on its page by its role, with the
security of issue 7 switched on: office staff and experts log in with their second factor
(TOTP, enrolled at their first log-in), and the clock is the only thing the test moves.

Unlike tests/e2e/test_walking_skeleton.py (issue 2's skeleton, which rewrites deadlines in the
database), the waits here are real clock moves: time-machine takes the whole process (the live
server's thread included) past the application deadline, into the publicity period and past its
tenth day, and the beat's sweep task (`awards.tasks.sweep_deadlines`) is called as beat would.
Certificates are rendered by the Celery task, eager in tests. The UI is Chinese, so elements are
found by id, name, href or data-testid, never by wording.
"""

from __future__ import annotations

import io
import re
from base64 import b32decode
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from django_otp.oath import TOTP
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from applications.enums import ApplicationStatus, EligibilityCondition
from applications.models import Application
from awards.enums import RoundStage
from awards.models import Round
from awards.tasks import sweep_deadlines
from grants.models import AwardGrant, Certificate
from organisations.models import Organisation
from publicity.enums import ObjectionStatus
from publicity.models import Objection, PublicityPeriod
from publicity.rules import BEIJING
from reviews.enums import ReviewStage, ReviewStatus
from reviews.models import Review
from tests.e2e.full_form import fill_full_form
from tests.e2e.test_walking_skeleton import (
    ACTION_TIMEOUT_MS,
    DASHBOARD,
    FACTORY_PASSWORD,
    SCORED_ITEMS,
    beijing_input,
    logout,
    score_every_item,
    sign_commitment_when_sent_to_it,
    step,
    submit,
    write_pdf,
)
from tests.factories import (
    RecommenderFactory,
    expert_user,
    leading_group_user,
    make_credit_code,
    office_user,
    recommender_user,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

expect.set_options(timeout=ACTION_TIMEOUT_MS)

APPLICANT_USERNAME = "ganfeng_admin"
APPLICANT_PASSWORD = "Ganfeng-Quality-2026!"
ORG_NAME = "赣州赣锋精密电子科技有限公司"
assert SCORED_ITEMS == 23


@pytest.fixture
def browser_context_args(browser_context_args: dict[str, Any], live_server: Any) -> dict[str, Any]:
    return {**browser_context_args, "base_url": live_server.url}


@pytest.fixture
def page(page: Page) -> Page:
    page.set_default_timeout(ACTION_TIMEOUT_MS)
    page.set_default_navigation_timeout(ACTION_TIMEOUT_MS)
    return page


class SecondFactorLogin:
    """Log in through the login page, then the second-factor step when the role has one:
    enrolment (the key read from the page, a code confirmed, the backup codes shown) at the
    first log-in, a fresh code at every later one. A TOTP code is good once per 30-second step
    (django-otp refuses a replay), so the clock moves on a step before each later code."""

    def __init__(self, page: Page, clock: Any) -> None:
        self.page, self.clock = page, clock
        self.secrets: dict[str, str] = {}
        self.steps: list[tuple[str, str]] = []  # (user name, "enrol" / "code" / "password")

    @staticmethod
    def code(secret: str) -> str:
        return f"{TOTP(b32decode(secret.replace(' ', ''))).token():06d}"

    def __call__(self, username: str, password: str = FACTORY_PASSWORD) -> None:
        page = self.page
        page.goto("/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        submit(page, page.locator("main form"))
        if "/accounts/two-step/enrol/" in page.url:
            self.steps.append((username, "enrol"))
            secret = page.locator('[data-testid="totp-secret"]').inner_text()
            self.secrets[username] = secret
            page.fill("#id_code", self.code(secret))
            submit(page, page.locator("main form").first)
            expect(page.locator('[data-testid="backup-codes"] li')).to_have_count(10)
            with page.expect_navigation():
                page.locator('[data-testid="continue"]').click()
        elif "/accounts/two-step/verify/" in page.url:
            self.steps.append((username, "code"))
            self.clock.shift(timedelta(seconds=31))
            page.fill("#id_code", self.code(self.secrets[username]))
            submit(page, page.locator("main form").first)
        else:
            self.steps.append((username, "password"))
        expect(page).to_have_url(DASHBOARD)

    def ways_in(self, username: str) -> list[str]:
        return [way for name, way in self.steps if name == username]


def test_registration_to_verified_certificate_with_second_factor_and_clock(
    page: Page, tmp_path: Path, settings: Any
) -> None:
    settings.OTP_ENFORCED = True  # issue 7: office staff and experts need their second factor
    traveller = time_machine.travel(timezone.now(), tick=True)
    clock = traveller.start()
    try:
        run_cycle(page, tmp_path, clock)
    finally:
        traveller.stop()


def run_cycle(page: Page, tmp_path: Path, clock: Any) -> None:
    signin = SecondFactorLogin(page, clock)
    office = office_user(username="office_wang", full_name="王敏")
    leader = leading_group_user(username="leader_chen", full_name="陈志强")
    expert = expert_user(username="expert_liu", full_name="刘建华")
    recommending_unit = RecommenderFactory()  # 章贡区人民政府
    recommender = recommender_user(recommending_unit, username="zhanggong_rec")
    now = timezone.now()
    year = timezone.localdate().year
    title = f"{year}年度赣州市市长质量奖（端到端测试）"

    # 1. The office creates the round and publishes its call notice; the public sees it.
    with step(page, "01-call"):
        signin(office.username)
        expect(page.locator("#dashboard-office")).to_be_visible()
        page.locator('#dashboard-office a[href="/office/rounds/new/"]').first.click()
        page.fill("#id_year", str(year))
        page.fill("#id_title", title)
        page.fill("#id_applications_open_at", beijing_input(now - timedelta(days=1)))
        page.fill("#id_applications_close_at", beijing_input(now + timedelta(days=30)))
        submit(page, page.locator("main form"))
        round = Round.objects.get(title=title)
        expect(page).to_have_url(re.compile(rf"/office/rounds/{round.pk}/$"))
        assert round.stage == RoundStage.DRAFT
        # The dashboard says what comes next: publish the call notice.
        page.goto("/accounts/dashboard/")
        page.locator(f'#dashboard-office a[href="/office/rounds/{round.pk}/call/"]').click()
        page.fill("#id_call_notice", f"{title}申报工作现已启动，欢迎符合条件的组织自愿申报。")
        page.fill("#id_required_documents", "申报表（盖章）\n自评报告\n营业执照")
        submit(page, page.locator("main form"))
        expect(page).to_have_url(re.compile(rf"/office/rounds/{round.pk}/$"))
        round.refresh_from_db()
        assert round.stage == RoundStage.APPLICATION
        logout(page)

        page.goto("/calls/")
        page.locator(f'main a[href="/calls/{round.pk}/"]').click()
        expect(page.locator("main h1")).to_have_text(title)
        expect(page.locator("main")).to_contain_text("欢迎符合条件的组织自愿申报")
        expect(page.get_by_test_id("window-open")).to_be_visible()

    # 2. An organisation registers itself, fills its dossier, attaches the form, submits.
    with step(page, "02-apply"):
        page.goto("/")
        page.locator('main a[href="/register/"]').click()
        page.fill("#id_name", ORG_NAME)
        page.fill("#id_credit_code", make_credit_code())
        page.fill("#id_legal_representative", "黄志明")
        page.fill("#id_address", "江西省赣州市章贡区水西有色冶金基地1号")
        page.select_option("#id_division", label="章贡区")
        page.fill("#id_founded_on", "2009-06-18")
        page.select_option("#id_industry_section", "C")
        page.fill("#id_industry_class", "C3985 电子专用材料制造")
        page.fill("#id_staff_count", "860")
        page.fill("#id_contact_name", "李静")
        page.fill("#id_contact_phone", "0797-8123456")
        page.fill("#id_contact_email", "lijing@xinli.example.cn")
        page.fill("#id_username", APPLICANT_USERNAME)
        page.fill("#id_password1", APPLICANT_PASSWORD)
        page.fill("#id_password2", APPLICANT_PASSWORD)
        page.check("#id_privacy_accepted")
        submit(page, page.locator("main form"))
        # Registered and logged in: the dashboard offers the open round.
        expect(page).to_have_url(DASHBOARD)
        # Issue 3: the address is confirmed with the e-mailed link (the live server runs in
        # this process, so its mails are in django.core.mail.outbox).
        verification = next(m for m in mail.outbox if m.to == ["lijing@xinli.example.cn"])
        link = re.search(r"/organisation/verify-email/[^/\s]+/", verification.body)
        assert link is not None
        page.goto(link.group(0))
        expect(page).to_have_url(DASHBOARD)
        expect(page.locator("#dashboard-applicant h2")).to_contain_text(ORG_NAME)
        submit(page, page.locator(f'#dashboard-applicant form[action="/rounds/{round.pk}/apply/"]'))
        application = Application.objects.get(round=round, organisation__name=ORG_NAME)
        expect(page).to_have_url(re.compile(rf"/applications/{application.pk}/edit/$"))

        page.fill("#id_main_products", "高性能钕铁硼永磁材料、稀土功能材料")
        page.fill("#id_quality_summary", "连续五年产品一次交验合格率99.9%，主导制定行业标准2项。")
        page.fill("#id_self_assessment", "按GB/T 19580自评得分612分。")
        fill_full_form(page, round)  # issue 3: the full application form
        page.select_option("#id_recommender", str(recommending_unit.pk))
        submit(page, page.locator("main form").first, "button[name=save]")

        pdf = write_pdf(tmp_path / "申报表（盖章）.pdf")
        page.select_option("#id_attachment-kind", "form")
        page.set_input_files("#id_attachment-file", str(pdf))
        page.locator("#attachments-panel button[type=submit]").click()  # htmx swaps the panel
        expect(page.locator("#attachments-panel")).to_contain_text(pdf.name)

        submit(page, page.locator("main form").first, "button[name=go_submit]")
        expect(page).to_have_url(re.compile(rf"/applications/{application.pk}/submit/$"))
        expect(page.locator("#submission-blockers")).to_have_count(0)
        page.check("#id_declaration")
        submit(page, page.locator("form:has(#id_declaration)"))
        expect(page).to_have_url(re.compile(rf"/applications/{application.pk}/$"))
        application.refresh_from_db()
        assert application.status == ApplicationStatus.SUBMITTED
        logout(page)

        # The chosen recommending unit writes its opinion (required by the round's default).
        signin(recommender.username)
        row = page.locator("#dashboard-recommender tr", has_text=ORG_NAME)
        row.locator(f'a[href="/recommend/{application.pk}/"]').click()
        page.fill("#id_opinion", "该企业质量管理水平突出，同意推荐。")
        submit(page, page.locator("main form"))
        expect(page).to_have_url(DASHBOARD)
        application.refresh_from_db()
        assert application.recommended_at is not None
        logout(page)

    # 3. The window closes by itself: the deadline passes and the beat's sweep runs.
    with step(page, "03-window-closes"):
        clock.move_to(round.applications_close_at + timedelta(minutes=1))
        assert sweep_deadlines()["windows_closed"] == 1
        assert sweep_deadlines()["windows_closed"] == 0  # idempotent
        round.refresh_from_db()
        assert round.stage == RoundStage.ELIGIBILITY

        signin(APPLICANT_USERNAME, APPLICANT_PASSWORD)
        row = page.locator("#dashboard-applicant tr", has_text=round.title)
        row.locator(f'a[href="/applications/{application.pk}/"]').first.click()
        expect(page.locator("#application-status")).to_be_visible()
        # Submitted as it was: nothing to fill in or submit any more.
        expect(page.locator(f'main a[href="/applications/{application.pk}/edit/"]')).to_have_count(
            0
        )
        page.goto(f"/calls/{round.pk}/")
        expect(page.get_by_test_id("window-closed")).to_be_visible()
        logout(page)

    # 4. The office checks the six conditions of Art. 13 and decides: eligible.
    with step(page, "04-eligibility"):
        signin(office.username)
        page.locator(
            f'#dashboard-office a[href="/office/rounds/{round.pk}/applications/"]'
        ).first.click()
        page.locator(f'#applications a[href="/office/applications/{application.pk}/"]').click()
        sign_commitment_when_sent_to_it(page, round)
        expect(page).to_have_url(re.compile(rf"/office/applications/{application.pk}/$"))
        for condition in EligibilityCondition.values:
            form = page.locator(f'#conditions form:has(input[name=condition][value="{condition}"])')
            form.locator("input[name=met][value=yes]").check()
            form.locator("textarea[name=evidence]").fill(f"已核验证明材料（{condition}）")
            submit(page, form)
        decision = page.locator("#decision form")
        decision.locator("input[name=decision][value=eligible]").check()
        decision.locator("textarea[name=reason]").fill("六项条件均符合，材料齐全。")
        submit(page, decision)
        application.refresh_from_db()
        assert application.status == ApplicationStatus.ELIGIBLE
        assert application.eligibility_checks.filter(met=True).count() == len(
            EligibilityCondition.values
        )
        logout(page)

    # 5. The leading group approves the review rules; the office starts the material review.
    with step(page, "05-rules-and-material-review"):
        signin(leader.username)
        page.locator(f'#dashboard-leading-group a[href="/rounds/{round.pk}/rules/"]').first.click()
        page.check("#id_confirm")
        submit(page, page.locator("main form"))
        expect(page).to_have_url(DASHBOARD)
        round.refresh_from_db()
        assert round.rules_approved
        logout(page)

        signin(office.username)
        submit(
            page,
            page.locator(
                f'#dashboard-office form[action="/office/rounds/{round.pk}/material-review/"]'
            ),
        )
        round.refresh_from_db()
        assert round.stage == RoundStage.MATERIAL_REVIEW

    # 6. The office assigns an expert; the expert signs, declares no conflict and scores.
    with step(page, "06-material-review"):
        page.goto(f"/office/rounds/{round.pk}/")
        page.locator(f'a[href="/office/rounds/{round.pk}/review/"]').first.click()
        assign = page.locator("#assign-form")
        assign.locator("select[name=application]").select_option(str(application.pk))
        assign.locator("select[name=expert]").select_option(str(expert.expert_profile.pk))
        submit(page, assign)
        expect(page.locator("#assignment-table")).to_contain_text(expert.expert_profile.name)
        logout(page)

        signin(expert.username)
        task = page.locator(
            f'#dashboard-expert tr.expert-task[data-application="{application.pk}"]'
        )
        expect(task).to_contain_text(ORG_NAME)
        page.locator(f'#dashboard-expert a[href^="/rounds/{round.pk}/commitment/"]').click()
        page.check("#id_agree")
        submit(page, page.locator("main form"))
        expect(page).to_have_url(DASHBOARD)
        task.locator(f'a[href="/review/{application.pk}/declare/"]').click()
        page.locator("input[name=has_conflict][value=no]").check()
        submit(page, page.locator("main form"))
        expect(page).to_have_url(re.compile(rf"/review/{application.pk}/$"))
        page.locator(f'a[href="/review/{application.pk}/material/score/"]').click()
        score_every_item(page, 80)
        expect(page).to_have_url(re.compile(rf"/review/{application.pk}/$"))
        review = Review.objects.get(application=application, stage=ReviewStage.MATERIAL)
        assert review.status == ReviewStatus.SUBMITTED
        assert review.total == 800
        logout(page)

    # 7. Site review: the office selects, the expert scores again, the office evaluates.
    with step(page, "07-site-review-and-composite"):
        signin(office.username)
        page.goto(f"/office/rounds/{round.pk}/review/")
        site = page.locator("#site-form")
        expect(site.locator(f"#select-{application.pk}")).to_be_checked()  # reaches the threshold
        submit(page, site)
        application.refresh_from_db()
        assert application.status == ApplicationStatus.SITE_REVIEW
        logout(page)

        signin(expert.username)
        page.locator(f'#dashboard-expert a[href="/review/{application.pk}/site/score/"]').click()
        score_every_item(page, 70)
        logout(page)

        signin(office.username)
        page.goto(f"/office/rounds/{round.pk}/review/")
        submit(page, page.locator(f'form[action="/office/rounds/{round.pk}/review/composite/"]'))
        expect(page).to_have_url(re.compile(rf"/rounds/{round.pk}/composite/$"))
        expect(page.locator("tr.ranking-row", has_text=ORG_NAME)).to_contain_text("740.0")
        page.goto(f"/office/rounds/{round.pk}/review/")
        submit(page, page.locator(f'form[action="/office/rounds/{round.pk}/review/candidates/"]'))
        round.refresh_from_db()
        application.refresh_from_db()
        assert round.stage == RoundStage.DELIBERATION
        assert (application.status, application.proposed_level) == (
            ApplicationStatus.CANDIDATE,
            "prize",
        )
        logout(page)

    # 8. A leading-group member records the plenary: the candidate passes.
    with step(page, "08-plenary"):
        signin(leader.username)
        page.locator(f'#dashboard-deliberation a[href="/rounds/{round.pk}/plenary/"]').click()
        sign_commitment_when_sent_to_it(page, round)
        expect(page).to_have_url(re.compile(rf"/rounds/{round.pk}/plenary/$"))
        page.fill("#id_members_total", "9")
        page.fill("#id_members_present", "7")
        page.fill(f"#id_agree_{application.pk}", "7")
        submit(page, page.locator("#plenary-form"))
        expect(page.locator("#proposed-list")).to_contain_text(ORG_NAME)
        application.refresh_from_db()
        assert application.status == ApplicationStatus.PROPOSED
        logout(page)

    # 9. Publicity: the office opens it; a visitor objects; the office handles the objection.
    with step(page, "09-publicity"):
        signin(office.username)
        page.goto(f"/office/rounds/{round.pk}/")
        page.locator(f'#hub-publicity a[href="/office/rounds/{round.pk}/publicity/open/"]').click()
        submit(page, page.locator("main form"))  # from tomorrow, 10 days: the form's defaults
        period = PublicityPeriod.objects.get(round=round)
        expect(page).to_have_url(re.compile(rf"/publicity/{period.pk}/$"))
        tomorrow = timezone.localdate() + timedelta(days=1)
        assert period.starts_at == datetime.combine(tomorrow, time.min, tzinfo=BEIJING)
        assert period.ends_at == period.starts_at + timedelta(days=10)
        logout(page)
        # The next morning: the period has begun.
        clock.move_to(period.starts_at + timedelta(hours=1))

        page.goto("/publicity/")
        page.locator(f'#publicities a[href="/publicity/{period.pk}/"]').click()
        expect(page.locator("#proposed-list")).to_contain_text(ORG_NAME)
        expect(page.locator("#period").get_by_test_id("publicity-open")).to_be_visible()
        page.locator(f'a[href="/publicity/{period.pk}/object/"]').click()
        page.fill("#id_name", "赵先生")
        page.fill("#id_phone", "13907970000")
        page.select_option("#id_application", str(application.pk))
        page.fill("#id_grounds", "听说该企业去年有一起客户质量投诉，请核实。")
        a, b = map(int, re.findall(r"\d+", page.locator("#captcha-question").inner_text()))
        page.fill("#id_captcha", str(a + b))
        submit(page, page.locator("main form"))
        expect(page).to_have_url(re.compile(r"/publicity/receipt/$"))
        objection = Objection.objects.get(publicity=period)
        expect(page.locator("#objection-status")).to_contain_text(objection.receipt_number)

        signin(office.username)
        page.goto(f"/office/rounds/{round.pk}/")
        page.locator(f'#hub-publicity a[href="/office/rounds/{round.pk}/objections/"]').click()
        page.locator(f'#objections a[href="/office/objections/{objection.pk}/"]').click()
        verify = page.locator("form:has(input[name=action][value=verify])")
        verify.locator("textarea[name=verification]").fill(
            "经核查，该投诉已于当年妥善处理，非企业责任。"
        )
        submit(page, verify)
        decide = page.locator("form:has(input[name=action][value=decide])")
        decide.locator("input[name=decision][value=dismissed]").check()
        decide.locator("textarea[name=handling_opinion]").fill("异议不成立，维持拟奖名单。")
        submit(page, decide)
        objection.refresh_from_db()
        assert objection.status == ObjectionStatus.DISMISSED
        logout(page)

    # 10. The publicity closes by itself at its end.
    with step(page, "10-publicity-closes"):
        # Nine days on, the publicity still runs; after its tenth day it closes by itself.
        clock.move_to(period.ends_at - timedelta(days=1))
        assert sweep_deadlines()["publicities_closed"] == 0
        clock.move_to(period.ends_at + timedelta(minutes=1))
        assert sweep_deadlines()["publicities_closed"] == 1
        assert sweep_deadlines()["publicities_closed"] == 0  # idempotent
        round.refresh_from_db()
        assert round.stage == RoundStage.APPROVAL
        page.goto(f"/publicity/{period.pk}/")
        expect(page.locator("#period").get_by_test_id("publicity-over")).to_be_visible()
        expect(page.locator(f'a[href="/publicity/{period.pk}/object/"]')).to_have_count(0)

    # 11. The government's approval; the certificate is rendered, downloaded and verified.
    with step(page, "11-approval-and-certificate"):
        signin(office.username)
        page.goto(f"/office/rounds/{round.pk}/")
        page.locator(f'#hub-approval a[href="/office/rounds/{round.pk}/approval/"]').click()
        page.fill("#id_approved_on", timezone.localdate().isoformat())
        page.fill("#id_meeting", "市政府第30次常务会议")
        page.fill("#id_document_number", f"赣市府字〔{year}〕88号")
        submit(page, page.locator("main form"))
        expect(page).to_have_url(re.compile(rf"/office/rounds/{round.pk}/$"))
        round.refresh_from_db()
        assert round.stage == RoundStage.PUBLISHED
        grant = AwardGrant.objects.get(application=application)
        certificate = Certificate.objects.get(grant=grant)
        assert certificate.generated_at is not None  # rendered by the task after the commit
        logout(page)

        signin(APPLICANT_USERNAME, APPLICANT_PASSWORD)
        with page.expect_download() as download_info:
            page.locator(f'#dashboard-grants a[href="/certificates/{grant.pk}/download/"]').click()
        saved = tmp_path / "certificate.pdf"
        download_info.value.save_as(saved)
        pdf_bytes = saved.read_bytes()
        assert pdf_bytes.startswith(b"%PDF")
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf_bytes)).pages)
        assert ORG_NAME in re.sub(r"\s+", "", text)
        logout(page)

        page.goto("/verify/")
        page.fill("#id_number", certificate.number)
        submit(page, page.locator('main form[action="/verify/"]'))
        expect(page.locator("#genuine")).to_contain_text(certificate.number)
        expect(page.locator("#certificate-details")).to_contain_text(ORG_NAME)
        expect(page.locator("#certificate-state").get_by_test_id("grant-valid")).to_be_visible()
        # The certificate's own verification address (the one its QR code carries).
        page.goto(f"/verify/{certificate.number}/")
        expect(page.locator("#genuine")).to_contain_text(certificate.number)
        expect(page.locator("#certificate-details")).to_contain_text(ORG_NAME)
    assert Organisation.objects.filter(name=ORG_NAME).count() == 1
    # The second factor was really asked for: enrolled at the first log-in, a code after.
    for user in (office, expert):
        ways = signin.ways_in(user.username)
        assert ways[0] == "enrol" and set(ways[1:]) == {"code"}, ways
    assert set(signin.ways_in(APPLICANT_USERNAME)) == {"password"}
    assert set(signin.ways_in(recommender.username)) == {"password"}
