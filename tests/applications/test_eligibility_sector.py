"""R2: the eligibility checklist's sector-bucket row, computed from the
organisation's GB/T 4754 section and confirmed (or overridden with the reason) by the office."""

from __future__ import annotations

import pytest
from django.urls import reverse

from applications.eligibility import compute_conditions
from applications.enums import EligibilityCondition
from applications.models import EligibilityCheck
from applications.services import application as services
from decisionlog.workflow import DomainError
from tests.awards.helpers import (
    eligibility_round,
    in_english,  # noqa: F401  (autouse: messages in English)
    signed,
    submitted_application,
)
from tests.factories import OrganisationFactory, office_user
from tests.factories.buckets import three_buckets

pytestmark = pytest.mark.django_db
SECTOR = EligibilityCondition.SECTOR


def _application(section: str, sector: str):  # type: ignore[no-untyped-def]
    organisation = OrganisationFactory(industry_section=section, industry_class="示例类别")
    return submitted_application(eligibility_round(), organisation=organisation, sector=sector)


def test_section_c_is_manufacturing() -> None:
    row = compute_conditions(_application("C", "manufacturing"))[SECTOR]
    assert row.met is True
    assert row.working == (
        "Industry C Manufacturing (示例类别): section C is manufacturing, so Manufacturing. "
        "The application is in Manufacturing: consistent."
    )


def test_another_section_is_the_second_bucket() -> None:
    row = compute_conditions(_application("Q", "service"))[SECTOR]
    assert row.met is True
    assert "a section other than C is the second bucket" in row.working


def test_an_inconsistent_bucket_is_shown_and_needs_the_reason_to_confirm() -> None:
    application = _application("F", "manufacturing")
    row = compute_conditions(application)[SECTOR]
    assert row.met is False and row.working.endswith("not consistent.")
    office = office_user()
    with pytest.raises(DomainError):
        services.record_eligibility_check(application, actor=office, condition=SECTOR, met=True)
    services.record_eligibility_check(
        application,
        actor=office,
        condition=SECTOR,
        met=True,
        evidence="主营为设备制造,行业登记有误",
    )
    check = EligibilityCheck.objects.get(application=application, condition=SECTOR)
    assert (check.met, check.computed_met) == (True, False)


def test_the_row_is_on_the_office_checklist_and_required(client) -> None:  # type: ignore[no-untyped-def]
    application = _application("C", "manufacturing")
    office = signed(office_user(), application.round)
    client.force_login(office)
    body = client.get(reverse("applications:office_detail", args=[application.pk])).content.decode()
    assert 'data-condition="sec"' in body
    assert any(str(SECTOR.label) in b for b in services.eligibility_blockers(application))


def test_a_round_of_three_buckets_checks_and_confirms_among_its_own() -> None:
    """R2: in a round whose rules keep construction (E) apart, the row names that bucket, and
    the office confirms a bucket of the round's rules only."""
    buckets = three_buckets()
    round = eligibility_round(rule_settings={"sector_buckets": buckets})
    organisation = OrganisationFactory(industry_section="E", industry_class="E4710 房屋建筑业")
    application = submitted_application(round, organisation=organisation, sector="service")
    row = compute_conditions(application)[SECTOR]
    assert row.met is False
    assert row.working == (
        "Industry E Construction (E4710 房屋建筑业): the bucket naming its section, so 建筑业. "
        "The application is in 服务业: not consistent."
    )
    office = signed(office_user(), round)
    with pytest.raises(DomainError):
        services.decide_eligibility(
            application, actor=office, eligible=False, reason="x", sector="education"
        )
