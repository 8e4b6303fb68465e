"""R2 / R4: the people nominated compete among themselves for the individual award's places
(南昌: 2), apart from the organisations' levels and sector quotas; the plenary's list is
checked against both."""

from __future__ import annotations

from decimal import Decimal

import pytest

from awards.enums import PrizeLevel
from awards.rulesets import rule_settings_snapshot
from organisations.enums import Sector
from publicity.rules import quota_violations
from reviews.rules.scoring import INDIVIDUAL_POOL, Entry, Quotas, check_quotas, fill_places
from tests.applications.individual import nanchang
from tests.factories import RoundFactory


def entry(key: int, sector: str, composite: str) -> Entry:
    return Entry(key=key, name=str(key), sector=sector, composite=Decimal(composite))


def test_people_fill_the_individual_places_only() -> None:
    quotas = Quotas(
        prize_total=1,
        prize_by_sector={Sector.MANUFACTURING: 1, Sector.SERVICE: 0},
        nomination_total=0,
        nomination_by_sector={},
        individual_total=2,
    )
    entries = [
        entry(1, Sector.MANUFACTURING, "800"),
        entry(2, INDIVIDUAL_POOL, "900"),
        entry(3, INDIVIDUAL_POOL, "700"),
        entry(4, INDIVIDUAL_POOL, "650"),
        entry(5, INDIVIDUAL_POOL, "500"),  # below the prize's threshold (550)
    ]
    placements = fill_places(entries, quotas)
    assert placements[1].level == PrizeLevel.PRIZE  # the organisation's place is its own
    assert [placements[k].level for k in (2, 3, 4, 5)] == [
        PrizeLevel.PRIZE,
        PrizeLevel.PRIZE,
        "",
        "",
    ]
    assert (
        check_quotas(
            quotas,
            [(Sector.MANUFACTURING, PrizeLevel.PRIZE, False)]
            + [(INDIVIDUAL_POOL, PrizeLevel.PRIZE, False)] * 2,
        )
        == []
    )
    assert check_quotas(quotas, [(INDIVIDUAL_POOL, PrizeLevel.PRIZE, False)] * 3) == [
        "Individual award: 3 places used, the quota is 2."
    ]


def test_an_organisations_only_round_has_no_individual_place() -> None:
    quotas = Quotas()
    placements = fill_places([entry(1, INDIVIDUAL_POOL, "900")], quotas)
    assert placements[1].level == ""


@pytest.mark.django_db
def test_the_plenarys_list_keeps_within_the_individual_places() -> None:
    programme = nanchang()
    round = RoundFactory(programme=programme, rule_settings=rule_settings_snapshot(programme))
    people = [(INDIVIDUAL_POOL, PrizeLevel.PRIZE, False)] * 2
    assert quota_violations(round, people) == []
    too_many = quota_violations(round, [*people, (INDIVIDUAL_POOL, PrizeLevel.PRIZE, False)])
    assert len(too_many) == 1 and "南昌市市长质量奖（个人）" in too_many[0]
    # The people use none of the organisations' places.
    assert (
        quota_violations(
            RoundFactory(
                prize_quota=0,
                prize_quota_manufacturing=0,
                prize_quota_service=0,
                programme=programme,
                rule_settings=rule_settings_snapshot(programme),
            ),
            people,
        )
        == []
    )
