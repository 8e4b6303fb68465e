"""API keys: issued by the programme's office, stored hashed, shown once, refused when
revoked, expired or when the account they act as lost its role; every change logged."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from accounts.enums import Role
from accounts.models import ProgrammeRole
from api.enums import KeyAccess, KeyScope
from api.keys import secret_sha256
from api.models import ApiKey
from api.services import create_api_key, revoke_api_key
from common.errors import DomainError
from decisionlog.models import DecisionLogEntry
from tests.api.helpers import issue, keyed
from tests.awards.helpers import other_programme, other_programme_office
from tests.factories import department, liaison_user, office_user, programme

pytestmark = pytest.mark.django_db

ROUNDS = "/api/v1/department/consultations/"


def test_the_key_is_stored_only_as_its_hash_and_the_creation_is_logged() -> None:
    office = office_user()
    raw = issue(office, name="市政务服务网")
    key = ApiKey.objects.get()
    assert raw.startswith(f"gqa_{key.prefix}_")
    assert key.secret_sha256 == secret_sha256(raw)
    assert raw not in str(ApiKey.objects.values().get())
    entry = DecisionLogEntry.objects.get(action="api_key.create")
    assert (entry.actor_id, entry.data["name"], entry.data["scope"]) == (
        office.pk,
        "市政务服务网",
        "office",
    )
    assert raw not in str(entry.data)


def test_another_programmes_office_cannot_issue_a_key() -> None:
    with pytest.raises(DomainError):
        create_api_key(
            programme(),
            actor=other_programme_office(),
            name="x",
            scope=KeyScope.OFFICE,
            access=KeyAccess.READ,
            expires_on=timezone.localdate() + datetime.timedelta(days=3),
        )
    assert not ApiKey.objects.exists()


@pytest.mark.parametrize("days", [0, -1, 800])
def test_an_expiry_today_in_the_past_or_beyond_two_years_is_refused(days: int) -> None:
    with pytest.raises(DomainError, match="两年"):
        create_api_key(
            programme(),
            actor=office_user(),
            name="x",
            scope=KeyScope.OFFICE,
            access=KeyAccess.READ,
            expires_on=timezone.localdate() + datetime.timedelta(days=days - 1),
        )


def test_a_department_key_needs_a_liaison_of_this_programme() -> None:
    outsider = liaison_user(department("tax"))
    role = ProgrammeRole.objects.get(user=outsider)
    role.programme = other_programme()
    role.save()
    with pytest.raises(DomainError, match="联络员"):
        create_api_key(
            programme(),
            actor=office_user(),
            name="x",
            scope=KeyScope.DEPARTMENT,
            access=KeyAccess.WRITE,
            expires_on=timezone.localdate() + datetime.timedelta(days=3),
            liaison_role=role,
        )


def test_an_office_key_reads_only() -> None:
    with pytest.raises(DomainError, match="只能读取"):
        create_api_key(
            programme(),
            actor=office_user(),
            name="市场监管综合平台",
            scope=KeyScope.OFFICE,
            access=KeyAccess.WRITE,
            expires_on=timezone.localdate() + datetime.timedelta(days=3),
        )
    assert not ApiKey.objects.exists()


def test_a_department_key_acts_as_its_liaison_for_its_department() -> None:
    liaison = liaison_user(department("tax"))
    issue(office_user(), scope=KeyScope.DEPARTMENT, liaison=liaison)
    key = ApiKey.objects.get()
    assert (key.acts_as, key.department) == (liaison, department("tax"))


def test_a_valid_key_is_accepted_and_its_use_stamped() -> None:
    liaison = liaison_user(department("tax"))
    raw = issue(office_user(), scope=KeyScope.DEPARTMENT, liaison=liaison)
    assert keyed(raw).get(ROUNDS).status_code == 200
    assert ApiKey.objects.get().last_used_at is not None


@pytest.mark.parametrize(
    "header",
    ["Bearer gqa_nope_nope", "Bearer ", "Token abc", "Bearer not-a-key"],
)
def test_a_malformed_or_unknown_key_is_refused(header: str, client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(ROUNDS, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_a_key_with_a_wrong_secret_is_refused() -> None:
    liaison = liaison_user(department("tax"))
    raw = issue(office_user(), scope=KeyScope.DEPARTMENT, liaison=liaison)
    assert keyed(raw[:-2] + "xx").get(ROUNDS).status_code == 401


def test_a_revoked_key_is_refused_from_the_next_request_and_the_revocation_logged() -> None:
    office = office_user()
    liaison = liaison_user(department("tax"))
    raw = issue(office, scope=KeyScope.DEPARTMENT, liaison=liaison)
    revoke_api_key(ApiKey.objects.get(), actor=office, reason="泄露")
    response = keyed(raw).get(ROUNDS)
    assert (response.status_code, response.json()["detail"]) == (401, "该接口密钥已被撤销。")
    entry = DecisionLogEntry.objects.get(action="api_key.revoke")
    assert (entry.actor_id, entry.reason) == (office.pk, "泄露")
    with pytest.raises(DomainError):
        revoke_api_key(ApiKey.objects.get(), actor=office)


def test_another_programmes_office_cannot_revoke_a_key() -> None:
    raw = issue(office_user())
    with pytest.raises(DomainError):
        revoke_api_key(ApiKey.objects.get(), actor=other_programme_office())
    assert ApiKey.objects.get().revoked_at is None
    assert raw


def test_an_expired_key_is_refused() -> None:
    liaison = liaison_user(department("tax"))
    raw = issue(office_user(), scope=KeyScope.DEPARTMENT, liaison=liaison)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=40)):
        response = keyed(raw).get(ROUNDS)
    assert (response.status_code, response.json()["detail"]) == (401, "该接口密钥已过期。")


def test_a_key_stops_when_its_account_loses_the_role() -> None:
    liaison = liaison_user(department("tax"))
    raw = issue(office_user(), scope=KeyScope.DEPARTMENT, liaison=liaison)
    ProgrammeRole.objects.filter(user=liaison, role=Role.LIAISON).update(active=False)
    assert keyed(raw).get(ROUNDS).status_code == 401
