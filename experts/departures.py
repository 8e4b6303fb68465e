"""What the rest of the portal does when an expert leaves the pool (Art. 32, R12).

The expert pool sits below the review in the layers, so it cannot call the review's services.
The review registers what it must do (withdraw the expert's assignments) in its
``AppConfig.ready()``; the pool calls :func:`expert_leaves` inside its own transaction, so
the disqualification and its consequences commit together or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from accounts.models import User
    from experts.models import ExpertProfile


class DepartureHandler(Protocol):
    def __call__(
        self, expert: ExpertProfile, *, actor: User, reason: str, programme_id: int | None
    ) -> int: ...


_handlers: list[Callable[..., int]] = []


def on_expert_leaving(handler: DepartureHandler) -> DepartureHandler:
    """Register what must happen when an expert leaves; the handler returns how many of its
    objects it ended (for the office's message)."""
    if handler not in _handlers:
        _handlers.append(handler)
    return handler


def expert_leaves(
    expert: ExpertProfile, *, actor: User, reason: str, programme_id: int | None
) -> int:
    """Run every registered handler; returns the number of objects they ended. With
    ``programme_id`` the expert leaves that programme only (a programme's disqualification
    ends nothing in the other programmes sharing the expert); ``None`` means every programme."""
    return sum(
        handler(expert, actor=actor, reason=reason, programme_id=programme_id)
        for handler in _handlers
    )
