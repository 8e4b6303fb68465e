"""R14: the database refuses to change or remove a logged decision, whatever the caller.

The triggers come from migration decisionlog 0004; Django's own guards are tested here too."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from awards.services import transition_round
from decisionlog.models import DecisionLogEntry, DecisionLogIsAppendOnly
from tests.decisionlog.harness import log_triggers_lifted
from tests.decisionlog.helpers import TABLE, log_rows, raw
from tests.factories import RoundFactory

pytestmark = pytest.mark.django_db


def _refused(sql: str, params: list[object] | None = None) -> str:
    """Run ``sql`` in a savepoint, expect the database to refuse it; the error text."""
    with pytest.raises(DatabaseError) as refused, transaction.atomic():
        raw(sql, params)
    return str(refused.value)


def test_raw_update_of_a_logged_decision_is_refused_by_the_database() -> None:
    entry = log_rows(1)[0]
    message = _refused(f"UPDATE {TABLE} SET reason = %s WHERE id = %s", ["rewritten", entry.pk])
    assert "append-only" in message
    assert "UPDATE" in message
    assert DecisionLogEntry.objects.get(pk=entry.pk).reason == "reason 0"


def test_raw_update_of_the_hash_columns_is_refused_too() -> None:
    entry = log_rows(1)[0]
    _refused(f"UPDATE {TABLE} SET row_hash = %s, prev_hash = %s", ["0" * 64, "1" * 64])
    assert DecisionLogEntry.objects.get(pk=entry.pk).row_hash == entry.row_hash


def test_raw_delete_of_one_decision_is_refused_by_the_database() -> None:
    entry = log_rows(2)[1]
    message = _refused(f"DELETE FROM {TABLE} WHERE id = %s", [entry.pk])
    assert "append-only" in message
    assert "DELETE" in message
    assert DecisionLogEntry.objects.count() == 2


def test_raw_delete_of_the_whole_log_is_refused_by_the_database() -> None:
    log_rows(3)
    _refused(f"DELETE FROM {TABLE}")
    assert DecisionLogEntry.objects.count() == 3


def _check_pending_foreign_keys() -> None:
    """PostgreSQL refuses TRUNCATE of a table with deferred checks pending in this transaction
    (the test's), before any trigger runs; run them now so the trigger is what refuses."""
    raw("SET CONSTRAINTS ALL IMMEDIATE")


@pytest.mark.postgres
def test_truncate_of_the_log_is_refused_on_postgresql() -> None:
    log_rows(2)
    _check_pending_foreign_keys()
    message = _refused(f"TRUNCATE {TABLE}")
    assert "append-only" in message
    assert "TRUNCATE" in message
    assert DecisionLogEntry.objects.count() == 2


@pytest.mark.postgres
def test_truncate_cascading_from_the_users_is_refused_on_postgresql() -> None:
    log_rows(1)
    _check_pending_foreign_keys()
    message = _refused("TRUNCATE accounts_user CASCADE")
    assert "append-only" in message
    assert DecisionLogEntry.objects.count() == 1


def test_inserting_is_still_allowed_by_the_database() -> None:
    """Append-only, not read-only: the triggers leave INSERT alone (R14)."""
    assert len(log_rows(2)) == 2
    assert DecisionLogEntry.objects.count() == 2


def test_the_harness_lifts_the_triggers_only_inside_its_block() -> None:
    """The test flush's way past the triggers (tests/decisionlog/harness.py) ends with them
    back in place: the UPDATE inside passes, the same UPDATE after is refused."""
    entry = log_rows(1)[0]
    with transaction.atomic(), log_triggers_lifted(connection):
        assert raw(f"UPDATE {TABLE} SET reason = %s WHERE id = %s", ["inside", entry.pk]) == 1
    assert DecisionLogEntry.objects.get(pk=entry.pk).reason == "inside"
    _refused(f"UPDATE {TABLE} SET reason = %s WHERE id = %s", ["after", entry.pk])
    assert DecisionLogEntry.objects.get(pk=entry.pk).reason == "inside"


def test_the_harness_refuses_to_lift_the_triggers_outside_a_transaction(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Lifted triggers must come back even if the block fails, so only inside a transaction,
    whose rollback restores them (the test's own transaction is hidden here)."""
    monkeypatch.setattr(connection, "in_atomic_block", False)
    with (
        pytest.raises(RuntimeError, match="inside a transaction"),
        log_triggers_lifted(connection),
    ):
        raise AssertionError("the block must not run")


def test_a_row_is_appended_only_through_record_decision() -> None:
    """A row without its chain hash never reaches the database (R14)."""
    with pytest.raises(DecisionLogIsAppendOnly):
        DecisionLogEntry.objects.create(action="round.forged", object_type="x", object_id="1")
    assert DecisionLogEntry.objects.count() == 0


def test_django_refuses_to_change_or_delete_a_logged_decision() -> None:
    # R14: nothing is deleted.
    round = transition_round(RoundFactory(stage="draft"), "application", actor=None)
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
