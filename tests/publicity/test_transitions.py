"""Every (from, to) pair of OBJECTION_TRANSITIONS (Art. 21, R14): allowed iff in the table;
otherwise a domain error and no decision-log row."""

from __future__ import annotations

import itertools

import pytest
from django.core import mail

from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from publicity.enums import OBJECTION_TRANSITIONS, ObjectionStatus
from publicity.models import Objection, PublicityPeriod
from publicity.services.publicity import transition_objection
from publicity.tasks import email_objection_receipt
from tests.factories import UserFactory, office_user
from tests.publicity.helpers import ENDS_AT, STARTS_AT, deliberation_round, proposed

PAIRS = [(a, b) for a, b in itertools.product(ObjectionStatus.values, repeat=2) if a != b]


def _objection(status: str, **kwargs) -> Objection:
    round = deliberation_round()
    app = proposed(round)
    period = PublicityPeriod.objects.create(
        round=round, starts_at=STARTS_AT, ends_at=ENDS_AT, opened_by=UserFactory()
    )
    period.applications.add(app)
    return Objection.objects.create(
        publicity=period,
        application=app,
        receipt_number=f"YY-TEST-{round.pk}",
        objector_name="张三",
        grounds="理由",
        status=status,
        **kwargs,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("current", "target"), PAIRS)
def test_objection_moves_follow_the_table(current: str, target: str) -> None:
    actor = office_user()
    objection = _objection(current)
    before = DecisionLogEntry.objects.count()
    if target in OBJECTION_TRANSITIONS[current]:
        moved = transition_objection(objection, target, actor=actor, reason="test")
        assert moved.status == target
        entry = DecisionLogEntry.objects.get(object_type="publicity.Objection")
        assert (entry.from_state, entry.to_state, entry.actor_id) == (current, target, actor.pk)
    else:
        with pytest.raises(DomainError):
            transition_objection(objection, target, actor=actor)
        objection.refresh_from_db()
        assert objection.status == current
        assert DecisionLogEntry.objects.count() == before


@pytest.mark.django_db
def test_moving_an_objection_to_its_own_status_logs_nothing() -> None:
    objection = _objection(ObjectionStatus.VERIFYING)
    assert (
        transition_objection(objection, ObjectionStatus.VERIFYING, actor=None).status == "verifying"
    )
    assert DecisionLogEntry.objects.count() == 0


@pytest.mark.django_db
def test_receipt_email_task_run_twice_sends_once() -> None:
    objection = _objection(ObjectionStatus.RECEIVED, objector_email="a@example.cn")
    assert email_objection_receipt(objection.pk) is True
    assert email_objection_receipt(objection.pk) is False
    assert [m.to for m in mail.outbox] == [["a@example.cn"]]
    assert "/publicity/lookup/?receipt=" in mail.outbox[0].body
