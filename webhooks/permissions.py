"""Who may manage webhooks. Predicates only: no writes here."""

from __future__ import annotations

from accounts.permissions import AnyUser, office_programme_ids


def can_manage_webhooks(user: AnyUser) -> bool:
    """The office of any programme manages its programme's subscriptions (each page reads
    through ``webhooks.selectors``, which keep to the office's own programmes)."""
    return bool(office_programme_ids(user))
