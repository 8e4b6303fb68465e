"""Walk the decision log's hash chain (R14) and find the first row that does not fit; then
compare the rows with the signed checkpoints (``decisionlog.checkpoints``), which catch the
rewrite that recomputes every later hash."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.conf import settings

from decisionlog.anchor import trusted_keys
from decisionlog.chain import GENESIS_HASH, row_hash
from decisionlog.checkpoints import checkpoint_record, signature_problem
from decisionlog.models import DecisionLogCheckpoint, DecisionLogEntry


@dataclass(frozen=True)
class ChainBreak:
    """The first row whose stored hashes do not match the chain."""

    entry: DecisionLogEntry
    problem: str


@dataclass(frozen=True)
class ChainReport:
    rows: int
    head: str
    broken: ChainBreak | None


def verify_chain(*, using: str = "default", chunk_size: int = 2000) -> ChainReport:
    """Recompute every row's hash in id order; stop at the first row that breaks the chain.

    A row breaks the chain when its ``prev_hash`` is not the previous row's ``row_hash`` (a row
    removed or inserted before it) or its ``row_hash`` is not the hash of its content (the row
    was changed). Reads only.
    """
    previous = GENESIS_HASH
    rows = 0
    entries = DecisionLogEntry.objects.using(using).order_by("id").iterator(chunk_size=chunk_size)
    for entry in entries:
        if entry.prev_hash != previous:
            return ChainReport(rows, previous, ChainBreak(entry, "does not follow the row before"))
        if entry.row_hash != row_hash(entry):
            return ChainReport(rows, previous, ChainBreak(entry, "content does not match its hash"))
        previous = entry.row_hash
        rows += 1
    return ChainReport(rows, previous, None)


@dataclass(frozen=True)
class CheckpointReport:
    """What the signed checkpoints say about the log: ``problem`` names the first row (or
    checkpoint) that disagrees; None when every row they cover is as signed."""

    checkpoints: int
    covered: int
    after: int
    problem: str | None


def _checkpoint_name(record: dict[str, Any]) -> str:
    return f"the checkpoint signed at {record['signed_at']} (key {record['key_id']})"


def _walk_segments(
    records: list[dict[str, Any]], rows: Iterator[tuple[int, str]]
) -> tuple[int, str | None, int]:
    """Compare the rows in id order with the ids and hashes the checkpoints' segments list:
    the number of rows covered, the first disagreement, and the rows after the last
    checkpoint."""
    covered = 0
    row = next(rows, None)
    for record in records:
        for expected_id, expected_hash in record["segment"]:
            name = _checkpoint_name(record)
            if row is None or row[0] > expected_id:
                return (
                    covered,
                    (f"row id={expected_id} is missing: it was in {name} (removed or renumbered)"),
                    0,
                )
            if row[0] < expected_id:
                return covered, f"row id={row[0]} was inserted: it is not in {name}", 0
            if row[1] != expected_hash:
                return (
                    covered,
                    (
                        f"row id={row[0]} differs from {name} "
                        "(rewritten, or inserted in place of the row signed)"
                    ),
                    0,
                )
            covered += 1
            row = next(rows, None)
    return covered, None, 0 if row is None else 1 + sum(1 for _row in rows)


def verify_checkpoints(
    *, using: str = "default", outside: list[dict[str, Any]] | None = None
) -> CheckpointReport:
    """Check the stored checkpoints' signatures and sequence, compare the log's rows with them
    (naming the first row that disagrees), then check ``outside`` copies (from a round archive
    or an e-mail: checkpoints removed from the database still count). Reads only."""
    keys = trusted_keys()
    head = DecisionLogEntry.objects.using(using).order_by("-id").values_list("id", flat=True)
    last_id = head.first() or 0
    checkpoints = DecisionLogCheckpoint.objects.using(using).order_by("id")
    records = [checkpoint_record(c) for c in checkpoints]
    rows_seen = 0
    previous_row = 0
    for number, record in enumerate(records, start=1):
        problem = signature_problem(record, keys)
        segment_ids = [pk for pk, _hash in record["segment"]]
        if problem is None and (
            record["rows"] != rows_seen + len(segment_ids)
            or any(pk <= previous_row for pk in segment_ids[:1])
            or (segment_ids and segment_ids[-1] != record["row_id"])
        ):
            problem = "it does not follow the checkpoint before it"
        if problem is not None:
            return CheckpointReport(len(records), 0, 0, f"checkpoint {number}: {problem}")
        rows_seen, previous_row = record["rows"], record["row_id"]
    entries = (
        DecisionLogEntry.objects.using(using)
        .filter(id__lte=last_id)
        .order_by("id")
        .values_list("id", "row_hash")
        .iterator(chunk_size=5000)
    )
    covered, problem, after = _walk_segments(records, entries)
    if problem is None:
        problem = _outside_problem(outside or [], keys, using)
    every = int(settings.DECISION_LOG_CHECKPOINT_EVERY)
    if problem is None and after > every:
        problem = (
            f"{after} rows follow the last checkpoint, more than {every}: checkpoints were removed"
        )
    return CheckpointReport(len(records), covered, after, problem)


def _outside_problem(
    outside: list[dict[str, Any]], keys: dict[str, Ed25519PublicKey], using: str
) -> str | None:
    for record in outside:
        problem = signature_problem(record, keys)
        if problem is not None:
            return f"the outside checkpoint of row id={record.get('row_id')}: {problem}"
        stored = (
            DecisionLogEntry.objects.using(using)
            .filter(id=record["row_id"])
            .values_list("row_hash", flat=True)
            .first()
        )
        if stored != record["row_hash"]:
            return (
                f"row id={record['row_id']} disagrees with the outside copy of "
                f"{_checkpoint_name(record)}"
            )
        if (
            not DecisionLogCheckpoint.objects.using(using)
            .filter(signature=record["signature"])
            .exists()
        ):
            return f"{_checkpoint_name(record)} is missing from the database"
    return None
