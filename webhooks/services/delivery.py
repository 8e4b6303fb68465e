"""Sending a delivery: claimed, signed, posted, recorded, as the outbox sends its messages.

``deliver`` claims a queued delivery with a conditional update (a second run, or a second
worker, finds nothing to claim), posts it outside any transaction and records the result:
delivered (a 2xx answer), queued again with a later attempt (backoff doubling from
``WEBHOOK_BACKOFF_SECONDS``, at most six hours), or failed after ``WEBHOOK_MAX_ATTEMPTS``,
logged at ERROR and shown to the office, who may send it again. Retries live in the database
and the beat sweep (``webhooks.sweep_deliveries``), never in a long Celery ETA (pitfall 8).
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from notifications.enums import DeliveryState
from webhooks.crypto import decrypt_secret
from webhooks.models import WebhookDelivery
from webhooks.signing import (
    DELIVERY_HEADER,
    EVENT_ID_HEADER,
    EVENT_TYPE_HEADER,
    SIGNATURE_HEADER,
    signature_header,
)
from webhooks.transport import post

logger = logging.getLogger(__name__)

USER_AGENT = "AwardPortal-Webhooks/1"
LONGEST_WAIT = timedelta(hours=6)


def max_attempts() -> int:
    return int(getattr(settings, "WEBHOOK_MAX_ATTEMPTS", 8))


def backoff(attempts: int) -> timedelta:
    """Wait before the next attempt: 1, 2, 4, 8... minutes (with the default base), at most
    six hours."""
    base = int(getattr(settings, "WEBHOOK_BACKOFF_SECONDS", 60))
    return min(timedelta(seconds=base * 2 ** max(attempts - 1, 0)), LONGEST_WAIT)


def body_of(delivery: WebhookDelivery) -> bytes:
    """The request body: the payload as compact UTF-8 JSON (the signature covers these bytes
    exactly as sent)."""
    return json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()


def _attempt(delivery: WebhookDelivery, now: datetime) -> tuple[int | None, str]:
    """Post once; returns the answer's status (None when there was none) and the error ("" on
    success)."""
    body = body_of(delivery)
    timestamp = int(now.timestamp())
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        EVENT_TYPE_HEADER: delivery.event,
        EVENT_ID_HEADER: delivery.event_id,
        DELIVERY_HEADER: str(delivery.pk),
        SIGNATURE_HEADER: signature_header(
            decrypt_secret(delivery.subscription.secret_encrypted), timestamp, body
        ),
    }
    try:
        answer = post(delivery.subscription.url, body, headers)
    except Exception as exc:  # every failure is recorded, whatever the transport raised
        return None, f"{type(exc).__name__}: {exc}"[:2000]
    if 200 <= answer.status < 300:
        return answer.status, ""
    return answer.status, f"HTTP {answer.status}: {answer.text}"[:2000]


def deliver(delivery_id: int, *, now: datetime | None = None) -> bool:
    """Send one queued delivery whose attempt is due. Safe to run twice: the conditional
    update claims it. A delivery whose subscription was disabled is not sent (it fails with
    that reason). Returns True if this call delivered it."""
    now = now or timezone.now()
    claimed = WebhookDelivery.objects.filter(
        Q(attempts=0) | Q(next_attempt_at__lte=now), pk=delivery_id, state=DeliveryState.QUEUED
    ).update(state=DeliveryState.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return False
    delivery = WebhookDelivery.objects.select_related("subscription").get(pk=delivery_id)
    if not delivery.subscription.active:
        WebhookDelivery.objects.filter(pk=delivery_id).update(
            state=DeliveryState.FAILED, claimed_at=None, last_error="subscription disabled"
        )
        return False
    status, error = _attempt(delivery, now)
    if not error:
        WebhookDelivery.objects.filter(pk=delivery_id).update(
            state=DeliveryState.SENT,
            claimed_at=None,
            delivered_at=timezone.now(),
            last_status_code=status,
            last_error="",
        )
        return True
    if delivery.attempts >= max_attempts():
        WebhookDelivery.objects.filter(pk=delivery_id).update(
            state=DeliveryState.FAILED, claimed_at=None, last_status_code=status, last_error=error
        )
        logger.error(
            "webhook delivery %s to %s failed for good after %s attempts: %s",
            delivery_id,
            delivery.subscription.url,
            delivery.attempts,
            error,
        )
    else:
        WebhookDelivery.objects.filter(pk=delivery_id).update(
            state=DeliveryState.QUEUED,
            claimed_at=None,
            last_status_code=status,
            last_error=error,
            next_attempt_at=now + backoff(delivery.attempts),
        )
        logger.warning(
            "webhook delivery %s attempt %s failed, retrying: %s",
            delivery_id,
            delivery.attempts,
            error,
        )
    return False


def due_delivery_ids(now: datetime | None = None) -> list[int]:
    """Queued deliveries whose next attempt is due, oldest first."""
    now = now or timezone.now()
    return list(
        WebhookDelivery.objects.filter(state=DeliveryState.QUEUED, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:500]
    )


def release_stale(now: datetime | None = None) -> int:
    """A worker that died while sending leaves its claim: after ``OUTBOX_STALE_SECONDS`` (the
    outbox's setting) the delivery is queued again (at-least-once: the receiver deduplicates
    by the event id)."""
    now = now or timezone.now()
    stale = timedelta(seconds=int(getattr(settings, "OUTBOX_STALE_SECONDS", 600)))
    return WebhookDelivery.objects.filter(
        state=DeliveryState.SENDING, claimed_at__lt=now - stale
    ).update(state=DeliveryState.QUEUED, claimed_at=None, next_attempt_at=now)
