"""Browser tests of the public and leading-group pages: a member votes on the candidates,
a visitor objects during the publicity (solving the sum the form asks) and follows the outcome
by receipt number, and anyone verifies a certificate on the public page.

The UI text is Chinese, so elements are found by field name/id, by
href or by data-testid; text is only ever the test's own data."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from applications.enums import ApplicationStatus
from awards.enums import PrizeLevel
from grants.models import Certificate
from grants.services.approval import record_approval
from notifications.enums import DeliveryState
from notifications.models import OutboxMessage
from publicity.enums import ObjectionStatus
from publicity.models import Objection, PlenaryRecusal, PlenaryVote
from publicity.rules import BEIJING
from publicity.services import publicity as services
from publicity.services.voting import open_voting
from tests.factories import leading_group_user, office_user
from tests.publicity.helpers import (
    approval_round,
    candidate,
    deliberation_round,
    manufacturer,
    proposed,
    signed,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ACTION_TIMEOUT_MS = 10_000
FACTORY_PASSWORD = "pw-for-tests-1"  # tests.factories.UserFactory
DASHBOARD = re.compile(r"/accounts/dashboard/$")


@pytest.fixture
def page(page: Page) -> Page:
    page.set_default_timeout(ACTION_TIMEOUT_MS)
    page.set_default_navigation_timeout(ACTION_TIMEOUT_MS)
    return page


@contextmanager
def step(page: Page, name: str) -> Iterator[None]:
    """On failure the page is kept as /tmp/e2e-publicity-<name>.png."""
    try:
        yield
    except Exception:
        try:
            page.screenshot(path=f"/tmp/e2e-publicity-{name}.png", full_page=True)
        except Exception:
            pass
        raise


def submit(page: Page, form: Locator, button: str = "button[type=submit]") -> None:
    with page.expect_navigation():
        form.locator(button).click()


def login(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", FACTORY_PASSWORD)
    submit(page, page.locator("main form"))
    expect(page).to_have_url(DASHBOARD)


def test_a_member_votes_on_each_candidate_and_declares_a_recusal(page: Page) -> None:
    office = office_user()
    member = leading_group_user()
    round = deliberation_round()
    first = candidate(round, organisation=manufacturer(name="赣州甲稀土有限公司"), rank=1)
    second = candidate(round, organisation=manufacturer(name="赣州乙电子有限公司"), rank=2)
    signed(office, round)
    signed(member, round)
    open_voting(round, actor=office, held_on=timezone.localdate(), members_total=3)

    with step(page, "vote"):
        login(page, member.username)
        page.locator(f'#dashboard-deliberation a[href="/rounds/{round.pk}/vote/"]').click()
        expect(page.locator("#ballot")).to_be_visible()

        row = page.locator(f'tr.ballot-row[data-application="{first.pk}"]')
        row.locator("select[name=choice]").select_option("agree")
        row.locator("select[name=level]").select_option(PrizeLevel.PRIZE)
        submit(page, row.locator("form"))
        expect(
            page.locator(f'tr.ballot-row[data-application="{first.pk}"] .current-ballot')
        ).to_be_visible()

        row = page.locator(f'tr.ballot-row[data-application="{second.pk}"]')
        row.locator("select[name=choice]").select_option("recused")
        row.locator("input[name=reason]").fill("本人曾任该企业顾问")
        submit(page, row.locator("form"))
        expect(
            page.locator(f'tr.ballot-row[data-application="{second.pk}"] .current-ballot')
        ).to_be_visible()

    vote = PlenaryVote.objects.get(member=member)
    assert (vote.application_id, vote.choice, vote.level) == (first.pk, "agree", PrizeLevel.PRIZE)
    recusal = PlenaryRecusal.objects.get(member=member)
    assert (recusal.application_id, recusal.reason) == (second.pk, "本人曾任该企业顾问")


def test_a_visitor_objects_and_follows_the_outcome_by_receipt_number(page: Page) -> None:
    office = office_user()
    leader = leading_group_user()
    round = deliberation_round()
    app = proposed(round, organisation=manufacturer(name="赣州丙材料有限公司"))
    today = timezone.now().astimezone(BEIJING).date()
    period = services.open_publicity(round, actor=office, starts_on=today, days=10)

    with step(page, "object"):
        page.goto("/publicity/")
        page.locator(f'#publicities a[href="/publicity/{period.pk}/"]').click()
        expect(page.locator("#proposed-list")).to_contain_text("赣州丙材料有限公司")
        page.locator(f'a[href="/publicity/{period.pk}/object/"]').click()
        page.fill("#id_name", "钱七")
        page.fill("#id_phone", "13907970001")
        page.fill("#id_email", "qianqi@example.cn")
        page.select_option("#id_application", str(app.pk))
        page.fill("#id_grounds", "该企业去年发生过产品质量投诉,请核实。")
        # The captcha's image loads under the Content Security Policy; "PASSED" is its answer
        # in test mode (tests/conftest.py).
        image = page.locator("img.captcha")
        expect(image).to_have_attribute("alt", re.compile("验证码"))
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")
        page.fill("#id_captcha_1", "PASSED")
        submit(page, page.locator("main form"))
        expect(page).to_have_url(re.compile(r"/publicity/receipt/$"))
        objection = Objection.objects.get(publicity=period)
        expect(page.locator("#objection-status")).to_contain_text(objection.receipt_number)

    # The receipt went out by e-mail through the outbox.
    receipt = OutboxMessage.objects.get(event="objection_receipt")
    assert (receipt.address, receipt.state) == ("qianqi@example.cn", DeliveryState.SENT)
    assert any(objection.receipt_number in m.body for m in mail.outbox)

    # The office verifies, the leading group upholds it and confirms the list.
    signed(leader, round)
    services.record_objection_verification(objection, actor=office, verification="投诉属实")
    services.decide_objection(objection, actor=leader, upheld=True, handling_opinion="取消拟奖资格")
    services.decide_proposed_list(objection, actor=leader, reason="名单不再递补")

    with step(page, "lookup"):
        page.goto("/publicity/lookup/")
        page.fill("#receipt", objection.receipt_number)
        submit(page, page.locator("main form"))
        expect(page.locator("#objection-state")).to_be_visible()
        expect(page.locator("#objection-decision")).to_be_visible()
        expect(page.locator("#objection-steps li")).to_have_count(4)
        expect(page.locator("#objection-status")).to_contain_text("取消拟奖资格")
        expect(page.locator("#objection-list-decision")).to_contain_text("名单不再递补")
        expect(page.locator("main")).not_to_contain_text("钱七")
        expect(page.locator("main")).not_to_contain_text("13907970001")
    app.refresh_from_db()
    objection.refresh_from_db()
    assert (app.status, objection.status) == (
        ApplicationStatus.NOT_PROPOSED,
        ObjectionStatus.UPHELD,
    )


def test_anyone_verifies_a_certificate_on_the_public_page(page: Page) -> None:
    round, (app,) = approval_round(n_prize=1, year=2031)
    app.organisation.name = "赣州丁质量标杆有限公司"
    app.organisation.save(update_fields=["name"])
    record_approval(
        round,
        actor=office_user(),
        approved_on=date(2032, 1, 15),
        meeting="市政府第12次常务会议",
        document_number="赣市府字〔2032〕3号",
    )
    certificate = Certificate.objects.get(grant__application=app)

    with step(page, "verify"):
        page.goto("/verify/")
        page.fill("#id_number", certificate.number)
        submit(page, page.locator("main form"))
        expect(page.locator("#genuine")).to_contain_text(certificate.number)
        details = page.locator("#certificate-details")
        expect(details).to_contain_text("赣州丁质量标杆有限公司")
        expect(details).to_contain_text("2031")
        expect(page.locator("#certificate-state")).to_be_visible()

        # The QR code opens the same page for its number.
        page.goto(f"/verify/{certificate.number}/")
        expect(page.locator("#certificate-details")).to_contain_text("赣州丁质量标杆有限公司")

        page.goto("/verify/")
        page.fill("#id_number", "GZQA-0000-FORGED")
        submit(page, page.locator("main form"))
        expect(page.locator("#not-found")).to_be_visible()
        expect(page.locator("#genuine")).to_have_count(0)


def test_the_office_finds_a_failed_message_and_sends_it_again(page: Page) -> None:
    office = office_user()
    failed = OutboxMessage.objects.create(
        channel="email",
        address="citizen@example.cn",
        event="objection_receipt",
        language="zh-hans",
        subject="异议回执 YY20311203-7KQ4XM",
        body="您的异议已登记。",
        programme=office.programme_roles.get().programme,
        state=DeliveryState.FAILED,
        attempts=5,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
    )

    with step(page, "outbox"):
        login(page, office.username)
        page.locator(
            '#dashboard-outbox a[href="/notifications/office/outbox/?state=failed"]'
        ).click()
        expect(page.locator("#outbox")).to_contain_text("citizen@example.cn")
        page.locator(f'#outbox a[href="/notifications/office/outbox/{failed.pk}/"]').click()
        expect(page.locator("#last-error")).to_contain_text("SMTPServerDisconnected")
        submit(
            page, page.locator(f'form[action="/notifications/office/outbox/{failed.pk}/retry/"]')
        )
        expect(page.locator("#message-state")).to_be_visible()
    failed.refresh_from_db()
    assert (failed.state, failed.attempts) == (DeliveryState.SENT, 1)
    assert [m.to for m in mail.outbox] == [["citizen@example.cn"]]

    with step(page, "templates"):
        page.goto("/notifications/office/templates/")
        expect(page.locator("#template-objection_outcome")).to_be_visible()
