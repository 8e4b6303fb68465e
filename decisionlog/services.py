"""The one way to write the decision log. Call it inside the transaction that makes the change."""

from __future__ import annotations

from typing import Any

from django.db import models

from accounts.models import User

from .models import DecisionLogEntry


def record_decision(
    *,
    actor: User | None,
    action: str,
    obj: models.Model,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    round_id: int | None = None,
    actor_label: str = "",
    data: dict[str, Any] | None = None,
) -> DecisionLogEntry:
    """Append one row (R14). ``actor`` None means the system (sweep) or the public."""
    if round_id is None:
        round_id = getattr(obj, "round_id", None)
        if round_id is None and obj._meta.label == "awards.Round":
            round_id = obj.pk
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return DecisionLogEntry.objects.create(
        actor=actor,
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
    )
