"""Registration does not tell whether a user name exists: a staff account's name gets the very
answer an unused name gets, nothing is created, and only the contact address learns it."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from organisations.models import Organisation
from tests.factories import office_user
from tests.organisations.views.test_register import form_data

pytestmark = pytest.mark.django_db


def _page_text(html: str) -> str:
    """The page without its CSRF tokens (masked afresh for each response)."""
    return re.sub(r"\b[A-Za-z0-9]{64}\b", "", html)


def test_a_staff_user_name_gets_the_same_answer_as_an_unused_one(
    django_capture_on_commit_callbacks,
) -> None:
    office_user(username="office")
    url = reverse("applications:register")
    with django_capture_on_commit_callbacks(execute=True):
        taken = Client(REMOTE_ADDR="203.0.113.20").post(url, form_data(username="office"))
    assert Organisation.objects.count() == 0
    assert User.objects.filter(username__iexact="office").count() == 1
    [told] = mail.outbox
    assert told.to == ["chenxiao@nkjj.example.cn"]
    assert "“office”" in told.body and "已被使用" in told.body

    unused = Client(REMOTE_ADDR="203.0.113.21").post(url, form_data(username="nkjiaju"))
    assert User.objects.filter(username="nkjiaju").exists()

    assert taken.status_code == unused.status_code == 200
    assert _page_text(taken.content.decode()) == _page_text(unused.content.decode())
    assert "该用户名已被占用" not in taken.content.decode()
    assert set(taken.cookies) == set(unused.cookies)
