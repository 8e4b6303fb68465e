"""The only way past the decision log's triggers (R14), for the test harness alone.

Transactional tests (``transaction=True``, ``live_server``) end with Django's flush, which
empties every table: ``TRUNCATE`` on PostgreSQL, ``DELETE FROM`` on SQLite, both refused by the
decision log's triggers. The triggers have no setting that lets a statement through, so the
harness lifts them with DDL inside the flush's own transaction and restores them before it
commits (a failed flush rolls the DDL back with it): PostgreSQL ``ALTER TABLE ... DISABLE
TRIGGER USER`` / ``ENABLE TRIGGER USER``; SQLite drops the triggers and re-creates them from
their stored definitions. Both need the right to alter the table, which is the same right that
could drop the triggers outright; nothing in the application calls this module.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.base.operations import BaseDatabaseOperations

TABLE = "decisionlog_decisionlogentry"


@contextmanager
def log_triggers_lifted(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """Within the current transaction, let UPDATE/DELETE/TRUNCATE of the log through."""
    if not connection.in_atomic_block:
        raise RuntimeError("lift the decision log's triggers only inside a transaction")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # ALTER TABLE refuses while deferred foreign-key checks on the table are pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER USER")
            yield
            cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER USER")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        elif connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [TABLE],
            )
            triggers: list[tuple[str, str]] = list(cursor.fetchall())
            for name, _sql in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
            yield
            for _name, sql in triggers:
                cursor.execute(sql)
        else:
            raise RuntimeError(f"no decision log triggers on {connection.vendor}")


@contextmanager
def flush_lifts_log_triggers() -> Iterator[None]:
    """Patch Django's flush (used between transactional tests) to run with the triggers lifted."""
    original = BaseDatabaseOperations.execute_sql_flush

    def execute_sql_flush(self: BaseDatabaseOperations, sql_list: Iterable[str]) -> None:
        with transaction.atomic(using=self.connection.alias), log_triggers_lifted(self.connection):
            original(self, sql_list)

    BaseDatabaseOperations.execute_sql_flush = execute_sql_flush  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        BaseDatabaseOperations.execute_sql_flush = original  # type: ignore[method-assign]
