"""Every link a role is shown works for that role (and, by the house rule, every feature is
reachable from the UI): starting from each role's dashboard and the home page, the
test follows every link of the portal's own pages, breadth first, on the demo data plus the
matrix's extra objects, and fails on a link that answers 404 (a page offered that the role may
not open) or 500 (a page that breaks), naming the page that showed it.

The permission matrix asks the opposite question (what a role may not reach); this one makes
sure that what is offered is real.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.http import HttpResponse
from django.test import Client

from common.official_docx import DOCX_CONTENT_TYPE
from tests.official_format import gbt9704_problems
from tests.security.test_export_leaks import file_text
from tests.security.world import USERNAMES, World
from tests.test_user_text import action_codes, half_width_marks, rule_ids_and_codes
from tests.wrapping import rolled_back

pytestmark = pytest.mark.django_db

# Links the crawl does not follow: log-out and the language switch are POST forms anyway;
# Django's admin is for superusers; static and media files are not pages.
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/", "/i18n/", "/accounts/logout/")
# A message is history: it keeps its link after the object left the user's reach (an expert's
# assignment notice, once it declared a conflict on that dossier, R12, rightly leads to 404).
HISTORY_PAGES = ("/notifications/",)
MAX_PAGES_PER_ROLE = 1000  # the demo office reaches about 450


# English left on a Chinese page: three or more English words in a row of visible text. Words
# joined by hyphens alone are an identifier, not a sentence (the format name inside a signed
# decision-log checkpoint that the office keeps, e.g.).
ENGLISH_PHRASE = re.compile(r"\b[A-Za-z][a-z]+(?:[ ,'’]+[A-Za-z][a-z]+){2,}\b")
# Pages that show English on purpose: the office's preview of every message template in both
# languages.
BILINGUAL_PAGES = ("/notifications/office/templates/",)
# Pages that show e-mails verbatim: the decision log's signed checkpoint mail carries its
# JSON (action codes included) for the verification command, not for reading.
VERBATIM_MAIL_PAGES = ("/notifications/office/outbox/",)


# The documents the portal writes (uploaded files are the users' own text).
DOCUMENT_TYPES = ("application/pdf", DOCX_CONTENT_TYPE)
UPLOADED_FILES = re.compile(
    r"^/files/|^/monitoring/report-attachments/"
    # The office's and the government's own scans: a research document, an approval's
    # document, a guidance file.
    r"|^/work-plans/\d+/research/\d+/document/$|^/office/approvals/\d+/document/$"
    r"|^/guidance/\d+/file/$"
)


def document_problems(response: HttpResponse, codes: set[str]) -> list[str]:
    """What a generated document shows that official Chinese does not: ASCII punctuation
    beside Chinese (GB/T 15834), rule ids or action codes; a .docx out of GB/T 9704."""
    content = (
        b"".join(response.streaming_content)  # type: ignore[attr-defined]
        if response.streaming
        else response.content
    )
    try:
        text = file_text(content)
    except Exception as error:
        return [f"unreadable: {error!r}"]
    problems = [f"half-width: {mark!r}" for mark in half_width_marks(text)]
    problems += [f"internal name: {name}" for name in rule_ids_and_codes(text, codes)]
    if response["Content-Type"].startswith(DOCX_CONTENT_TYPE):
        problems += gbt9704_problems(content)
    return problems


class _VisibleText(HTMLParser):
    HIDDEN = frozenset({"script", "style", "code", "pre", "template"})

    def __init__(self) -> None:
        super().__init__()
        self.hidden = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


class _ShownText(_VisibleText):
    """Everything a reader sees, code samples included (a raw action code in <code> is
    still shown)."""

    HIDDEN = frozenset({"script", "style", "template"})


def internal_names(html: str, codes: set[str]) -> list[str]:
    """Rule ids (R9) and decision-log action codes (objection.submit) shown on a page."""
    parser = _ShownText()
    parser.feed(html)
    return rule_ids_and_codes(" ".join(parser.parts), codes)


def english_phrases(html: str) -> list[str]:
    parser = _VisibleText()
    parser.feed(html)
    return ENGLISH_PHRASE.findall(" ".join(parser.parts))


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


@dataclass
class Crawl:
    visited: int = 0
    broken: list[str] = field(default_factory=list)
    english: dict[str, str] = field(default_factory=dict)  # phrase -> first page showing it
    internal: dict[str, str] = field(default_factory=dict)  # rule id or code -> first page
    # The documents the portal wrote (PDF, .docx) that the role downloads: what departs from
    # official Chinese in each (half-width punctuation, rule ids, the GB/T 9704 format).
    documents: dict[str, list[str]] = field(default_factory=dict)


def crawl(client: Client, starts: list[str]) -> Crawl:
    """Breadth-first over the portal's links; each request rolled back (a GET must not change
    anything, and the next role starts from the same data)."""
    queue: deque[tuple[str, str]] = deque((url, "(start)") for url in starts)
    seen = set(starts)
    result = Crawl()
    broken = result.broken
    codes = action_codes()
    while queue and result.visited < MAX_PAGES_PER_ROLE:
        url, shown_on = queue.popleft()
        result.visited += 1
        with rolled_back():
            response = client.get(url)
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
        content_type = response.get("Content-Type", "")
        if content_type.startswith(DOCUMENT_TYPES) and not UPLOADED_FILES.match(url):
            result.documents[url] = document_problems(response, codes)
        if not content_type.startswith("text/html"):
            continue  # another download: it answered, that is all a link promises
        html = response.content.decode()
        if not url.startswith(BILINGUAL_PAGES):
            for phrase in english_phrases(html):
                result.english.setdefault(phrase, url)
        if not url.startswith(VERBATIM_MAIL_PAGES):
            for name in internal_names(html, codes):
                result.internal.setdefault(name, url)
        for link in _links(url, html):
            if link not in seen:
                seen.add(link)
                queue.append((link, url))
    return result


ROLES = ["anonymous", "applicant", "winner", "recommender", "liaison", "expert", "leader", "office"]
# The county programme's office (its own rounds, the mayor's unseen), and two roles in the
# English interface (every page must render in both languages).
EXTRA_ROLES = ["county_office", *(f"{role}_en" for role in ROLES if role != "anonymous")]
_CRAWLS: dict[str, Crawl] = {}


def _client_for(role: str, clients: dict[str, Client]) -> Client:
    if role in clients:
        return clients[role]
    from django.conf import settings

    from accounts.models import User

    base = role.removesuffix("_en")
    client = Client()
    if base == "county_office":
        client.force_login(User.objects.get(username="zg_office"))
    else:
        client.force_login(User.objects.get(username=USERNAMES[base]))
    if role.endswith("_en"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _crawl_as(role: str, world: tuple[World, dict[str, Client]], settings) -> Crawl:  # type: ignore[no-untyped-def]
    """One crawl per role and module (both tests below read it)."""
    the_world, clients = world
    settings.MEDIA_ROOT = settings.PRIVATE_MEDIA_ROOT = the_world.media_root
    if role not in _CRAWLS:
        starts = ["/"] if role == "anonymous" else ["/", "/accounts/dashboard/"]
        _CRAWLS[role] = crawl(_client_for(role, clients), starts)
    return _CRAWLS[role]


@pytest.mark.parametrize("role", ROLES + EXTRA_ROLES)
def test_every_link_a_role_is_shown_opens(
    role: str, world: tuple[World, dict[str, Client]], settings
) -> None:  # type: ignore[no-untyped-def]
    result = _crawl_as(role, world, settings)
    assert result.visited > 5, f"{role}: the crawl found almost nothing ({result.visited} pages)"
    assert not result.broken, (
        f"{role}: {len(result.broken)} link(s) shown that do not open:\n" + "\n".join(result.broken)
    )


@pytest.mark.parametrize("role", [*ROLES, "county_office"])
def test_the_chinese_pages_hold_no_english_sentence(
    role: str, world: tuple[World, dict[str, Client]], settings
) -> None:  # type: ignore[no-untyped-def]
    """The interface speaks Simplified Chinese by default: an English phrase on a page the
    crawl reaches is a string left out of the catalogue (or data shown in the wrong
    language), named with the first page showing it."""
    result = _crawl_as(role, world, settings)
    assert not result.english, f"{role}: English on Chinese pages:\n" + "\n".join(
        f"  {phrase!r} on {url}" for phrase, url in sorted(result.english.items())
    )


@pytest.mark.parametrize("role", [*ROLES, "county_office", "office_en"])
def test_pages_cite_articles_not_rule_ids_or_action_codes(
    role: str, world: tuple[World, dict[str, Client]], settings
) -> None:  # type: ignore[no-untyped-def]
    """Users read the measures' articles (第二十七条, Art. 27 of the Measures), never the
    portal's internal rule ids (R7) nor the decision log's action codes (objection.submit)."""
    result = _crawl_as(role, world, settings)
    assert not result.internal, f"{role}: internal names shown:\n" + "\n".join(
        f"  {name!r} on {url}" for name, url in sorted(result.internal.items())
    )


@pytest.mark.parametrize("role", [*ROLES, "county_office"])
def test_the_documents_a_role_downloads_are_written_as_official_chinese(
    role: str, world: tuple[World, dict[str, Client]], settings
) -> None:  # type: ignore[no-untyped-def]
    """Every PDF and .docx the portal writes that the crawl reaches (certificates, notices,
    reports, letters, drafts): full-width punctuation beside Chinese, no rule id or action
    code, and a .docx in the GB/T 9704 format."""
    result = _crawl_as(role, world, settings)
    if role == "office":
        assert len(result.documents) > 5, f"control: the office downloads {result.documents}"
        # Among them the drafts of the publicity notice (Art. 21) and of the commendation
        # decision (Art. 22) the demo's rounds offer.
        for draft in ("/notice.docx", "/commendation.docx"):
            assert any(url.endswith(draft) for url in result.documents), draft
    bad = {url: problems for url, problems in result.documents.items() if problems}
    assert not bad, f"{role}: documents out of official Chinese:\n" + "\n".join(
        f"  {url}: {problems}" for url, problems in sorted(bad.items())
    )
