"""When each obligation of a winner falls due and what state it is in (Art. 24-26, 29, R9,
R10), as named functions of plain data."""

from __future__ import annotations

from datetime import date

from grants.rules.grant import add_years
from monitoring.enums import ObligationState

# Art. 24, 29: a re-assessment must be planned by the start of the last year of validity;
# a grant without one from then on is flagged.
REASSESSMENT_FLAG_YEARS_BEFORE_END = 1
# R10 / Art. 26: the portal asks for the prize-fund use report with the first annual report
# (one year after approval); the measures set no date.
FUND_USE_REPORT_YEARS = 1
# Art. 24: the winner records what it did about each opportunity for improvement by the first
# anniversary of the approval (with its first annual report).
IMPROVEMENT_FOLLOW_UP_YEARS = 1
# Art. 29: a return visit is expected at least once per year of validity (portal practice).
RETURN_VISITS_PER_YEAR = 1
# Art. 25: at least one experience-sharing activity per validity period.
MIN_SHARING_ACTIVITIES = 1
# Art. 24, 29: a re-assessment team has at least this many experts from the pool.
MIN_REASSESSMENT_TEAM = 2


def last_year_starts(valid_until: date) -> date:
    """Art. 24: the first day of the last year of validity."""
    return add_years(valid_until, -REASSESSMENT_FLAG_YEARS_BEFORE_END)


def reassessment_state(
    *, results: list[str], planned_dates: list[date], valid_until: date, today: date
) -> str:
    """Art. 24, 29: done once a re-assessment has a result; planned while one is scheduled
    (awaiting the office's findings after its date); otherwise due, flagged as missing from
    the start of the last year of validity and overdue after the validity ends."""
    if results:
        return ObligationState.DONE
    if planned_dates:
        if min(planned_dates) < today:
            return ObligationState.AWAITING
        return ObligationState.PLANNED
    if today > valid_until:
        return ObligationState.OVERDUE
    if today >= last_year_starts(valid_until):
        return ObligationState.MISSING
    return ObligationState.DUE


def fund_use_due_on(approved_on: date) -> date:
    """R10: the prize-fund use report is due one year after approval."""
    return add_years(approved_on, FUND_USE_REPORT_YEARS)


def fund_use_state(*, status: str | None, due_on: date, today: date) -> str:
    """R10: done once the office checked it; awaiting while submitted; otherwise due or, after
    its date, overdue."""
    if status == "checked":
        return ObligationState.DONE
    if status == "submitted":
        return ObligationState.AWAITING
    return ObligationState.OVERDUE if due_on < today else ObligationState.DUE


def improvement_due_on(approved_on: date) -> date:
    return add_years(approved_on, IMPROVEMENT_FOLLOW_UP_YEARS)


def improvement_state(*, n_opportunities: int, n_recorded: int, due_on: date, today: date) -> str:
    """Art. 24: done when an action is recorded for every opportunity for improvement of the
    feedback report; nothing to do when the report has none."""
    if n_opportunities == 0:
        return ObligationState.NOT_APPLICABLE
    if n_recorded >= n_opportunities:
        return ObligationState.DONE
    return ObligationState.OVERDUE if due_on < today else ObligationState.DUE


def summary_due_on(approved_on: date) -> date:
    """Art. 25: the summary of practice is written in the award year (by 31 December)."""
    return date(approved_on.year, 12, 31)


def summary_state(*, written: bool, due_on: date, today: date) -> str:
    if written:
        return ObligationState.DONE
    return ObligationState.OVERDUE if due_on < today else ObligationState.DUE


def sharing_state(*, n_activities: int, valid_until: date, today: date) -> str:
    """Art. 25: at least one sharing activity per validity period; flagged as missing in the
    last year, overdue after the validity."""
    if n_activities >= MIN_SHARING_ACTIVITIES:
        return ObligationState.DONE
    if today > valid_until:
        return ObligationState.OVERDUE
    if today >= last_year_starts(valid_until):
        return ObligationState.MISSING
    return ObligationState.DUE


def visits_expected(approved_on: date, valid_until: date, today: date) -> int:
    """Art. 29: return visits expected by ``today``: one per full year of validity elapsed."""
    end = min(today, valid_until)
    years = 0
    while add_years(approved_on, years + 1) <= end:
        years += 1
    return years * RETURN_VISITS_PER_YEAR


def visit_state(*, n_done: int, n_planned: int, expected: int) -> str:
    """Art. 29: overdue when fewer visits were made than years elapsed and none is planned."""
    if n_done >= max(expected, 1):
        return ObligationState.DONE
    if n_done >= expected:
        return ObligationState.PLANNED if n_planned else ObligationState.DUE
    return ObligationState.PLANNED if n_planned else ObligationState.OVERDUE


FLAGGED_STATES = frozenset({ObligationState.OVERDUE, ObligationState.MISSING})
