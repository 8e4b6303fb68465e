"""Two offices record the same approval at once (PostgreSQL row locks): exactly one succeeds,
one approval row, one grant per winner, one log row (docs/testing.md: faults every release
must survive)."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection

from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from grants.models import ApprovalDecision, AwardGrant, Certificate
from grants.services.approval import record_approval
from publicity.services.publicity import close_publicity
from tests.factories import office_user
from tests.publicity.helpers import ENDS_AT, approval_round

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _run_twice(target) -> list[object]:
    results: list[object] = []
    barrier = threading.Barrier(2)

    def run() -> None:
        barrier.wait()
        try:
            results.append(target())
        except DomainError as error:
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_two_simultaneous_approvals_record_one(monkeypatch) -> None:
    from grants.tasks import render_certificate

    monkeypatch.setattr(render_certificate, "delay", lambda pk: None)
    office = office_user()
    round, apps = approval_round(n_prize=2)
    results = _run_twice(
        lambda: record_approval(
            round,
            actor=office,
            approved_on=date(2026, 1, 15),
            meeting="会议",
            document_number="文号",
        )
    )
    assert sorted(type(r).__name__ for r in results) == ["ApprovalDecision", "DomainError"]
    assert ApprovalDecision.objects.count() == 1
    assert AwardGrant.objects.count() == 2
    assert Certificate.objects.count() == 2
    assert DecisionLogEntry.objects.filter(action="round.published").count() == 1


def test_two_simultaneous_closes_close_once() -> None:
    from publicity.models import PublicityPeriod
    from tests.publicity.helpers import publicity_round

    office = office_user()
    round, period, _apps = publicity_round(office)
    results = _run_twice(
        lambda: close_publicity(PublicityPeriod.objects.get(pk=period.pk), now=ENDS_AT)
    )
    assert sorted(results) == [False, True]
    assert DecisionLogEntry.objects.filter(action="round.approval").count() == 1
