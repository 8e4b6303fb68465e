"""The publicity notice lists the people proposed for the individual award by name and
employer, apart from the organisations (R4; PIPL: nothing more)."""

from __future__ import annotations

from datetime import date

import pytest

from applications.enums import ApplicationStatus
from awards.enums import PrizeLevel
from awards.rulesets import rule_settings_snapshot
from publicity.services.publicity import default_notice_text
from tests.applications.individual import NUMBER, nanchang, nominee_application
from tests.factories import RoundFactory
from tests.publicity.helpers import proposed

pytestmark = pytest.mark.django_db


def test_the_notice_lists_the_people_under_the_individual_award() -> None:
    programme = nanchang()
    round = RoundFactory(programme=programme, rule_settings=rule_settings_snapshot(programme))
    organisation = proposed(round, level=PrizeLevel.PRIZE)
    person = nominee_application(
        round, status=ApplicationStatus.PROPOSED, proposed_level=PrizeLevel.PRIZE
    )
    text = default_notice_text(round, [organisation, person], date(2027, 1, 4), 10)
    assert f"南昌市市长质量奖（1家）：\n1. {organisation.organisation.name}" in text
    assert f"南昌市市长质量奖（个人）（1人）：\n1. 李质量（{person.organisation.name}）" in text
    assert NUMBER not in text
