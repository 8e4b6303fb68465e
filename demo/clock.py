"""Each step of the demo's history runs as of when it would have happened (time-machine), so
the decision log, notices and scores are exactly what real use produces."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.utils import timezone

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, 0, tzinfo=SHANGHAI)


@contextmanager
def clock(when: datetime) -> Iterator[None]:
    """Run a step as of ``when``."""
    with time_machine.travel(when, tick=False):
        yield


@contextmanager
def on(day: date, hour: int = 10) -> Iterator[None]:
    """Run a step as of ``day`` at ``hour``, but never later than a few minutes ago: for steps
    dated relative to today."""
    when = datetime.combine(day, time(hour), tzinfo=SHANGHAI)
    with clock(min(when, timezone.now() - timedelta(minutes=5))):
        yield
