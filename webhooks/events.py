"""Which decisions are which webhook events, and what their payload says.

The events are found where every decision already leaves a trace: the decision-log row
written in its transaction (R14), as ``notifications.hooks`` finds the decisions it tells
people about. No service calls the webhooks. The one event without a log row of its own, a
publicity period's end, comes through ``publicity.hooks.publicity_closed``.

The payload (docs/webhooks.md) is the same for every event::

    {"id": "evt_…", "type": "award.revoked", "created": "2026-12-06T10:00:00+00:00",
     "programme": {"id": 1, "name": "…"}, "round": {"id": 3, "name": "…"},
     "object": {"type": "grants.AwardGrant", "id": "7", "name": "…"},
     "from_state": "valid", "to_state": "revoked", "reason": "…",
     "details": {…the decision-log row's details…}, "decision_log_entry": 812}
"""

from __future__ import annotations

import uuid
from typing import Any

from awards.enums import RoundStage
from awards.models import Round
from decisionlog.models import DecisionLogEntry
from webhooks.enums import WebhookEvent

# Decision-log action -> the events it is. Every move of a round's stage is logged
# ``round.<stage>`` by awards.services.transition_round; the move to APPLICATION publishes the
# call (Art. 16).
ACTION_EVENTS: dict[str, tuple[WebhookEvent, ...]] = {
    **{f"round.{stage}": (WebhookEvent.ROUND_STAGE_CHANGED,) for stage in RoundStage.values},
    f"round.{RoundStage.APPLICATION}": (
        WebhookEvent.ROUND_STAGE_CHANGED,
        WebhookEvent.CALL_PUBLISHED,
    ),
    "publicity.open": (WebhookEvent.PUBLICITY_OPENED,),
    "approval.record": (WebhookEvent.APPROVAL_RECORDED,),
    # The grant is created with its certificate's number (grants.services.approval): the
    # certificate is issued then; its PDF follows.
    "grant.create": (WebhookEvent.CERTIFICATE_ISSUED,),
    "grant.revoked": (WebhookEvent.AWARD_REVOKED,),
    # Every bar (R8): after a revocation (Art. 30) or fraud (Art. 28).
    "ban.create": (WebhookEvent.BAR_IMPOSED,),
}


def new_event_id() -> str:
    return f"evt_{uuid.uuid4().hex}"


def _round_part(round: Round | None) -> dict[str, Any] | None:
    return None if round is None else {"id": round.pk, "name": str(round)}


def payload(
    event: str,
    event_id: str,
    *,
    round: Round,
    created: str,
    object_part: dict[str, Any],
    details: dict[str, Any],
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    decision_log_entry: int | None = None,
) -> dict[str, Any]:
    return {
        "id": event_id,
        "type": event,
        "created": created,
        "programme": {"id": round.programme_id, "name": round.programme.name},
        "round": _round_part(round),
        "object": object_part,
        "from_state": from_state,
        "to_state": to_state,
        "reason": reason,
        "details": details,
        "decision_log_entry": decision_log_entry,
    }


def payload_of_entry(
    entry: DecisionLogEntry, event: str, event_id: str, *, round: Round
) -> dict[str, Any]:
    return payload(
        event,
        event_id,
        round=round,
        created=entry.created_at.isoformat(),
        object_part={"type": entry.object_type, "id": entry.object_id, "name": entry.object_repr},
        details=dict(entry.data),
        from_state=entry.from_state,
        to_state=entry.to_state,
        reason=entry.reason,
        decision_log_entry=entry.pk,
    )
