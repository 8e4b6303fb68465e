"""An explicit hook: a lower app names a moment ("a round's application window closed"), a
higher app adds its handler in ``AppConfig.ready()``, and the lower app's service calls the
handlers where the moment happens, in the caller's transaction, in the order they were added.

Preferred to Django signals where the order or the outcome matters: a handler's exception
reaches the service that sent it (and rolls back its transaction), and the module that
declares the hook is where a reader finds who may act on it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, ParamSpec

P = ParamSpec("P")


class Hook(Generic[P]):
    def __init__(self, name: str) -> None:
        self.name = name
        self._handlers: list[Callable[P, object]] = []

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {len(self._handlers)} handlers>"

    def connect(self, handler: Callable[P, object]) -> None:
        """Add ``handler`` (once: connecting it again changes nothing)."""
        if handler not in self._handlers:
            self._handlers.append(handler)

    def send(self, *args: P.args, **kwargs: P.kwargs) -> None:
        """Call every handler in the order they were connected."""
        for handler in self._handlers:
            handler(*args, **kwargs)
