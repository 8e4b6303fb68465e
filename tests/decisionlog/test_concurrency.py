"""R14 on PostgreSQL: two transactions logging at once never fork the chain; the second
waits for the first to commit (advisory lock) and extends its row."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction

from decisionlog.models import DecisionLogEntry
from decisionlog.services import record_decision
from decisionlog.verify import verify_chain
from tests.factories import RoundFactory, office_user

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_two_writers_at_once_both_append_to_one_unforked_chain() -> None:
    round = RoundFactory()
    actor = office_user()
    first_logged = threading.Event()
    errors: list[BaseException] = []

    def first() -> None:
        try:
            with transaction.atomic():
                record_decision(actor=actor, action="round.first", obj=round)
                first_logged.set()
                time.sleep(0.5)  # the second writer reads the log while this is uncommitted
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
            first_logged.set()
        finally:
            connection.close()

    def second() -> None:
        try:
            first_logged.wait(10)
            with transaction.atomic():
                record_decision(actor=actor, action="round.second", obj=round)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    one, two = DecisionLogEntry.objects.order_by("id")
    assert (one.action, two.action) == ("round.first", "round.second")
    assert two.prev_hash == one.row_hash
    report = verify_chain()
    assert (report.rows, report.broken) == (2, None)
