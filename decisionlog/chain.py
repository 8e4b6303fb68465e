"""The decision log's hash chain (R14): each row carries the hash of the row before it and of
its own canonical content, so a row changed, removed or inserted behind the database's back
breaks the chain at that row (``manage.py verify_decision_log`` names it).

The canonical content is a fixed, documented format; changing it breaks every stored chain, so
the data migration that hashed the rows logged before the chain existed uses this module too.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any, Protocol

#: ``prev_hash`` of the first row of the chain.
GENESIS_HASH = "0" * 64

#: PostgreSQL advisory-lock key that serialises appends to the chain (record_decision).
CHAIN_LOCK_KEY = 0x1E14_0D15  # "R14 log"


class ChainRow(Protocol):
    """What the chain reads from a log row (the model, or its historical version in migrations)."""

    prev_hash: str
    created_at: datetime
    actor_id: int | None
    actor_label: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    round_id: int | None
    from_state: str
    to_state: str
    reason: str
    data: Any


def normalise_data(value: Any) -> Any:
    """The JSON value as the database gives it back: keys are strings, and whole floats are
    integers (PostgreSQL's jsonb returns ``1e20`` as ``100000000000000000000``)."""
    if isinstance(value, dict):
        return {str(key): normalise_data(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [normalise_data(item) for item in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def format_time(moment: datetime) -> str:
    """ISO 8601 in UTC with exactly six fractional digits, e.g. 2026-11-28T01:02:03.000456Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_content(row: ChainRow) -> bytes:
    """The bytes that are hashed: a JSON array, keys sorted, no spaces, UTF-8."""
    payload = [
        row.prev_hash,
        format_time(row.created_at),
        row.actor_id,
        row.actor_label,
        row.action,
        row.object_type,
        row.object_id,
        row.object_repr,
        row.round_id,
        row.from_state,
        row.to_state,
        row.reason,
        normalise_data(row.data),
    ]
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def row_hash(row: ChainRow) -> str:
    """Hex SHA-256 of the row's canonical content (which includes the previous row's hash)."""
    return hashlib.sha256(canonical_content(row)).hexdigest()
