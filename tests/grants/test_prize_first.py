"""Lists of winners and candidates name the prize before the nomination prize (the stored
values sort the other way), on the public pages and the office's."""

from __future__ import annotations

import pytest

from awards.enums import PrizeLevel
from grants.selectors.approval import public_grants
from grants.selectors.records import public_round_winners, round_grants_with_records
from tests.factories import OrganisationFactory
from tests.grants.records_helpers import grant_in, published_round

pytestmark = pytest.mark.django_db


def test_the_prize_comes_before_the_nomination_prize() -> None:
    round, approval = published_round(year=2061)
    nominee = grant_in(
        round,
        approval,
        organisation=OrganisationFactory(name="阿尔法公司"),
        level=PrizeLevel.NOMINATION,
    )
    winner = grant_in(
        round, approval, organisation=OrganisationFactory(name="泽塔公司"), level=PrizeLevel.PRIZE
    )
    assert [row["grant"].pk for row in public_round_winners(round)] == [winner.pk, nominee.pk]
    assert [g.pk for g in round_grants_with_records(round)] == [winner.pk, nominee.pk]
    assert [g.pk for g in public_grants()] == [winner.pk, nominee.pk]
