"""What grants adds to the registries of the apps below it (called from ``GrantsConfig.ready``)."""

from __future__ import annotations

from awards import history as award_history
from grants.rules import history


def register() -> None:
    award_history.register(history)
