"""What awards adds to its own registries (called from ``AwardsConfig.ready``)."""

from __future__ import annotations

from accounts.dashboard import register_section
from awards import selectors, sweeps
from awards.enums import RoundStage
from awards.services import sweep_due_windows
from decisionlog.labels import register_state_enum


def register() -> None:
    register_state_enum("round", RoundStage)
    sweeps.register("windows_closed", sweep_due_windows, order=10)
    register_section(
        "office", "awards/_dashboard_office.html", selectors.dashboard_office, order=10
    )
    register_section(
        "leading_group",
        "awards/_dashboard_leading_group.html",
        selectors.dashboard_leading_group,
        order=20,
    )
