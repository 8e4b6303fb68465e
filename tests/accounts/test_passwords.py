"""Password reset by e-mail and password change."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.accounts.conftest import PASSWORD, english_client
from tests.factories import UserFactory, office_user

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Gz-quality-2031!"


def reset_link(message_body: str) -> str:
    match = re.search(r"http://testserver(/accounts/password/reset/[^/\s]+/[^/\s]+/)", message_body)
    assert match, message_body
    return match.group(1)


def test_login_page_links_to_password_reset() -> None:
    page = english_client().get(reverse("accounts:login")).content.decode()
    assert f'href="{reverse("accounts:password_reset")}"' in page
    assert "Forgotten your password?" in page


def test_reset_by_email_sets_a_new_password_once() -> None:
    user = UserFactory(email="zhang@example.cn")
    client = english_client()
    response = client.post(reverse("accounts:password_reset"), {"email": "zhang@example.cn"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["zhang@example.cn"]
    assert message.subject == "Reset your password for the Ganzhou Mayor's Quality Award portal"
    assert f'the account "{user.username}"' in message.body
    link = reset_link(message.body)

    # The link redirects to a token-less URL that shows the form.
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"] is True
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)

    # The link works once.
    again = english_client().get(link, follow=True)
    assert again.context["validlink"] is False
    assert "This link is invalid or has already been used" in again.content.decode()


def test_reset_for_an_unknown_address_sends_nothing_and_reveals_nothing() -> None:
    UserFactory(email="zhang@example.cn")
    response = english_client().post(
        reverse("accounts:password_reset"), {"email": "nobody@example.cn"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_reset_for_a_deactivated_account_sends_nothing() -> None:
    UserFactory(email="gone@example.cn", is_active=False)
    english_client().post(reverse("accounts:password_reset"), {"email": "gone@example.cn"})
    assert mail.outbox == []


def test_reset_form_refuses_a_weak_password() -> None:
    UserFactory(email="zhang@example.cn")
    client = english_client()
    client.post(reverse("accounts:password_reset"), {"email": "zhang@example.cn"})
    form_page = client.get(reset_link(mail.outbox[0].body), follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "12345678", "new_password2": "12345678"}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "This password is too common." in text
    assert "invalid-feedback" in text


def test_password_change_needs_a_login() -> None:
    response = english_client().get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_user_menu_links_to_password_change() -> None:
    client = english_client()
    client.force_login(office_user())
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert f'href="{reverse("accounts:password_change")}"' in page


def test_password_change_with_a_wrong_old_password_shows_the_error() -> None:
    user = office_user()
    client = english_client()
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "not-it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "Your old password was entered incorrectly." in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_change_done_page_says_other_sessions_ended() -> None:
    client = english_client()
    client.force_login(office_user())
    page = client.get(reverse("accounts:password_change_done")).content.decode()
    assert "Your other sessions have been ended." in page
