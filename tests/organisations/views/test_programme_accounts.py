"""A programme's first accounts, from the portal's pages: the installation's operator invites
the users of any programme's office and leading group by e-mail; the city office those of a
programme it guides (Art. 11(9)), never of its own or of one it does not guide. The invitee
chooses a user name and password through the one-time link, and office staff then set up the
second factor at the first log-in as every office user does."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

import pytest
import time_machine
from django.core import mail
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from accounts.models import ProgrammeRole, User
from accounts.second_factor import second_factor_required
from awards.models import AwardProgramme
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from organisations.models import ProgrammeInvitation
from organisations.services import (
    accept_programme_invitation_with_account,
    cancel_programme_invitation,
    invite_to_programme,
    resend_programme_invitation,
)
from tests.awards.helpers import another_city, other_programme, role_user
from tests.factories import (
    UserFactory,
    applicant_user,
    expert_user,
    grant_role,
    office_user,
    programme,
)
from tests.organisations.views.test_colleagues import (  # noqa: F401  (autouse: English)
    _english,
    assert_cancelled_once,
    assert_the_cancelled_link_says_so,
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
    other_city = another_city()
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


# --- an account the invitee has already ---------------------------------------------------------


def _invite(county: AwardProgramme, email: str, role: str = Role.OFFICE, *, by=None) -> str:
    """Invite ``email`` and return the link's path (the e-mail is sent at once)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        invite_to_programme(county, actor=by or UserFactory(is_staff=True), email=email, role=role)
    return link_in(mail.outbox[-1], "organisations:join_programme")


def test_an_invitee_with_an_account_logs_in_and_joins_with_it() -> None:
    county = _guided()
    expert = expert_user(email="Chen@Example.gov.cn", username="chen_expert")
    link = _invite(county, "chen@example.gov.cn")
    # Not logged in: the page offers to log in and come back, beside the new account's form.
    page = english().get(link)
    login = reverse("accounts:login") + "?" + urlencode({"next": link})
    assert page.context["login_url"] == login
    assert 'data-testid="join-log-in"' in page.content.decode()
    client = english(expert)
    page = client.get(link)
    assert page.status_code == 200
    assert 'data-testid="join-with-account"' in page.content.decode()
    assert "form" not in page.context
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(link)
    assert response["Location"] == reverse("accounts:dashboard")
    assert ProgrammeRole.objects.filter(
        user=expert, programme=county, role=Role.OFFICE, active=True
    ).exists()
    assert User.objects.filter(email__iexact="chen@example.gov.cn").count() == 1
    invitation = ProgrammeInvitation.objects.get()
    assert (invitation.accepted_by, invitation.accepted_at is not None) == (expert, True)
    entry = DecisionLogEntry.objects.get(action="programme.join")
    assert (entry.data["username"], entry.data["existing_account"]) == ("chen_expert", True)
    assert mail.outbox[-1].to == ["chen@example.gov.cn"]
    assert "chen_expert" in mail.outbox[-1].body
    # The link works once.
    assert client.get(link).status_code == 404


def test_an_ended_role_is_made_active_again_by_joining_with_the_account() -> None:
    county = _guided()
    member = grant_role(UserFactory(email="wu@example.gov.cn"), Role.LEADING_GROUP, prog=county)
    ProgrammeRole.objects.filter(user=member).update(active=False)
    link = _invite(county, "wu@example.gov.cn", Role.LEADING_GROUP)
    assert english(member).post(link).status_code == 302
    assert list(ProgrammeRole.objects.filter(user=member).values_list("role", "active")) == [
        (Role.LEADING_GROUP, True)
    ]


def test_an_account_of_another_address_or_an_applicant_cannot_join_with_the_link() -> None:
    """The link proves the invited mailbox and the log-in the account: both must be the
    invitee's; an applicant organisation's user does not run or approve the award."""
    county = _guided()
    link = _invite(county, "zhao@example.gov.cn")
    stranger = expert_user(email="someone@example.gov.cn")
    page = english(stranger).get(link)
    assert 'data-testid="address-differs"' in page.content.decode()
    assert 'data-testid="join-with-account"' not in page.content.decode()
    refused = english(stranger).post(link)
    assert refused.status_code == 400
    assert "not the e-mail address of the account" in refused.context["account_error"]
    applicant = applicant_user(email="zhao@example.gov.cn")
    refused = english(applicant).post(link)
    assert refused.status_code == 400
    assert "applicant organisation" in refused.context["account_error"]
    assert not ProgrammeRole.objects.filter(programme=county).exists()
    assert ProgrammeInvitation.objects.get().accepted_at is None
    # The invitee itself still opens a new account with the link.
    assert english().post(link, join_data("zhaolei")).status_code == 200
    assert User.objects.filter(username="zhaolei").exists()


def test_a_holder_of_the_role_is_refused_and_the_invitation_stays_open() -> None:
    county = _guided()
    link = _invite(county, "sun@example.gov.cn")
    holder = grant_role(UserFactory(email="sun@example.gov.cn"), Role.OFFICE, prog=county)
    with pytest.raises(DomainError, match="holds this role"):
        accept_programme_invitation_with_account(link.split("/")[-2], user=holder)
    assert ProgrammeInvitation.objects.get().accepted_at is None


# --- cancelling and sending again ----------------------------------------------------------------


def _action(county: AwardProgramme, invitation: ProgrammeInvitation, name: str) -> str:
    return reverse("organisations:programme_invitation", args=[county.pk, invitation.pk, name])


def test_the_operator_cancels_an_invitation_and_its_link_says_so_in_chinese() -> None:
    county = _guided()
    operator = UserFactory(is_staff=True)
    link = _invite(county, "qian@example.gov.cn", by=operator)
    invitation = ProgrammeInvitation.objects.get()
    client = english(operator)
    page = client.get(_url(county)).content.decode()
    assert _action(county, invitation, "cancel") in page
    assert _action(county, invitation, "resend") in page
    response = client.post(_action(county, invitation, "cancel"))
    assert response["Location"] == _url(county)
    invitation.refresh_from_db()
    assert (invitation.cancelled_by, invitation.cancelled_at is not None) == (operator, True)
    entry = DecisionLogEntry.objects.get(action="programme.invite_cancel")
    assert (entry.actor_id, entry.data["email"]) == (operator.pk, "qian@example.gov.cn")
    assert client.get(_url(county)).context["invitations"] == []
    assert_the_cancelled_link_says_so(link, "qianli")
    assert_cancelled_once(client, _action(county, invitation, "cancel"), invitation, operator)


def test_sending_again_gives_a_new_link_and_expiry_and_ends_the_old_link() -> None:
    county = _guided()
    city_office = office_user()  # the city office guides the county's programme
    with time_machine.travel("2031-03-02 09:00 +0800", tick=False):
        old_link = _invite(county, "zhou@example.gov.cn", by=city_office)
    invitation = ProgrammeInvitation.objects.get()
    with time_machine.travel("2031-03-12 09:00 +0800", tick=False):
        client = english(city_office)
        # Expired: still listed, marked so, and sent again.
        page = client.get(_url(county)).content.decode()
        assert "expired on 2031-03-09" in page
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = client.post(_action(county, invitation, "resend"))
        assert response["Location"] == _url(county)
        new_link = link_in(mail.outbox[-1], "organisations:join_programme")
        assert mail.outbox[-1].to == ["zhou@example.gov.cn"]
        assert new_link != old_link
        invitation.refresh_from_db()
        assert timezone.localtime(invitation.expires_at).date() == date(2031, 3, 19)
        entry = DecisionLogEntry.objects.get(action="programme.invite_resend")
        assert (entry.actor_id, entry.data["invitation"]) == (city_office.pk, invitation.pk)
        assert english().get(old_link).status_code == 404
        assert english().post(new_link, join_data("zhouyi")).status_code == 200
    assert ProgrammeRole.objects.get(user__username="zhouyi").programme_id == county.pk
    # Accepted: neither cancelled nor sent again any more.
    assert client.post(_action(county, invitation, "resend")).status_code == 404
    with pytest.raises(DomainError, match="accepted already"):
        cancel_programme_invitation(invitation, actor=city_office)


def test_an_outsider_cannot_cancel_or_send_again_an_invitation() -> None:
    """Outsiders of the same role: another city's office, the county's own office (not its
    guide), the city's leading group, a user who is no operator."""
    county = _guided()
    _invite(county, "feng@example.gov.cn")
    invitation = ProgrammeInvitation.objects.get()
    other_city = another_city()
    sent = len(mail.outbox)
    for outsider in (
        role_user(Role.OFFICE, prog=other_city),
        role_user(Role.OFFICE, prog=county),
        role_user(Role.LEADING_GROUP, prog=programme()),
        UserFactory(),
    ):
        client = english(outsider)
        for name in ("cancel", "resend"):
            assert client.post(_action(county, invitation, name)).status_code == 404
        with pytest.raises(DomainError):
            cancel_programme_invitation(invitation, actor=outsider)
        with pytest.raises(DomainError):
            resend_programme_invitation(invitation, actor=outsider)
    invitation.refresh_from_db()
    assert invitation.cancelled_at is None
    assert len(mail.outbox) == sent
    assert not DecisionLogEntry.objects.filter(
        action__in=("programme.invite_cancel", "programme.invite_resend")
    ).exists()


def test_an_invitation_of_another_programme_is_not_found_through_this_one() -> None:
    county = _guided()
    _invite(county, "he@example.gov.cn")
    invitation = ProgrammeInvitation.objects.get()
    client = english(UserFactory(is_staff=True))
    wrong = reverse(
        "organisations:programme_invitation", args=[programme().pk, invitation.pk, "cancel"]
    )
    assert client.post(wrong).status_code == 404
    assert client.get(_action(county, invitation, "cancel")).status_code == 405
    assert client.post(_action(county, invitation, "delete")).status_code == 404
