"""Two members record the list decision after the same upheld objection at once (PostgreSQL
row locks): exactly one decision, one added period, one log row."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection

from applications.enums import ApplicationStatus
from awards.enums import PrizeLevel
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from publicity.models import ListDecision, PublicityPeriod
from publicity.services import publicity as services
from tests.factories import leading_group_user, office_user
from tests.publicity.helpers import STARTS_AT, candidate, publicity_round, signed

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _run_twice(target) -> list[object]:  # type: ignore[no-untyped-def]
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


def test_two_simultaneous_list_decisions_record_one() -> None:
    office = office_user()
    leader = leading_group_user()
    round, period, (app,) = publicity_round(office)
    signed(leader, round)
    runner_up = candidate(round, status=ApplicationStatus.NOT_PROPOSED, rank=9)
    with time_machine.travel(STARTS_AT + timedelta(days=3), tick=False):
        objection = services.submit_objection(
            period, application=app, name="张三", phone="1", email="", grounds="理由"
        )
    services.record_objection_verification(objection, actor=office, verification="属实")
    objection = services.decide_objection(
        objection, actor=leader, upheld=True, handling_opinion="取消"
    )
    results = _run_twice(
        lambda: services.decide_proposed_list(
            objection,
            actor=leader,
            reason="递补",
            additions=[(runner_up, PrizeLevel.PRIZE)],
            starts_on=date(2031, 12, 5),
        )
    )
    assert sorted(type(r).__name__ for r in results) == ["DomainError", "ListDecision"]
    assert ListDecision.objects.count() == 1
    assert PublicityPeriod.objects.count() == 2
    assert DecisionLogEntry.objects.filter(action="list.amend").count() == 1
