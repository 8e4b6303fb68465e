"""Each role lands on its own dashboard showing what it has to do next.

Every app contributes sections: (role, template, context function). The context function takes
the user and returns the template's context; it reads through that app's selectors.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

from accounts.models import User

# (role, template, "module.function")
DASHBOARD_SECTIONS: list[tuple[str, str, str]] = [
    ("office", "awards/_dashboard_office.html", "awards.selectors.dashboard_office"),
    (
        "leading_group",
        "awards/_dashboard_leading_group.html",
        "awards.selectors.dashboard_leading_group",
    ),
    (
        "applicant",
        "applications/_dashboard_applicant.html",
        "applications.selectors.application.dashboard_applicant",
    ),
    (
        "recommender",
        "applications/_dashboard_recommender.html",
        "applications.selectors.office.dashboard_recommender",
    ),
    (
        "liaison",
        "applications/_dashboard_liaison.html",
        "applications.selectors.office.dashboard_liaison",
    ),
    ("expert", "reviews/_dashboard_expert.html", "reviews.selectors.review.dashboard_expert"),
    (
        "applicant",
        "reviews/_dashboard_site_visit.html",
        "reviews.selectors.site.dashboard_applicant",
    ),
    (
        "leading_group",
        "publicity/_dashboard_leading_group.html",
        "publicity.selectors.publicity.dashboard_leading_group",
    ),
    (
        "applicant",
        "grants/_dashboard_applicant.html",
        "grants.selectors.approval.dashboard_applicant",
    ),
    (
        "liaison",
        "grants/_dashboard_liaison.html",
        "grants.selectors.incidents.dashboard_liaison",
    ),
    (
        "applicant",
        "monitoring/_dashboard_applicant.html",
        "monitoring.selectors.dashboard_applicant",
    ),
    ("office", "monitoring/_dashboard_office.html", "monitoring.selectors.dashboard_office"),
    ("expert", "monitoring/_dashboard_expert.html", "monitoring.selectors.dashboard_expert"),
    (
        "office",
        "notifications/_dashboard_office.html",
        "notifications.selectors.dashboard_office",
    ),
]


def _resolve(dotted: str) -> Callable[[User], dict[str, Any]]:
    module, name = dotted.rsplit(".", 1)
    return getattr(import_module(module), name)  # type: ignore[no-any-return]


def sections_for(user: User, roles: frozenset[str]) -> list[dict[str, Any]]:
    sections = []
    for role, template, dotted in DASHBOARD_SECTIONS:
        if role not in roles:
            continue
        try:
            provider = _resolve(dotted)
        except (ImportError, AttributeError):
            continue  # the app has not contributed this section yet
        sections.append({"role": role, "template": template, "context": provider(user)})
    return sections
