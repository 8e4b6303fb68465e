"""R14: the database itself refuses to change the decision log.

PostgreSQL: row triggers refuse UPDATE and DELETE, a statement trigger refuses TRUNCATE.
SQLite: row triggers refuse UPDATE and DELETE (SQLite has no TRUNCATE; ``DELETE FROM`` without
a WHERE clause fires the DELETE trigger). There is deliberately no setting that lets a
statement through: the test harness lifts the triggers around its flush with DDL
(tests/decisionlog/harness.py), which needs the right to alter the table.

The unique ``prev_hash`` comes first: on SQLite adding a constraint rebuilds the table, which
would drop triggers created before it.
"""

from django.db import migrations, models

TABLE = "decisionlog_decisionlogentry"

POSTGRESQL_INSTALL = [
    """
    CREATE OR REPLACE FUNCTION decisionlog_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION USING
            ERRCODE = 'restrict_violation',
            MESSAGE = 'the decision log is append-only: ' || TG_OP || ' refused (R14)';
    END;
    $$
    """,
    f"""
    CREATE TRIGGER decisionlog_no_update BEFORE UPDATE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION decisionlog_refuse_change()
    """,
    f"""
    CREATE TRIGGER decisionlog_no_delete BEFORE DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION decisionlog_refuse_change()
    """,
    f"""
    CREATE TRIGGER decisionlog_no_truncate BEFORE TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION decisionlog_refuse_change()
    """,
]
POSTGRESQL_REMOVE = [
    f"DROP TRIGGER IF EXISTS decisionlog_no_truncate ON {TABLE}",
    f"DROP TRIGGER IF EXISTS decisionlog_no_delete ON {TABLE}",
    f"DROP TRIGGER IF EXISTS decisionlog_no_update ON {TABLE}",
    "DROP FUNCTION IF EXISTS decisionlog_refuse_change()",
]

SQLITE_INSTALL = [
    f"""
    CREATE TRIGGER decisionlog_no_update BEFORE UPDATE ON {TABLE}
    BEGIN
        SELECT RAISE(ABORT, 'the decision log is append-only: UPDATE refused (R14)');
    END
    """,
    f"""
    CREATE TRIGGER decisionlog_no_delete BEFORE DELETE ON {TABLE}
    BEGIN
        SELECT RAISE(ABORT, 'the decision log is append-only: DELETE refused (R14)');
    END
    """,
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS decisionlog_no_delete",
    "DROP TRIGGER IF EXISTS decisionlog_no_update",
]

STATEMENTS = {
    "postgresql": (POSTGRESQL_INSTALL, POSTGRESQL_REMOVE),
    "sqlite": (SQLITE_INSTALL, SQLITE_REMOVE),
}


def _run(schema_editor, index: int) -> None:  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        raise RuntimeError(f"no append-only triggers for the {vendor} database (R14)")
    for sql in STATEMENTS[vendor][index]:
        schema_editor.execute(sql, params=None)


def install(apps, schema_editor):  # type: ignore[no-untyped-def]
    _run(schema_editor, 0)


def remove(apps, schema_editor):  # type: ignore[no-untyped-def]
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [
        ("decisionlog", "0003_fill_chain"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="decisionlogentry",
            constraint=models.UniqueConstraint(
                fields=("prev_hash",), name="decisionlog_chain_no_fork"
            ),
        ),
        migrations.RunPython(install, remove),
    ]
