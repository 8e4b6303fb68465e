"""Messages notifications itself sends on actions logged by the apps below it (connected in
``registrations.py`` through ``hooks.action_hooks``)."""

from __future__ import annotations

from accounts.models import User
from decisionlog.models import DecisionLogEntry
from notifications.services import notify_event


def second_factor_reset(entry: DecisionLogEntry) -> None:
    """Tell the user whose second factor was reset (by e-mail and in the portal)."""
    user = User.objects.filter(pk=entry.object_id).first()
    if user is None:
        return
    notify_event(
        "second_factor_reset",
        users=[user],
        context={"user": str(user), "suspended": bool(entry.data.get("suspended_roles"))},
        programme_id=entry.data.get("programme_id"),
    )
