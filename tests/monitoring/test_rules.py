"""The due dates and states of a winner's obligations (Art. 24-26, 29), at their edges."""

from __future__ import annotations

from datetime import date

from monitoring import rules
from monitoring.enums import ObligationState as S

END = date(2029, 3, 1)


def test_reassessment_done_planned_awaiting() -> None:
    today = date(2027, 1, 1)
    assert (
        rules.reassessment_state(
            results=["maintained"], planned_dates=[], valid_until=END, today=today
        )
        == S.DONE
    )
    assert (
        rules.reassessment_state(
            results=[], planned_dates=[date(2027, 6, 1)], valid_until=END, today=today
        )
        == S.PLANNED
    )
    assert (
        rules.reassessment_state(
            results=[], planned_dates=[date(2026, 12, 31)], valid_until=END, today=today
        )
        == S.AWAITING
    )


def test_reassessment_flagged_from_the_first_day_of_the_last_year() -> None:
    """Art. 24: no re-assessment planned by the last year of validity is flagged."""
    kw = {"results": [], "planned_dates": [], "valid_until": END}
    assert rules.reassessment_state(today=date(2028, 2, 29), **kw) == S.DUE
    assert rules.reassessment_state(today=date(2028, 3, 1), **kw) == S.MISSING
    assert rules.reassessment_state(today=END, **kw) == S.MISSING
    assert rules.reassessment_state(today=date(2029, 3, 2), **kw) == S.OVERDUE


def test_fund_use_states() -> None:
    due = rules.fund_use_due_on(date(2026, 3, 1))
    assert due == date(2027, 3, 1)
    assert rules.fund_use_state(status=None, due_on=due, today=due) == S.DUE
    assert rules.fund_use_state(status="draft", due_on=due, today=date(2027, 3, 2)) == S.OVERDUE
    assert rules.fund_use_state(status="submitted", due_on=due, today=date(2028, 1, 1)) == (
        S.AWAITING
    )
    assert rules.fund_use_state(status="checked", due_on=due, today=date(2028, 1, 1)) == S.DONE


def test_improvement_states() -> None:
    due = date(2027, 3, 1)
    kw = {"due_on": due, "today": due}
    assert rules.improvement_state(n_opportunities=0, n_recorded=0, **kw) == S.NOT_APPLICABLE
    assert rules.improvement_state(n_opportunities=2, n_recorded=1, **kw) == S.DUE
    assert rules.improvement_state(n_opportunities=2, n_recorded=2, **kw) == S.DONE
    assert (
        rules.improvement_state(n_opportunities=2, n_recorded=1, due_on=due, today=date(2027, 3, 2))
        == S.OVERDUE
    )


def test_summary_due_at_the_end_of_the_award_year() -> None:
    due = rules.summary_due_on(date(2026, 3, 1))
    assert due == date(2026, 12, 31)
    assert rules.summary_state(written=False, due_on=due, today=due) == S.DUE
    assert rules.summary_state(written=False, due_on=due, today=date(2027, 1, 1)) == S.OVERDUE
    assert rules.summary_state(written=True, due_on=due, today=date(2027, 1, 1)) == S.DONE


def test_sharing_flagged_when_missing_in_the_last_year() -> None:
    assert rules.sharing_state(n_activities=0, valid_until=END, today=date(2027, 1, 1)) == S.DUE
    assert rules.sharing_state(n_activities=0, valid_until=END, today=date(2028, 3, 1)) == (
        S.MISSING
    )
    assert rules.sharing_state(n_activities=0, valid_until=END, today=date(2029, 3, 2)) == (
        S.OVERDUE
    )
    assert rules.sharing_state(n_activities=1, valid_until=END, today=date(2029, 3, 2)) == S.DONE


def test_visits_expected_one_per_year_elapsed() -> None:
    start = date(2026, 3, 1)
    assert rules.visits_expected(start, END, date(2027, 2, 28)) == 0
    assert rules.visits_expected(start, END, date(2027, 3, 1)) == 1
    assert rules.visits_expected(start, END, date(2035, 1, 1)) == 3
    assert rules.visit_state(n_done=0, n_planned=0, expected=0) == S.DUE
    assert rules.visit_state(n_done=0, n_planned=1, expected=1) == S.PLANNED
    assert rules.visit_state(n_done=0, n_planned=0, expected=1) == S.OVERDUE
    assert rules.visit_state(n_done=1, n_planned=0, expected=1) == S.DONE
