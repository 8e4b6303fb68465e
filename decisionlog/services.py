"""The one way to write the decision log. Call it inside the transaction that makes the change."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connections, models, router, transaction
from django.utils import timezone

from decisionlog.anchor import rotate_signing_key
from decisionlog.chain import CHAIN_LOCK_KEY, GENESIS_HASH, row_hash
from decisionlog.checkpoints import checkpoint_due, sign_checkpoint
from decisionlog.models import DecisionLogEntry

#: The reason of a checkpoint signed because enough rows followed the last one.
INTERVAL = "interval"
#: The reason of the first checkpoint a new key signs.
KEY_ROTATED = "key rotated"

#: The name of the API key a write is made through (api app), None for a person at a page.
_through_key: ContextVar[str | None] = ContextVar("decision_log_through_key", default=None)


@contextmanager
def through_api_key(name: str) -> Iterator[None]:
    """Every row the block writes records that it was made through the API key ``name``
    (``data["api_key"]``): the services stay unaware of the channel, the log names it."""
    token = _through_key.set(name)
    try:
        yield
    finally:
        _through_key.reset(token)


def _lock_chain(using: str) -> None:
    """Serialise appends until this transaction ends, so two writers never read the same last
    row (PostgreSQL). SQLite runs one writing transaction at a time (IMMEDIATE) already."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


def record_decision(
    *,
    actor: AbstractBaseUser | None,
    action: str,
    obj: models.Model,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    round_id: int | None = None,
    actor_label: str = "",
    data: dict[str, Any] | None = None,
    checkpoint: bool = False,
) -> DecisionLogEntry:
    """Append one row to the hash-chained decision log (R14).

    ``actor`` None means the system (sweep) or the public. Runs in the caller's transaction
    (or its own): on PostgreSQL it takes the chain's advisory lock, held until that transaction
    ends, reads the last row's hash and stores ``prev_hash``/``row_hash`` with the row, whose
    ``created_at`` is set here so that the hash covers the stored value.

    Then, still under the lock, it signs a checkpoint of the chain (``decisionlog.checkpoints``)
    when ``checkpoint`` asks for one (a round's stage change) or when
    ``DECISION_LOG_CHECKPOINT_EVERY`` rows follow the last one.
    """
    if round_id is None:
        round_id = getattr(obj, "round_id", None)
        if round_id is None and obj._meta.label == "awards.Round":
            round_id = obj.pk
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    key_name = _through_key.get()
    if key_name is not None:
        data = {**(data or {}), "api_key": key_name}
    using = router.db_for_write(DecisionLogEntry)
    with transaction.atomic(using=using, savepoint=False):
        _lock_chain(using)
        last = (
            DecisionLogEntry.objects.using(using)
            .order_by("-id")
            .values_list("row_hash", flat=True)
            .first()
        )
        entry = DecisionLogEntry(
            created_at=timezone.now(),
            actor_id=None if actor is None else actor.pk,
            actor_label=actor_label or ("" if actor else "system"),
            action=action,
            object_type=obj._meta.label,
            object_id=str(obj.pk),
            object_repr=str(obj)[:300],
            round_id=round_id,
            from_state=from_state,
            to_state=to_state,
            reason=reason,
            data=data or {},
            prev_hash=last or GENESIS_HASH,
        )
        entry.row_hash = row_hash(entry)
        entry.save(using=using)
        if checkpoint:
            sign_checkpoint(reason=action, round_id=round_id, using=using)
        elif checkpoint_due(entry.pk, using):
            sign_checkpoint(reason=INTERVAL, using=using)
    return entry


def rotate_checkpoint_key() -> tuple[str, str]:
    """Replace the checkpoints' signing key (docs/security.md, "Rotating the key"): the old
    public key stays trusted, and a checkpoint signed with the new key at once ties the two
    keys' checkpoints together. Returns the old and the new key id."""
    using = router.db_for_write(DecisionLogEntry)
    with transaction.atomic(using=using):
        _lock_chain(using)
        old, new = rotate_signing_key()
        sign_checkpoint(reason=KEY_ROTATED, using=using)
    return old, new
