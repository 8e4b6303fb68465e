"""A programme's first accounts, from the portal's pages: the installation's operator invites
the users of any programme's office and leading group by e-mail; the city office those of a
programme it guides (Art. 11(9)), never of its own or of one it does not guide. The invitee
chooses a user name and password through the one-time link, and office staff then set up the
second factor at the first log-in as every office user does."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from accounts.enums import Role
from accounts.models import ProgrammeRole, User
from accounts.second_factor import second_factor_required
from awards.models import AwardProgramme
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from organisations.models import ProgrammeInvitation
from organisations.services import invite_to_programme
from tests.awards.helpers import other_programme, role_user
from tests.factories import UserFactory, grant_role, office_user, programme
from tests.organisations.views.test_colleagues import (  # noqa: F401  (autouse: English)
    _english,
    english,
    join_data,
    link_in,
)

pytestmark = pytest.mark.django_db


def _guided() -> AwardProgramme:
    county = other_programme()
    AwardProgramme.objects.filter(pk=county.pk).update(guided_by=programme())
    county.refresh_from_db()
    return county


def _url(prog: AwardProgramme) -> str:
    return reverse("organisations:programme_accounts", args=[prog.pk])


@pytest.mark.parametrize("role", [Role.OFFICE, Role.LEADING_GROUP])
def test_the_operator_invites_and_the_invitee_opens_the_account_once(
    role: str, django_capture_on_commit_callbacks
) -> None:
    operator = UserFactory(is_staff=True)
    county = _guided()
    client = english(operator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(county), {"email": "Chen@Example.gov.cn", "role": role})
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["chen@example.gov.cn"]
    assert county.name in mail.outbox[-1].subject
    link = link_in(mail.outbox[-1], "organisations:join_programme")
    assert DecisionLogEntry.objects.filter(action="programme.invite").count() == 1
    visitor = english()
    assert county.name in visitor.get(link).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        answer = visitor.post(link, join_data("chenjing"))
    assert answer.status_code == 200
    user = User.objects.get(username="chenjing")
    assert user.email == "chen@example.gov.cn"
    assert list(ProgrammeRole.objects.filter(user=user).values_list("programme_id", "role")) == [
        (county.pk, role)
    ]
    # Office staff set up the second factor at the first log-in, as every office user does.
    with override_settings(OTP_ENFORCED=True):
        assert second_factor_required(user) is (role == Role.OFFICE)
    assert DecisionLogEntry.objects.filter(action="programme.join").count() == 1
    # The link works once.
    assert english().get(link).status_code == 404
    page = client.get(_url(county)).content.decode()
    assert "chenjing" in page


def test_the_city_office_invites_the_accounts_of_a_programme_it_guides() -> None:
    county = _guided()
    client = english(office_user())
    guided_page = client.get(reverse("awards:guided_programmes", args=[programme().pk]))
    assert _url(county) in guided_page.content.decode()
    assert client.get(_url(county)).status_code == 200
    response = client.post(_url(county), {"email": "li@example.gov.cn", "role": Role.OFFICE})
    assert response.status_code == 302
    assert ProgrammeInvitation.objects.get().programme_id == county.pk


def test_a_city_office_cannot_invite_for_a_programme_it_does_not_guide() -> None:
    """Outsiders of the same role: the city office for its own programme and for another
    city's county; the county's office for its own (the city guides it, not itself)."""
    county = _guided()
    other_city = AwardProgramme.objects.create(
        name="吉安市市长质量奖",
        slug="jian-mayor",
        awarding_body="吉安市人民政府",
        office_name="吉安办",
    )
    jian_county = AwardProgramme.objects.create(
        name="井冈山市市长质量奖",
        slug="jinggangshan",
        awarding_body="井冈山市人民政府",
        office_name="井冈山办",
        guided_by=other_city,
    )
    city_office = office_user()
    for user, prog in (
        (city_office, programme()),
        (city_office, jian_county),
        (role_user(Role.OFFICE, prog=county), county),
        (role_user(Role.LEADING_GROUP, prog=programme()), county),
    ):
        client = english(user)
        assert client.get(_url(prog)).status_code == 404
        assert (
            client.post(_url(prog), {"email": "x@example.gov.cn", "role": "office"}).status_code
            == 404
        )
        with pytest.raises(DomainError):
            invite_to_programme(prog, actor=user, email="x@example.gov.cn", role=Role.OFFICE)
    assert not ProgrammeInvitation.objects.exists()


def test_a_role_held_already_and_a_wrong_address_are_refused_with_the_reason() -> None:
    county = _guided()
    holder = grant_role(UserFactory(email="wang@example.gov.cn"), Role.OFFICE, prog=county)
    client = english(UserFactory(is_staff=True))
    again = client.post(_url(county), {"email": holder.email.upper(), "role": Role.OFFICE})
    assert again.status_code == 200
    assert again.context["form"].errors["email"] == [
        "A user with this e-mail address holds this role already."
    ]
    wrong = client.post(_url(county), {"email": "not-an-address", "role": Role.OFFICE})
    assert "email" in wrong.context["form"].errors
    assert not ProgrammeInvitation.objects.exists()
