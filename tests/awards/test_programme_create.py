"""Art. 11(9), 10: the city office sets up a county or zone programme it is to guide, from the
2022 measures or from its own programme; the new programme's rules wait for its own leading
group; a guided county's office and another city's office set up none under it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from accounts.enums import Role
from awards import services
from awards.enums import CalendarDayKind, ProgrammeTemplate, PublicityDayUnit
from awards.models import AwardProgramme, HolidayCalendarDay
from awards.rules import programme_setting_problems
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from tests.awards.helpers import (
    in_english,  # noqa: F401  (autouse: messages in English)
    other_programme,
    role_user,
)
from tests.factories import office_user, programme

pytestmark = pytest.mark.django_db


def county_settings(**overrides: Any) -> dict[str, Any]:
    """A county award's names and numbers, as the form passes them."""
    values: dict[str, Any] = {
        "name": "章贡区区长质量奖（测试）",
        "slug": "zhanggong-test",
        "awarding_body": "章贡区人民政府",
        "office_name": "章贡区质量强区工作领导小组办公室",
        "validity_years": 3,
        "round_interval_years": 1,
        "prize_places_limit": 3,
        "nomination_places_limit": 3,
        "manufacturing_places_limit": 2,
        "service_places_limit": 1,
        "prize_amount": Decimal("100000"),
    }
    values.update(overrides)
    return values


def test_a_programme_from_the_measures_is_guided_and_awaits_its_leading_group() -> None:
    office = office_user()
    county = services.create_guided_programme(
        programme(), actor=office, template=ProgrammeTemplate.MEASURES, **county_settings()
    )
    county.refresh_from_db()
    assert county.guided_by_id == programme().pk
    assert (county.rules_version, county.rules_approved_version) == (1, 0)
    assert county.rules_approved is False
    assert (county.prize_places_limit, county.manufacturing_places_limit) == (3, 2)
    assert county.prize_amount == Decimal("100000")
    assert county.min_operation_years == 3
    assert county.publicity_day_unit == PublicityDayUnit.CALENDAR
    entry = DecisionLogEntry.objects.get(action="programme.create")
    assert entry.actor_id == office.pk
    assert entry.object_id == str(county.pk)
    assert entry.data["template"] == "measures"
    assert entry.data["guided_by"] == programme().pk
    assert entry.data["settings"]["prize_amount"] == "100000"
    assert entry.data["version"] == 1


def test_a_programme_from_the_guiding_one_takes_its_rules_and_calendar() -> None:
    city = programme()
    AwardProgramme.objects.filter(pk=city.pk).update(
        min_operation_years=5, publicity_day_unit=PublicityDayUnit.WORKING
    )
    city.refresh_from_db()
    HolidayCalendarDay.objects.create(
        programme=city, day="2031-10-01", kind=CalendarDayKind.HOLIDAY, name="国庆节"
    )
    county = services.create_guided_programme(
        city, actor=office_user(), template=ProgrammeTemplate.GUIDING, **county_settings()
    )
    assert county.min_operation_years == 5
    assert county.publicity_day_unit == PublicityDayUnit.WORKING
    assert list(county.calendar_days.values_list("name", flat=True)) == ["国庆节"]
    assert county.rules_approved is False


def test_the_new_programmes_leading_group_approves_version_1() -> None:
    county = services.create_guided_programme(
        programme(), actor=office_user(), template=ProgrammeTemplate.MEASURES, **county_settings()
    )
    leader = role_user(Role.LEADING_GROUP, prog=county)
    services.approve_programme_rules(county, actor=leader)
    county.refresh_from_db()
    assert county.rules_approved is True
    assert county.rules_approved_version == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"service_places_limit": 2}, "service_places_limit"),
        ({"prize_amount": Decimal("0")}, "prize_amount"),
        ({"validity_years": 0}, "validity_years"),
        ({"round_interval_years": 0}, "round_interval_years"),
        (
            {"prize_places_limit": 0, "manufacturing_places_limit": 0, "service_places_limit": 0},
            "prize_places_limit",
        ),
    ],
)
def test_wrong_settings_are_refused_by_the_service(overrides: dict[str, Any], field: str) -> None:
    values = county_settings(**overrides)
    assert [f for f, _message in programme_setting_problems(values)] == [field]
    with pytest.raises(DomainError):
        services.create_guided_programme(
            programme(), actor=office_user(), template=ProgrammeTemplate.MEASURES, **values
        )
    assert not AwardProgramme.objects.filter(slug="zhanggong-test").exists()
    assert not DecisionLogEntry.objects.filter(action="programme.create").exists()


def test_a_taken_name_is_refused_by_the_service() -> None:
    with pytest.raises(DomainError):
        services.create_guided_programme(
            programme(),
            actor=office_user(),
            template=ProgrammeTemplate.MEASURES,
            **county_settings(name=programme().name),
        )


def test_a_county_office_and_another_citys_office_cannot_set_one_up() -> None:
    county = other_programme()
    AwardProgramme.objects.filter(pk=county.pk).update(guided_by=programme())
    county.refresh_from_db()
    other_city = AwardProgramme.objects.create(
        name="吉安市市长质量奖",
        slug="jian-mayor",
        awarding_body="吉安市人民政府",
        office_name="吉安办",
    )
    for actor, under in (
        (role_user(Role.OFFICE, prog=county), county),
        (role_user(Role.OFFICE, prog=other_city), programme()),
        (role_user(Role.LEADING_GROUP), programme()),
    ):
        with pytest.raises(DomainError):
            services.create_guided_programme(
                under, actor=actor, template=ProgrammeTemplate.MEASURES, **county_settings()
            )
    assert not DecisionLogEntry.objects.filter(action="programme.create").exists()
