from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from accounts.models import User
from accounts.permissions import AnyUser, office_programme_ids
from notifications.enums import DeliveryState
from notifications.models import Notification, OutboxMessage
from notifications.permissions import can_see_message


def notifications_of(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at")


def unread_count(user: User) -> int:
    """How many of the user's in-portal messages the inbox has not shown yet (top bar)."""
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def outbox_for(
    user: AnyUser, *, state: str = "", event: str = "", search: str = ""
) -> QuerySet[OutboxMessage]:
    """The outbox of the user's programmes (office only), newest first, optionally filtered."""
    qs = (
        OutboxMessage.objects.filter(programme_id__in=office_programme_ids(user))
        .select_related("recipient", "programme")
        .order_by("-created_at", "-pk")
    )
    if state in DeliveryState.values:
        qs = qs.filter(state=state)
    if event:
        qs = qs.filter(event=event)
    if search:
        qs = qs.filter(Q(address__icontains=search) | Q(subject__icontains=search))
    return qs


def outbox_counts(user: AnyUser) -> dict[str, int]:
    """How many of the user's programmes' messages are in each delivery state."""
    rows = (
        OutboxMessage.objects.filter(programme_id__in=office_programme_ids(user))
        .values("state")
        .annotate(n=Count("pk"))
    )
    counts = dict.fromkeys(DeliveryState.values, 0)
    counts.update({row["state"]: row["n"] for row in rows})
    return counts


def message_for(user: AnyUser, pk: int) -> OutboxMessage | None:
    message = (
        OutboxMessage.objects.select_related("recipient", "programme", "notification")
        .filter(pk=pk)
        .first()
    )
    if message is None or not can_see_message(user, message):
        return None
    return message


def dashboard_office(user: User) -> dict[str, Any]:
    return {"outbox_counts": outbox_counts(user)}
