"""Imported history keeps the rules it was won under (Art. 34, R4, R15): 赣州市市长质量奖 under
the 2017 measures (at most 3 a year, 200,000 yuan each, a nomination prize from 2021) keeps
its level names and money after the programme's rules change."""

from __future__ import annotations

from decimal import Decimal

import pytest

from accounts.enums import Role
from awards import services as award_services
from awards.enums import PrizeLevel
from awards.models import AwardProgramme
from grants.models import PastWin
from tests.factories import UserFactory, grant_role, make_credit_code, office_user, programme
from tests.grants.test_history import run_import, win_row, workbook

pytestmark = pytest.mark.django_db


def test_a_win_under_the_2017_measures_keeps_its_level_names_and_money() -> None:
    ganzhou = programme()
    office = office_user()
    codes = [make_credit_code() for _ in range(4)]
    # 2019: three prizes of 200,000 yuan; 2021: a prize and the first nomination prize.
    rows = [win_row(code, year=2019, money=200000) for code in codes[:3]]
    rows += [
        win_row(codes[3], year=2021, money=200000, name="赣州提名企业有限公司"),
        win_row(codes[0], year=2021, level="提名奖", money=0),
    ]
    batch, errors = run_import(workbook(rows), office)
    assert errors == [] and batch is not None

    # The programme's rules change later: new names, new money.
    award_services.update_programme_rules(
        ganzhou,
        actor=grant_role(UserFactory(), Role.OFFICE, prog=ganzhou),
        prize_name="赣州市质量奖",
        nomination_name="赣州市质量奖提名奖",
        prize_amount=Decimal("500000"),
    )
    ganzhou = AwardProgramme.objects.get(pk=ganzhou.pk)
    assert ganzhou.level_title(PrizeLevel.PRIZE) == "赣州市质量奖"

    wins = {
        (w.round_year, w.credit_code): (w.get_level_display(), w.money_paid)
        for w in PastWin.objects.select_related("programme")
    }
    assert wins[(2019, codes[1])] == ("赣州市市长质量奖", Decimal("200000.00"))
    assert wins[(2021, codes[3])] == ("赣州市市长质量奖", Decimal("200000.00"))
    assert wins[(2021, codes[0])] == ("赣州市市长质量奖提名奖", Decimal("0.00"))
