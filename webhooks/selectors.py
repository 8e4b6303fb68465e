"""Reads of webhooks, already filtered to the office's own programmes."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from accounts.permissions import AnyUser, office_programme_ids
from notifications.enums import DeliveryState
from webhooks.models import WebhookDelivery, WebhookSubscription


def subscriptions_for(user: AnyUser) -> QuerySet[WebhookSubscription]:
    """The subscriptions of the office's programmes, each with its failed deliveries counted
    (one query however many there are)."""
    return (
        WebhookSubscription.objects.filter(programme_id__in=office_programme_ids(user))
        .select_related("programme", "created_by")
        .annotate(
            failed_count=Count("deliveries", filter=Q(deliveries__state=DeliveryState.FAILED))
        )
        .order_by("-created_at", "-pk")
    )


def subscription_for(user: AnyUser, pk: int) -> WebhookSubscription | None:
    """One subscription of the office's programmes, or None (another office's is not
    known to exist)."""
    return (
        WebhookSubscription.objects.filter(pk=pk, programme_id__in=office_programme_ids(user))
        .select_related("programme", "created_by")
        .first()
    )


def deliveries_of(subscription: WebhookSubscription) -> QuerySet[WebhookDelivery]:
    return WebhookDelivery.objects.filter(subscription=subscription).order_by("-created_at", "-pk")


def delivery_for(user: AnyUser, pk: int) -> WebhookDelivery | None:
    return (
        WebhookDelivery.objects.filter(
            pk=pk, subscription__programme_id__in=office_programme_ids(user)
        )
        .select_related("subscription")
        .first()
    )
