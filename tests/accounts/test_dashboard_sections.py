"""Every app adds its own dashboard sections (accounts knows none); the page keeps their order."""

from __future__ import annotations

from accounts.dashboard import sections


def test_every_app_adds_its_sections_in_page_order() -> None:
    assert [(s.role, s.template) for s in sections()] == [
        ("office", "awards/_dashboard_office.html"),
        # Art. 11(3), 11(9): the annual work plan's progress; the county awards guided.
        ("office", "awards/_dashboard_work_plans.html"),
        ("office", "awards/_dashboard_guidance.html"),
        ("leading_group", "awards/_dashboard_leading_group.html"),
        ("applicant", "applications/_dashboard_applicant.html"),
        ("recommender", "applications/_dashboard_recommender.html"),
        ("liaison", "applications/_dashboard_liaison.html"),
        ("expert", "reviews/_dashboard_expert.html"),
        ("applicant", "reviews/_dashboard_site_visit.html"),
        ("leading_group", "publicity/_dashboard_leading_group.html"),
        ("applicant", "grants/_dashboard_applicant.html"),
        ("liaison", "sanctions/_dashboard_liaison.html"),
        ("applicant", "monitoring/_dashboard_applicant.html"),
        ("office", "monitoring/_dashboard_office.html"),
        ("expert", "monitoring/_dashboard_expert.html"),
        ("office", "notifications/_dashboard_office.html"),
    ]
