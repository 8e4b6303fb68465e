"""Each step of the demo's history runs as of when it would have happened (time-machine), so
the decision log, notices and scores are exactly what real use produces.

The story is written as of STORY_DAY (the 2024 round in its publicity with an objection to
decide, the 2026 round's window open, the 2022 winners in their last months of validity). It is
told as of the day the demo is loaded: every date of the story moves by whole years (round years
and titles move with them, so "2024年度" stays the round run in the year after) and then by the
days that remain, so that the story's day is the loading day and each round is in the stage
the README describes whenever the demo is loaded."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.utils import timezone

from grants.rules.grant import add_years

SHANGHAI = ZoneInfo("Asia/Shanghai")

# The day the story below is written as of (see the module docstring).
STORY_DAY = date(2026, 11, 28)


@dataclass(frozen=True)
class Shift:
    years: int
    days: int

    def day(self, story_day: date) -> date:
        return add_years(story_day, self.years) + timedelta(days=self.days)


def shift_for(today: date) -> Shift:
    """The shift that brings STORY_DAY to ``today``: the nearest whole number of years, then
    the days left (at most half a year either way)."""
    years = round((today - STORY_DAY).days / 365.2425)
    return Shift(years, (today - add_years(STORY_DAY, years)).days)


_told_as_of: ContextVar[date | None] = ContextVar("demo_told_as_of", default=None)


@contextmanager
def telling() -> Iterator[Shift]:
    """Tell the story as of today for everything inside (the clock is moved inside, so the
    day is fixed once, on entry)."""
    if _told_as_of.get() is not None:
        yield current_shift()
        return
    token = _told_as_of.set(timezone.localdate())
    try:
        yield current_shift()
    finally:
        _told_as_of.reset(token)


def current_shift() -> Shift:
    return shift_for(_told_as_of.get() or timezone.localdate())


def day(year: int, month: int, day_of_month: int) -> date:
    """A day of the story, as told today."""
    return current_shift().day(date(year, month, day_of_month))


def story_year(year: int) -> int:
    """A year of the story (a round's year, a document number's year), as told today."""
    return year + current_shift().years


def at(year: int, month: int, day_of_month: int, hour: int = 10) -> datetime:
    """A moment of the story, as told today."""
    return datetime.combine(day(year, month, day_of_month), time(hour), tzinfo=SHANGHAI)


@contextmanager
def clock(when: datetime) -> Iterator[None]:
    """Run a step as of ``when``."""
    with time_machine.travel(when, tick=False):
        yield


@contextmanager
def on(on_day: date, hour: int = 10) -> Iterator[None]:
    """Run a step as of ``on_day`` at ``hour``, but never later than a few minutes ago: for steps
    dated relative to today."""
    when = datetime.combine(on_day, time(hour), tzinfo=SHANGHAI)
    with clock(min(when, timezone.now() - timedelta(minutes=5))):
        yield
