"""Explicit hooks and registries, how a lower app lets the apps above it take part.

A ``Hook`` names a moment ("a round's application window closed"): a higher app connects its
handler in ``AppConfig.ready()`` and the lower app's service calls the handlers where the
moment happens, in the caller's transaction, in the order they were connected. A ``Registry``
holds what the higher apps add for the lower app to ask (who else may read a dossier, the
sections of a page).

Preferred to Django signals where the order or the outcome matters: a handler's exception
reaches the service that sent it (and rolls back its transaction), and the module that
declares the hook is where a reader finds who may act on it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


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


class Registry(Generic[T]):
    """What the higher apps add to a lower app (predicates, page sections, template names), in
    the order they were added; adding the same item again changes nothing."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._items: list[T] = []

    def __repr__(self) -> str:
        return f"<Registry {self.name}: {len(self._items)} items>"

    def add(self, item: T) -> None:
        if item not in self._items:
            self._items.append(item)

    def __iter__(self) -> Iterator[T]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)
