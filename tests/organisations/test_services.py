"""register_organisation: one code, one organisation; organisation and first user together."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from accounts.models import User
from decisionlog.models import DecisionLogEntry
from notifications.models import OutboxMessage
from organisations.models import Division, Organisation, OrganisationMembership
from organisations.services import (
    PRIVACY_NOTICE_VERSION,
    RegistrationRefused,
    register_organisation,
)
from tests.factories import OrganisationFactory, make_credit_code

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def details(**overrides):
    values = {
        "name": "赣州虔东稀土集团股份有限公司",
        "credit_code": make_credit_code(),
        "legal_representative": "黄平",
        "address": "江西省赣州市章贡区水西有色冶金基地",
        "division": Division.objects.get(name="章贡区"),
        "founded_on": date(1998, 6, 18),
        "industry_section": "C",
        "industry_class": "C3240 有色金属合金制造",
        "ownership": "private",
        "size": "large",
        "staff_count": 1200,
        "contact_name": "刘敏",
        "contact_phone": "0797-8123456",
        "contact_email": "quality@qiandong.example.cn",
    }
    values.update(overrides)
    return values


def register(**kwargs):
    defaults = {
        "organisation": details(),
        "username": "qiandong",
        "password": "Rare-earth-2031!",
        "privacy_accepted": True,
    }
    defaults.update(kwargs)
    return register_organisation(**defaults)


def test_register_creates_organisation_user_membership_and_log() -> None:
    organisation, user = register(organisation=details(credit_code=make_credit_code().lower()))
    assert organisation.credit_code == organisation.credit_code.upper()
    assert organisation.sector == "manufacturing"
    assert (user.username, user.full_name, user.email, user.phone) == (
        "qiandong",
        "刘敏",
        "quality@qiandong.example.cn",
        "0797-8123456",
    )
    assert user.check_password("Rare-earth-2031!")
    membership = OrganisationMembership.objects.get(user=user)
    assert (membership.organisation, membership.is_admin) == (organisation, True)
    entry = DecisionLogEntry.objects.get(action="organisation.register")
    assert entry.actor == user
    assert entry.object_type == "organisations.Organisation"
    assert entry.object_id == str(organisation.pk)
    assert entry.data["privacy_notice_version"] == PRIVACY_NOTICE_VERSION
    assert entry.data["credit_code"] == organisation.credit_code


def test_register_the_same_code_twice_is_refused_and_writes_nothing() -> None:
    existing = OrganisationFactory()
    with pytest.raises(RegistrationRefused) as refused:
        register(organisation=details(credit_code=existing.credit_code))
    assert refused.value.field == "credit_code"
    assert refused.value.message == (
        "This organisation already has an account on the portal. Ask the colleague who "
        "registered it to help you, or contact the award office."
    )
    assert Organisation.objects.count() == 1
    assert User.objects.filter(username="qiandong").exists() is False
    assert DecisionLogEntry.objects.filter(action="organisation.register").count() == 0


def test_register_without_accepting_the_privacy_notice_is_refused() -> None:
    with pytest.raises(RegistrationRefused) as refused:
        register(privacy_accepted=False)
    assert refused.value.field == "privacy_accepted"
    assert Organisation.objects.count() == 0
    assert User.objects.count() == 0


def test_register_with_a_taken_user_name_writes_nothing_and_tells_the_address() -> None:
    User.objects.create_user(username="QianDong", password="x")
    assert register() is None
    # notifications (connected to organisations.hooks.registration_name_taken) e-mails it.
    [message] = OutboxMessage.objects.filter(event="registration_name_taken")
    assert message.address == "quality@qiandong.example.cn"
    assert message.recipient is None
    assert "“qiandong”" in message.body
    assert Organisation.objects.count() == 0
    assert User.objects.count() == 1


def test_register_with_a_weak_password_is_refused_and_writes_nothing() -> None:
    with pytest.raises(RegistrationRefused) as refused:
        register(password="12345678")
    assert refused.value.field == "password1"
    assert "This password is entirely numeric." in refused.value.message
    assert Organisation.objects.count() == 0
    assert User.objects.count() == 0


def test_register_with_a_wrong_check_character_is_refused() -> None:
    code = make_credit_code()
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    with pytest.raises(RegistrationRefused) as refused:
        register(organisation=details(credit_code=wrong))
    assert refused.value.field == "credit_code"
    assert Organisation.objects.count() == 0
