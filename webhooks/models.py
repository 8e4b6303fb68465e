"""An office's subscriptions of a URL to events, and each delivery of an event to one."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.models import DeliveryRecord
from webhooks.enums import WebhookEvent


class WebhookSubscription(models.Model):
    """A programme's office asks the portal to POST the events it names to ``url``.

    The signing secret is shown to the office once, when the subscription is created; the
    portal must keep it to sign every delivery, so it is stored encrypted (``webhooks.crypto``),
    never in clear. A disabled subscription receives nothing more and is never enabled again
    (the office creates a new one, with a new secret)."""

    programme = models.ForeignKey(
        "awards.AwardProgramme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name of the receiving system"), max_length=100)
    url = models.URLField(_("receiving URL"), max_length=500)
    # A list of WebhookEvent codes.
    events = models.JSONField(_("events"), default=list)
    secret_encrypted = models.TextField(_("signing secret (encrypted)"), editable=False)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    disabled_at = models.DateTimeField(_("disabled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} → {self.url}"

    @property
    def event_labels(self) -> list[str]:
        labels = dict(WebhookEvent.choices)
        return [str(labels.get(code, code)) for code in self.events]


class WebhookDelivery(DeliveryRecord):
    """One event for one subscription. Written in the transaction of the decision it reports;
    sent after commit by the ``webhooks.deliver`` task; a failed attempt is retried with
    backoff by the beat sweep until ``WEBHOOK_MAX_ATTEMPTS``, then marked failed for the office
    to send again. Its delivery state is the outbox's (``DeliveryRecord``)."""

    subscription = models.ForeignKey(
        WebhookSubscription,
        verbose_name=_("subscription"),
        on_delete=models.PROTECT,
        related_name="deliveries",
    )
    # The event's id, the same for every subscription and every attempt: the receiver's
    # idempotency key.
    event_id = models.CharField(_("event id"), max_length=40, db_index=True)
    event = models.CharField(_("event"), max_length=40, choices=WebhookEvent.choices)
    payload = models.JSONField(_("payload"))
    last_status_code = models.PositiveSmallIntegerField(
        _("last response code"), null=True, blank=True
    )
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event_id"], name="webhook_delivery_once_per_event"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.event_id} → {self.subscription_id}"
