"""A stolen password alone does not change the password: a user with a second factor enters a
code again (SECOND_FACTOR_FRESH_SECONDS) before the password change, so whoever knows only the
password cannot end the real user's sessions and lock them out."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.accounts.conftest import PASSWORD
from tests.accounts.test_second_factor import code_for, enrolled, password_login
from tests.factories import applicant_user, expert_user

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Another-Long-Passphrase-2031"
CHANGE = reverse("accounts:password_change")
VERIFY = reverse("accounts:second_factor_verify")


@pytest.fixture(autouse=True)
def _second_factor_on(settings) -> None:  # type: ignore[no-untyped-def]
    settings.OTP_ENFORCED = True
    settings.SECOND_FACTOR_FRESH_SECONDS = 600


def _change(client):  # type: ignore[no-untyped-def]
    return client.post(
        CHANGE,
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )


def test_the_password_alone_does_not_change_the_password(client) -> None:  # type: ignore[no-untyped-def]
    user = expert_user()
    enrolled(user)
    password_login(client, user)
    response = _change(client)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{VERIFY}?next=")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_a_code_entered_long_ago_is_asked_again_then_the_change_goes_through(client) -> None:  # type: ignore[no-untyped-def]
    user = expert_user()
    device = enrolled(user)
    password_login(client, user)
    assert client.post(VERIFY, {"code": code_for(device)}).status_code == 302
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=11)):
        assert _change(client)["Location"].startswith(f"{VERIFY}?next=")
        device.refresh_from_db()
        assert client.post(VERIFY, {"code": code_for(device), "next": CHANGE}).status_code == 302
        assert _change(client)["Location"] == reverse("accounts:password_change_done")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_a_user_without_a_second_factor_changes_the_password_with_it(client) -> None:  # type: ignore[no-untyped-def]
    user = applicant_user()
    password_login(client, user)
    assert _change(client)["Location"] == reverse("accounts:password_change_done")
