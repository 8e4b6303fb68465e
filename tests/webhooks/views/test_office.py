"""The office's webhook pages: reached from the office menu, its own programme's
subscriptions only (another programme's office gets a 404), the secret shown once, disable
and "send again", and query counts flat in the number of rows."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from common.kept_pages import MovesOnCommit
from decisionlog.models import DecisionLogEntry
from notifications.enums import DeliveryState
from tests.awards.helpers import other_programme_office
from tests.factories import applicant_user, leading_group_user, office_user, programme
from webhooks.crypto import decrypt_secret
from webhooks.enums import WebhookEvent
from webhooks.models import WebhookDelivery, WebhookSubscription
from webhooks.services.subscriptions import create_subscription

pytestmark = pytest.mark.django_db


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _subscription(office, name: str = "省局系统") -> WebhookSubscription:  # type: ignore[no-untyped-def]
    subscription, _secret = create_subscription(
        programme().pk,
        actor=office,
        name=name,
        url="https://sjzlj.jiangxi.gov.cn/hooks",
        events=[WebhookEvent.AWARD_REVOKED, WebhookEvent.BAR_IMPOSED],
    )
    return subscription


def _delivery(subscription: WebhookSubscription, n: int, state: str) -> WebhookDelivery:
    return WebhookDelivery.objects.create(
        subscription=subscription,
        event_id=f"evt_{n:032x}",
        event=WebhookEvent.AWARD_REVOKED,
        payload={"id": f"evt_{n:032x}"},
        state=state,
        attempts=8 if state == DeliveryState.FAILED else 1,
        last_status_code=500 if state == DeliveryState.FAILED else 200,
    )


def test_the_office_reaches_webhooks_from_its_menu() -> None:
    page = _client(office_user()).get(reverse("accounts:dashboard")).content.decode()
    assert reverse("webhooks:subscription_list") in page


def test_the_office_subscribes_and_sees_the_secret_once() -> None:
    office = office_user()
    client = _client(office)
    form = client.get(reverse("webhooks:subscription_create"))
    assert form.status_code == 200
    assert "接收地址" in form.content.decode()
    response = client.post(
        reverse("webhooks:subscription_create"),
        {
            "programme": programme().pk,
            "name": "省质量奖管理系统",
            "url": "https://sjzlj.jiangxi.gov.cn/hooks",
            "events": ["award.revoked", "bar.imposed"],
        },
    )
    subscription = WebhookSubscription.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("webhooks:subscription_detail", args=[subscription.pk])
    secret = decrypt_secret(subscription.secret_encrypted)
    first = client.get(response["Location"]).content.decode()
    assert secret in first
    assert 'id="webhook-secret"' in first
    again = client.get(response["Location"]).content.decode()
    assert secret not in again
    assert 'id="webhook-secret"' not in again
    assert subscription.created_by_id == office.pk
    listing = client.get(reverse("webhooks:subscription_list")).content.decode()
    assert "省质量奖管理系统" in listing
    assert secret not in listing


def test_a_refused_url_comes_back_as_a_form_error_in_chinese(settings) -> None:  # type: ignore[no-untyped-def]
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    response = _client(office_user()).post(
        reverse("webhooks:subscription_create"),
        {
            "programme": programme().pk,
            "name": "内网系统",
            "url": "http://127.0.0.1:8080/hooks",
            "events": ["award.revoked"],
        },
    )
    assert response.status_code == 200
    assert "不能向本服务器或内部网络发送" in response.content.decode()
    assert not WebhookSubscription.objects.exists()


def test_an_office_cannot_subscribe_for_a_programme_it_does_not_run() -> None:
    county = other_programme_office()
    response = _client(county).post(
        reverse("webhooks:subscription_create"),
        {
            "programme": programme().pk,
            "name": "系统",
            "url": "https://example.cn/hooks",
            "events": ["award.revoked"],
        },
    )
    assert response.status_code == 200
    assert not WebhookSubscription.objects.exists()


@pytest.mark.parametrize("make_user", [applicant_user, leading_group_user])
def test_webhook_pages_are_for_the_office_only(make_user) -> None:  # type: ignore[no-untyped-def]
    subscription = _subscription(office_user())
    failed = _delivery(subscription, 1, DeliveryState.FAILED)
    client = _client(make_user())
    for url in (
        reverse("webhooks:subscription_list"),
        reverse("webhooks:subscription_create"),
        reverse("webhooks:subscription_detail", args=[subscription.pk]),
    ):
        assert client.get(url).status_code == 404
    assert (
        client.post(reverse("webhooks:subscription_disable", args=[subscription.pk])).status_code
        == 404
    )
    assert client.post(reverse("webhooks:delivery_resend", args=[failed.pk])).status_code == 404


def test_another_programmes_office_neither_sees_nor_touches_the_subscription() -> None:
    subscription = _subscription(office_user())
    failed = _delivery(subscription, 1, DeliveryState.FAILED)
    client = _client(other_programme_office())
    listing = client.get(reverse("webhooks:subscription_list"))
    assert listing.status_code == 200
    assert "省局系统" not in listing.content.decode()
    assert (
        client.get(reverse("webhooks:subscription_detail", args=[subscription.pk])).status_code
        == 404
    )
    assert (
        client.post(reverse("webhooks:subscription_disable", args=[subscription.pk])).status_code
        == 404
    )
    assert client.post(reverse("webhooks:delivery_resend", args=[failed.pk])).status_code == 404
    subscription.refresh_from_db()
    failed.refresh_from_db()
    assert subscription.active is True
    assert failed.state == DeliveryState.FAILED


def test_the_office_sends_a_failed_delivery_again_and_disables_the_subscription(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    office = office_user()
    subscription = _subscription(office)
    failed = _delivery(subscription, 1, DeliveryState.FAILED)
    _delivery(subscription, 2, DeliveryState.SENT)
    client = _client(office)
    detail_url = reverse("webhooks:subscription_detail", args=[subscription.pk])
    page = client.get(detail_url).content.decode()
    resend_url = reverse("webhooks:delivery_resend", args=[failed.pk])
    assert page.count('action="/office/webhooks/deliveries/') == 1
    assert resend_url in page
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(resend_url)
    assert response.status_code == 302
    assert response["Location"] == detail_url
    # The task's, beside the kept pages' own (common.kept_pages).
    assert len([c for c in callbacks if not isinstance(c, MovesOnCommit)]) == 1
    failed.refresh_from_db()
    assert (failed.state, failed.attempts) == (DeliveryState.QUEUED, 0)
    # Sent again only once it failed again.
    response = client.post(resend_url, follow=True)
    assert "只有发送失败的推送才能重新发送" in response.content.decode()
    response = client.post(reverse("webhooks:subscription_disable", args=[subscription.pk]))
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert subscription.active is False
    actions = list(
        DecisionLogEntry.objects.filter(action__startswith="webhook.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["webhook.create", "webhook.resend", "webhook.disable"]
    page = client.get(detail_url).content.decode()
    assert 'id="webhook-disable"' not in page
    assert resend_url not in page


@pytest.mark.parametrize("n", [2, 12])
def test_subscription_list_queries_do_not_grow_with_rows(n, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    office = office_user()
    for i in range(n):
        subscription = _subscription(office, name=f"接收系统{i:02d}")
        _delivery(subscription, i, DeliveryState.FAILED)
    client = _client(office)
    client.get(reverse("webhooks:subscription_list"))  # warm the session
    with django_assert_num_queries(7):
        page = client.get(reverse("webhooks:subscription_list"))
    html = page.content.decode()
    assert len(re.findall(r"接收系统\d\d", html)) == n


@pytest.mark.parametrize("n", [2, 12])
def test_delivery_log_queries_do_not_grow_with_rows(n, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    office = office_user()
    subscription = _subscription(office)
    for i in range(n):
        _delivery(subscription, i, DeliveryState.FAILED if i % 2 else DeliveryState.SENT)
    client = _client(office)
    url = reverse("webhooks:subscription_detail", args=[subscription.pk])
    client.get(url)  # warm the session
    with django_assert_num_queries(8):
        page = client.get(url)
    assert page.content.decode().count("<code>evt_") == n
