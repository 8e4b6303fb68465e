"""R14, docs/security.md: signed checkpoints anchor the decision log outside the database.

Someone able to lift the triggers (tests/decisionlog/harness.py) can rewrite a row or insert
one and recompute every later hash: the chain alone then says "intact". The checkpoints,
signed with a key outside the database, do not agree, and verify names the first row that
disagrees."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from awards.services import transition_round
from decisionlog.anchor import key_id, public_pem, signing_key, trusted_keys
from decisionlog.chain import GENESIS_HASH, row_hash
from decisionlog.checkpoints import checkpoint_record
from decisionlog.models import DecisionLogCheckpoint, DecisionLogEntry, DecisionLogIsAppendOnly
from decisionlog.verify import verify_chain
from notifications.models import OutboxMessage
from tests.decisionlog.harness import log_triggers_lifted
from tests.decisionlog.helpers import TABLE, log_rows, raw
from tests.factories import RoundFactory, office_user

pytestmark = pytest.mark.django_db

CHECKPOINTS = "decisionlog_decisionlogcheckpoint"


@pytest.fixture(autouse=True)
def _every_four_rows(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DECISION_LOG_CHECKPOINT_EVERY = 4


def _verify(*checkpoint_files: Path) -> str:
    out = StringIO()
    call_command("verify_decision_log", checkpoints=[str(p) for p in checkpoint_files], stdout=out)
    return out.getvalue()


def _refused(*checkpoint_files: Path) -> str:
    with pytest.raises(CommandError) as refused:
        _verify(*checkpoint_files)
    return str(refused.value)


def _recompute_chain(start_id: int) -> None:
    """What a rewriter does after changing the log: give every row from ``start_id`` on the
    hashes that fit, so that the chain verifies again. Updated last row first, so that the
    unique ``prev_hash`` never sees two rows with the same predecessor."""
    before = DecisionLogEntry.objects.filter(id__lt=start_id).order_by("-id").first()
    previous = before.row_hash if before else GENESIS_HASH
    fixed: list[tuple[str, str, int]] = []
    for entry in DecisionLogEntry.objects.filter(id__gte=start_id).order_by("id"):
        entry.prev_hash = previous
        previous = row_hash(entry)
        fixed.append((entry.prev_hash, previous, entry.pk))
    for prev_hash, new_hash, pk in reversed(fixed):
        raw(
            f"UPDATE {TABLE} SET prev_hash = %s, row_hash = %s WHERE id = %s",
            [prev_hash, new_hash, pk],
        )


def _rewrite(entry: DecisionLogEntry, **changes: Any) -> None:
    with transaction.atomic(), log_triggers_lifted(connection):
        for field, value in changes.items():
            raw(f"UPDATE {TABLE} SET {field} = %s WHERE id = %s", [value, entry.pk])
        _recompute_chain(entry.pk)


def _insert_before(entry: DecisionLogEntry, **content: Any) -> int:
    """Insert a forged row where ``entry`` was: renumber it and every later row one up."""
    with transaction.atomic(), log_triggers_lifted(connection):
        later = DecisionLogEntry.objects.filter(id__gte=entry.pk).order_by("-id")
        for pk in later.values_list("id", flat=True):
            raw(f"UPDATE {TABLE} SET id = id + 1 WHERE id = %s", [pk])
        forged = DecisionLogEntry(
            id=entry.pk,
            created_at=entry.created_at,
            actor_label="system",
            action="round.forged",
            object_type=entry.object_type,
            object_id=entry.object_id,
            object_repr=entry.object_repr,
            round_id=entry.round_id,
            prev_hash="f" * 64,
            row_hash="f" * 64,
            **content,
        )
        DecisionLogEntry.objects.bulk_create([forged])  # a raw INSERT: save() refuses an id
        _recompute_chain(entry.pk)
    return entry.pk


def test_a_checkpoint_is_signed_every_n_rows_with_the_rows_it_covers() -> None:
    rows = log_rows(9)
    checkpoints = list(DecisionLogCheckpoint.objects.order_by("id"))
    assert [(c.row_id, c.rows, c.reason) for c in checkpoints] == [
        (rows[3].pk, 4, "interval"),
        (rows[7].pk, 8, "interval"),
    ]
    assert checkpoints[1].segment == [[r.pk, r.row_hash] for r in rows[4:8]]
    assert checkpoints[0].key_id == key_id(signing_key().public_key())
    assert _verify().endswith("checkpoints: 2 signed, covering 8 rows; 1 rows since the last\n")


def test_a_rewritten_row_with_every_later_hash_recomputed_is_named() -> None:
    """The attack the chain alone misses: it verifies, the checkpoints do not."""
    rows = log_rows(6)
    _rewrite(rows[1], reason="forged")
    assert verify_chain().broken is None
    message = _refused()
    checkpoint = DecisionLogCheckpoint.objects.get()
    assert message == (
        "the log disagrees with its signed checkpoints: "
        f"row id={rows[1].pk} differs from the checkpoint signed at "
        f"{checkpoint_record(checkpoint)['signed_at']} (key {checkpoint.key_id}) "
        "(rewritten, or inserted in place of the row signed)"
    )


def test_a_forged_row_inserted_with_every_later_hash_recomputed_is_named() -> None:
    rows = log_rows(5)
    forged = _insert_before(rows[2], reason="forged")
    assert verify_chain().broken is None
    assert DecisionLogEntry.objects.count() == 6
    assert f"row id={forged} differs from the checkpoint" in _refused()


def test_a_rewrite_after_the_last_checkpoint_is_not_seen_until_one_is_signed_over_it() -> None:
    """The limit (docs/security.md): rows after the last checkpoint rest on the chain alone."""
    rows = log_rows(5)
    _rewrite(rows[4], reason="forged")
    assert _verify().startswith("chain intact: 5 rows")


def test_a_checkpoint_changed_in_the_database_no_longer_verifies() -> None:
    rows = log_rows(4)
    _rewrite(rows[0], reason="forged")
    forged_head = DecisionLogEntry.objects.get(pk=rows[3].pk).row_hash
    raw(f"UPDATE {CHECKPOINTS} SET row_hash = %s", [forged_head])
    assert _refused().endswith("checkpoint 1: its signature does not verify")


def test_a_checkpoint_signed_with_a_key_outside_the_trusted_ones_is_refused() -> None:
    log_rows(4)
    stranger = Ed25519PrivateKey.generate().public_key()
    raw(f"UPDATE {CHECKPOINTS} SET key_id = %s", [key_id(stranger)])
    assert f"checkpoint 1: signed by an unknown key '{key_id(stranger)}'" in _refused()


def test_removed_checkpoints_show_as_too_many_rows_after_the_last() -> None:
    log_rows(9)
    raw(f"DELETE FROM {CHECKPOINTS}")
    assert _refused().endswith(
        "9 rows follow the last checkpoint, more than 4: checkpoints were removed"
    )


def test_an_outside_copy_catches_checkpoints_removed_with_the_rewrite(tmp_path: Path) -> None:
    rows = log_rows(4)
    copy = tmp_path / "checkpoints.json"
    copy.write_text(
        json.dumps({"checkpoints": [checkpoint_record(DecisionLogCheckpoint.objects.get())]})
    )
    assert _verify(copy)
    _rewrite(rows[2], reason="forged")
    raw(f"DELETE FROM {CHECKPOINTS}")
    assert _verify()  # nothing in the database disagrees any more
    assert f"row id={rows[3].pk} disagrees with the outside copy" in _refused(copy)


def test_checkpoints_are_append_only_in_django() -> None:
    log_rows(4)
    checkpoint = DecisionLogCheckpoint.objects.get()
    with pytest.raises(DecisionLogIsAppendOnly):
        checkpoint.save()
    with pytest.raises(DecisionLogIsAppendOnly):
        checkpoint.delete()
    with pytest.raises(DecisionLogIsAppendOnly):
        DecisionLogCheckpoint.objects.update(reason="x")


def test_a_stage_change_signs_a_checkpoint_and_mails_it_to_the_office() -> None:
    office = office_user(email="office@example.org")
    round = transition_round(RoundFactory(stage="draft"), "application", actor=office)
    checkpoint = DecisionLogCheckpoint.objects.get(round_id=round.pk)
    head = DecisionLogEntry.objects.order_by("-id").first()
    assert (checkpoint.reason, checkpoint.row_id) == ("round.application", head.pk)
    mail = OutboxMessage.objects.get(event="log_checkpoint", address="office@example.org")
    assert mail.programme_id == round.programme_id
    assert checkpoint.signature in mail.body
    assert public_pem(signing_key().public_key()).strip() in mail.body


def test_the_signing_key_is_a_file_outside_the_database(settings, tmp_path: Path) -> None:
    key_file = settings.DECISION_LOG_SIGNING_KEY_FILE
    assert not key_file.exists()
    log_rows(4)
    assert key_file.stat().st_mode & 0o077 == 0  # readable by the portal's user alone
    assert (
        settings.DECISION_LOG_PUBLIC_KEYS_DIR / f"{DecisionLogCheckpoint.objects.get().key_id}.pem"
    ).exists()


def test_without_the_key_and_without_generation_nothing_is_signed(settings) -> None:
    """Production installs the key (DECISION_LOG_GENERATE_KEY off): a missing key is loud."""
    settings.DECISION_LOG_GENERATE_KEY = False
    with pytest.raises(ImproperlyConfigured, match="signing key .* is missing"):
        log_rows(4)


def test_rotating_the_key_keeps_the_old_checkpoints_verifiable(settings) -> None:
    rows = log_rows(4)
    out = StringIO()
    call_command("rotate_decision_log_key", stdout=out)
    log_rows(4)
    checkpoints = list(DecisionLogCheckpoint.objects.order_by("id"))
    old, new = checkpoints[0].key_id, checkpoints[-1].key_id
    assert old != new
    assert [c.reason for c in checkpoints] == ["interval", "key rotated", "interval"]
    assert checkpoints[1].key_id == new
    assert out.getvalue() == (
        f"old key {old} kept among the trusted public keys\nnew key {new} signs from now on\n"
    )
    assert set(trusted_keys()) == {old, new}
    assert _verify().startswith("chain intact: 8 rows")

    # The old checkpoints still catch a rewrite of the rows they cover.
    _rewrite(rows[1], reason="forged")
    assert f"row id={rows[1].pk} differs from the checkpoint" in _refused()
    assert f"(key {old})" in _refused()


def test_a_checkpoint_whose_public_key_was_thrown_away_is_reported(settings) -> None:
    log_rows(4)
    call_command("rotate_decision_log_key", stdout=StringIO())
    old = DecisionLogCheckpoint.objects.order_by("id").first().key_id
    (settings.DECISION_LOG_PUBLIC_KEYS_DIR / f"{old}.pem").unlink()
    assert f"checkpoint 1: signed by an unknown key '{old}'" in _refused()
