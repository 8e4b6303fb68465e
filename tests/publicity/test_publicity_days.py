"""R1 / Art. 21: publicity counted in calendar or working days on the office's holiday
calendar; Civil Code Art. 201 (the opening day is not counted) and Art. 203 (the last day
ends at 24:00 and moves past a statutory rest day: a public holiday or a weekend day not worked). Every page shows the end the period stored."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from awards import services as award_services
from awards.enums import CalendarDayKind, PublicityDayUnit
from awards.models import HolidayCalendarDay
from common.dates import HolidayCalendar
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from publicity.rules import publicity_window
from publicity.services import publicity as services
from tests.factories import office_user, programme
from tests.publicity.helpers import (
    OPENED_AT,
    SHANGHAI,
    STARTS_ON,
    deliberation_round,
    proposed,
)

pytestmark = pytest.mark.django_db

# 2031-12-01 is a Monday.
HOLIDAY_11TH = HolidayCalendar(holidays=frozenset({date(2031, 12, 11)}))


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=SHANGHAI)


def test_calendar_days_without_holidays_end_as_before() -> None:
    assert publicity_window(STARTS_ON, 10, opened_at=OPENED_AT, calendar=HOLIDAY_11TH) == (
        _midnight(date(2031, 12, 1)),
        _midnight(date(2031, 12, 11)),
    )


def test_calendar_days_ending_on_a_holiday_end_the_day_after_it() -> None:
    calendar = HolidayCalendar(holidays=frozenset({date(2031, 12, 10), date(2031, 12, 11)}))
    _start, end = publicity_window(STARTS_ON, 10, opened_at=OPENED_AT, calendar=calendar)
    assert end == _midnight(date(2031, 12, 13))  # 24:00 on 12 December


def test_calendar_days_ending_on_a_weekend_end_on_the_monday() -> None:
    # R1 / Civil Code Art. 203: Saturday and Sunday are statutory rest days (法定休假日).
    # First day Monday 1 December 2031: 13 days end on Saturday the 13th, so on Monday the 15th.
    _start, end = publicity_window(STARTS_ON, 13, opened_at=OPENED_AT)
    assert end == _midnight(date(2031, 12, 16))  # 24:00 on Monday 15 December


def test_a_weekend_day_worked_instead_ends_the_period_on_it() -> None:
    # R1: a Saturday entered as an adjusted working day (调休) is no rest day.
    calendar = HolidayCalendar(working_days=frozenset({date(2031, 12, 13)}))
    _start, end = publicity_window(STARTS_ON, 13, opened_at=OPENED_AT, calendar=calendar)
    assert end == _midnight(date(2031, 12, 14))  # 24:00 on Saturday 13 December


def test_working_days_skip_weekends_and_holidays() -> None:
    _start, end = publicity_window(
        STARTS_ON, 10, opened_at=OPENED_AT, unit=PublicityDayUnit.WORKING, calendar=HOLIDAY_11TH
    )
    # 1-5, 8-10, (11 a holiday), 12, 15 December.
    assert end == _midnight(date(2031, 12, 16))


def test_an_adjusted_working_day_counts() -> None:
    calendar = HolidayCalendar(
        holidays=frozenset({date(2031, 12, 11)}), working_days=frozenset({date(2031, 12, 6)})
    )
    _start, end = publicity_window(
        STARTS_ON, 10, opened_at=OPENED_AT, unit=PublicityDayUnit.WORKING, calendar=calendar
    )
    # 1-5, Saturday 6 (worked), 8-10, 12 December.
    assert end == _midnight(date(2031, 12, 13))


def test_working_days_opened_during_the_first_day_count_from_the_next() -> None:
    opened = datetime(2031, 12, 1, 10, tzinfo=SHANGHAI)
    start, end = publicity_window(
        STARTS_ON, 10, opened_at=opened, unit=PublicityDayUnit.WORKING, calendar=HolidayCalendar()
    )
    # 2-5, 8-12, 15 December.
    assert (start, end) == (opened, _midnight(date(2031, 12, 16)))


def _working_day_round():  # type: ignore[no-untyped-def]
    round = deliberation_round()
    round.rule_settings = {"publicity_day_unit": PublicityDayUnit.WORKING}
    round.save(update_fields=["rule_settings"])
    return round


def test_a_working_day_round_opens_with_its_calendar_and_every_page_shows_that_end(
    client,  # type: ignore[no-untyped-def]
) -> None:
    office = office_user()
    award_services.add_calendar_day(
        programme(), actor=office, day=date(2031, 12, 11), kind=CalendarDayKind.HOLIDAY, name="假日"
    )
    round = _working_day_round()
    proposed(round)
    with time_machine.travel(OPENED_AT, tick=False):
        period = services.open_publicity(round, actor=office, starts_on=STARTS_ON)
    assert period.ends_at == _midnight(date(2031, 12, 16))
    assert "公示期为10个工作日：2031年12月1日至2031年12月15日" in period.notice
    with time_machine.travel(datetime(2031, 12, 2, 9, tzinfo=SHANGHAI), tick=False):
        for url in (
            reverse("publicity:public_list"),
            reverse("publicity:notice", args=[period.pk]),
            reverse("publicity:object", args=[period.pk]),
        ):
            assert "2031-12-15 24:00" in client.get(url).content.decode(), url


def test_a_calendar_change_after_opening_leaves_the_period_as_opened() -> None:
    office = office_user()
    round = _working_day_round()
    proposed(round)
    with time_machine.travel(OPENED_AT, tick=False):
        period = services.open_publicity(round, actor=office, starts_on=STARTS_ON)
        award_services.add_calendar_day(
            programme(), actor=office, day=date(2031, 12, 3), kind=CalendarDayKind.HOLIDAY
        )
    period.refresh_from_db()
    assert period.ends_at == _midnight(date(2031, 12, 13))


def test_a_weekday_cannot_be_an_adjusted_working_day_nor_a_day_entered_twice() -> None:
    office = office_user()
    with pytest.raises(DomainError):
        award_services.add_calendar_day(
            programme(), actor=office, day=date(2031, 12, 3), kind=CalendarDayKind.WORKING_DAY
        )
    award_services.add_calendar_day(
        programme(), actor=office, day=date(2031, 12, 6), kind=CalendarDayKind.WORKING_DAY
    )
    with pytest.raises(DomainError):
        award_services.add_calendar_day(
            programme(), actor=office, day=date(2031, 12, 6), kind=CalendarDayKind.HOLIDAY
        )
    assert HolidayCalendarDay.objects.count() == 1
    assert DecisionLogEntry.objects.filter(action="calendar.add").count() == 1


def test_removing_a_day_is_logged() -> None:
    office = office_user()
    entry = award_services.add_calendar_day(
        programme(), actor=office, day=date(2031, 10, 1), kind=CalendarDayKind.HOLIDAY
    )
    award_services.remove_calendar_day(entry, actor=office)
    assert not HolidayCalendarDay.objects.exists()
    assert DecisionLogEntry.objects.get(action="calendar.remove").data == {
        "day": "2031-10-01",
        "kind": "holiday",
        "name": "",
    }
