"""The office's application list is paged (a provincial round holds a thousand applications):
every application is on exactly one page, the status filter is kept in the page links, and a
page costs the same queries wherever it is."""

from __future__ import annotations

import pytest
from django.urls import reverse

from applications.enums import ApplicationStatus
from applications.views import office as views_office
from tests.awards.helpers import eligibility_round, submitted_application
from tests.factories import office_user

pytestmark = pytest.mark.django_db


def test_every_application_is_on_exactly_one_page(client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(views_office, "OFFICE_LIST_PAGE_SIZE", 2)
    round = eligibility_round()
    apps = [submitted_application(round) for _ in range(5)]
    client.force_login(office_user())
    url = reverse("applications:office_list", args=[round.pk])
    seen = []
    for page in (1, 2, 3):
        response = client.get(url, {"page": page})
        seen += [a.pk for a in response.context["applications"]]
        assert len(response.context["applications"]) == (2 if page < 3 else 1)
    assert sorted(seen) == sorted(a.pk for a in apps)
    body = response.content.decode()
    assert 'id="application-pages"' in body and "3 / 3" in body


def test_the_status_filter_is_kept_across_pages(client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(views_office, "OFFICE_LIST_PAGE_SIZE", 2)
    round = eligibility_round()
    eligible = [submitted_application(round, status=ApplicationStatus.ELIGIBLE) for _ in range(3)]
    submitted_application(round)
    client.force_login(office_user())
    url = reverse("applications:office_list", args=[round.pk])
    first = client.get(url, {"status": "eligible"})
    assert "?status=eligible&page=2" in first.content.decode()
    second = client.get(url, {"status": "eligible", "page": 2})
    pks = [a.pk for a in first.context["applications"]] + [
        a.pk for a in second.context["applications"]
    ]
    assert sorted(pks) == sorted(a.pk for a in eligible)
    assert second.context["page"].paginator.num_pages == 2


def test_a_later_page_costs_the_same_queries(
    client, monkeypatch, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(views_office, "OFFICE_LIST_PAGE_SIZE", 2)
    round = eligibility_round()
    for _ in range(12):
        submitted_application(round)
    client.force_login(office_user())
    url = reverse("applications:office_list", args=[round.pk])
    client.get(url)
    with django_assert_num_queries(8) as first:
        client.get(url)
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(url, {"page": 6})
    assert len(response.context["applications"]) == 2
