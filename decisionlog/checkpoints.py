"""Signed checkpoints of the decision log's hash chain (R14, docs/security.md).

The chain alone shows a row changed behind the database's back only until someone recomputes
every later hash. A checkpoint binds the chain to a key kept outside the database: the
signature covers, as canonical JSON,

    [FORMAT, key_id, row_id, row_hash, rows, signed_at, reason, round_id, segment_sha256]

so it says "when signed, the chain had ``rows`` rows and row ``row_id`` had ``row_hash``".
Because each row's hash includes the previous one, that pins every row up to ``row_id``;
``segment`` (the ids and hashes of the rows since the previous checkpoint, its SHA-256 signed)
lets verify name the first row that disagrees. ``record_decision`` signs one every
``DECISION_LOG_CHECKPOINT_EVERY`` rows and whenever asked (a round's stage change), under the
chain's lock, in the row's transaction. Copies leave the database in the round archive and by
e-mail to the office (``checkpoint_signed``, connected by awards).
"""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.conf import settings
from django.utils import timezone

from common.hooks import Hook
from decisionlog.anchor import key_id, signing_key
from decisionlog.chain import format_time
from decisionlog.models import DecisionLogCheckpoint, DecisionLogEntry

FORMAT = "ganzhou-award-decision-log-checkpoint/1"

#: Called with each new checkpoint, in its transaction (awards: e-mail the round's office).
checkpoint_signed: Hook[[DecisionLogCheckpoint]] = Hook("checkpoint_signed")


def segment_digest(segment: list[list[Any]]) -> str:
    data = json.dumps(segment, separators=(",", ":")).encode()
    return hashlib.sha256(data).hexdigest()


def signed_bytes(
    *,
    key_id: str,
    row_id: int,
    row_hash: str,
    rows: int,
    signed_at: str,
    reason: str,
    round_id: int | None,
    segment: list[list[Any]],
) -> bytes:
    payload = [FORMAT, key_id, row_id, row_hash, rows, signed_at, reason, round_id]
    payload.append(segment_digest(segment))
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()


def checkpoint_record(checkpoint: DecisionLogCheckpoint) -> dict[str, Any]:
    """The checkpoint as JSON (archive, e-mail, ``verify_decision_log --checkpoints``)."""
    return {
        "format": FORMAT,
        "key_id": checkpoint.key_id,
        "row_id": checkpoint.row_id,
        "row_hash": checkpoint.row_hash,
        "rows": checkpoint.rows,
        "signed_at": format_time(checkpoint.signed_at),
        "reason": checkpoint.reason,
        "round_id": checkpoint.round_id,
        "segment": checkpoint.segment,
        "signature": checkpoint.signature,
    }


def signature_problem(record: dict[str, Any], keys: dict[str, Ed25519PublicKey]) -> str | None:
    """Why ``record`` (a ``checkpoint_record``) is not a good checkpoint, or None."""
    key = keys.get(str(record.get("key_id")))
    if key is None:
        return f"signed by an unknown key {record.get('key_id')!r}"
    try:
        data = signed_bytes(
            key_id=record["key_id"],
            row_id=int(record["row_id"]),
            row_hash=str(record["row_hash"]),
            rows=int(record["rows"]),
            signed_at=str(record["signed_at"]),
            reason=str(record["reason"]),
            round_id=record["round_id"],
            segment=list(record["segment"]),
        )
        key.verify(base64.b64decode(record["signature"]), data)
    except (KeyError, TypeError, ValueError, InvalidSignature):
        return "its signature does not verify"
    return None


def sign_checkpoint(
    *, reason: str, round_id: int | None = None, using: str = "default"
) -> DecisionLogCheckpoint | None:
    """Sign the chain's current head; None when the log is empty. Call under the chain's lock
    (``record_decision`` does) so that no row is appended meanwhile."""
    previous = DecisionLogCheckpoint.objects.using(using).order_by("-id").first()
    after = previous.row_id if previous else 0
    covered = list(
        DecisionLogEntry.objects.using(using)
        .filter(id__gt=after)
        .order_by("id")
        .values_list("id", "row_hash")
    )
    if covered:
        head_id, head_hash = covered[-1]
    elif previous is not None:
        head_id, head_hash = previous.row_id, previous.row_hash
    else:
        return None
    segment: list[list[Any]] = [[pk, digest] for pk, digest in covered]
    key = signing_key()
    signed_at: datetime = timezone.now()
    checkpoint = DecisionLogCheckpoint(
        signed_at=signed_at,
        row_id=head_id,
        row_hash=head_hash,
        rows=(previous.rows if previous else 0) + len(segment),
        reason=reason[:80],
        round_id=round_id,
        segment=segment,
        key_id=key_id(key.public_key()),
    )
    data = signed_bytes(
        key_id=checkpoint.key_id,
        row_id=checkpoint.row_id,
        row_hash=checkpoint.row_hash,
        rows=checkpoint.rows,
        signed_at=format_time(signed_at),
        reason=checkpoint.reason,
        round_id=round_id,
        segment=segment,
    )
    checkpoint.signature = base64.b64encode(key.sign(data)).decode()
    checkpoint.save(using=using)
    checkpoint_signed.send(checkpoint)
    return checkpoint


def checkpoint_due(last_row_id: int, using: str = "default") -> bool:
    """Whether ``DECISION_LOG_CHECKPOINT_EVERY`` rows follow the last checkpoint."""
    every = int(settings.DECISION_LOG_CHECKPOINT_EVERY)
    previous = (
        DecisionLogCheckpoint.objects.using(using)
        .order_by("-id")
        .values_list("row_id", flat=True)
        .first()
    )
    since = DecisionLogEntry.objects.using(using).filter(id__gt=previous or 0, id__lte=last_row_id)
    return since.count() >= every
