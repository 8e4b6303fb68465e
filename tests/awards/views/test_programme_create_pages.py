"""The city office's page to set up a county or zone programme it guides (Art. 11(9)):
reachable from its pages, filled in from the chosen template, validated field by field with
the reason, closed to a guided county's office and to another city's office."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from accounts.enums import Role
from awards.models import AwardProgramme
from decisionlog.models import DecisionLogEntry
from tests.awards.helpers import (
    in_english,  # noqa: F401  (autouse: messages in English)
    other_programme,
    role_user,
)
from tests.factories import office_user, programme

pytestmark = pytest.mark.django_db


def _url(under: AwardProgramme | None = None) -> str:
    return reverse("awards:programme_create", args=[(under or programme()).pk])


def _post(**overrides: str) -> dict[str, Any]:
    data = {
        "template": "measures",
        "name": "章贡区区长质量奖（测试）",
        "slug": "Zhanggong-Test",
        "awarding_body": "章贡区人民政府",
        "office_name": "章贡区质量强区工作领导小组办公室",
        "validity_years": "3",
        "round_interval_years": "1",
        "prize_places_limit": "3",
        "nomination_places_limit": "3",
        "manufacturing_places_limit": "2",
        "service_places_limit": "1",
        "prize_amount": "100000",
    }
    data.update(overrides)
    return data


def _other_city() -> AwardProgramme:
    return AwardProgramme.objects.create(
        name="吉安市市长质量奖",
        slug="jian-mayor",
        awarding_body="吉安市人民政府",
        office_name="吉安办",
    )


def test_the_round_list_links_to_the_page_for_the_city_office(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(office_user())
    page = client.get(reverse("awards:round_list")).content.decode()
    assert _url() in page


def test_the_page_fills_in_the_chosen_template(client) -> None:  # type: ignore[no-untyped-def]
    AwardProgramme.objects.filter(pk=programme().pk).update(
        prize_places_limit=4, manufacturing_places_limit=3, service_places_limit=1
    )
    client.force_login(office_user())
    measures = client.get(_url())
    assert measures.status_code == 200
    assert measures.context["form"]["prize_places_limit"].value() == 5
    assert "?template=guiding" in measures.content.decode()
    guiding = client.get(_url() + "?template=guiding")
    assert guiding.context["form"]["prize_places_limit"].value() == 4
    assert guiding.context["form"]["template"].value() == "guiding"


def test_setting_up_a_programme_leads_to_inviting_its_accounts(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(office_user())
    response = client.post(_url(), _post(), follow=True)
    created = AwardProgramme.objects.get(slug="zhanggong-test")
    assert response.redirect_chain[-1][0] == reverse(
        "organisations:programme_accounts", args=[created.pk]
    )
    assert "Invite the first users of its office and leading group now." in (
        response.content.decode()
    )
    assert "administrator creates the accounts" not in response.content.decode()
    assert created.guided_by_id == programme().pk
    assert created.rules_approved is False
    page = response.content.decode()
    assert "章贡区区长质量奖（测试）" in page
    assert "await its leading group&#x27;s approval" in page
    assert DecisionLogEntry.objects.filter(action="programme.create").count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": "赣州市市长质量奖"}, "name", "An award programme with this name already exists."),
        ({"slug": "GANZHOU-MAYOR"}, "slug", "Another award programme already has this short name."),
        ({"slug": "章贡"}, "slug", "Use only Latin letters, digits, hyphens and underscores."),
        (
            {"service_places_limit": "2"},
            "service_places_limit",
            "The manufacturing and service places (2 + 2) must add up to the prize places (3).",
        ),
        ({"prize_amount": "0"}, "prize_amount", "The prize money must be a positive amount."),
        ({"prize_amount": "-5"}, "prize_amount", "The prize money must be a positive amount."),
        ({"validity_years": "0"}, "validity_years", "Enter a whole number of at least 1."),
        (
            {"round_interval_years": "0"},
            "round_interval_years",
            "Enter a whole number of at least 1.",
        ),
        ({"name": ""}, "name", "This field is required."),
    ],
)
def test_a_wrong_value_is_refused_on_its_field(  # type: ignore[no-untyped-def]
    client, overrides: dict[str, str], field: str, message: str
) -> None:
    client.force_login(office_user())
    response = client.post(_url(), _post(**overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert errors[field][0].startswith(message)
    assert not AwardProgramme.objects.filter(slug="zhanggong-test").exists()


def test_a_county_office_sets_up_none(client) -> None:  # type: ignore[no-untyped-def]
    """A guided county's office: no link, and a 404 under its own programme and the city's."""
    county = other_programme()
    AwardProgramme.objects.filter(pk=county.pk).update(guided_by=programme())
    client.force_login(role_user(Role.OFFICE, prog=county))
    assert "guided/new" not in client.get(reverse("awards:round_list")).content.decode()
    assert client.get(_url(county)).status_code == 404
    assert client.get(_url()).status_code == 404
    assert client.post(_url(), _post()).status_code == 404
    assert not AwardProgramme.objects.filter(slug="zhanggong-test").exists()


def test_another_citys_office_cannot_set_one_up_under_this_city_nor_see_it(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(office_user())
    client.post(_url(), _post())
    created = AwardProgramme.objects.get(slug="zhanggong-test")
    other_city = _other_city()
    client.force_login(role_user(Role.OFFICE, prog=other_city))
    assert client.get(_url()).status_code == 404
    assert client.post(_url(), _post(slug="another", name="另一个")).status_code == 404
    assert client.get(reverse("awards:guided_programmes", args=[programme().pk])).status_code == 404
    assert client.get(reverse("awards:programme_rules", args=[created.pk])).status_code == 404
    # Its own page works, and lists none of this city's programmes.
    own = client.get(_url(other_city))
    assert own.status_code == 200
    assert "章贡区区长质量奖（测试）" not in own.content.decode()
