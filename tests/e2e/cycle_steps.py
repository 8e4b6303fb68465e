"""The browser steps of one round of the award, from the call notice to the verified
certificate, shared by tests/e2e/test_walking_skeleton.py (deadlines rewritten in the database,
password log-ins) and tests/e2e/test_full_cycle_with_second_factor.py (real clock moves, the
second factor switched on). Each step is done on its page by the role that owns it; each test
passes how its users log in and how time passes, and keeps its own extra checks.

The UI text is Chinese and still being translated, so elements are found by field name/id, by
href (the URL paths of the apps' urls.py) or by data-testid, and text is only ever the test's
own data.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Protocol

from django.core import mail
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader, PdfWriter

from applications.eligibility import applicable_conditions
from applications.enums import ApplicationStatus
from applications.models import Application
from awards.enums import RoundStage
from awards.models import Round
from awards.selectors import holiday_calendar
from awards.tasks import sweep_deadlines
from grants.models import AwardGrant, Certificate
from publicity.enums import ObjectionStatus
from publicity.models import Objection, PublicityPeriod
from publicity.rules import BEIJING
from reviews.enums import ReviewStage, ReviewStatus
from reviews.models import Review
from tests.e2e.full_form import fill_full_form
from tests.factories import (
    RecommenderFactory,
    expert_user,
    leading_group_user,
    make_credit_code,
    office_user,
    recommender_user,
)

ACTION_TIMEOUT_MS = 10_000
FACTORY_PASSWORD = "pw-for-tests-1"  # tests.factories.UserFactory
SCORED_ITEMS = 23  # GB/T 19580-2012: 23 items in 7 categories
DASHBOARD = re.compile(r"/accounts/dashboard/$")
CONTACT_EMAIL = "lijing@xinli.example.cn"


# --- helpers ----------------------------------------------------------------------------------


@contextmanager
def step(page: Page, name: str) -> Iterator[None]:
    """One step of the cycle; on failure the page is kept as /tmp/e2e-<name>.png."""
    try:
        yield
    except Exception:
        try:
            page.screenshot(path=f"/tmp/e2e-{name}.png", full_page=True)
        except Exception:  # a dead browser must not hide the failure itself
            pass
        raise


def submit(page: Page, form: Locator, button: str = "button[type=submit]") -> None:
    """Click the form's submit button and wait for the page the server answers with."""
    with page.expect_navigation():
        form.locator(button).click()


def login(page: Page, username: str, password: str = FACTORY_PASSWORD) -> None:
    """Log in through the login page; every role lands on its dashboard."""
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    submit(page, page.locator("main form"))
    expect(page).to_have_url(DASHBOARD)


def logout(page: Page) -> None:
    page.click('[data-testid="user-menu"]')  # the log-out button lives in the user menu
    submit(page, page.locator('nav form[action="/accounts/logout/"]'))
    expect(page.locator('nav a[href="/accounts/login/"]')).to_be_visible()


def beijing_input(moment: datetime) -> str:
    """The value of a datetime-local input, in Beijing time as the forms read it."""
    return timezone.localtime(moment, BEIJING).strftime("%Y-%m-%dT%H:%M")


def write_pdf(path: Path) -> Path:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def sign_commitment_when_sent_to_it(page: Page, round: Round) -> None:
    """R12: the first confidential page of a round sends the user to sign its commitment,
    and back to that page once signed."""
    expect(page).to_have_url(re.compile(rf"/rounds/{round.pk}/commitment/\?next="))
    page.check("#id_agree")
    submit(page, page.locator("main form"))


def score_every_item(page: Page, percent: int) -> None:
    selects = page.locator("#score-form select[name^=percent_]")
    expect(selects).to_have_count(SCORED_ITEMS)
    for index in range(SCORED_ITEMS):
        selects.nth(index).select_option(str(percent))
    submit(page, page.locator("#score-form"), "button[name=action][value=submit]")


# --- the cycle --------------------------------------------------------------------------------


class LogIn(Protocol):
    """How the test's users log in (through the login page, landing on the dashboard)."""

    def __call__(self, username: str, password: str = FACTORY_PASSWORD) -> None: ...


@dataclass(frozen=True)
class Applicant:
    """The organisation that registers itself and applies, and its administrator's log-in."""

    name: str
    username: str
    password: str


class AwardCycle:
    """One round walked step by step in the browser, with the office, a leading-group member,
    an expert and a recommending unit made up front. Each method is one or more numbered steps
    of the cycle (a failure keeps the page as /tmp/e2e-<step>.png); the steps that wait for a
    deadline take the test's own way of making it pass."""

    round: Round
    application: Application
    period: PublicityPeriod
    certificate: Certificate

    def __init__(self, page: Page, tmp_path: Path, login: LogIn, applicant: Applicant) -> None:
        self.page, self.tmp_path, self.login, self.applicant = page, tmp_path, login, applicant
        self.office = office_user(username="office_wang", full_name="王敏")
        self.leader = leading_group_user(username="leader_chen", full_name="陈志强")
        self.expert = expert_user(username="expert_liu", full_name="刘建华")
        self.recommending_unit = RecommenderFactory()  # 章贡区人民政府
        self.recommender = recommender_user(self.recommending_unit, username="zhanggong_rec")
        self.now = timezone.now()
        self.year = timezone.localdate().year
        self.title = f"{self.year}年度赣州市市长质量奖（端到端测试）"

    def log_in_as_applicant(self) -> None:
        self.login(self.applicant.username, self.applicant.password)

    def publish_call(self) -> None:
        """1. The office creates the round and publishes its call notice; the public sees it."""
        page, title = self.page, self.title
        with step(page, "01-call"):
            self.login(self.office.username)
            expect(page.locator("#dashboard-office")).to_be_visible()
            page.locator('#dashboard-office a[href="/office/rounds/new/"]').first.click()
            page.fill("#id_year", str(self.year))
            page.fill("#id_title", title)
            page.fill("#id_applications_open_at", beijing_input(self.now - timedelta(days=1)))
            page.fill("#id_applications_close_at", beijing_input(self.now + timedelta(days=30)))
            submit(page, page.locator("main form"))
            round = self.round = Round.objects.get(title=title)
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

    def register_and_apply(self) -> None:
        """2. An organisation registers itself, fills its dossier, attaches the form, submits;
        its recommending unit writes its opinion."""
        page, round, org_name = self.page, self.round, self.applicant.name
        with step(page, "02-apply"):
            page.goto("/")
            page.locator('main a[href="/register/"]').click()
            page.fill("#id_name", org_name)
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
            page.fill("#id_contact_email", CONTACT_EMAIL)
            page.fill("#id_username", self.applicant.username)
            page.fill("#id_password1", self.applicant.password)
            page.fill("#id_password2", self.applicant.password)
            page.check("#id_privacy_accepted")
            submit(page, page.locator("main form"))
            # Registered, not logged in: the page asks to follow the e-mail (the same page
            # as for a user name in use, so it tells nothing about other accounts).
            expect(page.get_by_test_id("registration-sent")).to_contain_text(CONTACT_EMAIL)
            # The address is confirmed with the e-mailed link (the live server runs in
            # this process, so its mails are in django.core.mail.outbox), then log in.
            verification = next(m for m in mail.outbox if m.to == [CONTACT_EMAIL])
            link = re.search(r"/organisation/verify-email/[^/\s]+/", verification.body)
            assert link is not None
            page.goto(link.group(0))
            expect(page).to_have_url(re.compile(r"/accounts/login/"))
            self.log_in_as_applicant()
            expect(page.locator("#dashboard-applicant h2")).to_contain_text(org_name)
            submit(
                page, page.locator(f'#dashboard-applicant form[action="/rounds/{round.pk}/apply/"]')
            )
            application = self.application = Application.objects.get(
                round=round, organisation__name=org_name
            )
            expect(page).to_have_url(re.compile(rf"/applications/{application.pk}/edit/$"))

            page.fill("#id_main_products", "高性能钕铁硼永磁材料、稀土功能材料")
            page.fill(
                "#id_quality_summary", "连续五年产品一次交验合格率99.9%，主导制定行业标准2项。"
            )
            page.fill("#id_self_assessment", "按GB/T 19580自评得分612分。")
            fill_full_form(page, round)  # the full application form
            page.select_option("#id_recommender", str(self.recommending_unit.pk))
            submit(page, page.locator("main"), "button[name=save][form=dossier-form]")

            pdf = write_pdf(self.tmp_path / "申报表（盖章）.pdf")
            page.select_option("#id_attachment-kind", "form")
            page.set_input_files("#id_attachment-file", str(pdf))
            page.locator("#attachments-panel button[type=submit]").click()  # htmx swaps it
            expect(page.locator("#attachments-panel")).to_contain_text(pdf.name)

            submit(page, page.locator("main"), "button[name=go_submit][form=dossier-form]")
            expect(page).to_have_url(re.compile(rf"/applications/{application.pk}/submit/$"))
            expect(page.locator("#submission-blockers")).to_have_count(0)
            page.check("#id_declaration")
            submit(page, page.locator("form:has(#id_declaration)"))
            expect(page).to_have_url(re.compile(rf"/applications/{application.pk}/$"))
            application.refresh_from_db()
            assert application.status == ApplicationStatus.SUBMITTED
            logout(page)

            # The chosen recommending unit writes its opinion (required by the round's default).
            self.login(self.recommender.username)
            row = page.locator("#dashboard-recommender tr", has_text=org_name)
            row.locator(f'a[href="/recommend/{application.pk}/"]').click()
            # Art. 31: the unit signs the round's commitment before the dossier opens.
            sign_commitment_when_sent_to_it(page, round)
            page.fill("#id_opinion", "该企业质量管理水平突出，同意推荐。")
            page.check("#id_declaration")  # Art. 28: the unit answers for its opinion
            submit(page, page.locator("main form"))
            expect(page).to_have_url(DASHBOARD)
            application.refresh_from_db()
            assert application.recommended_at is not None
            logout(page)

    def window_closes(self, pass_deadline: Callable[[Round], object]) -> None:
        """3. The window closes by itself: ``pass_deadline`` takes the round past its
        application deadline, and the beat's sweep runs."""
        page, round, application = self.page, self.round, self.application
        with step(page, "03-window-closes"):
            pass_deadline(round)
            assert sweep_deadlines()["windows_closed"] == 1
            assert sweep_deadlines()["windows_closed"] == 0  # idempotent
            round.refresh_from_db()
            assert round.stage == RoundStage.ELIGIBILITY

            self.log_in_as_applicant()
            row = page.locator("#dashboard-applicant tr", has_text=round.title)
            row.locator(f'a[href="/applications/{application.pk}/"]').first.click()
            expect(page.locator("#application-status")).to_be_visible()
            # Submitted as it was: nothing to fill in or submit any more.
            edit = page.locator(f'main a[href="/applications/{application.pk}/edit/"]')
            expect(edit).to_have_count(0)
            page.goto(f"/calls/{round.pk}/")
            expect(page.get_by_test_id("window-closed")).to_be_visible()
            logout(page)

    def review_to_plenary(self) -> None:
        """4. to 8.: eligibility, the review rules, the material and the site review, the
        composite ranking and the plenary."""
        self.eligibility()
        self.rules_and_material_review()
        self.material_review()
        self.site_review_and_composite()
        self.plenary()

    def eligibility(self) -> None:
        """4. The office checks the six conditions of Art. 13 and decides: eligible."""
        page, round, application = self.page, self.round, self.application
        with step(page, "04-eligibility"):
            self.login(self.office.username)
            page.locator(
                f'#dashboard-office a[href="/office/rounds/{round.pk}/applications/"]'
            ).first.click()
            page.locator(f'#applications a[href="/office/applications/{application.pk}/"]').click()
            sign_commitment_when_sent_to_it(page, round)
            expect(page).to_have_url(re.compile(rf"/office/applications/{application.pk}/$"))
            for condition in applicable_conditions(application):
                form = page.locator(
                    f'#conditions form:has(input[name=condition][value="{condition}"])'
                )
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
                applicable_conditions(application)
            )
            logout(page)

    def rules_and_material_review(self) -> None:
        """5. The leading group approves the review rules; the office starts the material
        review."""
        page, round = self.page, self.round
        with step(page, "05-rules-and-material-review"):
            self.login(self.leader.username)
            page.locator(
                f'#dashboard-leading-group a[href="/rounds/{round.pk}/rules/"]'
            ).first.click()
            page.check("#id_confirm")
            submit(page, page.locator("main form"))
            expect(page).to_have_url(DASHBOARD)
            round.refresh_from_db()
            assert round.rules_approved
            logout(page)

            self.login(self.office.username)
            submit(
                page,
                page.locator(
                    f'#dashboard-office form[action="/office/rounds/{round.pk}/material-review/"]'
                ),
            )
            round.refresh_from_db()
            assert round.stage == RoundStage.MATERIAL_REVIEW

    def material_review(self) -> None:
        """6. The office assigns an expert; the expert signs, declares no conflict and scores."""
        page, round, application = self.page, self.round, self.application
        profile = self.expert.expert_profile
        with step(page, "06-material-review"):
            page.goto(f"/office/rounds/{round.pk}/")
            page.locator(f'a[href="/office/rounds/{round.pk}/review/"]').first.click()
            # The application's row opens its assignment form (fetched with htmx).
            page.locator(f"#assign-slot-{application.pk}").locator("xpath=..").locator(
                "button"
            ).click()
            assign = page.locator(f"#assign-form-{application.pk}")
            assign.locator("select[name=expert]").select_option(str(profile.pk))
            submit(page, assign)
            expect(page.locator("#assignment-table")).to_contain_text(profile.name)
            logout(page)

            self.login(self.expert.username)
            task = page.locator(
                f'#dashboard-expert tr.expert-task[data-application="{application.pk}"]'
            )
            expect(task).to_contain_text(self.applicant.name)
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

    def site_review_and_composite(self) -> None:
        """7. Site review: the office selects, the expert scores again, the office evaluates."""
        page, round, application = self.page, self.round, self.application
        with step(page, "07-site-review-and-composite"):
            self.login(self.office.username)
            page.goto(f"/office/rounds/{round.pk}/review/")
            site = page.locator("#site-form")
            # It reaches the threshold.
            expect(site.locator(f"#select-{application.pk}")).to_be_checked()
            submit(page, site)
            application.refresh_from_db()
            assert application.status == ApplicationStatus.SITE_REVIEW
            logout(page)

            self.login(self.expert.username)
            page.locator(
                f'#dashboard-expert a[href="/review/{application.pk}/site/score/"]'
            ).click()
            score_every_item(page, 70)
            logout(page)

            self.login(self.office.username)
            page.goto(f"/office/rounds/{round.pk}/review/")
            submit(
                page, page.locator(f'form[action="/office/rounds/{round.pk}/review/composite/"]')
            )
            expect(page).to_have_url(re.compile(rf"/rounds/{round.pk}/composite/$"))
            ranking = page.locator("tr.ranking-row", has_text=self.applicant.name)
            expect(ranking).to_contain_text("740.0")
            page.goto(f"/office/rounds/{round.pk}/review/")
            submit(
                page, page.locator(f'form[action="/office/rounds/{round.pk}/review/candidates/"]')
            )
            round.refresh_from_db()
            application.refresh_from_db()
            assert round.stage == RoundStage.DELIBERATION
            assert (application.status, application.proposed_level) == (
                ApplicationStatus.CANDIDATE,
                "prize",
            )
            logout(page)

    def plenary(self) -> None:
        """8. A leading-group member records the plenary: the candidate passes."""
        page, round, application = self.page, self.round, self.application
        with step(page, "08-plenary"):
            self.login(self.leader.username)
            page.locator(f'#dashboard-deliberation a[href="/rounds/{round.pk}/plenary/"]').click()
            sign_commitment_when_sent_to_it(page, round)
            expect(page).to_have_url(re.compile(rf"/rounds/{round.pk}/plenary/$"))
            page.fill("#id_members_total", "9")
            page.fill("#id_members_present", "7")
            page.fill(f"#id_agree_{application.pk}", "7")
            submit(page, page.locator("#plenary-form"))
            expect(page.locator("#proposed-list")).to_contain_text(self.applicant.name)
            application.refresh_from_db()
            assert application.status == ApplicationStatus.PROPOSED
            logout(page)

    def publicity(self, begin: Callable[[PublicityPeriod], object]) -> None:
        """9. Publicity: the office opens it from tomorrow; ``begin`` makes the period begin; a
        visitor objects; the office handles the objection."""
        page, round, application = self.page, self.round, self.application
        with step(page, "09-publicity"):
            self.login(self.office.username)
            page.goto(f"/office/rounds/{round.pk}/")
            page.locator(
                f'#hub-publicity a[href="/office/rounds/{round.pk}/publicity/open/"]'
            ).click()
            submit(page, page.locator("main form"))  # from tomorrow, 10 days: the defaults
            period = self.period = PublicityPeriod.objects.get(round=round)
            expect(page).to_have_url(re.compile(rf"/publicity/{period.pk}/$"))
            tomorrow = timezone.localdate() + timedelta(days=1)
            assert period.starts_at == datetime.combine(tomorrow, time.min, tzinfo=BEIJING)
            # 10 days, moved on past a weekend or holiday at the tenth (R1, Civil Code Art. 203).
            last_day = (period.ends_at - timedelta(days=1)).astimezone(BEIJING).date()
            expected = tomorrow + timedelta(days=9)
            while not holiday_calendar(round.programme_id).is_working_day(expected):
                expected += timedelta(days=1)
            assert last_day == expected
            logout(page)
            begin(period)

            page.goto("/publicity/")
            page.locator(f'#publicities a[href="/publicity/{period.pk}/"]').click()
            expect(page.locator("#proposed-list")).to_contain_text(self.applicant.name)
            expect(page.locator("#period").get_by_test_id("publicity-open")).to_be_visible()
            page.locator(f'a[href="/publicity/{period.pk}/object/"]').click()
            page.fill("#id_name", "赵先生")
            page.fill("#id_phone", "13907970000")
            page.select_option("#id_application", str(application.pk))
            page.fill("#id_grounds", "听说该企业去年有一起客户质量投诉，请核实。")
            # The captcha's answer in test mode (tests/conftest.py).
            page.fill("#id_captcha_1", "PASSED")
            submit(page, page.locator("main form"))
            expect(page).to_have_url(re.compile(r"/publicity/receipt/$"))
            objection = Objection.objects.get(publicity=period)
            expect(page.locator("#objection-status")).to_contain_text(objection.receipt_number)

            self.login(self.office.username)
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
            # Art. 21: the leading group decided at its meeting; the office records it.
            decide.locator("input[name=meeting]").fill("领导小组第2次会议")
            submit(page, decide)
            objection.refresh_from_db()
            assert objection.status == ObjectionStatus.DISMISSED
            logout(page)

    def publicity_closes(self, close: Callable[[PublicityPeriod], object]) -> None:
        """10. The publicity closes by itself at its end: ``close`` takes the period past its
        end and runs the beat's sweep, with the test's own checks of it."""
        page, round, period = self.page, self.round, self.period
        with step(page, "10-publicity-closes"):
            close(period)
            round.refresh_from_db()
            assert round.stage == RoundStage.APPROVAL
            page.goto(f"/publicity/{period.pk}/")
            expect(page.locator("#period").get_by_test_id("publicity-over")).to_be_visible()
            expect(page.locator(f'a[href="/publicity/{period.pk}/object/"]')).to_have_count(0)

    def approval_and_certificate(self) -> None:
        """11. The government's approval; the certificate is rendered, downloaded and
        verified on the public page."""
        page, round, org_name = self.page, self.round, self.applicant.name
        with step(page, "11-approval-and-certificate"):
            self.login(self.office.username)
            page.goto(f"/office/rounds/{round.pk}/")
            page.locator(f'#hub-approval a[href="/office/rounds/{round.pk}/approval/"]').click()
            page.fill("#id_approved_on", timezone.localdate().isoformat())
            page.fill("#id_meeting", "市政府第30次常务会议")
            page.fill("#id_document_number", f"赣市府字〔{self.year}〕88号")
            submit(page, page.locator("main form"))
            expect(page).to_have_url(re.compile(rf"/office/rounds/{round.pk}/$"))
            round.refresh_from_db()
            assert round.stage == RoundStage.PUBLISHED
            grant = AwardGrant.objects.get(application=self.application)
            certificate = self.certificate = Certificate.objects.get(grant=grant)
            assert certificate.generated_at is not None  # rendered by the task after the commit
            logout(page)

            self.log_in_as_applicant()
            with page.expect_download() as download_info:
                page.locator(
                    f'#dashboard-grants a[href="/certificates/{grant.pk}/download/"]'
                ).click()
            saved = self.tmp_path / "certificate.pdf"
            download_info.value.save_as(saved)
            pdf_bytes = saved.read_bytes()
            assert pdf_bytes.startswith(b"%PDF")
            text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf_bytes)).pages)
            assert org_name in re.sub(r"\s+", "", text)
            logout(page)

            page.goto("/verify/")
            page.fill("#id_number", certificate.number)
            submit(page, page.locator('main form[action="/verify/"]'))
            expect(page.locator("#genuine")).to_contain_text(certificate.number)
            expect(page.locator("#certificate-details")).to_contain_text(org_name)
            valid = page.locator("#certificate-state").get_by_test_id("grant-valid")
            expect(valid).to_be_visible()
