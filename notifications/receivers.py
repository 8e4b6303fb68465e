"""Messages notifications itself sends on actions logged by the apps below it (connected in
``registrations.py`` through ``hooks.action_hooks``)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

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


def registration_name_taken(address: str, username: str) -> None:
    """Tell the contact address of a registration whose user name is in use (nothing was
    created; the page answered as for any registration, so only the address owner learns it)."""
    notify_event(
        "registration_name_taken",
        addresses=[address],
        context={
            "username": username,
            "link": settings.PORTAL_BASE_URL.rstrip("/") + reverse("applications:register"),
        },
        programme_id=None,
        in_portal=False,
    )
