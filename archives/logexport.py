"""The round's decision log as JSON (R14), with every row's hashes, so that anyone holding the
archive can check that no row of it was changed since the export: each row's ``row_hash`` is
the SHA-256 of its canonical content (``decisionlog.chain``), which includes ``prev_hash``.

The round's rows are a part of the portal-wide chain (rows of other rounds sit between them),
so the export also records the whole chain's length, head and verification at the time of the
export: compare the head with ``manage.py verify_decision_log`` on the live portal.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import IO, Any

from django.db.models import Q

from decisionlog.anchor import public_pem, trusted_keys
from decisionlog.chain import format_time, row_hash
from decisionlog.checkpoints import checkpoint_record
from decisionlog.models import DecisionLogCheckpoint, DecisionLogEntry
from decisionlog.verify import ChainReport

FORMAT = "ganzhou-award-decision-log/1"
CANONICAL_CONTENT = (
    "row_hash = hex SHA-256 of the UTF-8 JSON array [prev_hash, created_at, actor_id, "
    "actor_label, action, object_type, object_id, object_repr, round_id, from_state, to_state, "
    "reason, data], object keys sorted, no spaces, non-ASCII characters unescaped; created_at "
    "in UTC as YYYY-MM-DDTHH:MM:SS.ffffffZ"
)
FIELDS = (
    "prev_hash",
    "created_at",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "round_id",
    "from_state",
    "to_state",
    "reason",
    "data",
)


def round_entries(round_id: int) -> Iterator[DecisionLogEntry]:
    return (
        DecisionLogEntry.objects.filter(round_id=round_id)
        .select_related("actor")
        .order_by("id")
        .iterator(chunk_size=1000)
    )


def entry_record(entry: DecisionLogEntry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "prev_hash": entry.prev_hash,
        "created_at": format_time(entry.created_at),
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "actor": entry.actor_display,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "round_id": entry.round_id,
        "from_state": entry.from_state,
        "to_state": entry.to_state,
        "reason": entry.reason,
        "data": entry.data,
        "row_hash": entry.row_hash,
    }


def write_log_json(
    out: IO[bytes], *, round_info: dict[str, Any], chain: ChainReport, exported_at: datetime
) -> tuple[int, str]:
    """Stream the round's rows into ``out`` (one row in memory at a time). Returns the number
    of rows and the hash of the round's last row."""
    header = {
        "format": FORMAT,
        "round": round_info,
        "exported_at": format_time(exported_at),
        "canonical_content": CANONICAL_CONTENT,
        "chain": {
            "rows": chain.rows,
            "head": chain.head,
            "intact": chain.broken is None,
            "first_break": None
            if chain.broken is None
            else {"id": chain.broken.entry.pk, "problem": chain.broken.problem},
        },
    }
    head = json.dumps(header, ensure_ascii=False, indent=1)
    out.write((head[:-2] + ',\n "entries": [\n').encode())
    rows = 0
    last = ""
    for entry in round_entries(int(round_info["id"])):
        if rows:
            out.write(b",\n")
        out.write(json.dumps(entry_record(entry), ensure_ascii=False, sort_keys=True).encode())
        rows += 1
        last = entry.row_hash
    out.write(b"\n ]\n}\n")
    return rows, last


def _row(record: dict[str, Any]) -> SimpleNamespace:
    values = {name: record[name] for name in FIELDS}
    values["created_at"] = datetime.strptime(record["created_at"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(
        tzinfo=UTC
    )
    return SimpleNamespace(**values)


def verify_log_document(document: dict[str, Any]) -> list[str]:
    """Recompute every exported row's hash; the problems found (empty: the log is intact)."""
    problems = []
    if document.get("format") != FORMAT:
        problems.append(f"unknown format {document.get('format')!r}")
        return problems
    previous_id = 0
    for record in document.get("entries", []):
        try:
            expected = row_hash(_row(record))  # type: ignore[arg-type]
        except (KeyError, ValueError, TypeError) as error:
            problems.append(f"row id={record.get('id')}: unreadable ({error})")
            continue
        if expected != record.get("row_hash"):
            problems.append(f"row id={record.get('id')}: content does not match its hash")
        if int(record.get("id") or 0) <= previous_id:
            problems.append(f"row id={record.get('id')}: out of order")
        previous_id = int(record.get("id") or 0)
    return problems


CHECKPOINTS_FORMAT = "ganzhou-award-decision-log-checkpoints/1"
#: The portal-wide checkpoints an archive carries besides its round's own.
LATEST_CHECKPOINTS = 10


def write_checkpoints_json(out: IO[bytes], *, round_id: int) -> int:
    """The round's signed checkpoints (one per stage change) and the latest ones of the whole
    log, with the public keys that verify them (docs/security.md). Outside the database, they
    show a later rewrite of the log: ``manage.py verify_decision_log --checkpoints <file>``.
    Returns the number of checkpoints written."""
    latest = list(
        DecisionLogCheckpoint.objects.order_by("-id").values_list("id", flat=True)[
            :LATEST_CHECKPOINTS
        ]
    )
    checkpoints = DecisionLogCheckpoint.objects.filter(
        Q(round_id=round_id) | Q(id__in=latest)
    ).order_by("id")
    document = {
        "format": CHECKPOINTS_FORMAT,
        "signature": (
            "Ed25519 over the UTF-8 JSON array [format, key_id, row_id, row_hash, rows, "
            "signed_at, reason, round_id, SHA-256 of the JSON of segment], no spaces"
        ),
        "public_keys": {key: public_pem(value) for key, value in trusted_keys().items()},
        "checkpoints": [checkpoint_record(c) for c in checkpoints],
    }
    out.write(json.dumps(document, ensure_ascii=False, indent=1).encode())
    return len(document["checkpoints"])
