"""Channels and delivery states of the outbox, and the allowed moves between states."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Channel(models.TextChoices):
    """How a message leaves the portal. Each channel has an adapter (notifications.channels);
    an SMS channel is added by a choice here and an adapter registered for it."""

    EMAIL = "email", _("E-mail")


class DeliveryState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", pgettext_lazy("delivery state", "Sent")
    FAILED = "failed", _("Failed")


DELIVERY_TRANSITIONS: dict[str, set[str]] = {
    DeliveryState.QUEUED: {DeliveryState.SENDING},
    # A failed attempt goes back to the queue with a later next attempt, or fails for good.
    DeliveryState.SENDING: {DeliveryState.SENT, DeliveryState.QUEUED, DeliveryState.FAILED},
    DeliveryState.SENT: set(),
    # The office sends a failed message again.
    DeliveryState.FAILED: {DeliveryState.QUEUED},
}
