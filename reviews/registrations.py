"""What reviews adds to the registries of the apps below it (called from
``ReviewsConfig.ready``)."""

from __future__ import annotations

from awards import sweeps
from reviews.services.deadlines import sweep_review_reminders


def register() -> None:
    sweeps.register("review_reminders", sweep_review_reminders, order=60)
