"""Every link a role is shown works for that role (issue 7, and the house rule that a feature
must be reachable from the UI): starting from each role's dashboard and the home page, the
test follows every link of the portal's own pages, breadth first, on the demo data plus the
matrix's extra objects, and fails on a link that answers 404 (a page offered that the role may
not open) or 500 (a page that breaks), naming the page that showed it.

The permission matrix asks the opposite question (what a role may not reach); this one makes
sure that what is offered is real.
"""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.db import transaction
from django.test import Client

from .world import World

pytestmark = pytest.mark.django_db

# Links the crawl does not follow: log-out and the language switch are POST forms anyway;
# Django's admin is for superusers; static and media files are not pages.
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/", "/i18n/", "/accounts/logout/")
# A message is history: it keeps its link after the object left the user's reach (an expert's
# assignment notice, once it declared a conflict on that dossier, R12, rightly leads to 404).
HISTORY_PAGES = ("/notifications/",)
MAX_PAGES_PER_ROLE = 1000  # the demo office reaches about 450


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _links(base: str, html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        if href.startswith(("mailto:", "tel:", "javascript:", "#")):
            continue
        url = urldefrag(urljoin(base, href)).url
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc not in ("", "testserver"):
            continue  # another site
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path.startswith(SKIPPED_PREFIXES):
            continue
        found.append(path)
    return found


def crawl(client: Client, starts: list[str]) -> tuple[int, list[str]]:
    """Breadth-first over the portal's links; each request rolled back (a GET must not change
    anything, and the next role starts from the same data)."""
    queue: deque[tuple[str, str]] = deque((url, "(start)") for url in starts)
    seen = set(starts)
    broken: list[str] = []
    visited = 0
    while queue and visited < MAX_PAGES_PER_ROLE:
        url, shown_on = queue.popleft()
        visited += 1
        with transaction.atomic():
            response = client.get(url)
            transaction.set_rollback(True)
        if response.status_code == 404 and shown_on.startswith(HISTORY_PAGES):
            continue
        if response.status_code in (404, 500):
            broken.append(f"{url} -> {response.status_code} (linked from {shown_on})")
            continue
        if response.status_code in (301, 302, 303):
            target = urlsplit(response["Location"])
            next_url = target.path + (f"?{target.query}" if target.query else "")
            if not next_url.startswith(SKIPPED_PREFIXES) and next_url not in seen:
                seen.add(next_url)
                queue.append((next_url, url))
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue  # a download: it answered, that is all a link promises
        for link in _links(url, response.content.decode()):
            if link not in seen:
                seen.add(link)
                queue.append((link, url))
    return visited, broken


@pytest.mark.parametrize(
    "role",
    ["anonymous", "applicant", "winner", "recommender", "liaison", "expert", "leader", "office"],
)
def test_every_link_a_role_is_shown_opens(
    role: str, world: tuple[World, dict[str, Client]], settings
) -> None:  # type: ignore[no-untyped-def]
    the_world, clients = world
    settings.MEDIA_ROOT = settings.PRIVATE_MEDIA_ROOT = the_world.media_root
    starts = ["/"] if role == "anonymous" else ["/", "/accounts/dashboard/"]
    visited, broken = crawl(clients[role], starts)
    assert visited > 5, f"{role}: the crawl found almost nothing ({visited} pages)"
    assert not broken, f"{role}: {len(broken)} link(s) shown that do not open:\n" + "\n".join(
        broken
    )
