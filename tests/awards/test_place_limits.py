"""R2 / Art. 6: a round's places stay within its programme's limits (the 2022 measures': at most
5 prizes and 5 nominations, of each at most 3 manufacturing and 2 service); R4 / Art. 8: the
prize money is a positive amount the leading group approves with the review rules (Art. 10)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from accounts.enums import Role
from awards import services
from awards.models import AwardProgramme
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from tests.factories import (
    RoundFactory,
    UserFactory,
    grant_role,
    leading_group_user,
    office_user,
    programme,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
OPENS = datetime(2043, 3, 1, 9, 0, tzinfo=SHANGHAI)
CLOSES = datetime(2043, 4, 30, 17, 0, tzinfo=SHANGHAI)

pytestmark = pytest.mark.django_db


def _office_of(award: AwardProgramme):  # type: ignore[no-untyped-def]
    return grant_role(UserFactory(), Role.OFFICE, prog=award)


def _create(award: AwardProgramme | None = None, **settings: object):  # type: ignore[no-untyped-def]
    award = award or programme()
    return services.create_round(
        award,
        actor=_office_of(award),
        year=2043,
        title="2043年度质量奖",
        applications_open_at=OPENS,
        applications_close_at=CLOSES,
        **settings,
    )


@pytest.mark.parametrize(
    ("places", "words"),
    [
        ({"prize_quota": 6}, "5"),
        ({"nomination_quota": 6}, "5"),
        ({"prize_quota_manufacturing": 4}, "3"),
        ({"nomination_quota_service": 3}, "2"),
    ],
)
def test_r2_art6_a_round_above_the_measures_places_is_refused(
    places: dict[str, int], words: str
) -> None:
    with pytest.raises(DomainError) as error:
        _create(**places)
    assert error.value.rule == "R2"
    assert words in str(error.value) and error.value.articles == (6,)


def test_r2_art6_the_measures_own_numbers_are_accepted() -> None:
    round = _create(prize_quota=5, prize_quota_manufacturing=3, prize_quota_service=2)
    assert (round.prize_quota, round.nomination_quota) == (5, 5)


def test_r2_another_programme_sets_its_own_limits() -> None:
    zone = AwardProgramme.objects.create(
        name="赣州经开区主任质量奖",
        slug="gz-zone",
        awarding_body="赣州经济技术开发区管委会",
        office_name="经开区质量强区工作领导小组办公室",
        prize_places_limit=3,
        nomination_places_limit=0,
        manufacturing_places_limit=3,
        service_places_limit=3,
    )
    round = _create(
        zone,
        prize_quota=3,
        prize_quota_manufacturing=0,
        prize_quota_service=3,
        nomination_quota=0,
        nomination_quota_manufacturing=0,
        nomination_quota_service=0,
    )
    assert round.prize_quota_service == 3
    with pytest.raises(DomainError):
        services.update_round_settings(round, actor=_office_of(zone), prize_quota=4)


def test_r4_art8_the_prize_money_must_be_positive() -> None:
    with pytest.raises(DomainError) as error:
        _create(prize_amount=Decimal("0"))
    assert error.value.rule == "R4"
    round = RoundFactory(stage="draft", year=2045)
    with pytest.raises(DomainError):
        services.update_round_settings(round, actor=office_user(), prize_amount=Decimal("-1"))


def test_art10_the_leading_group_approves_the_prize_money_with_the_review_rules() -> None:
    round = RoundFactory(stage="draft", year=2047)
    round = services.approve_review_rules(round, actor=leading_group_user())
    entry = DecisionLogEntry.objects.get(action="round.approve_rules", round_id=round.pk)
    assert entry.data["prize_amount"] == str(round.prize_amount)
    # Changing the money withdraws the approval: the leading group approves it again.
    round = services.update_round_settings(
        round, actor=office_user(), prize_amount=Decimal("400000")
    )
    assert round.rules_approved_at is None
