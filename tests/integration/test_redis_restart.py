"""Redis restarted mid-run loses no deadline (docs/architecture.md, pitfalls 8 and 15).

Deadlines live in the database, and beat only wakes the idempotent sweep every
DEADLINE_SWEEP_SECONDS (never a long ETA held in Redis). The test runs its own redis-server
(no persistence: a restart drops every queued message), a real worker and a real beat. Redis
goes down before an application deadline and comes back, empty, after it: the sweep catches
up and closes the window exactly once."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from applications.enums import ApplicationStatus
from awards.enums import RoundStage
from decisionlog.models import DecisionLogEntry
from tests.factories import ApplicationFactory, RoundFactory
from tests.integration.processes import (
    CeleryProcess,
    RedisServer,
    process_env,
    wait_until,
    worker,
)

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.timeout(300),
]


def _stage(round) -> str:  # type: ignore[no-untyped-def]
    round.refresh_from_db()
    return str(round.stage)


def test_a_deadline_passing_while_redis_is_down_is_still_kept(tmp_path: Path) -> None:
    redis = RedisServer(tmp_path)
    redis.start()
    env = process_env(redis.url, tmp_path / "var", DEADLINE_SWEEP_SECONDS="1")
    sweeper = worker(env, tmp_path / "worker.log", "sweeper")
    # Beat seeds its database schedule from the settings (a sweep every second here).
    beat = CeleryProcess("beat", env, tmp_path / "beat.log", "--loglevel=INFO")
    try:
        sweeper.start()
        beat.start()
        sweeper.wait_for("ready.")
        # The sweep runs (beat -> Redis -> worker) before anything else happens.
        sweeper.wait_for("awards.sweep_deadlines", timeout=60)

        round = RoundFactory(
            stage=RoundStage.APPLICATION,
            applications_open_at=timezone.now() - timedelta(days=30),
            applications_close_at=timezone.now() + timedelta(seconds=4),
        )
        draft = ApplicationFactory(round=round)
        submitted = ApplicationFactory(round=round, status=ApplicationStatus.SUBMITTED)

        # Redis goes away before the deadline, with whatever it held.
        redis.stop()
        while timezone.now() < round.applications_close_at + timedelta(seconds=2):
            time.sleep(0.2)
        assert _stage(round) == RoundStage.APPLICATION, "nothing could sweep without Redis"

        # It comes back empty on the same port; beat and the worker reconnect by themselves.
        redis.start()
        try:
            wait_until(
                lambda: sweeper.alive() and beat.alive() and _stage(round) != "application",
                120,
                "the sweep to close the window after Redis came back",
                step=0.25,
            )
        except AssertionError as error:
            raise AssertionError(
                f"{error}\n--- worker\n{sweeper.output()[-3000:]}\n--- beat\n{beat.output()[-2000:]}"
            ) from None
        # Several more sweeps run: the window stays closed once, with one log row.
        sweeps = sweeper.output().count("awards.sweep_deadlines[")
        wait_until(
            lambda: sweeper.output().count("awards.sweep_deadlines[") >= sweeps + 3,
            60,
            "more sweeps",
            step=0.25,
        )
    finally:
        beat.stop()
        sweeper.stop()
        redis.stop()

    assert _stage(round) == RoundStage.ELIGIBILITY
    draft.refresh_from_db()
    submitted.refresh_from_db()
    assert draft.status == ApplicationStatus.NOT_SUBMITTED
    assert submitted.status == ApplicationStatus.SUBMITTED
    closes = DecisionLogEntry.objects.filter(
        object_type="awards.Round", object_id=str(round.pk), to_state=RoundStage.ELIGIBILITY
    )
    assert closes.count() == 1
    assert closes.get().actor is None  # the portal on schedule, not a person
