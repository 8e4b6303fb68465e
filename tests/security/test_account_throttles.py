"""Bots at the public account pages: password resets are throttled per client address and per
e-mail address (beyond the limit nothing is sent, and the answer is the same), registrations
per client address and per user name tried, so staff user names cannot be tried in bulk."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.factories import UserFactory
from tests.organisations.views.test_register import form_data

pytestmark = pytest.mark.django_db


def _from(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def test_password_resets_from_one_address_are_refused_past_the_limit(settings) -> None:
    settings.PASSWORD_RESET_RATE_LIMIT = 3
    client = _from("203.0.113.5")
    url = reverse("accounts:password_reset")
    statuses = [client.post(url, {"email": f"x{i}@example.cn"}).status_code for i in range(4)]
    assert statuses == [302, 302, 302, 429]


def test_password_reset_links_for_one_account_stop_past_the_limit(settings) -> None:
    settings.PASSWORD_RESET_ACCOUNT_RATE_LIMIT = 2
    UserFactory(email="zhang@example.cn")
    url = reverse("accounts:password_reset")
    responses = [
        _from(f"203.0.113.{i}").post(url, {"email": "Zhang@example.cn"}) for i in range(1, 5)
    ]
    # Answered alike (nothing tells that the address has an account); two links sent.
    assert [r["Location"] for r in responses] == [reverse("accounts:password_reset_done")] * 4
    assert len(mail.outbox) == 2


def test_trying_user_names_from_one_address_is_refused_past_the_limit(settings) -> None:
    settings.REGISTRATION_RATE_LIMIT = 3
    client = _from("203.0.113.7")
    url = reverse("applications:register")
    statuses = [
        client.post(url, form_data(username=name)).status_code
        for name in ("office", "leader", "expert1", "expert2")
    ]
    assert statuses[-1] == 429


def test_one_user_name_tried_from_many_addresses_is_refused_past_the_limit(settings) -> None:
    settings.REGISTRATION_USERNAME_RATE_LIMIT = 2
    User.objects.create_user(username="office", password="x")
    url = reverse("applications:register")
    statuses = [
        _from(f"198.51.100.{i}").post(url, form_data(username="Office")).status_code
        for i in range(1, 4)
    ]
    assert statuses[-1] == 429
    assert (
        "该用户名已被占用"
        not in _from("198.51.100.9").post(url, form_data(username="office")).content.decode()
    )
