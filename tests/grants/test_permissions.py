"""Object permissions of grants with an outsider of each role."""

from __future__ import annotations

from datetime import date

import pytest

from accounts.enums import Role
from awards.enums import RoundStage
from awards.models import AwardProgramme
from grants.models import AwardGrant
from grants.permissions.approval import can_download_certificate, can_record_approval
from grants.services.approval import record_approval
from tests.factories import (
    UserFactory,
    applicant_user,
    expert_user,
    grant_role,
    leading_group_user,
    office_user,
)
from tests.publicity.helpers import approval_round

pytestmark = pytest.mark.django_db


def _county_office():
    county = AwardProgramme.objects.create(
        name="章贡区区长质量奖",
        slug="zhanggong",
        awarding_body="章贡区人民政府",
        office_name="办公室",
    )
    return grant_role(UserFactory(), Role.OFFICE, prog=county)


def test_only_the_programmes_office_records_the_approval_in_its_stage() -> None:
    round, _ = approval_round()
    office = office_user()
    assert can_record_approval(office, round)
    assert not can_record_approval(_county_office(), round)
    assert not can_record_approval(leading_group_user(), round)
    round.stage = RoundStage.PUBLISHED
    assert not can_record_approval(office, round)


def test_certificate_download_is_for_the_winner_and_the_office() -> None:
    office = office_user()
    round, (app,) = approval_round()
    record_approval(
        round, actor=office, approved_on=date(2032, 1, 1), meeting="会议", document_number="文号"
    )
    grant = AwardGrant.objects.get(application=app)
    assert can_download_certificate(applicant_user(app.organisation), grant)
    assert can_download_certificate(office, grant)
    assert not can_download_certificate(applicant_user(), grant)  # another organisation
    assert not can_download_certificate(_county_office(), grant)
    assert not can_download_certificate(expert_user(), grant)
    assert not can_download_certificate(leading_group_user(), grant)
