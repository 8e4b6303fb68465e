"""What awards adds to its own registries (called from ``AwardsConfig.ready``)."""

from __future__ import annotations

from awards import sweeps
from awards.services import sweep_due_windows


def register() -> None:
    sweeps.register("windows_closed", sweep_due_windows, order=10)
