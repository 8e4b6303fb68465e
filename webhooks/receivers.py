"""What webhooks does when a decision is logged or a publicity period ends. Each runs in the
decision's transaction, in a savepoint (``notifications.hooks.guarded``): a failure to queue a
webhook is logged at ERROR and never undoes the decision."""

from __future__ import annotations

from functools import partial
from typing import Any

from awards.models import Round
from decisionlog.models import DecisionLogEntry
from notifications.hooks import guarded
from publicity.models import PublicityPeriod
from webhooks.events import ACTION_EVENTS
from webhooks.services.queue import enqueue_for_entry, enqueue_publicity_closed


def decision_logged(sender: Any, instance: DecisionLogEntry, created: bool, **kwargs: Any) -> None:
    if created and instance.action in ACTION_EVENTS:
        guarded(f"webhooks {instance.action}", partial(enqueue_for_entry, instance))


def publicity_closed(publicity: PublicityPeriod, round: Round) -> None:
    guarded("webhooks publicity.closed", partial(enqueue_publicity_closed, publicity, round))
