"""Programme boundaries in the expert pool (Art. 11(2)): a profile shared between programmes
is edited only by the programme that owns it. Another programme's office, sharing the expert,
adds its own note and former employers (which only add R12 conflicts) and can neither delete
the owner's former employers, deactivate the expert, nor create its login."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from accounts.enums import Role
from accounts.models import ProgrammeRole, User
from experts.models import ExpertFormerEmployer, ExpertProfile, ExpertProgrammeNote
from experts.services import pool as services_pool
from tests.factories import UserFactory, grant_role, make_credit_code, programme
from tests.reviews.conftest import _english, office
from tests.reviews.helpers import other_programme
from tests.reviews.views.test_expert import logged_in

__all__ = ["_english", "office"]


def county_office() -> User:
    return grant_role(UserFactory(), Role.OFFICE, prog=other_programme())


def shared_city_expert(city_office: User, county: User) -> ExpertProfile:
    """A city expert with a former employer the city recorded, shared with the county."""
    expert = services_pool.create_expert(
        programme(),
        actor=city_office,
        fields={
            "name": "刘建华",
            "employer": "江西理工大学",
            "employer_credit_code": make_credit_code(),
        },
        former_employers=[
            {
                "employer": "赣州某电子厂",
                "credit_code": "",
                "from_date": None,
                "to_date": date(2025, 6, 30),
            }
        ],
    )
    services_pool.add_expert_to_programme(expert, other_programme(), actor=county)
    return expert


def profile_post(expert: ExpertProfile, rows: list[dict[str, str]], **extra: str) -> dict[str, str]:
    data = {
        "name": expert.name,
        "employer": expert.employer,
        "employer_credit_code": expert.employer_credit_code,
        "note": "",
        "former-TOTAL_FORMS": str(len(rows)),
        "former-INITIAL_FORMS": str(sum(1 for row in rows if row.get("id"))),
        "former-MIN_NUM_FORMS": "0",
        "former-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"former-{index}-{key}"] = value
    data.update(extra)
    return data


def test_another_programme_cannot_delete_the_owners_former_employer_or_deactivate(
    office: User,
) -> None:
    county = county_office()
    expert = shared_city_expert(office, county)
    row = expert.former_employers.get()
    url = reverse("experts:pool_edit", args=[expert.pk]) + f"?programme={other_programme().pk}"
    attack = profile_post(
        expert,
        [
            {
                "id": str(row.pk),
                "expert": str(expert.pk),
                "employer": row.employer,
                "to_date": "2025-06-30",
                "DELETE": "on",
            }
        ],
        title="改过的职称",
    )
    # The owner's row is not in the county's formset: the post saves only the county's record.
    logged_in(county).post(url, attack)
    assert ExpertFormerEmployer.objects.filter(pk=row.pk).exists()
    expert.refresh_from_db()
    assert expert.active
    assert expert.title == ""


def test_another_programme_cannot_create_the_login(office: User) -> None:
    county = county_office()
    expert = shared_city_expert(office, county)
    response = logged_in(county).post(
        reverse("experts:pool_login", args=[expert.pk]) + f"?programme={other_programme().pk}",
        {"username": "liujh", "email": "liujh@example.com"},
    )
    assert response.status_code == 403
    assert not User.objects.filter(username="liujh").exists()
    assert not ProgrammeRole.objects.filter(role=Role.EXPERT, programme=programme()).exists()


def test_another_programme_adds_its_note_and_conflicts_only(office: User) -> None:
    county = county_office()
    expert = shared_city_expert(office, county)
    owners_row = expert.former_employers.get()
    client = logged_in(county)
    url = reverse("experts:pool_edit", args=[expert.pk])
    page = client.get(url).content.decode()
    assert 'id="pool-shared-profile"' in page
    assert 'name="title"' not in page
    added = {"employer": "信丰某厂", "credit_code": "", "from_date": "", "to_date": "2025-01-31"}
    response = client.post(url, profile_post(expert, [added], note="县里的备注"))
    assert response.status_code == 302
    assert ExpertProgrammeNote.objects.get(expert=expert, programme=other_programme()).note == (
        "县里的备注"
    )
    assert set(expert.former_employers.values_list("employer", "programme__slug")) == {
        ("赣州某电子厂", "ganzhou-mayor"),
        ("信丰某厂", "xinfeng"),
    }
    # The owner rewrites its own rows; the county's conflict stays.
    response = logged_in(office).post(url, profile_post(expert, [], active="on"))
    assert response.status_code == 302
    assert list(expert.former_employers.values_list("employer", flat=True)) == ["信丰某厂"]
    assert not ExpertFormerEmployer.objects.filter(pk=owners_row.pk).exists()


def test_the_service_refuses_another_programmes_edit_and_import_only_shares(
    office: User,
) -> None:
    county = county_office()
    expert = shared_city_expert(office, county)
    with pytest.raises(services_pool.DomainError):
        services_pool.update_expert(
            expert, other_programme(), actor=county, fields={"title": "x"}, active=False
        )
    result = services_pool.import_experts(
        other_programme(),
        actor=county,
        rows=[
            {
                "name": expert.name,
                "employer": "另一个单位",
                "employer_credit_code": expert.employer_credit_code,
            }
        ],
    )
    assert (result.created, result.updated, result.shared) == (0, 0, 1)
    expert.refresh_from_db()
    assert expert.employer == "江西理工大学"
    assert expert.owner == programme()
