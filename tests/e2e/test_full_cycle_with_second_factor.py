"""The full cycle in a real browser, from an organisation's registration to its
certificate verified on the public page, every human step done on its page by its role, with the
second factor switched on: office staff and experts log in with their second factor
(TOTP, enrolled at their first log-in), and the clock is the only thing the test moves.

Unlike tests/e2e/test_walking_skeleton.py (which rewrites deadlines in the database), the waits
here are real clock moves: time-machine takes the whole process (the live server's thread
included) past the application deadline, into the publicity period and past its tenth day, and
the beat's sweep task (`awards.tasks.sweep_deadlines`) is called as beat would. Certificates
are rendered by the Celery task, eager in tests. The UI is Chinese, so elements are found by id,
name, href or data-testid, never by wording. The steps themselves are in
tests/e2e/cycle_steps.py, shared with the walking skeleton.
"""

from __future__ import annotations

from base64 import b32decode
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.utils import timezone
from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

from awards.models import Round
from awards.tasks import sweep_deadlines
from organisations.models import Organisation
from publicity.models import PublicityPeriod
from tests.e2e.cycle_steps import (
    ACTION_TIMEOUT_MS,
    DASHBOARD,
    FACTORY_PASSWORD,
    Applicant,
    AwardCycle,
    step,
    submit,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

expect.set_options(timeout=ACTION_TIMEOUT_MS)

APPLICANT = Applicant(
    name="赣州赣锋精密电子科技有限公司",
    username="ganfeng_admin",
    password="Ganfeng-Quality-2026!",
)


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
    settings.OTP_ENFORCED = True  # office staff and experts need their second factor
    traveller = time_machine.travel(timezone.now(), tick=True)
    clock = traveller.start()
    try:
        run_cycle(page, tmp_path, clock)
    finally:
        traveller.stop()


def run_cycle(page: Page, tmp_path: Path, clock: Any) -> None:
    signin = SecondFactorLogin(page, clock)
    cycle = AwardCycle(page, tmp_path, login=signin, applicant=APPLICANT)
    cycle.publish_call()  # 1
    cycle.register_and_apply()  # 2

    def pass_deadline(round: Round) -> None:
        clock.move_to(round.applications_close_at + timedelta(minutes=1))

    cycle.window_closes(pass_deadline)  # 3
    cycle.review_to_plenary()  # 4 to 8

    def next_morning(period: PublicityPeriod) -> None:
        # The next morning: the period has begun.
        clock.move_to(period.starts_at + timedelta(hours=1))

    cycle.publicity(begin=next_morning)  # 9

    def after_tenth_day(period: PublicityPeriod) -> None:
        # Nine days on, the publicity still runs; after its tenth day it closes by itself.
        clock.move_to(period.ends_at - timedelta(days=1))
        assert sweep_deadlines()["publicities_closed"] == 0
        clock.move_to(period.ends_at + timedelta(minutes=1))
        assert sweep_deadlines()["publicities_closed"] == 1
        assert sweep_deadlines()["publicities_closed"] == 0  # idempotent

    cycle.publicity_closes(after_tenth_day)  # 10
    cycle.approval_and_certificate()  # 11
    with step(page, "11-approval-and-certificate"):
        # The certificate's own verification address (the one its QR code carries).
        certificate = cycle.certificate
        page.goto(f"/verify/{certificate.number}/")
        expect(page.locator("#genuine")).to_contain_text(certificate.number)
        expect(page.locator("#certificate-details")).to_contain_text(APPLICANT.name)
    assert Organisation.objects.filter(name=APPLICANT.name).count() == 1
    # The second factor was really asked for: enrolled at the first log-in, a code after.
    for user in (cycle.office, cycle.expert):
        ways = signin.ways_in(user.username)
        assert ways[0] == "enrol" and set(ways[1:]) == {"code"}, ways
    assert set(signin.ways_in(APPLICANT.username)) == {"password"}
    assert set(signin.ways_in(cycle.recommender.username)) == {"password"}
