"""R5 / Art. 13(1): the registration area as a rule setting: the office sets it on the rules
page by whole cities or by divisions (an unknown one refused, by the form and by the service),
the rules table and the leading group's approval page show it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from awards import services
from awards.forms import ProgrammeRulesForm
from awards.rulesets import programme_rule_settings
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from organisations.models import Division
from tests.awards.helpers import in_english  # noqa: F401  (autouse: messages in English)
from tests.awards.views.test_programme_rules_pages import RULES
from tests.factories import leading_group_user, office_user, programme

pytestmark = pytest.mark.django_db


def ganzhou() -> list[str]:
    return list(
        Division.objects.filter(city="赣州市")
        .order_by("order", "code")
        .values_list("code", flat=True)
    )


def _form(**changes: object) -> ProgrammeRulesForm:
    return ProgrammeRulesForm({**RULES, **changes}, instance=programme())


def test_a_whole_city_ticked_gives_each_of_its_divisions_r5() -> None:
    form = _form(registration_cities=["赣州市"])
    assert form.is_valid(), form.errors
    assert form.settings()["registration_area"] == ganzhou()


def test_divisions_ticked_are_kept_in_the_official_order_r5() -> None:
    form = _form(registration_area=["GZRJXQ", "360702"])
    assert form.is_valid(), form.errors
    assert form.settings()["registration_area"] == ["360702", "GZRJXQ"]


def test_nothing_ticked_is_no_restriction_r5() -> None:
    form = _form()
    assert form.is_valid(), form.errors
    assert form.settings()["registration_area"] == []


def test_an_unknown_division_is_refused_by_the_form_r5() -> None:
    form = _form(registration_area=["GZETDZ", "999999"])
    assert not form.is_valid()
    assert form.errors["registration_area"] == [
        "Unknown division in the registration area: 999999."
    ]


def test_an_unknown_city_is_refused_by_the_form_r5() -> None:
    form = _form(registration_cities=["火星市"])
    assert not form.is_valid()
    assert form.errors["registration_cities"] == ["Unknown city in the registration area: 火星市."]


def test_an_unknown_division_is_refused_by_the_service_and_nothing_is_written_r5() -> None:
    with pytest.raises(DomainError) as refused:
        services.update_programme_rules(
            programme(), actor=office_user(), registration_area=["GZETDZ", "999999"]
        )
    assert refused.value.user_message == (
        "Unknown division in the registration area: 999999. (Art. 13 of the Measures)"
    )
    fresh = programme()
    assert (fresh.registration_area, fresh.rules_version) == ([], 1)
    assert not DecisionLogEntry.objects.filter(action="programme.rules").exists()


def test_a_city_whose_divisions_are_all_in_the_area_starts_ticked_r5() -> None:
    services.update_programme_rules(programme(), actor=office_user(), registration_area=ganzhou())
    form = ProgrammeRulesForm(instance=programme())
    assert form.initial["registration_cities"] == ["赣州市"]
    # Its divisions stand unticked: unticking the city takes them all out.
    assert form.initial["registration_area"] == []


def test_divisions_of_a_city_not_wholly_in_the_area_start_ticked_one_by_one_r5() -> None:
    services.update_programme_rules(
        programme(), actor=office_user(), registration_area=["360702", "GZETDZ"]
    )
    form = ProgrammeRulesForm(instance=programme())
    assert form.initial["registration_cities"] == []
    assert form.initial["registration_area"] == ["360702", "GZETDZ"]


def test_the_office_sets_the_area_on_the_rules_page_and_the_tables_show_it_r5(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(office_user())
    url = reverse("awards:programme_rules", args=[programme().pk])
    page = client.get(url).content.decode()
    # Until set: no restriction.
    assert "Registration area" in page and "no restriction" in page
    response = client.post(url, {**RULES, "registration_area": ["GZETDZ"]}, follow=True)
    assert "Version 2 of the rules is saved" in response.content.decode()
    assert programme().registration_area == ["GZETDZ"]
    assert programme_rule_settings(programme()).registration_area == ("GZETDZ",)
    entry = DecisionLogEntry.objects.get(action="programme.rules")
    assert entry.data["new"]["registration_area"] == "['GZETDZ']"
    table = response.content.decode().split('id="programme-rules"')[1].split("</table>")[0]
    assert "<li>赣州经济技术开发区</li>" in table
    # The leading group reads it before approving.
    client.force_login(leading_group_user())
    approve = client.get(reverse("awards:approve_programme_rules", args=[programme().pk]))
    table = approve.content.decode().split('id="programme-rules"')[1].split("</table>")[0]
    assert "Registration area" in table and "<li>赣州经济技术开发区</li>" in table


def test_the_rules_page_refuses_an_unknown_division_with_a_message_r5(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(office_user())
    url = reverse("awards:programme_rules", args=[programme().pk])
    response = client.post(url, {**RULES, "registration_area": ["999999"]})
    assert response.status_code == 200
    assert "Unknown division in the registration area: 999999." in response.content.decode()
    assert programme().rules_version == 1


def test_a_whole_city_shows_by_its_name_in_the_rules_table_r5(client) -> None:  # type: ignore[no-untyped-def]
    services.update_programme_rules(programme(), actor=office_user(), registration_area=ganzhou())
    client.force_login(office_user())
    body = client.get(reverse("awards:programme_rules", args=[programme().pk])).content.decode()
    table = body.split('id="programme-rules"')[1].split("</table>")[0]
    assert "<li>the whole of 赣州市</li>" in table


def test_the_rules_page_groups_the_divisions_by_city_with_the_whole_city_first_r5(client) -> None:  # type: ignore[no-untyped-def]
    """A box per city: the whole city's check box, then its divisions by their own names (东湖区
    under 南昌市); the two fields keep their names, so ticking works as before."""
    Division.objects.create(
        code="360102", name="南昌市东湖区", kind="district", city="南昌市", order=900
    )
    Division.objects.create(
        code="360103", name="南昌市西湖区", kind="district", city="南昌市", order=901
    )
    services.update_programme_rules(
        programme(), actor=office_user(), registration_area=["360702", "360102"]
    )
    client.force_login(office_user())
    body = client.get(reverse("awards:programme_rules", args=[programme().pk])).content.decode()
    area = body.split('class="mb-3 registration-area"')[1].split(
        'id="id_registration_area_helptext"'
    )[0]
    boxes = area.split("area-city")[1:]
    assert [box.split('data-city="')[1].split('"')[0] for box in boxes] == ["赣州市", "南昌市"]
    ganzhou_box, nanchang_box = boxes
    assert 'name="registration_cities" value="赣州市"' in ganzhou_box
    assert 'name="registration_area" value="360702"' in ganzhou_box
    assert 'value="GZETDZ"' in ganzhou_box and "360102" not in ganzhou_box
    assert 'name="registration_cities" value="南昌市"' in nanchang_box
    assert ">东湖区</label>" in nanchang_box and ">西湖区</label>" in nanchang_box
    # The divisions ticked one by one stand ticked, no whole city.
    ticked = [
        tag.split('value="')[1].split('"')[0]
        for tag in area.split("<input")[1:]
        if " checked" in tag.split(">")[0]
    ]
    assert ticked == ["360702", "360102"]
