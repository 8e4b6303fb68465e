"""The deliveries an event queues: one row per active subscription of the event's programme
that names the event, written in the transaction of the decision (they commit or roll back
with it, as the outbox's rows do), each sent by the ``webhooks.deliver`` task after commit.
Nothing here makes an HTTP call."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import is_office_of
from awards.models import Round
from common.errors import DomainError
from decisionlog.models import DecisionLogEntry
from decisionlog.services import record_decision
from notifications.enums import DeliveryState
from publicity.models import PublicityPeriod
from webhooks.enums import WebhookEvent
from webhooks.events import ACTION_EVENTS, new_event_id, payload, payload_of_entry
from webhooks.models import WebhookDelivery, WebhookSubscription
from webhooks.tasks import deliver_webhook


def queue_after_commit(delivery_ids: list[int]) -> None:
    for pk in delivery_ids:
        transaction.on_commit(partial(deliver_webhook.delay, pk))


def _enqueue(
    round: Round, event: str, build: Callable[[str], dict[str, Any]]
) -> list[WebhookDelivery]:
    subscriptions = [
        s
        for s in WebhookSubscription.objects.filter(programme_id=round.programme_id, active=True)
        if event in s.events
    ]
    if not subscriptions:
        return []
    event_id = new_event_id()
    body = build(event_id)
    now = timezone.now()
    deliveries = [
        WebhookDelivery.objects.create(
            subscription=s,
            event_id=event_id,
            event=event,
            payload=body,
            next_attempt_at=now,
            created_at=now,
        )
        for s in subscriptions
    ]
    queue_after_commit([d.pk for d in deliveries])
    return deliveries


def enqueue_for_entry(entry: DecisionLogEntry) -> list[WebhookDelivery]:
    """The events a decision-log row is (``events.ACTION_EVENTS``), queued for the
    subscriptions of its round's programme."""
    events = ACTION_EVENTS.get(entry.action, ())
    if not events or entry.round_id is None:
        return []
    round = Round.objects.select_related("programme").get(pk=entry.round_id)
    queued: list[WebhookDelivery] = []
    for event in events:
        queued += _enqueue(round, event, partial(payload_of_entry, entry, event, round=round))
    return queued


def enqueue_publicity_closed(publicity: PublicityPeriod, round: Round) -> list[WebhookDelivery]:
    """A publicity period ended (``publicity.hooks.publicity_closed``)."""
    closed_at = publicity.closed_at or timezone.now()
    round = Round.objects.select_related("programme").get(pk=round.pk)

    def build(event_id: str) -> dict[str, Any]:
        return payload(
            WebhookEvent.PUBLICITY_CLOSED,
            event_id,
            round=round,
            created=closed_at.isoformat(),
            object_part={
                "type": PublicityPeriod._meta.label,
                "id": str(publicity.pk),
                "name": str(publicity),
            },
            details={
                "starts_at": publicity.starts_at.isoformat(),
                "ends_at": publicity.ends_at.isoformat(),
                "closed_at": closed_at.isoformat(),
                "application_ids": sorted(publicity.applications.values_list("pk", flat=True)),
            },
        )

    return _enqueue(round, WebhookEvent.PUBLICITY_CLOSED, build)


def resend_delivery(delivery: WebhookDelivery, *, actor: User) -> WebhookDelivery:
    """The office sends a failed delivery again ("send again" in the delivery log).

    Preconditions: the actor is the office of the subscription's programme; the delivery
    failed; the subscription is active.
    Side effects: FAILED -> QUEUED due now, attempts counted afresh (the event id and payload
    stay: the receiver recognises a repeat); a ``webhook.resend`` decision-log row; sending
    queued after commit."""
    subscription = delivery.subscription
    if not is_office_of(actor, subscription.programme_id):
        raise DomainError(_("Only the programme's office can send its deliveries again."))
    if not subscription.active:
        raise DomainError(_("The subscription is disabled: nothing is sent to it any more."))
    with transaction.atomic():
        updated = WebhookDelivery.objects.filter(pk=delivery.pk, state=DeliveryState.FAILED).update(
            state=DeliveryState.QUEUED,
            attempts=0,
            next_attempt_at=timezone.now(),
            claimed_at=None,
        )
        if not updated:
            raise DomainError(_("Only a failed delivery can be sent again."))
        record_decision(
            actor=actor,
            action="webhook.resend",
            obj=subscription,
            data={"delivery_id": delivery.pk, "event_id": delivery.event_id},
        )
        queue_after_commit([delivery.pk])
    return WebhookDelivery.objects.get(pk=delivery.pk)
