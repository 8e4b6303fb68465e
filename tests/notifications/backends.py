"""A mail backend that fails a set number of times before it delivers (the SMTP server outside
the project is what a test may replace)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage


class FlakyBackend(BaseEmailBackend):
    failures_left: ClassVar[int] = 0

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        if FlakyBackend.failures_left > 0:
            FlakyBackend.failures_left -= 1
            raise ConnectionRefusedError("SMTP server unreachable")
        outbox: list[Any] = mail.outbox  # type: ignore[attr-defined]
        outbox.extend(email_messages)
        return len(email_messages)
