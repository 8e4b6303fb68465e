"""R2 / Art. 6: the API knows the sector buckets of each round's rules: a round lists its
buckets with its places; applications (office) and winners (public) filter by any bucket code
of the rules in question, and an unknown code is a 400 naming the valid codes."""

from __future__ import annotations

import pytest
from django.test import Client

from awards.enums import RoundStage
from tests.api.helpers import issue, keyed
from tests.api.objects import winner
from tests.awards.helpers import eligibility_round, other_programme, submitted_application
from tests.factories import ApplicationFactory, OrganisationFactory, RoundFactory, office_user
from tests.factories.buckets import three_buckets

pytestmark = pytest.mark.django_db

V1 = "/api/v1"
THREE = {"sector_buckets": three_buckets()}
PLACES = {
    "prize": {"manufacturing": 2, "construction": 1, "service": 2},
    "nomination": {"manufacturing": 1, "construction": 2, "service": 2},
}


def test_a_round_lists_its_buckets_with_its_places(client: Client) -> None:
    RoundFactory(stage=RoundStage.APPLICATION, rule_settings=THREE, bucket_places=PLACES)
    row = client.get(f"{V1}/rounds/").json()["results"][0]
    assert (row["prize_quota"], row["nomination_quota"]) == (5, 5)
    assert [
        (b["code"], b["name"], b["prize_places"], b["nomination_places"]) for b in row["buckets"]
    ] == [
        ("manufacturing", "制造业", 2, 1),
        ("construction", "建筑业", 1, 2),
        ("service", "服务业", 2, 2),
    ]


def test_a_round_of_the_2022_measures_lists_its_two_buckets(client: Client) -> None:
    RoundFactory(stage=RoundStage.APPLICATION, prize_quota_manufacturing=2, prize_quota_service=3)
    buckets = client.get(f"{V1}/rounds/").json()["results"][0]["buckets"]
    assert [(b["code"], b["prize_places"]) for b in buckets] == [
        ("manufacturing", 2),
        ("service", 3),
    ]


def test_office_applications_filter_by_a_third_bucket() -> None:
    office = office_user()
    client = keyed(issue(office))
    round = eligibility_round(rule_settings=THREE)
    builder = submitted_application(
        round, organisation=OrganisationFactory(industry_section="E"), sector="construction"
    )
    submitted_application(round)
    body = client.get(f"{V1}/office/applications/?round={round.pk}&sector=construction").json()
    assert [row["id"] for row in body["results"]] == [builder.pk]
    # Without the round: the programme's buckets and its rounds' together.
    assert client.get(f"{V1}/office/applications/?sector=construction").json()["count"] == 1


def test_an_unknown_bucket_is_refused_with_the_valid_codes(settings) -> None:  # type: ignore[no-untyped-def]
    office = office_user()
    client = keyed(issue(office))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    round = eligibility_round(rule_settings=THREE)
    response = client.get(f"{V1}/office/applications/?round={round.pk}&sector=education")
    assert response.status_code == 400
    message = response.json()["fields"]["sector"][0]
    assert "education" in message and "manufacturing, construction, service" in message
    # A bucket of another programme's rules is not one of this programme's.
    other = eligibility_round(
        programme=other_programme(),
        rule_settings={
            "sector_buckets": [
                {
                    "code": "all",
                    "name": "全部",
                    "sections": [],
                    "prize_places": 5,
                    "nomination_places": 5,
                }
            ]
        },
    )
    assert other.pk
    assert client.get(f"{V1}/office/applications/?sector=all").status_code == 400


def test_public_winners_filter_by_bucket_and_refuse_an_unknown_one(client: Client) -> None:
    round = RoundFactory(stage=RoundStage.PUBLISHED, rule_settings=THREE)
    grant = winner(round)
    grant.application.sector = "construction"
    grant.application.save(update_fields=["sector"])
    ApplicationFactory(round=round)
    body = client.get(f"{V1}/winners/?round={round.pk}&sector=construction").json()
    assert [row["id"] for row in body["results"]] == [grant.pk]
    assert client.get(f"{V1}/winners/?sector=service").json()["count"] == 0
    response = client.get(f"{V1}/winners/?sector=nonsense")
    assert response.status_code == 400
    assert "construction" in response.json()["fields"]["sector"][0]
