"""Programme boundaries for the reset of a second factor (a lost phone). Only an office of a
programme the user belongs to alone, or an administrator, may reset it; the reset is logged,
the user is told by e-mail, and the user's roles outside the resetting office's programmes stay
suspended until a new authenticator is enrolled."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.enums import Role
from accounts.models import ProgrammeRole, User
from decisionlog.models import DecisionLogEntry
from notifications.models import OutboxMessage
from tests.factories import UserFactory, expert_user, grant_role, office_user
from tests.reviews.helpers import other_programme

pytestmark = pytest.mark.django_db

RESET = "accounts:second_factor_reset"


@pytest.fixture(autouse=True)
def _second_factor_off(settings) -> None:  # type: ignore[no-untyped-def]
    settings.OTP_ENFORCED = False


def enrolled(user: User) -> User:
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return user


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def shared_expert() -> User:
    """A city expert who also serves the county programme."""
    return enrolled(grant_role(expert_user(), Role.EXPERT, prog=other_programme()))


def untouched(user: User) -> None:
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert not ProgrammeRole.objects.filter(user=user, active=False).exists()
    assert not DecisionLogEntry.objects.filter(action="security.second_factor_reset").exists()
    assert not OutboxMessage.objects.filter(event="second_factor_reset").exists()


def test_county_office_cannot_reset_a_city_expert() -> None:
    county_office = grant_role(UserFactory(), Role.OFFICE, prog=other_programme())
    city_only = enrolled(expert_user())
    shared = shared_expert()
    client = logged_in(county_office)

    assert client.post(reverse(RESET), {"user": city_only.pk}).status_code == 404
    untouched(city_only)

    response = client.post(reverse(RESET), {"user": shared.pk}, follow=True)
    assert response.status_code == 200
    assert "只有系统管理员可以重置" in response.content.decode()
    untouched(shared)


def test_city_office_cannot_reset_its_expert_who_also_serves_the_county() -> None:
    shared = shared_expert()
    response = logged_in(office_user()).post(reverse(RESET), {"user": shared.pk}, follow=True)
    assert "此用户还在其他评奖项目中担任角色，只有系统管理员可以重置其两步验证。" in (
        response.content.decode()
    )
    untouched(shared)


def test_office_resets_a_user_of_its_programme_alone_logged_and_e_mailed() -> None:
    office = office_user()
    expert = enrolled(expert_user())
    assert logged_in(office).post(reverse(RESET), {"user": expert.pk}).status_code == 302
    assert not TOTPDevice.objects.filter(user=expert).exists()
    entry = DecisionLogEntry.objects.get(action="security.second_factor_reset")
    assert (entry.actor_id, entry.object_id) == (office.pk, str(expert.pk))
    assert entry.data["suspended_roles"] == []
    assert OutboxMessage.objects.filter(
        event="second_factor_reset", recipient=expert, address=expert.email
    ).exists()
    assert ProgrammeRole.objects.get(user=expert).active


def test_administrator_reset_suspends_the_roles_and_enrolment_revives_only_those() -> None:
    admin = UserFactory(is_superuser=True, is_staff=True)
    shared = shared_expert()
    disqualified = ProgrammeRole.objects.create(
        user=shared, programme=other_programme(), role=Role.LEADING_GROUP, active=False
    )
    assert logged_in(admin).post(reverse(RESET), {"user": shared.pk}).status_code == 302

    assert not TOTPDevice.objects.filter(user=shared).exists()
    roles = ProgrammeRole.objects.filter(user=shared).exclude(pk=disqualified.pk)
    assert roles.count() == 2
    assert all(not r.active and r.suspended_for_second_factor for r in roles)
    entry = DecisionLogEntry.objects.get(action="security.second_factor_reset")
    assert entry.actor_id == admin.pk
    assert sorted(entry.data["suspended_roles"]) == sorted(r.pk for r in roles)
    message = OutboxMessage.objects.get(event="second_factor_reset", recipient=shared)
    assert "重置" in message.subject

    client = logged_in(shared)
    assert client.get(reverse("accounts:second_factor_enrol")).status_code == 200
    device = TOTPDevice.objects.get(user=shared, confirmed=False)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    code = f"{totp.token():0{device.digits}d}"
    assert client.post(reverse("accounts:second_factor_enrol"), {"code": code}).status_code == 302

    assert all(r.active and not r.suspended_for_second_factor for r in roles.all())
    disqualified.refresh_from_db()
    assert not disqualified.active
    assert DecisionLogEntry.objects.filter(
        action="security.second_factor_roles_revived", object_id=str(shared.pk)
    ).exists()
