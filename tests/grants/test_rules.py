"""R4 amounts, R9 validity, R15 verification numbers and displayed states."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from awards.enums import PrizeLevel
from grants.rules.grant import add_years, certificate_number, grant_state, prize_amount, valid_until
from tests.factories import RoundFactory


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("level", "repeat", "amount"),
    [
        (PrizeLevel.PRIZE, False, Decimal("300000")),
        (PrizeLevel.PRIZE, True, Decimal("0")),
        (PrizeLevel.NOMINATION, False, Decimal("0")),
        (PrizeLevel.NOMINATION, True, Decimal("0")),
    ],
)
def test_prize_money_goes_to_first_time_prize_winners_only(
    level: str, repeat: bool, amount: Decimal
) -> None:
    # R4: the round's amount (a setting) for a first-time prize; nothing otherwise.
    round = RoundFactory(prize_amount=Decimal("300000"))
    assert prize_amount(round, level, repeat) == amount


def test_validity_runs_three_years_from_approval() -> None:
    # R9.
    assert valid_until(date(2032, 1, 15), 3) == date(2035, 1, 15)
    assert add_years(date(2032, 2, 29), 3) == date(2035, 2, 28)


@pytest.mark.parametrize(
    ("status", "until", "state"),
    [
        ("valid", date(2035, 1, 15), "valid"),
        ("valid", date(2035, 1, 14), "expired"),  # lapsed, even before the sweep runs
        ("expired", date(2035, 1, 14), "expired"),
        ("revoked", date(2036, 1, 1), "revoked"),
    ],
)
def test_displayed_state(status: str, until: date, state: str) -> None:
    assert grant_state(status, until, date(2035, 1, 15)) == state


def test_certificate_number_format() -> None:
    numbers = {certificate_number(2031, PrizeLevel.NOMINATION, 7) for _ in range(50)}
    assert all(re.fullmatch(r"GZZLJ-2031-TM-007-[2-9A-HJ-NP-Z]{4}", n) for n in numbers)
    assert len(numbers) > 40  # the check characters are random
