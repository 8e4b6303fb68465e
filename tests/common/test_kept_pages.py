"""Logged-in pages kept as rendered (common.kept_pages): the office's round page is served again
from the cache for the same session while nothing it read changes, and shows any change at
once, whatever made it (a save, an ``update()``, the user's own row, a write committed by another
process while it rendered); a kept page is never shown to another session nor while a message
waits, a page that writes or answers a POST is never kept, and the minute retires it."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from awards.models import Round
from common import kept_pages
from tests.awards.helpers import other_programme_office
from tests.factories import RoundFactory, office_user

pytestmark = pytest.mark.django_db


def _page_queries(client, url: str) -> tuple[str, list[str]]:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        content = client.get(url).content.decode()
    # The middleware reads the session and the user (from the cache in production).
    middleware = ('FROM "django_session"', 'FROM "accounts_user" WHERE "accounts_user"."id" =')
    return content, [q["sql"] for q in queries if not any(m in q["sql"] for m in middleware)]


@pytest.fixture
def round_page(client):  # type: ignore[no-untyped-def]
    round = RoundFactory(title="2030年度赣州市市长质量奖")
    client.force_login(office_user())
    url = reverse("awards:round_detail", args=[round.pk])
    client.get(url)  # the first visit sets the CSRF cookie the page's forms need
    return round, url


def test_the_second_visit_is_served_without_rendering(client, round_page) -> None:  # type: ignore[no-untyped-def]
    _, url = round_page
    first, first_queries = _page_queries(client, url)
    again, queries = _page_queries(client, url)
    assert first_queries
    assert queries == []
    assert again == first


def test_an_update_shows_at_once(client, round_page) -> None:  # type: ignore[no-untyped-def]
    round, url = round_page
    client.get(url)
    Round.objects.filter(pk=round.pk).update(title="2030年度改名后的质量奖")
    assert "2030年度改名后的质量奖" in client.get(url).content.decode()


def test_a_save_of_a_row_the_page_read_shows_at_once(client, round_page) -> None:  # type: ignore[no-untyped-def]
    round, url = round_page
    client.get(url)
    programme = round.programme
    programme.name = "赣州市市长质量奖（新）"
    programme.save()
    assert "赣州市市长质量奖（新）" in client.get(url).content.decode()


def test_the_users_own_row_moves_the_page_on(client, round_page) -> None:  # type: ignore[no-untyped-def]
    _, url = round_page
    client.get(url)
    me = User.objects.get(pk=client.session["_auth_user_id"])
    me.first_name = "新名字"
    me.save()
    _, queries = _page_queries(client, url)
    assert queries, "the kept page was served after the user's row changed"


def test_another_session_is_never_served_the_kept_page(client, round_page) -> None:  # type: ignore[no-untyped-def]
    _, url = round_page
    client.get(url)
    client.get(url)
    # An office user of another programme, on the same address.
    client.force_login(other_programme_office())
    client.get(url)
    assert client.get(url).status_code == 404


def test_the_next_minute_renders_again(client, round_page) -> None:  # type: ignore[no-untyped-def]
    _, url = round_page
    client.get(url)
    with time_machine.travel(timedelta(minutes=1)):
        _, queries = _page_queries(client, url)
    assert queries


def _request(user: User) -> HttpRequest:
    request = RequestFactory().get("/office/some-page/")
    request.user = user
    request.session = SessionStore()
    request.session.create()
    request.META["CSRF_COOKIE"] = "k" * 32
    return request


def test_a_page_that_wrote_is_not_kept() -> None:
    round = RoundFactory()
    user = office_user()
    renders = []

    @kept_pages.kept_page
    def writing(request: HttpRequest) -> HttpResponse:
        # As an access log would: the page runs on every visit.
        renders.append(1)
        Round.objects.filter(pk=round.pk).update(title=round.title)
        return HttpResponse("页面")

    @kept_pages.kept_page
    def reading(request: HttpRequest) -> HttpResponse:
        renders.append(2)
        return HttpResponse(Round.objects.get(pk=round.pk).title)

    request = _request(user)
    for _ in range(3):
        writing(request)
    assert renders.count(1) == 3
    for _ in range(3):
        assert reading(request).content.decode() == round.title
    assert renders.count(2) == 1


def test_a_page_is_not_served_from_the_cache_while_a_message_waits() -> None:
    renders = []

    @kept_pages.kept_page
    def page(request: HttpRequest) -> HttpResponse:
        renders.append(1)
        return HttpResponse("页面")

    request = _request(office_user())
    page(request)
    page(request)
    request.session["_messages"] = "[]"  # left by the previous POST, shown by the next page
    page(request)
    assert len(renders) == 2


def test_a_page_rendered_while_another_process_committed_a_write_is_not_kept() -> None:
    round = RoundFactory()
    renders = []

    @kept_pages.kept_page
    def page(request: HttpRequest) -> HttpResponse:
        renders.append(1)
        title = Round.objects.get(pk=round.pk).title
        if len(renders) == 1:
            # Another process commits a write of the table while this page renders.
            other_commit = kept_pages.MovesOnCommit()
            other_commit.keys.add("kept:table:awards_round")
            other_commit()
        return HttpResponse(title)

    request = _request(office_user())
    for _ in range(3):
        page(request)
    assert len(renders) == 2  # the first render is not kept; the second is, and is served


def test_a_post_is_never_answered_from_the_cache() -> None:
    user = office_user()
    renders = []

    @kept_pages.kept_page
    def page(request: HttpRequest) -> HttpResponse:
        renders.append(request.method)
        return HttpResponse("页面")

    request = _request(user)
    page(request)
    page(request)
    request.method = "POST"
    page(request)
    assert renders == ["GET", "POST"]


def test_a_write_in_a_rolled_back_savepoint_still_moves_the_table_on_commit(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    # The first write of the transaction is inside a savepoint that is rolled back, which
    # discards the callback registered there: the write after it registers its own.
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        try:
            with transaction.atomic():
                RoundFactory()
                raise RuntimeError
        except RuntimeError:
            pass
        RoundFactory()
    moves = [c for c in callbacks if isinstance(c, kept_pages.MovesOnCommit)]
    assert len(moves) == 1
    assert "kept:table:awards_round" in moves[0].keys


def test_untracked_tables_and_reads_are_told_apart() -> None:
    assert kept_pages._WRITTEN_TABLE.match('UPDATE "awards_round" SET "title" = %s').group(1) == (
        "awards_round"
    )
    assert kept_pages._READ_TABLES.findall(
        'SELECT 1 FROM "awards_round" INNER JOIN "awards_awardprogramme" ON (1) '
        'WHERE EXISTS (SELECT 1 FROM "grants_grant")'
    ) == ["awards_round", "awards_awardprogramme", "grants_grant"]
    assert "django_session" in kept_pages.UNTRACKED_TABLES
