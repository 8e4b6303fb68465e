"""Predicates of deliberation and objections, with an outsider of each role."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from accounts.enums import Role
from awards.enums import RoundStage
from awards.models import AwardProgramme
from publicity.permissions import (
    can_decide_objection,
    can_open_publicity,
    can_record_plenary,
    can_see_objection,
    can_see_objector_identity,
    can_verify_objection,
    records_on_behalf,
)
from publicity.services import publicity as services
from tests.factories import (
    UserFactory,
    applicant_user,
    expert_user,
    grant_role,
    leading_group_user,
    office_user,
    recommender_user,
)
from tests.publicity.helpers import STARTS_AT, deliberation_round, proposed, publicity_round

pytestmark = pytest.mark.django_db


def _county(role: str):
    county, _ = AwardProgramme.objects.get_or_create(
        slug="zhanggong",
        defaults={
            "name": "章贡区区长质量奖",
            "awarding_body": "章贡区人民政府",
            "office_name": "办公室",
        },
    )
    return grant_role(UserFactory(), role, prog=county)


def test_plenary_is_recorded_by_the_leading_group_or_its_office_only() -> None:
    round = deliberation_round()
    leader, office = leading_group_user(), office_user()
    assert can_record_plenary(leader, round) and not records_on_behalf(leader, round)
    assert can_record_plenary(office, round) and records_on_behalf(office, round)
    for outsider in (
        _county(Role.LEADING_GROUP),
        _county(Role.OFFICE),
        expert_user(),
        applicant_user(),
        recommender_user(),
        UserFactory(),
    ):
        assert not can_record_plenary(outsider, round)
    round.stage = RoundStage.PUBLICITY
    assert not can_record_plenary(leader, round)


def test_publicity_is_opened_by_the_programmes_office_in_deliberation() -> None:
    round = deliberation_round()
    proposed(round)
    office = office_user()
    assert can_open_publicity(office, round)
    assert not can_open_publicity(leading_group_user(), round)
    assert not can_open_publicity(_county(Role.OFFICE), round)
    round.stage = RoundStage.APPROVAL
    assert not can_open_publicity(office, round)


def test_objection_identity_is_for_the_office_alone() -> None:
    office = office_user()
    leader = leading_group_user()
    _round, period, (app,) = publicity_round(office)
    with time_machine.travel(STARTS_AT + timedelta(hours=1), tick=False):
        objection = services.submit_objection(
            period, application=app, name="张三", phone="", email="", grounds="理由"
        )
    assert can_see_objection(office, objection) and can_see_objector_identity(office, objection)
    assert can_see_objection(leader, objection) and not can_see_objector_identity(leader, objection)
    for outsider in (
        _county(Role.OFFICE),
        _county(Role.LEADING_GROUP),
        applicant_user(app.organisation),
        expert_user(),
    ):
        assert not can_see_objection(outsider, objection)
        assert not can_see_objector_identity(outsider, objection)
    assert can_verify_objection(office, objection) and not can_verify_objection(leader, objection)
    assert not can_decide_objection(leader, objection)  # verified first
    objection = services.record_objection_verification(objection, actor=office, verification="核实")
    assert can_decide_objection(leader, objection) and can_decide_objection(office, objection)
    assert not can_decide_objection(_county(Role.LEADING_GROUP), objection)
