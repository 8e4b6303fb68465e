from __future__ import annotations

from celery import shared_task

from notifications.models import OutboxMessage
from notifications.services import deliver, due_message_ids, release_stale


@shared_task(name="notifications.deliver_message", acks_late=True)
def deliver_message(message_id: int) -> bool:
    """Send one outbox message if it is queued and due. Safe to run twice (the service claims
    the row); a failed attempt is recorded and retried by ``sweep_outbox`` with backoff."""
    return deliver(message_id)


@shared_task(name="notifications.sweep_outbox", acks_late=True)
def sweep_outbox() -> int:
    """Beat: queue again what a dead worker left half-sent, then send every message whose next
    attempt is due (retries with backoff live in the database, never in a long ETA)."""
    release_stale()
    return sum(1 for pk in due_message_ids() if deliver(pk))


@shared_task(name="notifications.email_notifications", acks_late=True)
def email_notifications(notification_ids: list[int]) -> int:
    """Kept for messages queued before the outbox existed: sends their outbox copies."""
    ids = OutboxMessage.objects.filter(notification_id__in=notification_ids).values_list(
        "pk", flat=True
    )
    return sum(1 for pk in ids if deliver(pk))
