"""R1 / Art. 6: a new round's year and title follow the programme's cadence (its years between
rounds) and the style of its latest round's title; a year too close to another round is
refused on the round form's year field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from awards.models import AwardProgramme
from awards.rules import (
    next_round_year,
    period_text,
    proposed_round_title,
    round_proposal,
    round_years_text,
)
from tests.awards.helpers import in_english  # noqa: F401  (autouse: messages in English)
from tests.factories import RoundFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 7)


def _county(interval: int, name: str = "章贡区区长质量奖（测试）") -> AwardProgramme:
    return AwardProgramme.objects.create(
        name=name,
        slug=f"county-{AwardProgramme.objects.count()}",
        awarding_body="章贡区人民政府",
        office_name="章贡区办",
        round_interval_years=interval,
        prize_places_limit=3,
        nomination_places_limit=2,
        manufacturing_places_limit=2,
        service_places_limit=1,
        prize_amount=100000,
    )


@pytest.mark.parametrize(
    ("year", "interval", "text"),
    [(2027, 1, "2027"), (2026, 2, "2025—2026"), (2027, 3, "2025—2027"), (2027, 0, "2027")],
)
def test_period_text(year: int, interval: int, text: str) -> None:
    assert period_text(year, interval) == text


def test_a_programme_without_a_round_proposes_this_year_in_its_cadences_style() -> None:
    annual, biennial = _county(1), _county(2, "南康区区长质量奖（测试）")
    assert next_round_year(annual, TODAY) == 2026
    assert proposed_round_title(annual, 2027) == "2027年度章贡区区长质量奖（测试）"
    assert proposed_round_title(biennial, 2026) == "2025—2026年度南康区区长质量奖（测试）"


def test_the_next_round_follows_the_latest_one_by_the_interval_and_keeps_its_style() -> None:
    county = _county(2)
    RoundFactory(programme=county, year=2022, title="2021—2022年度章贡区区长质量奖")
    RoundFactory(programme=county, year=2024, title="2023—2024年度章贡区区长质量奖")
    year = next_round_year(county, TODAY)
    assert year == 2026
    assert proposed_round_title(county, year) == "2025—2026年度章贡区区长质量奖"


def test_a_single_year_style_stays_single_year() -> None:
    county = _county(2)
    RoundFactory(programme=county, year=2024, title="2024年度章贡区区长质量奖")
    assert proposed_round_title(county, 2026) == "2026年度章贡区区长质量奖"


def test_a_long_pause_moves_the_year_on_by_whole_intervals() -> None:
    county = _county(2)
    RoundFactory(programme=county, year=2016, title="2016年度章贡区区长质量奖")
    # 2018, 2020, 2022, 2024 lie more than a year back; 2026 is this year.
    assert next_round_year(county, TODAY) == 2026
    annual = _county(1, "年度奖")
    RoundFactory(programme=annual, year=2026, title="2026年度年度奖")
    assert next_round_year(annual, TODAY) == 2027


def test_a_title_without_its_year_falls_back_to_the_cadence() -> None:
    county = _county(1)
    RoundFactory(programme=county, year=2025, title="第一届章贡区区长质量奖")
    assert proposed_round_title(county, 2026) == "2026年度章贡区区长质量奖（测试）"


def test_the_proposal_takes_the_programmes_places_and_prize_money() -> None:
    county = _county(1)
    proposal = round_proposal(county, TODAY)
    assert proposal == {
        "programme": county.pk,
        "year": 2026,
        "title": "2026年度章贡区区长质量奖（测试）",
        # R2: each bucket's places, trimmed (the last bucket first) to the level's places.
        "bucket_places": {
            "prize": {"manufacturing": 2, "service": 1},
            "nomination": {"manufacturing": 2, "service": 0},
        },
        "prize_quota": 3,
        "prize_quota_manufacturing": 2,
        "prize_quota_service": 1,
        "nomination_quota": 2,
        "nomination_quota_manufacturing": 2,
        "nomination_quota_service": 1,
        "prize_amount": 100000,
        "nomination_amount": 0,
        # The 2022 measures' review-stage weights: material 40 %, site 60 %, no defence stage.
        "material_weight": Decimal("0.4"),
        "defence_weight": Decimal("0"),
        "site_weight": Decimal("0.6"),
    }


@pytest.mark.parametrize(
    ("title", "years"),
    [
        ("2025—2026年度南昌市市长质量奖", "2025—2026"),
        ("2024年度赣州市市长质量奖", "2024"),
        ("赣州市市长质量奖（第五届）", "2026"),
    ],
)
def test_certificates_and_decisions_name_the_years_the_title_names(title: str, years: str) -> None:
    # R15: 荣获2025—2026年度… for a two-year round, not the round's last year alone.
    assert round_years_text(RoundFactory(year=2026, title=title)) == years
