"""Who may see the outbox. Predicates only: no writes here."""

from __future__ import annotations

from accounts.permissions import AnyUser, is_office_of, office_programme_ids
from notifications.enums import DeliveryState
from notifications.models import OutboxMessage


def can_see_outbox(user: AnyUser) -> bool:
    """The office of any programme sees its programme's outbox and previews the templates."""
    return bool(office_programme_ids(user))


def can_see_message(user: AnyUser, message: OutboxMessage) -> bool:
    """A message belongs to the office of its programme (it may carry an objector's address,
    which is for the office alone)."""
    return message.programme_id is not None and is_office_of(user, message.programme_id)


def can_retry_message(user: AnyUser, message: OutboxMessage) -> bool:
    return can_see_message(user, message) and message.state == DeliveryState.FAILED
