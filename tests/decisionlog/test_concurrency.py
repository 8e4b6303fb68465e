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

TIMEOUT = 10.0


def _waits_for_a_lock(pid: int) -> bool:
    """Whether the backend ``pid`` is blocked on an advisory lock (the chain's)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_locks"
            " WHERE pid = %s AND locktype = 'advisory' AND NOT granted)",
            [pid],
        )
        return bool(cursor.fetchone()[0])


def test_two_writers_at_once_both_append_to_one_unforked_chain() -> None:
    round = RoundFactory()
    actor = office_user()
    # Both writers meet here: the first has logged (uncommitted), the second is about to log.
    both_ready = threading.Barrier(2, timeout=TIMEOUT)
    second_is_waiting = threading.Event()
    second_pid: list[int] = []
    errors: list[BaseException] = []

    def first() -> None:
        try:
            with transaction.atomic():
                record_decision(actor=actor, action="round.first", obj=round)
                both_ready.wait()
                # Commit only once the second writer is blocked on the chain's lock, so it
                # reads the log after this row is committed, never before.
                assert second_is_waiting.wait(TIMEOUT), "the second writer never blocked"
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
            both_ready.abort()
        finally:
            connection.close()

    def second() -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                second_pid.append(cursor.fetchone()[0])
            both_ready.wait()
            with transaction.atomic():
                record_decision(actor=actor, action="round.second", obj=round)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    # The test's own connection watches the second writer's backend until it waits.
    deadline = time.monotonic() + TIMEOUT
    while not errors and time.monotonic() < deadline:
        if second_pid and _waits_for_a_lock(second_pid[0]):
            second_is_waiting.set()
            break
        time.sleep(0.01)
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert second_is_waiting.is_set()
    one, two = DecisionLogEntry.objects.order_by("id")
    assert (one.action, two.action) == ("round.first", "round.second")
    assert two.prev_hash == one.row_hash
    report = verify_chain()
    assert (report.rows, report.broken) == (2, None)
