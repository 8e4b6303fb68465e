"""Phones: at 390 pixels (a common phone's width) the most used pages of every role, on the demo
data, fit the screen. A page fails when it is wider than the window, when an element sticks out
of the window without a scrolling container around it, or when a table cell is squeezed below
two characters' width while its text needs more (names written one character per line)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from django.urls import reverse

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}

# Run in the page: the page's own overflow, the elements outside the window (not inside a
# container that clips or scrolls them), and the squeezed table cells.
CHECK = """
() => {
  const width = window.innerWidth;
  const problems = [];
  const name = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    const cls = [...el.classList].slice(0, 3).join('.');
    if (cls) s += '.' + cls;
    const text = (el.innerText || el.value || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
    return text ? `${s} "${text}"` : s;
  };
  const page = document.documentElement.scrollWidth;
  if (page > width) problems.push(`the page is ${page}px wide`);
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const style = getComputedStyle(p);
      if (style.overflowX !== 'visible' || style.position === 'fixed') return true;
    }
    return false;
  };
  const visible = (el, rect) => {
    if (rect.width <= 1 || rect.height <= 1) return false;
    const style = getComputedStyle(el);
    return style.visibility !== 'hidden' && style.position !== 'fixed';
  };
  let outside = 0;
  for (const el of document.body.querySelectorAll('*')) {
    const rect = el.getBoundingClientRect();
    if (rect.right <= width + 1 && rect.left >= -1) continue;
    if (visible(el, rect) && !clipped(el)) {
      if (outside++ < 3) {
        problems.push(`${name(el)} spans ${Math.round(rect.left)}..${Math.round(rect.right)}px`);
      }
    }
  }
  const canvas = document.createElement('canvas').getContext('2d');
  let squeezed = 0;
  for (const cell of document.querySelectorAll('td, th')) {
    const rect = cell.getBoundingClientRect();
    if (rect.width > 6 * 16 || !visible(cell, rect)) continue;
    const style = getComputedStyle(cell);
    const inner = rect.width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const text = (cell.innerText || '').trim();
    if (text.length < 2) continue;
    canvas.font = style.font;
    const needed = canvas.measureText(text.split(/\\s+/)[0]).width;
    if (inner < 2 * parseFloat(style.fontSize) && needed > inner + 1) {
      if (squeezed++ < 3) problems.push(`cell ${name(cell)} is ${Math.round(inner)}px wide`);
    }
  }
  return problems;
}
"""


def phone_pages() -> list[tuple[str | None, str]]:
    """The most used pages of every role on the demo data: (username or None, path)."""
    from accounts.models import User
    from applications.models import Application
    from awards.models import Round
    from demo.clock import story_year
    from grants.models import AwardGrant
    from publicity.models import PublicityPeriod

    applicant = User.objects.get(username="applicant")
    draft = Application.objects.filter(
        organisation__memberships__user=applicant, status="draft"
    ).first()
    assert draft is not None
    mayor_2024 = Round.objects.get(programme__slug="ganzhou-mayor", year=story_year(2024))
    reviewed = (
        Application.objects.filter(round=mayor_2024, assignments__expert__user__username="expert1")
        .order_by("pk")
        .first()
    )
    assert reviewed is not None
    open_round = (
        Round.objects.filter(programme__slug="ganzhou-mayor", call_published_at__isnull=False)
        .order_by("-year")
        .first()
    )
    assert open_round is not None
    period = PublicityPeriod.objects.get(round=mayor_2024)
    grant = AwardGrant.objects.filter(
        organisation__memberships__user__username="org2", status="valid"
    ).get()
    return [
        (None, "/"),
        (None, reverse("awards:call_detail", kwargs={"pk": open_round.pk})),
        (None, reverse("publicity:public_list")),
        (None, reverse("publicity:notice", kwargs={"pk": period.pk})),
        (None, reverse("grants:winners")),
        (None, reverse("grants:verify_number", kwargs={"number": grant.certificate.number})),
        ("applicant", reverse("accounts:dashboard")),
        ("applicant", reverse("applications:edit", kwargs={"pk": draft.pk})),
        ("applicant", reverse("applications:detail", kwargs={"pk": draft.pk})),
        ("office", reverse("accounts:dashboard")),
        ("office", reverse("awards:round_list")),
        ("office", reverse("awards:round_detail", kwargs={"pk": mayor_2024.pk})),
        ("office", reverse("applications:office_list", kwargs={"round_pk": mayor_2024.pk})),
        ("office", reverse("applications:office_detail", kwargs={"pk": reviewed.pk})),
        ("office", reverse("reviews:round_review", kwargs={"pk": mayor_2024.pk})),
        ("office", reverse("reviews:composite_report", kwargs={"pk": mayor_2024.pk})),
        ("office", reverse("monitoring:office_dashboard")),
        ("expert1", reverse("accounts:dashboard")),
        ("expert1", reverse("reviews:dossier", kwargs={"pk": reviewed.pk})),
        ("expert1", reverse("reviews:score", kwargs={"pk": reviewed.pk, "stage": "material"})),
        ("leader", reverse("accounts:dashboard")),
        ("leader", reverse("publicity:plenary", kwargs={"round_pk": mayor_2024.pk})),
        ("recommender", reverse("accounts:dashboard")),
        ("recommender", reverse("applications:recommender_list")),
        ("liaison", reverse("accounts:dashboard")),
        ("liaison", reverse("applications:liaison_replies")),
        ("org2", reverse("accounts:dashboard")),
        ("org2", reverse("monitoring:winner_overview")),
        ("org2", reverse("monitoring:winner_grant", kwargs={"pk": grant.pk})),
        ("org2", reverse("monitoring:fund_report", kwargs={"pk": grant.pk})),
    ]


def check_pages(
    browser: Any,
    base_url: str,
    pages: list[tuple[str | None, str]],
    sessions: dict[str, str],
    language: str = "zh-hans",
) -> list[str]:
    """Opens every page at 390 pixels, one context per user; returns the failures by page."""
    failures: list[str] = []
    tabs: dict[str | None, Any] = {}
    for username, url in pages:
        if username not in tabs:
            context = browser.new_context(base_url=base_url, viewport=PHONE, locale="zh-CN")
            cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base_url}]
            if username is not None:
                cookies.append(
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": sessions[username],
                        "url": base_url,
                    }
                )
            context.add_cookies(cookies)
            tabs[username] = context.new_page()
        page = tabs[username]
        response = page.goto(url, wait_until="load")
        who = f"{username or 'anonymous'} ({language})"
        if response is None or response.status != 200 or "/accounts/login/" in page.url:
            failures.append(f"{who} {url}: not opened ({response and response.status}, {page.url})")
            continue
        problems = page.evaluate(CHECK)
        if url.startswith("/calls/"):
            # The way to apply is on the first screen, not after the whole notice.
            apply = page.locator('[data-testid="apply-near-top"] .btn').bounding_box()
            if apply is None or apply["y"] + apply["height"] > PHONE["height"]:
                problems.append("the apply button is not on the first screen")
        if problems:
            failures.append(f"{who} {url}: " + "; ".join(problems))
    return failures


def test_the_most_used_pages_fit_a_phone_screen(live_server: Any) -> None:
    from playwright.sync_api import sync_playwright

    from accounts.models import User
    from demo.rounds import load_demo

    load_demo()
    pages = phone_pages()
    assert len(pages) >= 25
    sessions: dict[str, str] = {}
    for username in {username for username, _ in pages if username is not None}:
        client = Client()
        client.force_login(User.objects.get(username=username))
        sessions[username] = client.cookies[settings.SESSION_COOKIE_NAME].value
    pw = sync_playwright().start()
    try:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--no-first-run"],
            headless=True,
        )
        failures = check_pages(browser, live_server.url, pages, sessions)
        # English has the longer labels; the office's and the leading group's pages carry the
        # most buttons and columns.
        english: list[tuple[str | None, str]] = [
            (user, url) for user, url in pages if user in ("office", "leader")
        ]
        failures += check_pages(browser, live_server.url, english, sessions, language="en")
        browser.close()
    finally:
        connections.close_all()
        pw.stop()
    assert not failures, "pages wider than a 390-pixel phone:\n" + "\n".join(failures)
