"""The scoring page reads the scoring scheme (GB/T 19580 as data) from a per-process copy
(reviews.selectors.review.scheme_categories): a second page asks the database nothing of the
scheme, and a change to the scheme, a category or an item shows on the next page at once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.models import ScoringCategory, ScoringItem
from tests.reviews.helpers import ready
from tests.reviews.views.test_expert import logged_in, urls

pytestmark = pytest.mark.django_db


def _scheme_queries(client, url: str) -> tuple[str, list[str]]:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    sql = [q["sql"] for q in captured.captured_queries]
    return response.content.decode(), [s for s in sql if "awards_scoring" in s]


def test_a_second_scoring_page_reads_no_scheme_from_the_database(
    application, office, reviewer
) -> None:
    ready(application, reviewer, office)
    client = logged_in(reviewer)
    url = urls(application)["score"]
    _html, first = _scheme_queries(client, url)
    assert len(first) >= 2  # the categories and their items
    _html, second = _scheme_queries(client, url)
    # The scheme's own row comes with the round (select_related); nothing else of the scheme.
    assert [s for s in second if "awards_scoringcategory" in s or "awards_scoringitem" in s] == []


def test_a_renamed_item_shows_on_the_next_page(application, office, reviewer) -> None:
    ready(application, reviewer, office)
    client = logged_in(reviewer)
    url = urls(application)["score"]
    client.get(url)
    item = ScoringItem.objects.filter(category__scheme=application.round.scheme).first()
    assert item is not None
    item.name = "经过修订的评分条目"
    item.save()
    html, read = _scheme_queries(client, url)
    assert "经过修订的评分条目" in html
    assert read  # read again from the database


def test_an_item_added_or_removed_shows_on_the_next_page(application, office, reviewer) -> None:
    ready(application, reviewer, office)
    client = logged_in(reviewer)
    url = urls(application)["score"]
    category = ScoringCategory.objects.filter(scheme=application.round.scheme).first()
    assert category is not None
    before = client.get(url).content.decode().count('class="form-select"')
    added = ScoringItem.objects.create(
        category=category, code="9.9", name="新增条目", points=10, kind="process", order=99
    )
    assert client.get(url).content.decode().count('class="form-select"') == before + 1
    added.delete()
    assert client.get(url).content.decode().count('class="form-select"') == before
    category.name = "改名后的类目"
    category.save()
    assert "改名后的类目" in client.get(url).content.decode()
