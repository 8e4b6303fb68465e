"""Channel adapters: how one outbox message leaves the portal.

An adapter sends one message or raises; the outbox records the attempt either way. E-mail
goes through Django's mail backend (console in development, SMTP in production). To add SMS,
add ``Channel.SMS``, write an adapter with ``send(message)`` calling the provider, and
register it in ``ADAPTERS``; ``notify_event`` then writes SMS rows for users with a phone.
"""

from __future__ import annotations

from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage

from common.transactions import ensure_outside_transaction
from notifications.enums import Channel
from notifications.models import OutboxMessage


class ChannelAdapter(Protocol):
    def send(self, message: OutboxMessage) -> None:
        """Deliver the message or raise; never swallow an error."""


class EmailAdapter:
    def send(self, message: OutboxMessage) -> None:
        ensure_outside_transaction("sending an e-mail")
        body = message.body
        if message.url:
            body += f"\n\n{settings.PORTAL_BASE_URL}{message.url}"
        sent = EmailMessage(message.subject, body, None, [message.address]).send(
            fail_silently=False
        )
        if sent != 1:
            raise OSError(f"the mail backend accepted {sent} messages instead of 1")


ADAPTERS: dict[str, ChannelAdapter] = {Channel.EMAIL: EmailAdapter()}


def adapter_for(channel: str) -> ChannelAdapter:
    try:
        return ADAPTERS[channel]
    except KeyError:
        raise LookupError(f"no adapter for the channel {channel!r}") from None
