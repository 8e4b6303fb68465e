from __future__ import annotations

from celery import shared_task

from webhooks.services.delivery import deliver, due_delivery_ids, release_stale


@shared_task(name="webhooks.deliver", acks_late=True)
def deliver_webhook(delivery_id: int) -> bool:
    """Send one webhook delivery if it is queued and due. Safe to run twice (the service
    claims the row); a failed attempt is recorded and retried by ``sweep_deliveries``."""
    return deliver(delivery_id)


@shared_task(name="webhooks.sweep_deliveries", acks_late=True)
def sweep_deliveries() -> int:
    """Beat: queue again what a dead worker left half-sent, then send every delivery whose
    next attempt is due (retries with backoff live in the database, never in a long ETA)."""
    release_stale()
    return sum(1 for pk in due_delivery_ids() if deliver(pk))
