"""Colleagues: the organisation's first user invites a colleague by e-mail with a
one-time link; the colleague joins and sees only that organisation. And e-mail verification
at registration: until verified the dossier can be filled in but not submitted."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from applications.services.application import add_attachment, submit_application, update_dossier
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from organisations.models import (
    Organisation,
    OrganisationInvitation,
    OrganisationMembership,
    ProgrammeInvitation,
)
from organisations.services import (
    Invitation,
    cancel_colleague_invitation,
    cancel_programme_invitation,
    invite_colleague,
    resend_colleague_invitation,
    resend_programme_invitation,
    send_verification_email,
)
from tests.applications.factories import FullFormApplicationFactory
from tests.factories import (
    OrganisationFactory,
    RecommenderFactory,
    RoundFactory,
    UserFactory,
    applicant_user,
)
from tests.organisations.views.test_register import form_data

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PASSWORD = "Tungsten-Valley-2031"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def english(user=None) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client


def link_in(message, name: str) -> str:
    """The path of the portal link of URL ``name`` in an e-mail."""
    prefix = reverse(name, args=["TOKEN"]).replace("TOKEN/", "")
    match = re.search(re.escape(prefix) + r"[^/\s]+/", message.body)
    assert match, message.body
    return match.group(0)


def join_data(username: str = "lixia") -> dict:
    return {"full_name": "李霞", "username": username, "password1": PASSWORD, "password2": PASSWORD}


def assert_the_cancelled_link_says_so(link: str, username: str) -> None:
    """A cancelled invitation's link is dead and says why, in Chinese: joining through it as
    ``username`` opens nothing."""
    visitor = Client()
    visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    answer = visitor.get(link)
    assert answer.status_code == 404
    assert "该邀请已被邀请人撤销，链接已失效" in answer.content.decode()
    assert english().post(link, join_data(username)).status_code == 404
    assert not User.objects.filter(username=username).exists()


def assert_cancelled_once(client: Client, url: str, invitation: Invitation, actor: User) -> None:
    """Cancelling ``invitation`` again (its button at ``url``, or the service) writes nothing
    more than the one decision, and sending it again is refused."""
    cancel: Callable[..., object]
    resend: Callable[..., object]
    if isinstance(invitation, ProgrammeInvitation):
        cancel, resend, action = (
            cancel_programme_invitation,
            resend_programme_invitation,
            "programme.invite_cancel",
        )
    else:
        cancel, resend, action = (
            cancel_colleague_invitation,
            resend_colleague_invitation,
            "organisation.invite_cancel",
        )
    assert client.post(url).status_code == 404
    with pytest.raises(DomainError, match="cancelled"):
        resend(invitation, actor=actor)
    cancel(invitation, actor=actor)
    assert DecisionLogEntry.objects.filter(action=action).count() == 1


def test_first_user_invites_and_the_colleague_joins_once(
    django_capture_on_commit_callbacks,
) -> None:
    organisation = OrganisationFactory()
    admin = applicant_user(organisation)
    with django_capture_on_commit_callbacks(execute=True):
        response = english(admin).post(
            reverse("organisations:invite"), {"email": "LiXia@Example.cn"}
        )
    assert response["Location"] == reverse("organisations:members")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["lixia@example.cn"]
    invitation = OrganisationInvitation.objects.get()
    path = link_in(mail.outbox[0], "organisations:join")
    assert path.split("/")[-2] not in invitation.token_hash  # only the hash is stored

    page = english().get(path)
    assert page.status_code == 200
    assert organisation.name in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        joined = english().post(path, join_data())
    assert joined.status_code == 200
    assert 'data-testid="invitation-sent"' in joined.content.decode()
    assert "_auth_user_id" not in joined.client.session
    assert "“lixia”" in mail.outbox[-1].body
    assert reverse("accounts:login") in mail.outbox[-1].body
    user = User.objects.get(username="lixia")
    membership = user.organisation_membership
    assert (membership.organisation, membership.is_admin, membership.email_verified) == (
        organisation,
        False,
        True,
    )
    assert user.email == "lixia@example.cn"
    invitation.refresh_from_db()
    assert invitation.accepted_by == user

    reused = english().post(path, join_data("another"))
    assert reused.status_code == 404
    assert "has been used already, has expired or is not valid" in reused.content.decode()
    assert not User.objects.filter(username="another").exists()


def test_joining_with_a_taken_user_name_answers_as_for_a_free_one(
    django_capture_on_commit_callbacks,
) -> None:
    """The join page does not tell whoever holds the link which user names exist (as at
    registration): the same page for a taken name, nothing created, the link used ends and
    only the invited address gets a new one saying why."""
    organisation = OrganisationFactory()
    admin = applicant_user(organisation)
    UserFactory(username="office-zhang")
    with django_capture_on_commit_callbacks(execute=True):
        invite_colleague(organisation, actor=admin, email="lixia@example.cn")
    path = link_in(mail.outbox[0], "organisations:join")
    with django_capture_on_commit_callbacks(execute=True):
        answer = english().post(path, join_data("Office-Zhang"))
    assert answer.status_code == 200
    page = answer.content.decode()
    assert 'data-testid="invitation-sent"' in page
    assert "taken" not in page and "in use" not in page
    assert not OrganisationMembership.objects.filter(organisation=organisation, is_admin=False)
    assert english().get(path).status_code == 404
    message = mail.outbox[-1]
    assert message.to == ["lixia@example.cn"]
    assert "“Office-Zhang”" in message.body and "already in use" in message.body
    new_path = link_in(message, "organisations:join")
    assert new_path != path
    with django_capture_on_commit_callbacks(execute=True):
        english().post(new_path, join_data("lixia"))
    assert User.objects.get(username="lixia").organisation_membership.organisation == organisation


def test_expired_invitation_link_is_refused(django_capture_on_commit_callbacks) -> None:
    organisation = OrganisationFactory()
    admin = applicant_user(organisation)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite_colleague(organisation, actor=admin, email="late@example.cn")
    path = link_in(mail.outbox[0], "organisations:join")
    with time_machine.travel(invitation.expires_at + timedelta(seconds=1)):
        response = english().post(path, join_data())
    assert response.status_code == 404
    assert not User.objects.filter(username="lixia").exists()


def test_a_user_of_another_organisation_cannot_invite_into_this_one() -> None:
    organisation = OrganisationFactory()
    outsider = applicant_user(OrganisationFactory())
    with pytest.raises(DomainError):
        invite_colleague(organisation, actor=outsider, email="x@example.cn")
    assert OrganisationInvitation.objects.count() == 0


def test_an_invited_colleague_cannot_invite_further() -> None:
    organisation = OrganisationFactory()
    colleague = UserFactory()
    OrganisationMembership.objects.create(user=colleague, organisation=organisation, is_admin=False)
    response = english(colleague).post(reverse("organisations:invite"), {"email": "y@example.cn"})
    assert response.status_code == 403
    assert OrganisationInvitation.objects.count() == 0
    page = english(colleague).get(reverse("organisations:members"))
    assert page.context["may_invite"] is False


def test_inviting_a_member_again_is_a_form_error() -> None:
    organisation = OrganisationFactory()
    admin = applicant_user(organisation)
    response = english(admin).post(reverse("organisations:invite"), {"email": admin.email})
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        "A user with this e-mail address is a member already."
    ]


def test_members_page_lists_only_the_own_organisations_colleagues() -> None:
    organisation = OrganisationFactory()
    admin = applicant_user(organisation)
    colleague = applicant_user(organisation)
    stranger = applicant_user(OrganisationFactory())
    page = english(admin).get(reverse("organisations:members"))
    assert [m.user for m in page.context["members"]] == [admin, colleague]
    assert stranger.username not in page.content.decode()


def test_members_page_is_404_for_a_user_without_organisation() -> None:
    response = english(UserFactory()).get(reverse("organisations:members"))
    assert response.status_code == 404


@pytest.mark.parametrize("rows", [1, 5])
def test_members_page_query_count_does_not_grow(rows, django_assert_num_queries) -> None:
    organisation = OrganisationFactory()
    admin = applicant_user(organisation)
    for _ in range(rows - 1):
        applicant_user(organisation)
    client = english(admin)
    client.get(reverse("organisations:members"))  # warm the session
    with django_assert_num_queries(9):
        client.get(reverse("organisations:members"))


# --- its administrator cancels an invitation or sends it again -----------------------------
# As a programme's inviter does on its accounts page (test_programme_accounts.py): a cancelled
# link says so; a link sent again is new, for seven days, and the one before is dead. Nobody
# else can: not a colleague without the right to invite, not another organisation's
# administrator.

MEMBERS = reverse("organisations:members")


def _action(invitation: OrganisationInvitation, name: str) -> str:
    return reverse("organisations:colleague_invitation", args=[invitation.pk, name])


def _invite(organisation: Organisation, admin: User, email: str) -> str:
    """Invite ``email`` and return the path of the link e-mailed."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        invite_colleague(organisation, actor=admin, email=email)
    return link_in(mail.outbox[-1], "organisations:join")


def test_the_administrator_cancels_an_invitation_and_its_link_says_so_in_chinese() -> None:
    organisation = OrganisationFactory()
    admin = applicant_user(organisation)
    link = _invite(organisation, admin, "qian@example.cn")
    invitation = OrganisationInvitation.objects.get()
    client = english(admin)
    page = client.get(MEMBERS).content.decode()
    assert _action(invitation, "cancel") in page
    assert _action(invitation, "resend") in page
    sent = len(mail.outbox)
    response = client.post(_action(invitation, "cancel"))
    assert response["Location"] == MEMBERS
    invitation.refresh_from_db()
    assert (invitation.cancelled_by, invitation.cancelled_at is not None) == (admin, True)
    entry = DecisionLogEntry.objects.get(action="organisation.invite_cancel")
    assert (entry.actor_id, entry.object_id, entry.data) == (
        admin.pk,
        str(organisation.pk),
        {"invitation": invitation.pk, "email": "qian@example.cn"},
    )
    assert len(mail.outbox) == sent  # nobody is e-mailed
    after = client.get(MEMBERS)
    assert after.context["invitations"] == []
    assert "The invitation to qian@example.cn is cancelled" in after.content.decode()
    assert_the_cancelled_link_says_so(link, "qianli")
    assert_cancelled_once(client, _action(invitation, "cancel"), invitation, admin)


def test_sending_again_gives_a_new_link_and_expiry_and_ends_the_old_link() -> None:
    organisation = OrganisationFactory()
    admin = applicant_user(organisation)
    with time_machine.travel("2031-03-02 09:00 +0800", tick=False):
        old_link = _invite(organisation, admin, "zhou@example.cn")
    first = mail.outbox[-1]
    invitation = OrganisationInvitation.objects.get()
    with time_machine.travel("2031-03-12 09:00 +0800", tick=False):
        client = english(admin)
        # Expired: still listed, marked so, and sent again.
        page = client.get(MEMBERS).content.decode()
        assert "expired on 2031-03-09" in page
        chinese = Client()
        chinese.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
        chinese.force_login(admin)
        page = chinese.get(MEMBERS).content.decode()
        assert all(label in page for label in ("未接受的邀请", "已过期", "重新发送", "撤销邀请"))
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = client.post(_action(invitation, "resend"))
        assert response["Location"] == MEMBERS
        again = mail.outbox[-1]
        new_link = link_in(again, "organisations:join")
        assert again.to == ["zhou@example.cn"]
        assert new_link != old_link
        # E-mailed as the invitation first was, with the new link and expiry.
        assert again.subject == first.subject
        assert again.body == first.body.replace(old_link, new_link).replace(
            "2031-03-09 09:00", "2031-03-19 09:00"
        )
        invitation.refresh_from_db()
        assert timezone.localtime(invitation.expires_at).date() == date(2031, 3, 19)
        entry = DecisionLogEntry.objects.get(action="organisation.invite_resend")
        assert (entry.actor_id, entry.data["invitation"]) == (admin.pk, invitation.pk)
        assert english().get(old_link).status_code == 404
        assert english().post(old_link, join_data("zhouyi")).status_code == 404
        assert english().post(new_link, join_data("zhouyi")).status_code == 200
    assert User.objects.get(username="zhouyi").organisation_membership.organisation == organisation
    # Accepted: neither cancelled nor sent again any more.
    assert client.post(_action(invitation, "resend")).status_code == 404
    with pytest.raises(DomainError, match="accepted already"):
        cancel_colleague_invitation(invitation, actor=admin)


def test_another_organisations_administrator_and_a_plain_colleague_cannot_act() -> None:
    """The outsider of the same role (another organisation's administrator) does not find
    the invitation; a colleague of the same organisation without the right to invite is
    refused."""
    organisation = OrganisationFactory()
    admin = applicant_user(organisation)
    _invite(organisation, admin, "feng@example.cn")
    invitation = OrganisationInvitation.objects.get()
    outsider = applicant_user(OrganisationFactory())
    colleague = UserFactory()
    OrganisationMembership.objects.create(user=colleague, organisation=organisation, is_admin=False)
    sent = len(mail.outbox)
    for user, status in ((outsider, 404), (colleague, 403)):
        client = english(user)
        for name in ("cancel", "resend"):
            assert client.post(_action(invitation, name)).status_code == status
        with pytest.raises(DomainError, match="administrator"):
            cancel_colleague_invitation(invitation, actor=user)
        with pytest.raises(DomainError, match="administrator"):
            resend_colleague_invitation(invitation, actor=user)
    page = english(colleague).get(MEMBERS).content.decode()
    assert "feng@example.cn" in page
    assert _action(invitation, "cancel") not in page
    assert _action(invitation, "resend") not in page
    invitation.refresh_from_db()
    assert (invitation.cancelled_at, len(mail.outbox)) == (None, sent)
    assert not DecisionLogEntry.objects.filter(
        action__in=("organisation.invite_cancel", "organisation.invite_resend")
    ).exists()


def test_an_unknown_action_or_a_get_is_refused() -> None:
    organisation = OrganisationFactory()
    admin = applicant_user(organisation)
    _invite(organisation, admin, "he@example.cn")
    invitation = OrganisationInvitation.objects.get()
    client = english(admin)
    assert client.get(_action(invitation, "cancel")).status_code == 405
    assert client.post(_action(invitation, "delete")).status_code == 404
    assert english(UserFactory()).post(_action(invitation, "cancel")).status_code == 404


@pytest.mark.parametrize("rows", [1, 5])
def test_members_page_query_count_does_not_grow_with_invitations(
    rows, django_assert_num_queries
) -> None:
    organisation = OrganisationFactory()
    admin = applicant_user(organisation)
    for n in range(rows):
        _invite(organisation, admin, f"colleague{n}@example.cn")
    client = english(admin)
    client.get(MEMBERS)  # warm the session
    with django_assert_num_queries(9):
        page = client.get(MEMBERS)
    assert len(page.context["invitations"]) == rows


# --- e-mail verification --------------------------------------------------------------------


def test_registration_sends_a_verification_link_and_following_it_verifies(
    django_capture_on_commit_callbacks,
) -> None:
    client = english()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("applications:register"), form_data())
    user = User.objects.get(username="nkjiaju")
    assert user.organisation_membership.email_verified is False
    assert mail.outbox[0].to == ["chenxiao@nkjj.example.cn"]
    path = link_in(mail.outbox[0], "organisations:verify_email")
    response = client.get(path)
    assert response["Location"] == reverse("accounts:login")  # registering does not log in
    user.organisation_membership.refresh_from_db()
    assert user.organisation_membership.email_verified is True


def test_tampered_or_expired_verification_link_is_refused(
    django_capture_on_commit_callbacks,
) -> None:
    organisation = OrganisationFactory()
    user = applicant_user(organisation)
    OrganisationMembership.objects.filter(user=user).update(email_verified=False)
    with django_capture_on_commit_callbacks(execute=True):
        send_verification_email(user)
    path = link_in(mail.outbox[0], "organisations:verify_email")
    english().get(path[:-3] + "xx/")
    with time_machine.travel(timedelta(days=4)):
        english().get(path)
    assert OrganisationMembership.objects.get(user=user).email_verified is False


def _complete_draft():
    application = FullFormApplicationFactory(round=RoundFactory(), recommender=RecommenderFactory())
    user = applicant_user(application.organisation)
    add_attachment(
        application, actor=user, upload=SimpleUploadedFile("申报书.pdf", PDF), kind="form"
    )
    return application, user


def test_unverified_user_can_save_the_dossier_but_not_submit() -> None:
    application, user = _complete_draft()
    OrganisationMembership.objects.filter(user=user).update(email_verified=False)
    update_dossier(application, actor=user, main_products="仍可填写")
    with pytest.raises(DomainError) as refused:
        submit_application(application, actor=user, declaration=True)
    assert refused.value.message == (
        f"Please confirm your e-mail address first: open the link we e-mailed to {user.email}, "
        "or ask for a new one."
    )
    page = english(user).get(reverse("applications:submit", args=[application.pk]))
    html = page.content.decode()
    assert 'id="email-unverified"' in html
    assert reverse("organisations:resend_verification") in html


def test_resend_link_mails_a_new_link_and_returns(django_capture_on_commit_callbacks) -> None:
    application, user = _complete_draft()
    OrganisationMembership.objects.filter(user=user).update(email_verified=False)
    back = reverse("applications:submit", args=[application.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = english(user).post(reverse("organisations:resend_verification"), {"next": back})
    assert response["Location"] == back
    assert mail.outbox[0].to == [user.email]
    english().get(link_in(mail.outbox[0], "organisations:verify_email"))
    submitted = submit_application(application, actor=user, declaration=True)
    assert submitted.status == "submitted"
