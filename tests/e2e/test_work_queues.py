"""Every role's dashboard, in the demo, shows the work waiting for it: the "Waiting for you" card
with its count, each item saying what waits and linking to the page where it is done (the link
opens), and the count in the menu. The office's queue holds the stuck objection of the round in
its publicity and the consultation awaiting a department's reply."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.test import Client

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The demo's log-ins with work in their queue, each with words its queue must hold (in Chinese,
# the default language). The applicant's next step is its draft's row ("Our applications"); the
# winner's annual report enters the queue in the fortnight before it is due.
ROLES = {
    "office": ["异议", "征求意见", "弄虚作假"],
    "expert1": [],
    "expert2": [],
    "leader": [],
    "recommender": [],
    "liaison": [],
}


def test_each_role_sees_its_waiting_work_with_counts_and_links(live_server: Any) -> None:
    from playwright.sync_api import expect, sync_playwright

    from accounts.models import User

    call_command("load_demo", stdout=StringIO())
    sessions: dict[str, str] = {}
    for username in ROLES:
        client = Client()
        client.force_login(User.objects.get(username=username))
        sessions[username] = client.cookies[settings.SESSION_COOKIE_NAME].value
    pw = sync_playwright().start()
    failures: list[str] = []
    try:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--no-first-run"],
            headless=True,
        )
        for username, words in ROLES.items():
            context = browser.new_context(
                base_url=live_server.url, viewport={"width": 1280, "height": 800}, locale="zh-CN"
            )
            context.add_cookies(
                [
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": sessions[username],
                        "url": live_server.url,
                    },
                    {
                        "name": settings.LANGUAGE_COOKIE_NAME,
                        "value": "zh-hans",
                        "url": live_server.url,
                    },
                ]
            )
            page = context.new_page()
            page.goto("/accounts/dashboard/")
            items = page.locator("#work-queue .work-item")
            count = items.count()
            if count == 0:
                failures.append(f"{username}: nothing waiting on the dashboard")
                context.close()
                continue
            badge = page.locator("#work-queue-title .badge").inner_text().strip()
            if badge != str(count):
                failures.append(f"{username}: the card counts {badge}, it lists {count}")
            text = page.locator("#work-queue").inner_text()
            for word in words:
                if word not in text:
                    failures.append(f"{username}: no “{word}” in the queue")
            # The menu's count arrives with htmx after the page.
            expect(page.locator('[data-testid="work-count"]').first).to_be_visible()
            for index in range(count):
                link = items.nth(index).locator("a.btn")
                href = link.get_attribute("href") or ""
                answer = page.request.get(href)
                if answer.status != 200 or "/accounts/login/" in answer.url:
                    failures.append(f"{username}: {href} answered {answer.status} ({answer.url})")
            context.close()
        browser.close()
    finally:
        connections.close_all()
        pw.stop()
    assert not failures, "\n".join(failures)
