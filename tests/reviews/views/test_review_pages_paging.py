"""Provincial scale: the review hub's site-selection table and the composite ranking are shown
a page at a time (every application on exactly one page), the means and the ranking rows are
computed for the page shown, and the quota use still counts every application."""

from __future__ import annotations

import re
from decimal import Decimal

from django.core.cache import cache
from django.urls import reverse

from applications.enums import ApplicationStatus
from awards.enums import RoundStage
from awards.services import sign_commitment
from reviews.selectors import review as selectors
from reviews.views import review as views
from tests.reviews.helpers import eligible, review_round
from tests.reviews.views.test_expert import logged_in


def test_the_site_selection_table_is_paged_and_can_show_everything(
    monkeypatch, round, office
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(views, "CANDIDATE_PAGE_SIZE", 2)
    apps = [eligible(round, name=f"{n}号公司") for n in range(5)]
    client = logged_in(office)
    url = reverse("reviews:round_review", args=[round.pk])
    seen: list[int] = []
    for page in (1, 2, 3):
        body = client.get(url, {"cpage": page}).content.decode()
        ticks = [int(pk) for pk in re.findall(r'id="select-(\d+)"', body)]
        assert len(ticks) == (2 if page < 3 else 1)
        seen += ticks
    assert sorted(seen) == sorted(a.pk for a in apps)
    assert 'id="candidate-pages"' in body and 'id="candidates-all"' in body
    everything = client.get(url, {"cpage": "all"}).content.decode()
    assert len(re.findall(r'id="select-(\d+)"', everything)) == 5
    assert 'id="candidate-pages"' not in everything


def test_the_site_selection_page_costs_the_same_queries_at_2_and_12(
    monkeypatch, round, office, django_assert_num_queries, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(views, "CANDIDATE_PAGE_SIZE", 2)
    client = logged_in(office)
    url = reverse("reviews:round_review", args=[round.pk])
    for n in range(2):
        eligible(round, name=f"{n}号公司")
    client.get(url)
    cache.clear()  # rendered afresh, not from the page cache
    with django_assert_max_num_queries(100) as small:
        client.get(url, {"cpage": 1})
    for n in range(2, 12):
        eligible(round, name=f"{n}号公司")
    cache.clear()
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url, {"cpage": 4})


def _ranked(round, n: int) -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        eligible(
            round,
            status=ApplicationStatus.CANDIDATE,
            composite_score=Decimal(600 + i),
            sector_rank=i + 1,
            proposed_level="nomination",
        )


def test_the_composite_ranking_is_paged_and_the_quota_use_counts_everything(
    monkeypatch, office
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(views, "COMPOSITE_PAGE_SIZE", 2)
    round = review_round(RoundStage.COMPOSITE)
    sign_commitment(round, user=office)
    _ranked(round, 5)
    client = logged_in(office)
    url = reverse("reviews:composite_report", args=[round.pk])
    quota_tables = set()
    rows = 0
    for page in (1, 2, 3):
        body = client.get(url, {"page": page}).content.decode()
        rows_here = body.count('class="ranking-row"')
        assert rows_here == (2 if page < 3 else 1)
        rows += rows_here
        quota_tables.add(re.search(r'<table[^>]*id="quota-use".*?</table>', body, re.S).group(0))  # type: ignore[union-attr]
    assert rows == 5
    assert len(quota_tables) == 1  # the same quota use on every page
    assert 'id="ranking-pages"' in body
    paged = selectors.composite_report(round, 1, per_page=2)
    assert paged["quota_use"] == selectors.composite_report(round)["quota_use"]


def test_a_later_composite_page_costs_the_same_queries(
    monkeypatch, office, django_assert_num_queries, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(views, "COMPOSITE_PAGE_SIZE", 2)
    round = review_round(RoundStage.COMPOSITE)
    sign_commitment(round, user=office)
    _ranked(round, 2)
    client = logged_in(office)
    url = reverse("reviews:composite_report", args=[round.pk])
    client.get(url)
    with django_assert_max_num_queries(100) as small:
        client.get(url)
    _ranked(round, 10)
    with django_assert_num_queries(len(small.captured_queries)):
        body = client.get(url, {"page": 5}).content.decode()
    assert body.count('class="ranking-row"') == 2
