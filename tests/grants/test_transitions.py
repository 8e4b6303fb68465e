"""Every (from, to) pair of GRANT_TRANSITIONS (R9 lapse, R8/R11 revocation): allowed iff in
the table; otherwise a domain error and no decision-log row."""

from __future__ import annotations

import itertools

import pytest

from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from grants.enums import GRANT_TRANSITIONS, GrantStatus
from grants.models import AwardGrant
from grants.services.approval import transition_grant
from tests.factories import office_user
from tests.publicity.helpers import manufacturer, past_prize

PAIRS = [(a, b) for a, b in itertools.product(GrantStatus.values, repeat=2) if a != b]


def _grant(status: str) -> AwardGrant:
    grant = past_prize(manufacturer(), 2020)
    AwardGrant.objects.filter(pk=grant.pk).update(status=status)
    grant.refresh_from_db()
    return grant


@pytest.mark.django_db
@pytest.mark.parametrize(("current", "target"), PAIRS)
def test_grant_moves_follow_the_table(current: str, target: str) -> None:
    actor = office_user()
    grant = _grant(current)
    before = DecisionLogEntry.objects.count()
    if target in GRANT_TRANSITIONS[current]:
        moved = transition_grant(grant, target, actor=actor, reason="test")
        assert moved.status == target
        assert moved.status_changed_at is not None
        entry = DecisionLogEntry.objects.get(object_type="grants.AwardGrant")
        assert (entry.from_state, entry.to_state, entry.actor_id, entry.round_id) == (
            current,
            target,
            actor.pk,
            grant.round_id,
        )
    else:
        with pytest.raises(DomainError):
            transition_grant(grant, target, actor=actor)
        grant.refresh_from_db()
        assert grant.status == current
        assert grant.status_changed_at is None
        assert DecisionLogEntry.objects.count() == before


@pytest.mark.django_db
def test_moving_a_grant_to_its_own_status_logs_nothing() -> None:
    grant = _grant(GrantStatus.EXPIRED)
    assert transition_grant(grant, GrantStatus.EXPIRED, actor=None).status == "expired"
    assert DecisionLogEntry.objects.count() == 0
