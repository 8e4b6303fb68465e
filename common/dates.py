"""Days as the pages state them. A period counted in days ends at 24:00 of its last day
(Civil Code Art. 203), so a bar "until" a day includes that day and ends the moment the next
day begins: the pages say "until and including" it, or from which day it no longer applies,
never "before" it."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils.formats import date_format


def day_text(day: date) -> str:
    """The day in the active language's long form: 2036年12月6日, Dec. 6, 2036."""
    return date_format(day, "DATE_FORMAT")


def last_day_and_next(last_day: date) -> dict[str, str]:
    """``until``: the last day of a period (in force until 24:00 of it); ``next``: the first
    day after it. For messages that state both."""
    return {"until": day_text(last_day), "next": day_text(last_day + timedelta(days=1))}
