"""R1: the application window closes by itself at the deadline, through the beat sweep,
exactly once however often the sweep runs."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from applications.enums import ApplicationStatus
from awards.enums import RoundStage
from awards.services import sweep_due_windows
from awards.tasks import sweep_deadlines
from decisionlog.models import DecisionLogEntry
from tests.factories import ApplicationFactory, RoundFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
DEADLINE = datetime(2031, 3, 31, 17, 0, tzinfo=SHANGHAI)


@pytest.fixture
def round_with_draft_and_submitted():
    with time_machine.travel(DEADLINE - timedelta(days=5), tick=False):
        round = RoundFactory(
            stage=RoundStage.APPLICATION,
            applications_open_at=DEADLINE - timedelta(days=30),
            applications_close_at=DEADLINE,
        )
        draft = ApplicationFactory(round=round)
        submitted = ApplicationFactory(round=round, status=ApplicationStatus.SUBMITTED)
    return round, draft, submitted


def _round_log(round) -> list[DecisionLogEntry]:
    return list(
        DecisionLogEntry.objects.filter(object_type="awards.Round", object_id=str(round.pk))
    )


@pytest.mark.django_db
def test_window_stays_open_one_second_before_the_deadline(round_with_draft_and_submitted) -> None:
    round, draft, _ = round_with_draft_and_submitted
    with time_machine.travel(DEADLINE - timedelta(seconds=1), tick=False):
        assert round.window_is_open()
        assert sweep_due_windows() == 0
    round.refresh_from_db()
    draft.refresh_from_db()
    assert (round.stage, draft.status) == (RoundStage.APPLICATION, ApplicationStatus.DRAFT)


@pytest.mark.django_db
def test_sweep_closes_the_window_once_and_lapses_drafts(round_with_draft_and_submitted) -> None:
    round, draft, submitted = round_with_draft_and_submitted
    with time_machine.travel(DEADLINE + timedelta(seconds=1), tick=False):
        # The server refuses a submission at once, whatever the sweep has done yet.
        assert not round.window_is_open()
        first = sweep_deadlines()
        second = sweep_deadlines()
    assert first["windows_closed"] == 1
    assert second["windows_closed"] == 0
    round.refresh_from_db()
    draft.refresh_from_db()
    submitted.refresh_from_db()
    assert round.stage == RoundStage.ELIGIBILITY
    assert round.window_closed_at == DEADLINE + timedelta(seconds=1)
    assert draft.status == ApplicationStatus.NOT_SUBMITTED
    assert submitted.status == ApplicationStatus.SUBMITTED
    log = _round_log(round)
    assert [(e.from_state, e.to_state, e.actor_id, e.actor_label) for e in log] == [
        ("application", "eligibility", None, "system")
    ]


@pytest.mark.django_db
def test_the_sweep_runs_every_app_s_deadlines_in_order() -> None:
    """Each app registers its own sweep (awards.sweeps); the task runs them in this order."""
    assert list(sweep_deadlines()) == [
        "windows_closed",
        "publicities_closed",
        "grants_expired",
        "annual_report_reminders",
        "applications_stopped_by_bans",
        "review_reminders",
    ]
