"""Days as the pages state them. A period counted in days ends at 24:00 of its last day
(Civil Code Art. 203), so a bar "until" a day includes that day and ends the moment the next
day begins: the pages say "until and including" it, or from which day it no longer applies,
never "before" it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.formats import date_format


def day_text(day: date) -> str:
    """The day in the active language's long form: 2036年12月6日, Dec. 6, 2036."""
    return date_format(day, "DATE_FORMAT")


def last_day_and_next(last_day: date) -> dict[str, str]:
    """``until``: the last day of a period (in force until 24:00 of it); ``next``: the first
    day after it. For messages that state both."""
    return {"until": day_text(last_day), "next": day_text(last_day + timedelta(days=1))}


SATURDAY = 5  # date.weekday(): Monday is 0


@dataclass(frozen=True)
class HolidayCalendar:
    """An office's calendar of the State Council's holiday arrangements: ``holidays`` are
    public holidays (法定节假日, with the weekend days of a holiday run), ``working_days`` are
    weekend days worked instead (调休). Any other day is a working day from Monday to Friday."""

    holidays: frozenset[date] = frozenset()
    working_days: frozenset[date] = frozenset()

    def is_working_day(self, day: date) -> bool:
        if day in self.holidays:
            return False
        return day.weekday() < SATURDAY or day in self.working_days

    def last_day_in_calendar_days(self, first_day: date, days: int) -> date:
        """The last day of a period of ``days`` calendar days whose first counted day is
        ``first_day`` (Civil Code Art. 201: the day it begins in is not counted, so the
        caller passes the next day when the period starts during a day). Art. 203: when that
        last day is a statutory rest day (法定休假日: a public holiday, or a Saturday or Sunday
        not worked instead), the period ends on the first working day after it."""
        last = first_day + timedelta(days=days - 1)
        while not self.is_working_day(last):
            last += timedelta(days=1)
        return last

    def last_day_in_working_days(self, first_day: date, days: int) -> date:
        """The ``days``-th working day counted from ``first_day`` (itself counted when it is a
        working day)."""
        if days < 1:
            raise ValueError("a period lasts at least one day")
        day, counted = first_day, 0
        while True:
            if self.is_working_day(day):
                counted += 1
                if counted == days:
                    return day
            day += timedelta(days=1)
