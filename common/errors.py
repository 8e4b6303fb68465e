"""The error every service raises when a rule refuses an action (the measures' articles, R-rules).

It lives at the bottom layer so that any app may raise or catch it; views turn it into a
message with :func:`common.views.run_service` or a form error."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the measures refuses this action; the message is shown to the user."""

    def __init__(self, message: str, *, rule: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.rule = rule

    def __str__(self) -> str:
        return f"{self.rule}: {self.message}" if self.rule else self.message

    @property
    def user_message(self) -> str:
        """The message as a page shows it: with the rule it rests on, if any."""
        return f"{self.message} ({self.rule})" if self.rule else self.message
