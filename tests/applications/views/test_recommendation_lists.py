"""Art. 12, 28: the recommending unit's list of the applications naming it with the state of
its opinion; the office's list of submitted applications still lacking a recommendation."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.enums import ApplicationStatus
from tests.awards.helpers import (
    eligibility_round,
    in_english,  # noqa: F401  (autouse: messages in English)
    other_programme_office,
    submitted_application,
)
from tests.factories import RecommenderFactory, office_user, recommender_user

pytestmark = pytest.mark.django_db


def _applications(round, unit, n: int, **kwargs):  # type: ignore[no-untyped-def]
    return [submitted_application(round, recommender=unit, **kwargs) for _ in range(n)]


def test_unit_sees_its_applications_with_the_state_of_its_opinion(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    unit = RecommenderFactory(name="南康区人民政府")
    written = submitted_application(
        round, recommender=unit, recommended_at=timezone.now(), recommendation_opinion="同意"
    )
    awaiting = submitted_application(round, recommender=unit)
    client.force_login(recommender_user(unit))
    response = client.get(reverse("applications:recommender_list"))
    assert {a.pk for a in response.context["applications"]} == {written.pk, awaiting.pk}
    body = response.content.decode()
    assert "not yet written" in body and "written " in body
    assert reverse("applications:recommend", args=[awaiting.pk]) in body
    only = client.get(reverse("applications:recommender_list") + "?awaiting=1")
    assert [a.pk for a in only.context["applications"]] == [awaiting.pk]


def test_another_units_recommender_sees_none_of_them(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    _applications(round, RecommenderFactory(name="南康区人民政府"), 2)
    client.force_login(recommender_user(RecommenderFactory(name="赣县区人民政府")))
    response = client.get(reverse("applications:recommender_list"))
    assert list(response.context["applications"]) == []


def test_dashboard_links_to_the_full_list(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(recommender_user(RecommenderFactory()))
    body = client.get(reverse("accounts:dashboard")).content.decode()
    assert reverse("applications:recommender_list") in body


@pytest.mark.parametrize("awaiting", ["", "?awaiting=1"])
def test_recommender_list_query_count_does_not_grow(
    client, django_assert_num_queries, awaiting
) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    round = eligibility_round()
    unit = RecommenderFactory()
    _applications(round, unit, 2)
    client.force_login(recommender_user(unit))
    url = reverse("applications:recommender_list") + awaiting
    client.get(url)
    with CaptureQueriesContext(connection) as two:
        client.get(url)
    _applications(round, unit, 10)
    with django_assert_num_queries(len(two.captured_queries)):
        response = client.get(url)
    assert len(response.context["applications"]) == 12


def test_office_sees_the_submitted_applications_lacking_a_recommendation(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    unit = RecommenderFactory(name="章贡区人民政府")
    lacking = submitted_application(round, recommender=unit)
    submitted_application(round, recommender=unit, recommended_at=timezone.now())
    submitted_application(round, recommender=unit, status=ApplicationStatus.ELIGIBLE)
    client.force_login(office_user())
    list_page = client.get(reverse("applications:office_list", args=[round.pk]))
    url = reverse("applications:office_recommendations", args=[round.pk])
    assert url in list_page.content.decode()
    response = client.get(url)
    assert [a.pk for a in response.context["applications"]] == [lacking.pk]
    assert "This round requires a recommendation" in response.content.decode()


def test_office_page_says_when_the_round_does_not_require_one(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round(recommendation_required=False)
    client.force_login(office_user())
    response = client.get(reverse("applications:office_recommendations", args=[round.pk]))
    assert "This round does not require a recommendation." in response.content.decode()


def test_another_programmes_office_gets_404(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    client.force_login(other_programme_office())
    response = client.get(reverse("applications:office_recommendations", args=[round.pk]))
    assert response.status_code == 404


def test_office_lacking_list_query_count_does_not_grow(client, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    round = eligibility_round()
    unit = RecommenderFactory()
    _applications(round, unit, 2)
    client.force_login(office_user())
    url = reverse("applications:office_recommendations", args=[round.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as two:
        client.get(url)
    _applications(round, unit, 10)
    with django_assert_num_queries(len(two.captured_queries)):
        response = client.get(url)
    assert len(response.context["applications"]) == 12
