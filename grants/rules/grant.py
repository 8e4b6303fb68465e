"""Rules about awards granted (Art. 8, 22, 23, 27, 33), as named functions with their rule ids."""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.enums import PrizeLevel
from awards.models import Round
from awards.rulesets import round_rule_settings
from decisionlog.workflow import DomainError
from grants.enums import GrantStatus

# R15 / Art. 23: how winners may use the title. Shown on the winner's page and certificate.
TITLE_USE_RULE = gettext_lazy(
    "Art. 23 of the Measures: you may use the title only together with the award year, in your corporate "
    "publicity; never in product advertising, and never on products or their packaging."
)

# R15: certificate verification numbers, e.g. GZZLJ-2026-ZL-001-7KQ4.
CERTIFICATE_PREFIX = "GZZLJ"
LEVEL_CODES = {PrizeLevel.PRIZE: "ZL", PrizeLevel.NOMINATION: "TM"}
# R15: an individual award's certificates (个人) are numbered apart from the organisations'.
INDIVIDUAL_CODE = "GR"
CHECK_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def prize_amount(round: Round, level: str, is_repeat: bool, *, individual: bool = False) -> Decimal:
    """R4 / Art. 8, 27: a first win at ``level`` gets the round's money for that level (the
    2022 measures: 500,000 yuan for the prize, nothing for the nomination prize); a repeat win
    gets it only where the round's rules pay a repeat at that level (the measures: a repeat
    prize gets certificate and title only). An individual winner gets the individual award's
    money as the round's rules set it (南昌: 10,000 yuan)."""
    if individual:
        return Decimal(round_rule_settings(round).individual_amount)
    if is_repeat and not round_rule_settings(round).repeat_paid(level):
        return Decimal("0")
    return round.level_amount(level)


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def valid_until(approved_on: date, validity_years: int) -> date:
    """R9 / Art. 23: an award is valid for the programme's validity (3 years) from approval."""
    return add_years(approved_on, validity_years)


def grant_state(status: str, valid_until_date: date, today: date) -> str:
    """R9 / R15: what the public sees: revoked, expired (lapsed even if the sweep has not yet
    run), or valid."""
    if status == GrantStatus.REVOKED:
        return GrantStatus.REVOKED
    if status == GrantStatus.EXPIRED or valid_until_date < today:
        return GrantStatus.EXPIRED
    return GrantStatus.VALID


def certificate_number(year: int, level: str, seq: int, *, individual: bool = False) -> str:
    """R15: GZZLJ-<year>-<level code>-<sequence>-<4 random check characters> (the code GR
    for an individual award)."""
    check = "".join(secrets.choice(CHECK_ALPHABET) for _ in range(4))
    code = INDIVIDUAL_CODE if individual else LEVEL_CODES[PrizeLevel(level)]
    return f"{CERTIFICATE_PREFIX}-{year}-{code}-{seq:03d}-{check}"


def check_no_open_objections(open_count: int) -> None:
    """R1 / Art. 21-22: the list goes to the government only once every objection is decided."""
    if open_count:
        raise DomainError(
            _(
                "%(n)d objections are still being handled; the leading group decides on every "
                "objection before the list goes for approval."
            )
            % {"n": open_count},
            rule="R1",
        )
