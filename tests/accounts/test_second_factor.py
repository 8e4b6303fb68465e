"""Second factor: TOTP with django-otp and static backup codes. Required for office
staff and experts (OTP_REQUIRED_ROLES), for leading-group members where the programme's
policy says so, optional for applicants. The suite switches the step off (tests/conftest.py);
these tests switch it on."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import SecondFactorPolicy
from accounts.second_factor import second_factor_required
from decisionlog.models import DecisionLogEntry
from tests.accounts.conftest import PASSWORD, english_client
from tests.factories import (
    applicant_user,
    expert_user,
    leading_group_user,
    liaison_user,
    office_user,
    programme,
    recommender_user,
)

pytestmark = pytest.mark.django_db

DASHBOARD = "/accounts/dashboard/"
ENROL = "/accounts/two-step/enrol/"
VERIFY = "/accounts/two-step/verify/"


@pytest.fixture(autouse=True)
def _second_factor_on(settings) -> None:  # type: ignore[no-untyped-def]
    settings.OTP_ENFORCED = True
    settings.OTP_REQUIRED_ROLES = ["office", "expert"]


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def password_login(client, user) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302, response.content[:500]


def enrolled(user) -> TOTPDevice:  # type: ignore[no-untyped-def]
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


# --- who must ---------------------------------------------------------------------------


def test_office_and_expert_must_use_a_second_factor_applicant_recommender_liaison_may() -> None:
    assert second_factor_required(office_user()) is True
    assert second_factor_required(expert_user()) is True
    assert second_factor_required(applicant_user()) is False
    assert second_factor_required(recommender_user()) is False
    assert second_factor_required(liaison_user()) is False


def test_leading_group_member_must_only_where_the_programme_policy_says_so() -> None:
    leader = leading_group_user()
    assert second_factor_required(leader) is False
    SecondFactorPolicy.objects.create(programme=programme(), leading_group_required=True)
    assert second_factor_required(leader) is True


def test_an_inactive_office_role_does_not_require_it() -> None:
    user = office_user()
    user.programme_roles.update(active=False)
    assert second_factor_required(user) is False


def test_the_setting_names_the_required_roles(settings) -> None:  # type: ignore[no-untyped-def]
    settings.OTP_REQUIRED_ROLES = ["office"]
    assert second_factor_required(expert_user()) is False
    settings.OTP_ENFORCED = False
    assert second_factor_required(office_user()) is False


# --- enforcement after the password -----------------------------------------------------


@pytest.mark.parametrize("make_user", [office_user, expert_user])
def test_required_user_without_authenticator_is_sent_to_enrol_before_any_page(make_user) -> None:  # type: ignore[no-untyped-def]
    client = english_client()
    password_login(client, make_user())
    for url in (DASHBOARD, "/office/rounds/", "/notifications/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(ENROL + "?next=")


def test_logout_and_password_change_stay_reachable_before_enrolment() -> None:
    client = english_client()
    password_login(client, office_user())
    assert client.get(reverse("accounts:password_change")).status_code == 200
    assert client.get(ENROL).status_code == 200
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(DASHBOARD)["Location"].startswith("/accounts/login/")


def test_htmx_request_of_an_unverified_user_gets_an_hx_redirect() -> None:
    client = english_client()
    password_login(client, office_user())
    response = client.get(DASHBOARD, HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(ENROL)


def test_applicant_without_authenticator_goes_straight_on() -> None:
    client = english_client()
    password_login(client, applicant_user())
    assert client.get(DASHBOARD).status_code == 200


def test_force_login_users_pass_when_the_step_is_off(settings) -> None:  # type: ignore[no-untyped-def]
    settings.OTP_ENFORCED = False
    client = english_client()
    client.force_login(office_user())
    assert client.get(DASHBOARD).status_code == 200


# --- enrolment ------------------------------------------------------------------------------


def test_enrolment_shows_a_qr_code_and_key_then_confirms_with_a_code_and_gives_backup_codes() -> (
    None
):
    user = office_user()
    client = english_client()
    password_login(client, user)
    page = client.get(f"{ENROL}?next=/office/rounds/")
    html = page.content.decode()
    assert 'src="data:image/svg+xml' in html
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', html).group(1)  # type: ignore[union-attr]
    from base64 import b32encode

    assert secret.replace(" ", "") == b32encode(device.bin_key).decode()
    # Reloading keeps the same device (and QR code).
    client.get(ENROL)
    assert TOTPDevice.objects.filter(user=user).count() == 1

    response = client.post(ENROL, {"code": code_for(device), "next": "/office/rounds/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/two-step/backup-codes/?next=/office/rounds/"
    device.refresh_from_db()
    assert device.confirmed is True
    codes_page = client.get(response["Location"]).content.decode()
    stored = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(stored) == 10
    assert all(code in codes_page for code in stored)
    # Shown once only.
    assert not any(code in client.get(response["Location"]).content.decode() for code in stored)
    # The session is verified: pages open.
    assert client.get("/office/rounds/").status_code == 200


def test_enrolment_with_a_wrong_code_says_so_and_confirms_nothing() -> None:
    user = office_user()
    client = english_client()
    password_login(client, user)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=user)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post(ENROL, {"code": wrong})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed is False
    assert not StaticToken.objects.filter(device__user=user).exists()
    assert client.get(DASHBOARD)["Location"].startswith(ENROL)


def test_applicant_may_enrol_from_the_dashboard_link_and_is_then_asked_at_each_login() -> None:
    user = applicant_user()
    client = english_client()
    password_login(client, user)
    dashboard = client.get(DASHBOARD).content.decode()
    assert reverse("accounts:second_factor") in dashboard
    assert (
        reverse("accounts:second_factor_enrol")
        in client.get("/accounts/two-step/").content.decode()
    )
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=user)
    assert client.post(ENROL, {"code": code_for(device)}).status_code == 302

    other = english_client()
    password_login(other, user)
    assert other.get(DASHBOARD)["Location"].startswith(VERIFY)


def test_optional_user_may_turn_it_off_but_a_required_one_may_not() -> None:
    applicant = applicant_user()
    enrolled(applicant)
    client = english_client()
    client.force_login(applicant)
    _verify_session(client, applicant)
    assert client.post(reverse("accounts:second_factor_remove")).status_code == 302
    assert not TOTPDevice.objects.filter(user=applicant).exists()

    office = office_user()
    enrolled(office)
    client = english_client()
    client.force_login(office)
    _verify_session(client, office)
    client.post(reverse("accounts:second_factor_remove"))
    assert TOTPDevice.objects.filter(user=office).count() == 1


def _verify_session(client, user) -> None:  # type: ignore[no-untyped-def]
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    response = client.post(VERIFY, {"code": code_for(device)})
    assert response.status_code == 302


# --- verification after the password ------------------------------------------------------


def test_enrolled_user_must_verify_after_password_then_reaches_the_page_asked_for() -> None:
    user = expert_user()
    device = enrolled(user)
    client = english_client()
    password_login(client, user)
    response = client.get(DASHBOARD)
    assert response["Location"] == f"{VERIFY}?next=%2Faccounts%2Fdashboard%2F"
    response = client.post(VERIFY, {"code": code_for(device), "next": DASHBOARD})
    assert response["Location"] == DASHBOARD
    assert client.get(DASHBOARD).status_code == 200


def test_the_second_step_page_shows_no_menu_until_the_code_is_given() -> None:
    """The pages behind the menu are closed until the second step: the page offers the code
    field, the language switch and log-out, not the role's menu."""
    user = office_user()
    device = enrolled(user)
    client = english_client()
    password_login(client, user)
    page = client.get(VERIFY).content.decode()
    assert 'name="code"' in page and 'data-testid="logout"' in page
    assert reverse("awards:round_list") not in page
    client.post(VERIFY, {"code": code_for(device)})
    assert reverse("awards:round_list") in client.get(DASHBOARD).content.decode()


def test_wrong_code_is_refused_and_the_user_stays_unverified() -> None:
    user = office_user()
    device = enrolled(user)
    client = english_client()
    password_login(client, user)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post(VERIFY, {"code": wrong})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert client.get(DASHBOARD)["Location"].startswith(VERIFY)


def test_a_used_totp_code_cannot_be_replayed_in_another_session() -> None:
    user = office_user()
    device = enrolled(user)
    code = code_for(device)
    first = english_client()
    password_login(first, user)
    assert first.post(VERIFY, {"code": code}).status_code == 302
    second = english_client()
    password_login(second, user)
    assert second.post(VERIFY, {"code": code}).status_code == 200
    assert second.get(DASHBOARD).status_code == 302


def test_a_backup_code_works_once() -> None:
    user = office_user()
    enrolled(user)
    from accounts.second_factor import regenerate_backup_codes

    code = regenerate_backup_codes(user)[0]
    client = english_client()
    password_login(client, user)
    assert client.post(VERIFY, {"code": code}).status_code == 302
    assert client.get(DASHBOARD).status_code == 200
    assert StaticToken.objects.filter(device__user=user).count() == 9
    again = english_client()
    password_login(again, user)
    assert again.post(VERIFY, {"code": code}).status_code == 200


def test_regenerating_backup_codes_replaces_the_old_ones() -> None:
    user = applicant_user()
    enrolled(user)
    from accounts.second_factor import regenerate_backup_codes

    old = set(regenerate_backup_codes(user))
    client = english_client()
    client.force_login(user)
    _verify_session(client, user)
    response = client.post(reverse("accounts:second_factor_regenerate"))
    assert response["Location"] == reverse("accounts:second_factor_backup_codes")
    new = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(new) == 10
    assert not (old & new)


def test_verify_refuses_an_offsite_next_url() -> None:
    user = office_user()
    device = enrolled(user)
    client = english_client()
    password_login(client, user)
    response = client.post(VERIFY, {"code": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == "/accounts/dashboard/"


def test_logout_ends_the_verified_session() -> None:
    user = office_user()
    device = enrolled(user)
    client = english_client()
    password_login(client, user)
    client.post(VERIFY, {"code": code_for(device)})
    key = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    client.post(reverse("accounts:logout"))
    assert not Session.objects.filter(session_key=key).exists()
    password_login(client, user)
    assert client.get(DASHBOARD)["Location"].startswith(VERIFY)


# --- the office's policy for leading-group members -----------------------------------------


def test_office_sets_the_leading_group_policy_logged_and_leaders_then_must_enrol() -> None:
    office = office_user()
    enrolled(office)
    leader = leading_group_user()
    client = english_client()
    client.force_login(office)
    _verify_session(client, office)
    security_page = client.get("/accounts/two-step/").content.decode()
    assert reverse("accounts:second_factor_policy") in security_page
    assert client.get(reverse("accounts:second_factor_policy")).status_code == 200
    response = client.post(
        reverse("accounts:second_factor_policy"), {"required": [str(programme().pk)]}
    )
    assert response.status_code == 302
    assert SecondFactorPolicy.objects.get(programme=programme()).leading_group_required is True
    entry = DecisionLogEntry.objects.get(action="security.second_factor_policy")
    assert (entry.actor_id, entry.from_state, entry.to_state) == (office.pk, "optional", "required")

    leader_client = english_client()
    password_login(leader_client, leader)
    assert leader_client.get(DASHBOARD)["Location"].startswith(ENROL)


@pytest.mark.parametrize("make_user", [leading_group_user, applicant_user, expert_user])
def test_policy_page_is_unknown_to_everyone_but_the_office(make_user, settings) -> None:  # type: ignore[no-untyped-def]
    settings.OTP_ENFORCED = False
    client = english_client()
    client.force_login(make_user())
    assert client.get(reverse("accounts:second_factor_policy")).status_code == 404
    assert (
        client.post(reverse("accounts:second_factor_policy"), {"required": ["1"]}).status_code
        == 404
    )
    assert not SecondFactorPolicy.objects.exists()


def test_other_programmes_office_cannot_set_this_programmes_policy(settings) -> None:  # type: ignore[no-untyped-def]
    from awards.models import AwardProgramme
    from tests.factories import UserFactory, grant_role

    settings.OTP_ENFORCED = False
    county = AwardProgramme.objects.create(name="章贡区区长质量奖", slug="zg-test")
    county_office = grant_role(UserFactory(), "office", prog=county)
    client = english_client()
    client.force_login(county_office)
    client.post(reverse("accounts:second_factor_policy"), {"required": [str(programme().pk)]})
    assert not SecondFactorPolicy.objects.filter(programme=programme()).exists()
    assert not SecondFactorPolicy.objects.filter(leading_group_required=True).exists()


def test_repeated_wrong_codes_are_throttled_even_the_right_one_then_allowed_later() -> None:
    import time_machine
    from django.utils import timezone

    user = office_user()
    device = enrolled(user)
    client = english_client()
    password_login(client, user)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(3):
            wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
            assert client.post(VERIFY, {"code": wrong}).status_code == 200
        # Throttled after the first failure (tries during the wait do not even count), so
        # the right code is refused until the wait is over.
        assert client.post(VERIFY, {"code": code_for(device)}).status_code == 200
        device.refresh_from_db()
        assert device.throttling_failure_count == 1
    with time_machine.travel(start + timedelta(seconds=60), tick=False):
        assert client.post(VERIFY, {"code": code_for(device)}).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


# --- lost phone: the office resets -----------------------------------------------------------


def test_office_resets_the_second_factor_of_a_user_of_its_programme_logged(settings) -> None:  # type: ignore[no-untyped-def]
    settings.OTP_ENFORCED = False
    office = office_user()
    expert = expert_user()
    enrolled(expert)
    from accounts.second_factor import regenerate_backup_codes

    regenerate_backup_codes(expert)
    client = english_client()
    client.force_login(office)
    assert (
        reverse("accounts:second_factor_reset")
        in client.get("/accounts/two-step/").content.decode()
    )
    page = client.get(reverse("accounts:second_factor_reset")).content.decode()
    assert expert.username in page
    response = client.post(reverse("accounts:second_factor_reset"), {"user": expert.pk})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=expert).exists()
    assert not StaticToken.objects.filter(device__user=expert).exists()
    entry = DecisionLogEntry.objects.get(action="security.second_factor_reset")
    assert (entry.actor_id, entry.object_id) == (office.pk, str(expert.pk))

    settings.OTP_ENFORCED = True
    expert_client = english_client()
    password_login(expert_client, expert)
    assert expert_client.get(DASHBOARD)["Location"].startswith(ENROL)


def test_another_programmes_office_cannot_reset_and_non_office_gets_404(settings) -> None:  # type: ignore[no-untyped-def]
    from awards.models import AwardProgramme
    from tests.factories import UserFactory, grant_role

    settings.OTP_ENFORCED = False
    expert = expert_user()
    enrolled(expert)
    county = AwardProgramme.objects.create(name="章贡区区长质量奖", slug="zg-reset")
    county_office = grant_role(UserFactory(), "office", prog=county)
    client = english_client()
    client.force_login(county_office)
    assert (
        expert.username not in client.get(reverse("accounts:second_factor_reset")).content.decode()
    )
    assert (
        client.post(reverse("accounts:second_factor_reset"), {"user": expert.pk}).status_code == 404
    )
    assert TOTPDevice.objects.filter(user=expert).exists()
    for make_user in (applicant_user, leading_group_user, expert_user):
        other = english_client()
        other.force_login(make_user())
        assert other.get(reverse("accounts:second_factor_reset")).status_code == 404
        assert (
            other.post(reverse("accounts:second_factor_reset"), {"user": expert.pk}).status_code
            == 404
        )
    assert TOTPDevice.objects.filter(user=expert).exists()


def test_backup_codes_page_continues_to_the_dashboard_without_a_next() -> None:
    user = applicant_user()
    enrolled(user)
    client = english_client()
    client.force_login(user)
    _verify_session(client, user)
    client.post(reverse("accounts:second_factor_regenerate"))
    page = client.get(reverse("accounts:second_factor_backup_codes")).content.decode()
    assert 'href="/accounts/dashboard/" data-testid="continue"' in page


def test_an_unverified_session_cannot_enrol_a_new_authenticator_over_the_old_one() -> None:
    user = office_user()
    device = enrolled(user)
    client = english_client()
    password_login(client, user)  # password only: someone who knows it but has not the phone
    response = client.get(ENROL)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    assert client.post(ENROL, {"code": "123456"})["Location"].startswith(VERIFY)
    assert list(TOTPDevice.objects.filter(user=user)) == [device]
