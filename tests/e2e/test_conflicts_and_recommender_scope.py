"""Browser: the applicant names a conflicted expert from its application page; a county
unit reads a submitted application of its division that names another unit."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from applications.enums import ApplicationStatus
from experts.models import ExpertProfile
from organisations.models import Division
from reviews.enums import ConflictSource
from reviews.models import ConflictDeclaration
from tests.awards.helpers import eligibility_round, signed, submitted_application
from tests.factories import (
    OrganisationFactory,
    RecommenderFactory,
    applicant_user,
    expert_user,
    recommender_user,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "pw-for-tests-1"  # tests.factories.UserFactory
TIMEOUT_MS = 10_000
expect.set_options(timeout=TIMEOUT_MS)


def login(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/dashboard/$"))


def test_applicant_names_an_expert_and_a_county_unit_reads_its_scope(page: Page) -> None:
    page.set_default_timeout(TIMEOUT_MS)
    round = eligibility_round()
    organisation = OrganisationFactory(division=Division.objects.get(name="南康区"))
    department = RecommenderFactory(
        name="赣州市工业和信息化局", kind="department", division=None, industry_sections="C"
    )
    application = submitted_application(round, organisation=organisation, recommender=department)
    assert application.status == ApplicationStatus.SUBMITTED
    applicant = applicant_user(organisation)
    expert = ExpertProfile.objects.get(user=expert_user(full_name="赵专家"))

    login(page, applicant.username)
    page.goto(f"/applications/{application.pk}/")
    with page.expect_navigation():
        page.locator("#conflicted-experts a").click()
    page.select_option("#id_expert", str(expert.pk))
    page.select_option("#id_kind", "competitor")
    page.fill("#id_reason", "曾为我司主要竞争对手提供咨询服务")
    with page.expect_navigation():
        page.locator("#name-conflict-form button[type=submit]").click()
    expect(page.locator("#named-experts")).to_contain_text("赵专家")
    conflict = ConflictDeclaration.objects.get(expert=expert, application=application)
    assert conflict.source == ConflictSource.APPLICANT
    page.context.clear_cookies()

    # Art. 31: the unit signed the round's commitment (the page that asks is tested elsewhere).
    county_user = signed(recommender_user(RecommenderFactory(name="南康区人民政府")), round)
    login(page, county_user.username)
    page.goto("/recommend/")
    row = page.locator("#recommender-applications tbody tr", has_text=organisation.name)
    expect(row).to_have_count(1)
    with page.expect_navigation():
        row.locator("a").click()
    expect(page.locator("#scope-only")).to_contain_text("赣州市工业和信息化局")
