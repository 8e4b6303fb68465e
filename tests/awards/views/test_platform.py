"""The installation's operator (a staff user, the portal administrator): the list of every
programme the portal hosts and the set-up of a programme from the 2022 measures or a copy of
another's settings and rules, optionally guided by a city programme (Art. 11(9)); its rules
wait for the new programme's own leading group (Art. 10, R1). No programme role opens these
pages: an office sees only its own programme."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse

from accounts.enums import Role
from accounts.models import User
from accounts.second_factor import second_factor_required
from awards import services
from awards.enums import CalendarDayKind, ProgrammeTemplate
from awards.models import AwardProgramme, HolidayCalendarDay
from awards.rules import PROGRAMME_SETTING_FIELDS
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from tests.awards.helpers import (
    another_city,
    in_english,  # noqa: F401  (autouse: messages in English)
    other_programme,
    role_user,
)
from tests.factories import UserFactory, office_user, programme
from tests.factories.buckets import one_bucket

pytestmark = pytest.mark.django_db

LIST = reverse("awards:platform_programmes")
CREATE = reverse("awards:platform_programme_create")


def operator() -> User:
    return UserFactory(is_staff=True)


def _post(**overrides: str) -> dict[str, Any]:
    data = {
        "template": "measures",
        "name": "南昌市市长质量奖（测试）",
        "slug": "Nanchang-Test",
        "awarding_body": "南昌市人民政府",
        "office_name": "南昌市质量强市工作领导小组办公室",
        "leading_group_name": "南昌市质量强市工作领导小组",
        "validity_years": "3",
        "round_interval_years": "2",
        "prize_places_limit": "5",
        "nomination_places_limit": "5",
        "manufacturing_places_limit": "3",
        "service_places_limit": "2",
        "prize_amount": "500000",
    }
    data.update(overrides)
    return data


def test_the_operator_sees_every_programme_with_its_rules_and_office_users(client) -> None:  # type: ignore[no-untyped-def]
    county = other_programme()
    AwardProgramme.objects.filter(pk=county.pk).update(
        guided_by=programme(), rules_version=2, rules_approved_version=1
    )
    office_user()
    office_user()
    role_user(Role.OFFICE, prog=county)
    client.force_login(operator())
    response = client.get(LIST)
    assert response.status_code == 200
    rows = {p.slug: p for p in response.context["page"]}
    assert (rows["ganzhou-mayor"].office_users, rows["nankang-award"].office_users) == (2, 1)
    page = response.content.decode()
    assert "Version 2 awaits approval" in page
    assert "Version 1 approved" in page
    assert reverse("organisations:programme_accounts", args=[county.pk]) in page
    assert CREATE in page


@pytest.mark.parametrize("extra", [2, 40])
def test_the_programme_list_costs_the_same_queries_at_any_size(  # type: ignore[no-untyped-def]
    client, django_assert_num_queries, extra: int
) -> None:
    for n in range(extra):
        AwardProgramme.objects.create(
            name=f"第{n}区质量奖",
            slug=f"area-{n}",
            awarding_body="区人民政府",
            office_name="区办",
            guided_by=programme(),
        )
    client.force_login(operator())
    # session, user, the page's count and rows, the menu's roles (its membership too).
    with django_assert_num_queries(6):
        response = client.get(LIST)
    assert response.status_code == 200


def test_the_menu_shows_the_operator_its_pages(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(operator())
    assert LIST in client.get(reverse("accounts:dashboard")).content.decode()
    client.force_login(office_user())
    assert LIST not in client.get(reverse("accounts:dashboard")).content.decode()


def test_an_office_user_cannot_use_the_operator_pages(client) -> None:  # type: ignore[no-untyped-def]
    """An office of programme A (and a leading-group member) is an outsider here: 404."""
    for user in (office_user(), role_user(Role.LEADING_GROUP)):
        client.force_login(user)
        assert client.get(LIST).status_code == 404
        assert client.get(CREATE).status_code == 404
        assert client.post(CREATE, _post()).status_code == 404
    assert not AwardProgramme.objects.filter(slug="nanchang-test").exists()
    with pytest.raises(DomainError):
        services.set_up_programme(
            actor=office_user(), template=ProgrammeTemplate.MEASURES, **_service_values()
        )


def _service_values(**overrides: Any) -> dict[str, Any]:
    values = {
        k: v for k, v in _post(**overrides).items() if k not in {"template", "leading_group_name"}
    }
    numbers = {k: int(v) for k, v in values.items() if k in PROGRAMME_SETTING_FIELDS}
    return {**values, **numbers, "slug": values["slug"].lower()}


def test_the_operator_sets_up_a_top_level_programme_from_the_measures(client) -> None:  # type: ignore[no-untyped-def]
    """Art. 10 / R1: its rules are version 1, awaiting its own leading group."""
    client.force_login(operator())
    response = client.post(CREATE, _post(), follow=True)
    created = AwardProgramme.objects.get(slug="nanchang-test")
    assert response.redirect_chain[-1][0] == reverse(
        "organisations:programme_accounts", args=[created.pk]
    )
    assert created.guided_by_id is None
    assert created.leading_group_name == "南昌市质量强市工作领导小组"
    assert (created.rules_version, created.rules_approved_version) == (1, 0)
    assert created.prize_name == "南昌市市长质量奖（测试）"
    entry = DecisionLogEntry.objects.get(action="programme.create")
    assert (entry.data["template"], entry.data["guided_by"], entry.data["source"]) == (
        "measures",
        None,
        None,
    )


def test_the_operator_copies_another_programmes_rules_and_calendar(client) -> None:  # type: ignore[no-untyped-def]
    source = programme()
    AwardProgramme.objects.filter(pk=source.pk).update(
        min_operation_years=5,
        publicity_day_unit="working",
        prize_places_limit=4,
        manufacturing_places_limit=3,
        service_places_limit=1,
        accepts_individuals=True,
        individual_places=2,
        individual_scheme="individual-quality",
        individual_name="赣州市市长质量奖（个人）",
    )
    HolidayCalendarDay.objects.create(
        programme=source, day="2026-10-01", kind=CalendarDayKind.HOLIDAY, name="国庆节"
    )
    client.force_login(operator())
    page = client.get(CREATE + f"?template=copy&source={source.pk}")
    assert page.context["form"]["prize_places_limit"].value() == 4
    assert page.context["calendar_days"] == 1
    city = AwardProgramme.objects.create(
        name="吉安市市长质量奖",
        slug="jian-mayor",
        awarding_body="吉安市人民政府",
        office_name="吉安办",
    )
    client.post(
        CREATE,
        _post(
            template="copy",
            source=str(source.pk),
            guided_by=str(city.pk),
            prize_places_limit="4",
            manufacturing_places_limit="3",
            service_places_limit="1",
        ),
    )
    created = AwardProgramme.objects.get(slug="nanchang-test")
    assert (created.min_operation_years, created.publicity_day_unit) == (5, "working")
    assert created.guided_by_id == city.pk
    assert created.calendar_days.count() == 1
    assert created.rules_approved is False
    # R15: every level takes the new programme's own name, never the copied one's.
    assert created.accepts_individuals is True
    assert created.individual_name == ""
    assert created.prize_name == "南昌市市长质量奖（测试）"


def test_the_operator_copies_a_programme_with_its_own_sector_buckets(client) -> None:  # type: ignore[no-untyped-def]
    # R2 / Art. 6: a zone's award has one bucket of 3 places (not the 2022 measures' two); its
    # copy keeps that bucket, without asking manufacturing and service places that could not
    # add up (the zone's limits of 3 + 2 against 3 prize places).
    source = AwardProgramme.objects.create(
        name="赣州经开区主任质量奖（样例）",
        slug="zone-sample",
        awarding_body="赣州经济技术开发区管理委员会",
        office_name="经开区办",
        prize_places_limit=3,
        nomination_places_limit=0,
        sector_buckets=one_bucket(prize=3, nomination=0),
    )
    client.force_login(operator())
    page = client.get(CREATE + f"?template=copy&source={source.pk}")
    assert "manufacturing_places_limit" not in page.context["form"].fields
    data = _post(template="copy", source=str(source.pk), prize_places_limit="3")
    data["nomination_places_limit"] = "0"
    del data["manufacturing_places_limit"], data["service_places_limit"]
    response = client.post(CREATE, data)
    assert response.status_code == 302, response.context["form"].errors
    created = AwardProgramme.objects.get(slug="nanchang-test")
    assert created.sector_buckets == one_bucket(prize=3, nomination=0)
    # Places that the kept bucket does not hold are refused by the service, nothing is set up.
    data.update(name="另一奖项", slug="another", prize_places_limit="4")
    response = client.post(CREATE, data)
    assert response.status_code == 200
    assert not AwardProgramme.objects.filter(slug="another").exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": "赣州市市长质量奖"}, "name", "An award programme with this name already exists."),
        ({"slug": "GANZHOU-MAYOR"}, "slug", "Another award programme already has this short name."),
        ({"slug": "南昌"}, "slug", "Use only Latin letters, digits, hyphens and underscores."),
        ({"template": "copy"}, "source", "Choose the programme whose settings and rules to copy."),
        (
            {"service_places_limit": "1"},
            "service_places_limit",
            "The manufacturing and service places (3 + 1) must add up to the prize places (5).",
        ),
    ],
)
def test_a_wrong_value_is_refused_with_its_reason(  # type: ignore[no-untyped-def]
    client, overrides: dict[str, str], field: str, message: str
) -> None:
    programme()
    client.force_login(operator())
    response = client.post(CREATE, _post(**overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert errors[field][0].startswith(message)
    assert not AwardProgramme.objects.filter(slug="nanchang-test").exists()


def test_a_county_programme_guides_none() -> None:
    """Art. 11(9): only a city programme (guided by none) guides; the service refuses."""
    county = other_programme()
    AwardProgramme.objects.filter(pk=county.pk).update(guided_by=programme())
    county.refresh_from_db()
    with pytest.raises(DomainError, match="Only a city programme"):
        services.set_up_programme(
            actor=operator(),
            template=ProgrammeTemplate.MEASURES,
            guided_by=county,
            **_service_values(),
        )
    assert not AwardProgramme.objects.filter(slug="nanchang-test").exists()


def test_the_same_name_twice_is_refused_by_the_service() -> None:
    services.set_up_programme(
        actor=operator(), template=ProgrammeTemplate.MEASURES, **_service_values()
    )
    with pytest.raises(DomainError, match="this name already exists"):
        services.set_up_programme(
            actor=operator(), template=ProgrammeTemplate.MEASURES, **_service_values(slug="x")
        )
    with pytest.raises(DomainError, match="already has this short name"):
        services.set_up_programme(
            actor=operator(), template=ProgrammeTemplate.MEASURES, **_service_values(name="另一")
        )


def test_the_operator_logs_in_with_a_second_factor() -> None:
    """It opens programmes and their office accounts: a password alone is not enough."""
    with override_settings(OTP_ENFORCED=True):
        assert second_factor_required(operator()) is True
        assert second_factor_required(UserFactory()) is False


# --- changing a programme after its set-up --------------------------------------------------------


def _edit_url(prog: AwardProgramme) -> str:
    return reverse("awards:platform_programme_edit", args=[prog.pk])


def _edit_post(prog: AwardProgramme, **overrides: Any) -> dict[str, Any]:
    values = _identity(prog, **overrides)
    guide = values["guided_by"]
    return {**values, "guided_by": str(getattr(guide, "pk", guide) or "")}


def test_the_operator_changes_a_programmes_name_offices_and_guide(client) -> None:  # type: ignore[no-untyped-def]
    city = programme()
    county = other_programme()
    rules = (county.rules_version, county.rules_approved_version, county.validity_years)
    client.force_login(operator())
    assert _edit_url(county) in client.get(LIST).content.decode()
    page = client.get(_edit_url(county))
    assert page.status_code == 200
    assert page.context["form"]["name"].value() == "南康区区长质量奖"
    response = client.post(
        _edit_url(county),
        _edit_post(
            county,
            name="南康区区长质量奖（更名）",
            slug="Nankang-Renamed",
            leading_group_name="南康区质量强区工作领导小组",
            guided_by=str(city.pk),
        ),
    )
    assert response["Location"] == LIST
    county.refresh_from_db()
    assert (county.name, county.slug, county.guided_by_id) == (
        "南康区区长质量奖（更名）",
        "nankang-renamed",
        city.pk,
    )
    # R15: the prize's name left at its default follows; the rules stay as they were.
    assert county.prize_name == "南康区区长质量奖（更名）"
    assert (county.rules_version, county.rules_approved_version, county.validity_years) == rules
    entry = DecisionLogEntry.objects.get(action="programme.edit")
    assert entry.data["changes"]["name"] == ["南康区区长质量奖", "南康区区长质量奖（更名）"]
    assert entry.data["changes"]["guided_by"] == [None, city.pk]
    assert set(entry.data["changes"]) == {
        "name",
        "slug",
        "leading_group_name",
        "guided_by",
        "prize_name",
        "nomination_name",
    }
    # Nothing changed: nothing logged.
    client.post(_edit_url(county), _edit_post(county))
    assert DecisionLogEntry.objects.filter(action="programme.edit").count() == 1


def test_an_office_user_cannot_change_a_programme(client) -> None:  # type: ignore[no-untyped-def]
    """Outsiders: the programme's own office, its leading group, another programme's office."""
    county = other_programme()
    for user in (
        role_user(Role.OFFICE, prog=county),
        role_user(Role.LEADING_GROUP, prog=county),
        office_user(),
    ):
        client.force_login(user)
        assert client.get(_edit_url(county)).status_code == 404
        assert client.post(_edit_url(county), _edit_post(county, name="X")).status_code == 404
        with pytest.raises(DomainError):
            services.update_programme(county, actor=user, **_identity(county, name="X"))
    county.refresh_from_db()
    assert county.name == "南康区区长质量奖"
    assert not DecisionLogEntry.objects.filter(action="programme.edit").exists()


def _identity(prog: AwardProgramme, **overrides: Any) -> dict[str, Any]:
    values = {
        "name": prog.name,
        "slug": prog.slug,
        "awarding_body": prog.awarding_body,
        "office_name": prog.office_name,
        "leading_group_name": prog.leading_group_name,
        "guided_by": prog.guided_by,
    }
    values.update(overrides)
    return values


def test_a_name_in_use_and_a_wrong_guide_are_refused(client) -> None:  # type: ignore[no-untyped-def]
    """Art. 11(9): guidance has one level: a city programme guides, a guided one does not,
    a programme that guides others is guided by none, and none guides itself."""
    city = programme()
    county = other_programme()
    AwardProgramme.objects.filter(pk=county.pk).update(guided_by=city)
    county.refresh_from_db()
    client.force_login(operator())
    taken = client.post(_edit_url(county), _edit_post(county, name=city.name))
    assert taken.status_code == 400
    assert taken.context["form"].errors["name"] == [
        "An award programme with this name already exists."
    ]
    form = client.get(_edit_url(city)).context["form"]
    assert form.fields["guided_by"].disabled is True
    assert city not in form.fields["guided_by"].queryset
    admin = operator()
    other = another_city()
    with pytest.raises(DomainError, match="no programme can guide it"):
        services.update_programme(city, actor=admin, **_identity(city, guided_by=other))
    with pytest.raises(DomainError, match="Only a city programme"):
        services.update_programme(other, actor=admin, **_identity(other, guided_by=county))
    with pytest.raises(DomainError, match="Only a city programme"):
        services.update_programme(other, actor=admin, **_identity(other, guided_by=other))
    with pytest.raises(DomainError, match="short name"):
        services.update_programme(other, actor=admin, **_identity(other, slug="GANZHOU-MAYOR"))
    assert not DecisionLogEntry.objects.filter(action="programme.edit").exists()
