"""R14: ``manage.py verify_decision_log`` checks the chain and names the first broken row."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from decisionlog.chain import GENESIS_HASH, format_time
from decisionlog.models import DecisionLogEntry
from tests.decisionlog.harness import log_triggers_lifted
from tests.decisionlog.helpers import TABLE, log_rows, raw

pytestmark = pytest.mark.django_db


def _verify() -> str:
    out = StringIO()
    call_command("verify_decision_log", stdout=out)
    return out.getvalue()


def _behind_the_triggers(sql: str, params: list[object] | None = None) -> None:
    """Change the log the way only someone able to lift the triggers could."""
    with transaction.atomic(), log_triggers_lifted(connection):
        raw(sql, params)


def test_an_intact_chain_verifies_and_prints_its_length_and_last_hash() -> None:
    rows = log_rows(3)
    assert _verify() == (
        f"chain intact: 3 rows\nlast hash: {rows[-1].row_hash}\n"
        "checkpoints: 0 signed, covering 0 rows; 3 rows since the last\n"
    )


def test_an_empty_log_is_an_intact_chain() -> None:
    assert _verify() == (
        f"chain intact: 0 rows\nlast hash: {GENESIS_HASH}\n"
        "checkpoints: 0 signed, covering 0 rows; 0 rows since the last\n"
    )


def test_a_reason_rewritten_behind_the_triggers_is_named_as_the_first_broken_row() -> None:
    rows = log_rows(4)
    _behind_the_triggers(
        f"UPDATE {TABLE} SET reason = %s WHERE id IN (%s, %s)", ["forged", rows[1].pk, rows[3].pk]
    )
    with pytest.raises(CommandError) as broken:
        _verify()
    assert str(broken.value) == (
        f"chain broken at row id={rows[1].pk} time={format_time(rows[1].created_at)} "
        "action=round.test_1: content does not match its hash (1 rows before it are intact)"
    )


def test_a_row_deleted_behind_the_triggers_breaks_the_chain_at_the_next_row() -> None:
    rows = log_rows(3)
    _behind_the_triggers(f"DELETE FROM {TABLE} WHERE id = %s", [rows[1].pk])
    with pytest.raises(CommandError, match=rf"row id={rows[2].pk} .*does not follow the row"):
        _verify()


def test_a_rewritten_row_with_a_recomputed_hash_still_breaks_at_the_next_row() -> None:
    """Re-hashing a forged row does not help: the next row holds the original hash."""
    rows = log_rows(3)
    forged = DecisionLogEntry.objects.get(pk=rows[0].pk)
    forged.reason = "forged"
    from decisionlog.chain import row_hash

    _behind_the_triggers(
        f"UPDATE {TABLE} SET reason = %s, row_hash = %s WHERE id = %s",
        ["forged", row_hash(forged), rows[0].pk],
    )
    with pytest.raises(CommandError, match=rf"row id={rows[1].pk} .*does not follow the row"):
        _verify()


def test_the_command_exits_non_zero_when_the_chain_is_broken() -> None:
    rows = log_rows(2)
    _behind_the_triggers(f"UPDATE {TABLE} SET action = 'round.x' WHERE id = %s", [rows[0].pk])
    with pytest.raises(CommandError) as broken:
        _verify()
    assert broken.value.returncode == 1
