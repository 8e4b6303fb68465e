"""The office's pages for its API keys: issue (the key shown once), list, revoke."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from api.keys import secret_sha256
from api.models import ApiKey
from decisionlog.models import DecisionLogEntry
from tests.api.helpers import issue
from tests.awards.helpers import other_programme_office
from tests.factories import department, liaison_user, office_user, programme

pytestmark = pytest.mark.django_db


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_the_office_issues_a_department_key_and_sees_it_once() -> None:
    office = office_user()
    liaison = liaison_user(department("tax"))
    role = liaison.programme_roles.get()
    client = _client(office)
    response = client.post(
        reverse("api:key_create"),
        {
            "programme": programme().pk,
            "name": "市税务局征信系统",
            "scope": "department",
            "liaison": role.pk,
            "access": "write",
            "expires_on": "2099-01-01",
        },
    )
    # The expiry is too far: refused with the reason, nothing stored.
    assert response.status_code == 400
    assert "不超过两年" in response.content.decode()
    assert not ApiKey.objects.exists()
    response = client.post(
        reverse("api:key_create"),
        {
            "programme": programme().pk,
            "name": "市税务局征信系统",
            "scope": "department",
            "liaison": role.pk,
            "access": "write",
            "expires_on": (timezone.localdate() + datetime.timedelta(days=90)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    raw = re.search(r'value="(gqa_[^"]+)"', response.content.decode())
    assert raw is not None
    key = ApiKey.objects.get()
    assert (key.secret_sha256, key.acts_as, key.department) == (
        secret_sha256(raw.group(1)),
        liaison,
        department("tax"),
    )
    listing = client.get(reverse("api:key_list")).content.decode()
    assert "市税务局征信系统" in listing
    assert raw.group(1) not in listing


def test_a_department_key_without_a_liaison_is_a_form_error() -> None:
    response = _client(office_user()).post(
        reverse("api:key_create"),
        {"name": "x", "scope": "department", "access": "read", "expires_on": "2030-01-01"},
    )
    assert response.status_code == 400
    assert "请选择部门联络员。" in response.content.decode()


def test_an_office_key_with_write_access_is_a_form_error() -> None:
    response = _client(office_user()).post(
        reverse("api:key_create"),
        {
            "name": "市场监管综合平台",
            "scope": "office",
            "access": "write",
            "expires_on": (timezone.localdate() + datetime.timedelta(days=90)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "评审办公室的接口密钥只能读取" in response.content.decode()
    assert not ApiKey.objects.exists()


def test_the_office_revokes_a_key_from_the_list() -> None:
    office = office_user()
    issue(office)
    key = ApiKey.objects.get()
    response = _client(office).post(
        reverse("api:key_revoke", args=[key.pk]), {"reason": "系统停用"}
    )
    assert response.status_code == 302
    key.refresh_from_db()
    assert key.revoked_by == office
    assert DecisionLogEntry.objects.get(action="api_key.revoke").reason == "系统停用"


def test_another_programmes_office_cannot_see_or_revoke_the_key() -> None:
    issue(office_user())
    key = ApiKey.objects.get()
    outsider = _client(other_programme_office())
    assert "省质量奖平台" not in outsider.get(reverse("api:key_list")).content.decode()
    assert outsider.post(reverse("api:key_revoke", args=[key.pk])).status_code == 404
    key.refresh_from_db()
    assert key.revoked_at is None


def test_a_liaison_does_not_reach_the_key_pages() -> None:
    client = _client(liaison_user(department("tax")))
    assert client.get(reverse("api:key_list")).status_code == 404
    assert client.get(reverse("api:key_create")).status_code == 404


def test_the_office_menu_links_the_key_pages() -> None:
    page = _client(office_user()).get(reverse("accounts:dashboard")).content.decode()
    assert reverse("api:key_list") in page


def test_the_key_list_takes_the_same_queries_at_two_sizes() -> None:
    office = office_user()
    client = _client(office)
    counts = []
    for size in (2, 12):
        while ApiKey.objects.count() < size:
            issue(office, name=f"系统{ApiKey.objects.count()}")
        client.get(reverse("api:key_list"))  # warm the session
        with CaptureQueriesContext(connection) as captured:
            page = client.get(reverse("api:key_list"))
        assert page.content.decode().count('class="api-key-row') == size
        counts.append(len(captured))
    assert counts[0] == counts[1]
