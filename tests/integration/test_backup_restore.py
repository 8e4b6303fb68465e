"""Backups: scripts/backup.sh dumps a database holding a completed round,
scripts/restore.sh restores it into a fresh database and verifies the decision log's chain
there; every table has the same rows, the log's triggers came along, the files too."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from awards.enums import RoundStage
from decisionlog.models import DecisionLogEntry
from decisionlog.verify import verify_chain
from grants.models import Certificate
from tests.archives.helpers import completed_round
from tests.factories import RoundFactory
from tests.integration.processes import database_url_of_this_test

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.timeout(300),
]

ROOT = Path(settings.BASE_DIR)


def _run(*command: str, env: dict[str, str]) -> str:
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, f"{command[0]} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def _admin(url: str) -> str:
    return url.rsplit("/", 1)[0] + "/postgres"


def _drop(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(_admin(url), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _counts(cursor, tables: list[str]) -> dict[str, int]:  # type: ignore[no-untyped-def]
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def test_a_dump_restores_into_a_fresh_database_with_every_round_intact(
    tmp_path: Path,
) -> None:
    round, apps, _office = completed_round()
    RoundFactory(stage=RoundStage.APPLICATION, title="进行中的一届")
    certificates = list(Certificate.objects.filter(grant__round=round))
    assert certificates and all(c.file for c in certificates)
    live_url = database_url_of_this_test()
    restored_url = f"{live_url}_restored"
    env = {
        **os.environ,
        "DATABASE_URL": live_url,
        "PRIVATE_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        # The restored log is checked against the checkpoints with the public keys, which are
        # kept apart from the database (docs/security.md).
        "DECISION_LOG_SIGNING_KEY_FILE": str(settings.DECISION_LOG_SIGNING_KEY_FILE),
        "DECISION_LOG_PUBLIC_KEYS_DIR": str(settings.DECISION_LOG_PUBLIC_KEYS_DIR),
    }
    _drop(restored_url)  # left over by an interrupted run
    try:
        backup = _run("scripts/backup.sh", str(tmp_path / "backups"), env=env).strip()
        assert {p.name for p in Path(backup).iterdir()} == {
            "db.dump",
            "private-files.tar.gz",
            "SHA256SUMS",
        }
        media = tmp_path / "restored-files"
        output = _run("scripts/restore.sh", backup, restored_url, str(media), env=env)

        # The chain verifies on the restored copy, as long and with the same head.
        live = verify_chain()
        assert live.broken is None
        assert f"chain intact: {live.rows} rows" in output
        assert f"last hash: {live.head}" in output
        assert live.rows == DecisionLogEntry.objects.count() > 0

        tables = sorted(connection.introspection.table_names())
        with connection.cursor() as cursor:
            expected = _counts(cursor, tables)
            cursor.execute("SELECT id, year, stage, title FROM awards_round ORDER BY id")
            rounds = cursor.fetchall()
        with psycopg.connect(restored_url) as restored:
            with restored.cursor() as cursor:
                assert _counts(cursor, tables) == expected
                cursor.execute("SELECT id, year, stage, title FROM awards_round ORDER BY id")
                assert cursor.fetchall() == rounds
                cursor.execute(
                    "SELECT number, file FROM grants_certificate ORDER BY number",
                )
                assert cursor.fetchall() == sorted((c.number, c.file.name) for c in certificates)
            # The append-only triggers came with the dump.
            with pytest.raises(psycopg.Error), restored.transaction():
                restored.execute("UPDATE decisionlog_decisionlogentry SET reason = 'changed'")
            with pytest.raises(psycopg.Error), restored.transaction():
                restored.execute("DELETE FROM decisionlog_decisionlogentry")
        assert expected["awards_round"] == 2
        assert expected["applications_application"] == len(apps)
        # The certificates' files are back, byte for byte.
        for certificate in certificates:
            with certificate.file.open("rb") as handle:
                assert (media / certificate.file.name).read_bytes() == handle.read()

        # A second restore into the same database is refused, not merged.
        again = subprocess.run(
            ["scripts/restore.sh", backup, restored_url], cwd=ROOT, env=env, capture_output=True
        )
        assert again.returncode == 1 and b"already exists" in again.stderr
    finally:
        _drop(restored_url)
