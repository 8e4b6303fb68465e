from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from notifications.enums import DeliveryState
from notifications.events import EVENTS
from notifications.models import NotificationPreference, OutboxMessage
from notifications.services import notify
from tests.factories import applicant_user, leading_group_user, office_user, programme
from tests.notifications.helpers import county_office, message

pytestmark = pytest.mark.django_db


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_inbox_saves_the_language_of_messages() -> None:
    user = applicant_user()
    client = _client(user)
    page = client.get(reverse("notifications:inbox"))
    assert page.status_code == 200
    assert reverse("notifications:outbox") not in page.content.decode()
    response = client.post(reverse("notifications:inbox"), {"language": "en"})
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=user).language == "en"
    assert client.post(reverse("notifications:inbox"), {"language": "xx"}).status_code == 200
    assert NotificationPreference.objects.get(user=user).language == "en"


def test_office_reaches_the_outbox_from_its_dashboard_and_messages_page() -> None:
    client = _client(office_user())
    message(state=DeliveryState.FAILED)
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert reverse("notifications:outbox") + "?state=failed" in dashboard
    assert re.search(r'id="dashboard-outbox-failed"[^>]*>1<', dashboard)
    assert reverse("notifications:templates_preview") in dashboard
    assert (
        reverse("notifications:outbox")
        in client.get(reverse("notifications:inbox")).content.decode()
    )


@pytest.mark.parametrize("make_user", [applicant_user, leading_group_user])
def test_the_outbox_and_previews_are_for_the_office_only(make_user) -> None:  # type: ignore[no-untyped-def]
    row = message(state=DeliveryState.FAILED)
    client = _client(make_user())
    for url in (
        reverse("notifications:outbox"),
        reverse("notifications:templates_preview"),
        reverse("notifications:outbox_message", args=[row.pk]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("notifications:outbox_retry", args=[row.pk])).status_code == 404
    assert client.post(reverse("notifications:outbox_retry_failed")).status_code == 404


def test_an_office_of_another_programme_does_not_see_the_message() -> None:
    row = message(state=DeliveryState.FAILED, address="objector@example.cn")
    client = _client(county_office())
    page = client.get(reverse("notifications:outbox"))
    assert page.status_code == 200
    assert "objector@example.cn" not in page.content.decode()
    assert client.get(reverse("notifications:outbox_message", args=[row.pk])).status_code == 404
    assert client.post(reverse("notifications:outbox_retry", args=[row.pk])).status_code == 404
    client.post(reverse("notifications:outbox_retry_failed"))
    row.refresh_from_db()
    assert row.state == DeliveryState.FAILED


def test_the_office_lists_filters_and_sends_a_failed_message_again(
    django_capture_on_commit_callbacks,
) -> None:
    failed = message(
        state=DeliveryState.FAILED, attempts=5, last_error="SMTPServerDisconnected: gone"
    )
    message(state=DeliveryState.SENT, subject="已发送的消息")
    client = _client(office_user())
    page = client.get(reverse("notifications:outbox"), {"state": "failed"}).content.decode()
    assert "SMTPServerDisconnected" in page
    assert "已发送的消息" not in page
    detail = client.get(reverse("notifications:outbox_message", args=[failed.pk])).content.decode()
    assert "SMTPServerDisconnected: gone" in detail
    assert reverse("notifications:outbox_retry", args=[failed.pk]) in detail
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("notifications:outbox_retry", args=[failed.pk]))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.state == DeliveryState.SENT
    assert len(mail.outbox) == 1
    # Sending a sent message again is refused with a message, nothing changes.
    response = client.post(reverse("notifications:outbox_retry", args=[failed.pk]), follow=True)
    assert len(mail.outbox) == 1
    assert response.status_code == 200


def test_retry_all_failed_from_the_outbox(django_capture_on_commit_callbacks) -> None:
    for _ in range(2):
        message(state=DeliveryState.FAILED, attempts=5)
    client = _client(office_user())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("notifications:outbox_retry_failed"))
    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {DeliveryState.SENT}


def test_the_preview_shows_every_template_in_both_languages() -> None:
    page = _client(office_user()).get(reverse("notifications:templates_preview"))
    html = page.content.decode()
    for key in EVENTS:
        assert f'id="template-{key}"' in html
    assert html.count('lang="zh-CN"') >= len(EVENTS)
    assert "Objection receipt YY20311203-7KQ4XM" in html


@pytest.mark.parametrize("n", [2, 12])
def test_outbox_list_queries_do_not_grow_with_rows(n, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    office = office_user()
    recipients = [applicant_user() for _ in range(n)]
    notify(recipients, subject="出站测试消息", body="正文", programme_id=programme().pk)
    for row in OutboxMessage.objects.all()[:1]:
        OutboxMessage.objects.filter(pk=row.pk).update(state=DeliveryState.FAILED)
    client = _client(office)
    client.get(reverse("notifications:outbox"))  # warm the session
    with django_assert_num_queries(8):
        page = client.get(reverse("notifications:outbox"))
    assert page.content.decode().count("出站测试消息") == n
