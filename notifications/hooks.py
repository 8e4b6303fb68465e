"""How the other apps tell people about what happened, without notifications knowing them.

Every app below and above notifications may call ``notifications.services.notify_event``. For
the events that are noticed rather than called, the app that owns them connects here in its
``AppConfig.ready()``:

* ``action_hooks``: a decision-log row is written in the transaction of every decision (R14).
  For an action named here, its hook writes the messages in the same transaction (they commit
  or roll back with the decision) and delivery follows after commit. (awards: the call
  published.)
* ``guarded``: what an app's own receiver (e.g. on a new row: grants' certificate ready,
  applications' supplement request) wraps its messages in.
* ``programme_sources``: where the programme of a message that names none is found, besides
  the recipients' roles (applications: the rounds their organisation applied to).

A hook never breaks the decision it reports: it runs in a savepoint and any error is logged
at ERROR level (so it is seen), the decision itself goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save

from common.hooks import Registry
from decisionlog.models import DecisionLogEntry

logger = logging.getLogger(__name__)

#: Decision-log action -> the hook that tells people about it.
action_hooks: dict[str, Callable[[DecisionLogEntry], None]] = {}

#: Each takes recipients' user ids and gives the programmes they take part in.
programme_sources: Registry[Callable[[list[int]], Iterable[int]]] = Registry("programme_sources")


def register_action_hook(action: str, hook: Callable[[DecisionLogEntry], None]) -> None:
    action_hooks[action] = hook


def guarded(name: str, hook: Callable[[], object]) -> None:
    """Run ``hook`` in a savepoint; an error is logged and the decision that caused it stands."""
    try:
        with transaction.atomic():
            hook()
    except Exception:
        logger.exception("notification hook %s failed; the decision itself stands", name)


def on_decision_logged(
    sender: Any, instance: DecisionLogEntry, created: bool, **kwargs: Any
) -> None:
    hook = action_hooks.get(instance.action) if created else None
    if hook is not None:
        guarded(instance.action, lambda: hook(instance))


def connect() -> None:
    post_save.connect(
        on_decision_logged, sender=DecisionLogEntry, dispatch_uid="notifications.decisions"
    )
