"""Every (from, to) pair of the round and application tables: allowed iff in the table;
otherwise a domain error and no decision-log row (docs/architecture.md, the transition pattern)."""

from __future__ import annotations

import itertools

import pytest

from applications.enums import APPLICATION_TRANSITIONS, ApplicationStatus
from applications.services.application import transition_application
from awards.enums import ROUND_TRANSITIONS, RoundStage
from awards.services import transition_round
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import TransitionRefused
from tests.factories import ApplicationFactory, RoundFactory, office_user

ROUND_PAIRS = [(a, b) for a, b in itertools.product(RoundStage.values, repeat=2) if a != b]
APPLICATION_PAIRS = [
    (a, b) for a, b in itertools.product(ApplicationStatus.values, repeat=2) if a != b
]


@pytest.mark.django_db
@pytest.mark.parametrize(("current", "target"), ROUND_PAIRS)
def test_round_stage_moves_follow_the_table(current: str, target: str) -> None:
    # R1: a round's stages run in order.
    actor = office_user()
    round = RoundFactory(stage=current)
    before = DecisionLogEntry.objects.count()
    if target in ROUND_TRANSITIONS[current]:
        moved = transition_round(round, target, actor=actor, reason="test")
        assert moved.stage == target
        entry = DecisionLogEntry.objects.get(object_type="awards.Round", object_id=str(round.pk))
        assert (entry.from_state, entry.to_state, entry.actor_id) == (current, target, actor.pk)
    else:
        with pytest.raises(TransitionRefused):
            transition_round(round, target, actor=actor)
        round.refresh_from_db()
        assert round.stage == current
        assert DecisionLogEntry.objects.count() == before


@pytest.mark.django_db
@pytest.mark.parametrize(("current", "target"), APPLICATION_PAIRS)
def test_application_status_moves_follow_the_table(current: str, target: str) -> None:
    actor = office_user()
    application = ApplicationFactory(status=current)
    before = DecisionLogEntry.objects.count()
    if target in APPLICATION_TRANSITIONS[current]:
        moved = transition_application(application, target, actor=actor, reason="test")
        assert moved.status == target
        assert DecisionLogEntry.objects.count() == before + 1
    else:
        with pytest.raises(TransitionRefused):
            transition_application(application, target, actor=actor)
        application.refresh_from_db()
        assert application.status == current
        assert DecisionLogEntry.objects.count() == before


@pytest.mark.django_db
def test_moving_to_the_current_state_is_idempotent_and_logs_nothing() -> None:
    round = RoundFactory(stage=RoundStage.ELIGIBILITY)
    before = DecisionLogEntry.objects.count()
    assert transition_round(round, RoundStage.ELIGIBILITY, actor=None).stage == "eligibility"
    assert DecisionLogEntry.objects.count() == before


@pytest.mark.django_db
def test_decision_log_rows_cannot_be_changed_or_deleted() -> None:
    # R14: nothing is deleted.
    from decisionlog.models import DecisionLogIsAppendOnly

    round = transition_round(RoundFactory(stage=RoundStage.DRAFT), "application", actor=None)
    entry = DecisionLogEntry.objects.get(object_id=str(round.pk), object_type="awards.Round")
    entry.reason = "rewritten"
    with pytest.raises(DecisionLogIsAppendOnly):
        entry.save()
    with pytest.raises(DecisionLogIsAppendOnly):
        entry.delete()
    with pytest.raises(DecisionLogIsAppendOnly):
        DecisionLogEntry.objects.filter(pk=entry.pk).update(reason="x")
    with pytest.raises(DecisionLogIsAppendOnly):
        DecisionLogEntry.objects.all().delete()
