"""Accessibility: axe-core (npm devDependency, injected by Playwright from
node_modules, never served by the portal) over the public pages, the log-in, every role's
dashboard and the dossier form, on the demo data: no serious or critical violation."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}

PUBLIC_PAGES = [
    "/",
    "/accounts/login/",
    "/accounts/password/reset/",
    "/register/",
    "/calls/",
    "/publicity/",
    "/winners/",
    "/verify/",
    "/revocations/",
]
# org2: the demo's current winner (江西金力永磁, 2022 round, obligations in progress).
ROLE_USERS = ["applicant", "recommender", "liaison", "expert1", "leader", "office", "org2"]


def _axe(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [v for v in result if v.get("impact") in BLOCKING]


def _describe(url: str, violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        for node in v["nodes"][:3]:
            lines.append(
                f"{url}: [{v['impact']}] {v['id']}: {v['help']} at {json.dumps(node['target'])}"
                f" {node['html'][:160]} | {node.get('failureSummary', '')[:300]}"
            )
    return "\n".join(lines)


def test_axe_core_is_a_pinned_dev_dependency_and_is_not_served() -> None:
    package = json.loads((Path(settings.BASE_DIR) / "package.json").read_text())
    assert package["devDependencies"]["axe-core"][0].isdigit()  # pinned, no range
    assert "axe-core" not in package.get("dependencies", {})
    served = [
        str(entry[1] if isinstance(entry, tuple) else entry) for entry in settings.STATICFILES_DIRS
    ]
    node_modules = str(Path(settings.BASE_DIR) / "node_modules")
    assert node_modules not in served
    assert not any("axe-core" in path for path in served)
    from django.contrib.staticfiles import finders

    assert finders.find("axe.min.js") is None
    assert finders.find("axe-core/axe.min.js") is None


def test_main_pages_of_every_role_have_no_serious_or_critical_violation(live_server: Any) -> None:
    from playwright.sync_api import sync_playwright

    from accounts.models import User
    from applications.models import Application
    from demo.rounds import load_demo

    assert AXE.exists(), "npm install (package.json devDependencies) provides axe-core"
    load_demo()
    draft = Application.objects.filter(
        organisation__memberships__user__username="applicant", status="draft"
    ).first()
    assert draft is not None
    pages: list[tuple[str | None, str]] = [(None, url) for url in PUBLIC_PAGES]
    pages += [(username, "/accounts/dashboard/") for username in ROLE_USERS]
    from awards.models import Round
    from demo.clock import story_year

    mayor_2024 = Round.objects.get(programme__slug="ganzhou-mayor", year=story_year(2024))
    assigned = Application.objects.filter(
        round=mayor_2024, assignments__expert__user__username="expert1"
    ).first()
    assert assigned is not None
    from publicity.models import PublicityPeriod

    period = PublicityPeriod.objects.get(round=mayor_2024)
    pages += [
        ("applicant", f"/applications/{draft.pk}/edit/"),
        ("applicant", f"/applications/{draft.pk}/"),
        ("applicant", "/accounts/two-step/enrol/"),
        ("office", "/office/rounds/"),
        ("office", f"/office/rounds/{mayor_2024.pk}/"),
        ("office", f"/office/rounds/{mayor_2024.pk}/review/"),
        ("office", "/accounts/two-step/policy/"),
        ("expert1", f"/review/{assigned.pk}/"),
        ("expert1", f"/review/{assigned.pk}/material/score/"),
        ("applicant", "/notifications/"),
        ("office", f"/office/rounds/{mayor_2024.pk}/applications/"),
        (None, f"/publicity/{period.pk}/"),
        ("expert1", "/accounts/two-step/"),
        ("leader", f"/rounds/{mayor_2024.pk}/plenary/"),
    ]
    from django.urls import reverse

    # The office's and other roles' list pages added since (by URL name).
    pages += [
        ("office", reverse("organisations:recommender_list")),
        ("office", reverse("organisations:recommender_create")),
        ("office", reverse("monitoring:office_dashboard")),
        ("office", reverse("sanctions:incidents_office")),
        ("office", reverse("sanctions:bans")),
        ("office", reverse("experts:agencies")),
        ("office", reverse("experts:pool_list")),
        ("office", reverse("reviews:draws", kwargs={"pk": mayor_2024.pk})),
        ("office", reverse("notifications:outbox")),
        ("office", reverse("webhooks:subscription_list")),
        ("office", reverse("webhooks:subscription_create")),
        ("leader", reverse("experts:pool_disqualifications")),
        ("liaison", reverse("sanctions:liaison_incidents")),
        ("liaison", reverse("applications:liaison_replies")),
        ("recommender", reverse("applications:recommender_list")),
        (None, reverse("monitoring:circulars_public")),
        (None, reverse("sanctions:incident_report")),
        ("org2", reverse("monitoring:winner_overview")),
    ]
    from grants.models import AwardGrant

    current = AwardGrant.objects.get(
        organisation__memberships__user__username="org2", status="valid"
    )
    pages += [
        ("org2", reverse(name, kwargs={"pk": current.pk}))
        for name in ("monitoring:winner_grant", "monitoring:fund_report", "monitoring:improvements")
    ]
    pages += [("office", reverse("monitoring:office_grant", kwargs={"pk": current.pk}))]
    sessions: dict[str, str] = {}
    for username in ROLE_USERS:
        client = Client()
        client.force_login(User.objects.get(username=username))
        sessions[username] = client.cookies[settings.SESSION_COOKIE_NAME].value

    failures: list[str] = []
    pw = sync_playwright().start()
    try:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--no-first-run"],
            headless=True,
        )
        # The portal's CSP (rightly) refuses the injected axe script; the test bypasses it.
        contexts: dict[str | None, Any] = {}
        for username, url in pages:
            if username not in contexts:
                context = browser.new_context(base_url=live_server.url, bypass_csp=True)
                if username is not None:
                    context.add_cookies(
                        [
                            {
                                "name": settings.SESSION_COOKIE_NAME,
                                "value": sessions[username],
                                "url": live_server.url,
                            }
                        ]
                    )
                contexts[username] = context.new_page()
            page = contexts[username]
            response = page.goto(url)
            assert response is not None and response.status == 200, (username, url, response)
            if username is not None:
                assert "/accounts/login/" not in page.url, (username, url)
            violations = _axe(page)
            if violations:
                failures.append(_describe(f"{username or 'anonymous'} {url}", violations))
        browser.close()
    finally:
        connections.close_all()
        pw.stop()
    assert not failures, "axe-core found serious/critical violations:\n" + "\n".join(failures)
