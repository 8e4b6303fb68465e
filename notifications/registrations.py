"""What notifications adds to the registries of the apps below it and connects (called from
``NotificationsConfig.ready``)."""

from __future__ import annotations

from accounts.dashboard import register_section
from notifications import hooks, receivers, selectors
from organisations.hooks import registration_name_taken


def register() -> None:
    hooks.connect()
    hooks.register_action_hook("security.second_factor_reset", receivers.second_factor_reset)
    registration_name_taken.connect(receivers.registration_name_taken)
    register_section(
        "office", "notifications/_dashboard_office.html", selectors.dashboard_office, order=140
    )
