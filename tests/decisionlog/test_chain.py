"""R14: every decision carries the hash of the one before it and of its own content."""

from __future__ import annotations

import hashlib
import importlib
import json
from datetime import UTC, datetime
from unittest import mock

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.loader import MigrationLoader

from decisionlog.chain import GENESIS_HASH, canonical_content, row_hash
from decisionlog.models import DecisionLogEntry
from decisionlog.services import record_decision
from tests.decisionlog.harness import log_triggers_lifted
from tests.decisionlog.helpers import TABLE, log_rows, raw
from tests.factories import RoundFactory

pytestmark = pytest.mark.django_db


def test_the_first_row_follows_the_genesis_hash_and_each_next_row_its_predecessor() -> None:
    first, second, third = log_rows(3)
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.row_hash
    assert third.prev_hash == second.row_hash
    assert len({first.row_hash, second.row_hash, third.row_hash}) == 3


def test_the_hash_is_sha256_of_the_documented_canonical_json() -> None:
    moment = datetime(2026, 11, 28, 8, 30, 1, 123456, tzinfo=UTC)
    round = RoundFactory()
    with mock.patch("decisionlog.services.timezone.now", return_value=moment):
        entry = record_decision(
            actor=None,
            action="round.open",
            obj=round,
            from_state="draft",
            to_state="application",
            reason="云南 ok",
            data={"b": 1, "a": [2, "x"]},
        )
    expected = json.dumps(
        [
            GENESIS_HASH,
            "2026-11-28T08:30:01.123456Z",
            None,
            "system",
            "round.open",
            "awards.Round",
            str(round.pk),
            str(round)[:300],
            round.pk,
            "draft",
            "application",
            "云南 ok",
            {"a": [2, "x"], "b": 1},
        ],
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode()
    assert canonical_content(entry) == expected
    assert entry.row_hash == hashlib.sha256(expected).hexdigest()


def test_the_stored_row_hashes_to_its_stored_hash_microseconds_included() -> None:
    """The hash covers created_at as stored: re-read from the database, it still matches."""
    moment = datetime(2026, 11, 28, 0, 0, 0, 987654, tzinfo=UTC)
    with mock.patch("decisionlog.services.timezone.now", return_value=moment):
        entry = log_rows(1)[0]
    stored = DecisionLogEntry.objects.get(pk=entry.pk)
    assert stored.created_at == moment
    assert row_hash(stored) == entry.row_hash == stored.row_hash


def test_data_with_number_keys_and_whole_floats_hashes_the_same_after_storage() -> None:
    """JSON keeps string keys only and jsonb turns 1e20 into an integer: the hash is computed
    on the value as the database gives it back."""
    entry = log_rows(1, data={7: 2.0, "big": 1e20, "part": 0.25, "nested": [{3: 1.5}]})[0]
    stored = DecisionLogEntry.objects.get(pk=entry.pk)
    assert row_hash(stored) == stored.row_hash == entry.row_hash


def test_two_rows_can_never_extend_the_same_predecessor() -> None:
    """The unique prev_hash is the database's guard against a forked chain."""
    first = log_rows(1)[0]
    fork = DecisionLogEntry(
        action="round.fork",
        object_type="awards.Round",
        object_id="1",
        object_repr="fork",
        prev_hash=first.prev_hash,
    )
    fork.row_hash = row_hash(fork)
    with pytest.raises(IntegrityError), transaction.atomic():
        fork.save()
    assert DecisionLogEntry.objects.count() == 1


def test_the_data_migration_hashes_old_rows_into_the_same_chain() -> None:
    """Migration 0003 hashed the rows logged before the chain existed, in id order; run on
    rows whose hashes were wiped, it rebuilds exactly the chain record_decision builds."""
    rows = log_rows(3)
    with transaction.atomic(), log_triggers_lifted(connection):
        raw(f"UPDATE {TABLE} SET prev_hash = 'old-' || id, row_hash = ''")
        migration = importlib.import_module("decisionlog.migrations.0003_fill_chain")
        state = MigrationLoader(connection).project_state(("decisionlog", "0003_fill_chain"))
        migration.fill_chain(state.apps, mock.Mock(connection=connection))
    stored = list(DecisionLogEntry.objects.order_by("id").values_list("prev_hash", "row_hash"))
    assert stored == [(row.prev_hash, row.row_hash) for row in rows]
