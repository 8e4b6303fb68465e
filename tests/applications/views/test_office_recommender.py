"""The recommending unit (Art. 12, 28): its dashboard lists the applications naming it; it
reads the dossier summary and writes or replaces its opinion. Another unit gets 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from applications.enums import ApplicationStatus
from tests.awards.helpers import (
    eligibility_round,
    in_english,  # noqa: F401  (autouse: messages in English)
    signed,
    submitted_application,
)
from tests.factories import (
    ApplicationFactory,
    RecommenderFactory,
    applicant_user,
    expert_user,
    liaison_user,
    office_user,
    recommender_user,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "make_user",
    [
        lambda: recommender_user(RecommenderFactory(name="南康区人民政府")),
        office_user,
        expert_user,
        liaison_user,
        applicant_user,
    ],
    ids=["recommender_of_another_unit", "office", "expert", "liaison", "applicant"],
)
def test_recommend_page_is_404_for_anyone_but_the_named_unit(client, make_user) -> None:  # type: ignore[no-untyped-def]
    application = ApplicationFactory(recommender=RecommenderFactory())
    client.force_login(make_user())
    url = reverse("applications:recommend", args=[application.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"opinion": "同意"}).status_code == 404
    application.refresh_from_db()
    assert application.recommendation_opinion == ""


def test_recommend_page_shows_the_dossier_summary(client) -> None:  # type: ignore[no-untyped-def]
    unit = RecommenderFactory()
    application = ApplicationFactory(
        recommender=unit, main_products="钨钼材料", tag_sme_innovation=True
    )
    client.force_login(signed(recommender_user(unit), application.round))
    response = client.get(reverse("applications:recommend", args=[application.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "钨钼材料" in body and application.organisation.name in body
    assert "SME with own IP and strong innovation" in body
    assert response.context["editable"] is True


def test_recommend_post_saves_and_a_second_replaces_it(client) -> None:  # type: ignore[no-untyped-def]
    unit = RecommenderFactory()
    application = submitted_application(eligibility_round(), recommender=unit)
    client.force_login(signed(recommender_user(unit), application.round))
    url = reverse("applications:recommend", args=[application.pk])
    assert client.post(url, {"opinion": "同意推荐", "declaration": "on"}).status_code == 302
    assert (
        client.post(url, {"opinion": "强烈推荐,质量管理水平领先", "declaration": "on"}).status_code
        == 302
    )
    application.refresh_from_db()
    assert application.recommendation_opinion == "强烈推荐,质量管理水平领先"


def test_recommend_post_empty_shows_the_error(client) -> None:  # type: ignore[no-untyped-def]
    unit = RecommenderFactory()
    application = ApplicationFactory(recommender=unit)
    client.force_login(signed(recommender_user(unit), application.round))
    response = client.post(
        reverse("applications:recommend", args=[application.pk]),
        {"opinion": "", "declaration": "on"},
    )
    assert response.status_code == 200
    assert "opinion" in response.context["form"].errors


def test_recommend_after_the_eligibility_decision_shows_the_refusal(client) -> None:  # type: ignore[no-untyped-def]
    unit = RecommenderFactory()
    application = submitted_application(
        eligibility_round(),
        recommender=unit,
        status=ApplicationStatus.ELIGIBLE,
        recommendation_opinion="原意见",
    )
    client.force_login(signed(recommender_user(unit), application.round))
    url = reverse("applications:recommend", args=[application.pk])
    assert client.get(url).context["editable"] is False
    response = client.post(url, {"opinion": "新意见", "declaration": "on"})
    assert response.status_code == 200
    assert "The recommendation can no longer be changed." in response.content.decode()
    application.refresh_from_db()
    assert application.recommendation_opinion == "原意见"


def test_a_decided_case_is_offered_to_read_an_open_one_to_revise(client) -> None:  # type: ignore[no-untyped-def]
    """Art. 12: once eligibility is decided the opinion is final: the lists say "Read"."""
    from django.utils import timezone

    unit = RecommenderFactory()
    round = eligibility_round()
    decided = submitted_application(
        round, recommender=unit, status=ApplicationStatus.ELIGIBLE, recommended_at=timezone.now()
    )
    open_case = submitted_application(round, recommender=unit, recommended_at=timezone.now())
    client.force_login(recommender_user(unit))
    for url in (reverse("accounts:dashboard"), reverse("applications:recommender_list")):
        rows = client.get(url).content.decode().split("<tr")
        decided_row = next(r for r in rows if decided.organisation.name in r)
        open_row = next(r for r in rows if open_case.organisation.name in r)
        assert ">Read<" in decided_row and "Read or revise" not in decided_row
        assert "Read or revise" in open_row


def test_recommender_dashboard_lists_only_applications_naming_its_unit(client) -> None:  # type: ignore[no-untyped-def]
    unit = RecommenderFactory()
    mine = ApplicationFactory(recommender=unit)
    other = ApplicationFactory(recommender=RecommenderFactory(name="南康区人民政府"))
    client.force_login(recommender_user(unit))
    response = client.get(reverse("accounts:dashboard"))
    body = response.content.decode()
    assert reverse("applications:recommend", args=[mine.pk]) in body
    assert reverse("applications:recommend", args=[other.pk]) not in body
    assert other.organisation.name not in body


def test_recommender_dashboard_query_count_is_the_same_for_1_and_5_applications(
    client, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    unit = RecommenderFactory()
    ApplicationFactory(recommender=unit)
    client.force_login(recommender_user(unit))
    url = reverse("accounts:dashboard")
    client.get(url)
    # The section's queries and two for the work queue (the rounds whose commitment is still
    # to sign, the opinions still to write).
    with django_assert_num_queries(7) as one:
        client.get(url)
    for _ in range(4):
        ApplicationFactory(recommender=unit)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    (section,) = response.context["sections"]
    assert len(section["context"]["applications"]) == 5
