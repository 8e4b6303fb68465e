"""The deadline sweep that beat wakes (``awards.sweep_deadlines``).

Deadlines live in the database, in the app that owns each: a round's application window
(awards), a publicity's end (publicity), a grant's validity and a bar's start (grants), a
review's due date (reviews). Each app registers its own idempotent sweep here in its
``AppConfig.ready()``; the task runs them in the order given (the window closes before the
publicity, grants expire before bars stop applications, reminders come last), so awards never
imports the stages above it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Sweep:
    key: str  # the task result's key, e.g. "windows_closed"
    run: Callable[[], int]  # idempotent; returns how many objects it acted on
    order: int


_sweeps: dict[str, Sweep] = {}


def register(key: str, run: Callable[[], int], *, order: int) -> None:
    """Add an app's sweep (registering the same key again replaces it)."""
    _sweeps[key] = Sweep(key=key, run=run, order=order)


def run_all() -> dict[str, int]:
    """Every registered sweep, in order: what each acted on, by its key."""
    return {sweep.key: sweep.run() for sweep in sorted(_sweeps.values(), key=lambda s: s.order)}
