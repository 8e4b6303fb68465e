"""What webhooks connects to the apps below it (called from ``WebhooksConfig.ready``)."""

from __future__ import annotations

from django.db.models.signals import post_save

from decisionlog.models import DecisionLogEntry
from publicity.hooks import publicity_closed
from webhooks import receivers


def register() -> None:
    # The decision log is where every decision is found (as notifications.hooks does).
    post_save.connect(
        receivers.decision_logged, sender=DecisionLogEntry, dispatch_uid="webhooks.decisions"
    )
    publicity_closed.connect(receivers.publicity_closed)
