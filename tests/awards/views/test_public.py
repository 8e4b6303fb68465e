"""Public call notices (Art. 16): no login, drafts invisible, window shown in Beijing time."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from awards.enums import NoticeKind, RoundStage
from awards.models import PublicationOutlet
from tests.factories import RoundFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def test_call_list_shows_published_rounds_and_hides_drafts(client) -> None:  # type: ignore[no-untyped-def]
    RoundFactory(title="2030年度公开的评审", stage=RoundStage.APPLICATION)
    RoundFactory(title="尚未发布的草稿", stage=RoundStage.DRAFT)
    response = client.get(reverse("awards:call_list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "2030年度公开的评审" in body
    assert "尚未发布的草稿" not in body


def test_call_list_query_count_is_the_same_for_1_and_5_rounds(
    client, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    RoundFactory()
    # The programmes and years with their numbers of calls, then the page's rows.
    with django_assert_num_queries(2):
        client.get(reverse("awards:call_list"))
    for _ in range(4):
        RoundFactory()
    with django_assert_num_queries(2):
        response = client.get(reverse("awards:call_list"))
    assert len(response.context["rounds"]) == 5


def test_call_detail_shows_notice_window_in_beijing_time_places_documents_and_outlets(
    client,
) -> None:  # type: ignore[no-untyped-def]
    round = RoundFactory(
        call_notice="关于开展市长质量奖评审工作的通知",
        required_documents="申报表\n自评报告",
        applications_open_at=datetime(2040, 3, 1, 9, 0, tzinfo=SHANGHAI),
        applications_close_at=datetime(2040, 4, 30, 17, 30, tzinfo=SHANGHAI),
        prize_quota=4,
    )
    PublicationOutlet.objects.create(
        round=round,
        notice=NoticeKind.CALL,
        outlet="赣州日报",
        published_on=date(2040, 3, 2),
        url="https://example.cn/a",
    )
    with time_machine.travel(datetime(2040, 3, 10, 12, 0, tzinfo=SHANGHAI)):
        response = client.get(reverse("awards:call_detail", args=[round.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "关于开展市长质量奖评审工作的通知" in body
    assert "2040-04-30 17:30" in body  # Beijing time, not UTC (09:30)
    assert "<li>自评报告</li>" in body
    assert "赣州日报" in body
    assert response.context["window_open"] is True
    assert reverse("applications:register") in body


def test_call_detail_says_closed_after_the_deadline(client) -> None:  # type: ignore[no-untyped-def]
    round = RoundFactory(
        applications_open_at=datetime(2040, 3, 1, 9, 0, tzinfo=SHANGHAI),
        applications_close_at=datetime(2040, 4, 30, 17, 0, tzinfo=SHANGHAI),
    )
    with time_machine.travel(datetime(2040, 4, 30, 17, 0, 1, tzinfo=SHANGHAI)):
        response = client.get(reverse("awards:call_detail", args=[round.pk]))
    assert response.context["window_open"] is False
    assert response.context["not_yet_open"] is False


def test_call_detail_of_a_draft_is_404(client) -> None:  # type: ignore[no-untyped-def]
    round = RoundFactory(stage=RoundStage.DRAFT)
    assert client.get(reverse("awards:call_detail", args=[round.pk])).status_code == 404


def test_call_detail_of_an_unknown_round_is_404(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get(reverse("awards:call_detail", args=[999999])).status_code == 404


def test_the_call_notice_says_applying_is_free_and_no_page_asks_for_money(client) -> None:  # type: ignore[no-untyped-def]
    """R3 / Art. 7: no fee is ever asked of an applicant: the call notice says so, and no URL
    of the portal takes a payment from one (the only money is the prize paid to a winner)."""
    from django.urls import get_resolver
    from django.utils import timezone

    round = RoundFactory(
        stage=RoundStage.APPLICATION,
        applications_open_at=timezone.now() - timezone.timedelta(days=1),
        applications_close_at=timezone.now() + timezone.timedelta(days=30),
    )
    body = client.get(reverse("awards:call_detail", args=[round.pk])).content.decode()
    assert "免费" in body or "不收取" in body or "free of charge" in body

    def names(patterns, prefix=""):  # type: ignore[no-untyped-def]
        for p in patterns:
            if hasattr(p, "url_patterns"):
                yield from names(p.url_patterns, prefix + str(p.pattern))
            else:
                yield prefix + str(p.pattern), p.name or ""

    import re

    asks_for_money = re.compile(r"(?<![a-z])(fees?|pay|payments?|checkout|invoice)(?![a-z])")
    money = [
        route
        for route, name in names(get_resolver().url_patterns)
        if asks_for_money.search(f"{route} {name}".lower().replace("_", " "))
        and not route.startswith(("admin/", "django-admin/"))
    ]
    # The office records prize payments *to* winners (R4); nothing else handles money.
    assert all("prize" in route for route in money), money
