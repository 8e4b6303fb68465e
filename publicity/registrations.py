"""What publicity adds to the registries of the apps below it (called from
``PublicityConfig.ready``)."""

from __future__ import annotations

from awards import sweeps
from publicity.services.publicity import sweep_due_publicities


def register() -> None:
    sweeps.register("publicities_closed", sweep_due_publicities, order=20)
