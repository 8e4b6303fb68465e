"""What reviews adds to the registries of the apps below it (called from
``ReviewsConfig.ready``)."""

from __future__ import annotations

from accounts.dashboard import register_section
from awards import sweeps
from reviews.selectors import review as review_selectors
from reviews.selectors import site as site_selectors
from reviews.services.deadlines import sweep_review_reminders


def register() -> None:
    sweeps.register("review_reminders", sweep_review_reminders, order=60)
    register_section(
        "expert", "reviews/_dashboard_expert.html", review_selectors.dashboard_expert, order=60
    )
    register_section(
        "applicant",
        "reviews/_dashboard_site_visit.html",
        site_selectors.dashboard_applicant,
        order=70,
    )
