"""Deliveries to a real receiver on 127.0.0.1: signed so that an independent check accepts
them, retried with backoff after a failure, failed for good after the last attempt, never
following a redirect, and refused for a private address when the settings forbid it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.enums import DeliveryState
from tests.factories import office_user
from tests.webhooks.helpers import subscribe
from tests.webhooks.receiver import TOLERANCE_SECONDS, Receiver
from webhooks.crypto import decrypt_secret
from webhooks.enums import WebhookEvent
from webhooks.models import WebhookDelivery, WebhookSubscription
from webhooks.services.delivery import backoff, deliver, due_delivery_ids
from webhooks.services.queue import queue_after_commit, resend_delivery
from webhooks.tasks import sweep_deliveries

pytestmark = pytest.mark.django_db


def _delivery(subscription: WebhookSubscription) -> WebhookDelivery:
    return WebhookDelivery.objects.create(
        subscription=subscription,
        event_id="evt_0123456789abcdef",
        event=WebhookEvent.BAR_IMPOSED,
        payload={"id": "evt_0123456789abcdef", "type": "bar.imposed", "details": {"名称": "赣州"}},
    )


def test_the_receiver_checks_the_signature_with_its_own_code(receiver: Receiver) -> None:
    subscription = subscribe(office_user(), receiver, [WebhookEvent.BAR_IMPOSED])
    delivery = _delivery(subscription)
    assert deliver(delivery.pk) is True
    [request] = receiver.requests
    assert request.refusal == ""
    assert request.path == "/hooks/award/"
    assert request.headers["X-Award-Event"] == "bar.imposed"
    assert request.headers["X-Award-Event-Id"] == "evt_0123456789abcdef"
    assert request.headers["X-Award-Delivery"] == str(delivery.pk)
    assert request.headers["Content-Type"] == "application/json; charset=utf-8"
    assert request.json == delivery.payload
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_status_code) == (
        DeliveryState.SENT,
        1,
        200,
    )
    assert delivery.delivered_at is not None
    # Sent once: a second run finds nothing to claim.
    assert deliver(delivery.pk) is False
    assert len(receiver.requests) == 1


def test_a_wrong_secret_fails_the_receivers_check(receiver: Receiver) -> None:
    subscription = subscribe(office_user(), receiver, [WebhookEvent.BAR_IMPOSED])
    receiver.secret = "whsec_not-the-one-the-portal-holds"
    delivery = _delivery(subscription)
    assert deliver(delivery.pk) is False
    assert [r.refusal for r in receiver.requests] == ["bad signature"]
    delivery.refresh_from_db()
    assert (delivery.state, delivery.last_status_code) == (DeliveryState.QUEUED, 400)


def test_the_receiver_refuses_a_replayed_request_once_its_timestamp_is_stale(
    receiver: Receiver,
) -> None:
    subscription = subscribe(office_user(), receiver, [WebhookEvent.BAR_IMPOSED])
    deliver(_delivery(subscription).pk)
    [captured] = receiver.requests
    assert receiver.replay(captured) == 200  # within the tolerance a repeat still checks out
    later = captured.headers["X-Award-Signature"].split(",")[0].removeprefix("t=")
    receiver.clock = lambda: int(later) + TOLERANCE_SECONDS + 1
    assert receiver.replay(captured) == 400
    assert receiver.requests[-1].refusal == "stale timestamp"


def test_a_server_error_is_retried_with_backoff_then_delivered(
    receiver: Receiver, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    subscription = subscribe(office_user(), receiver, [WebhookEvent.BAR_IMPOSED])
    receiver.statuses = [500]
    delivery = _delivery(subscription)
    with django_capture_on_commit_callbacks(execute=True):
        queue_after_commit([delivery.pk])  # the task runs after commit (eager here)
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_status_code) == (
        DeliveryState.QUEUED,
        1,
        500,
    )
    assert delivery.last_error == "HTTP 500: refused 500"
    first_try = delivery.next_attempt_at - backoff(1)
    assert backoff(1) == timedelta(seconds=60)
    # Not before its backoff: the sweep leaves it alone.
    assert due_delivery_ids(first_try + timedelta(seconds=59)) == []
    assert deliver(delivery.pk, now=first_try + timedelta(seconds=59)) is False
    assert deliver(delivery.pk, now=delivery.next_attempt_at) is True
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_status_code, delivery.last_error) == (
        DeliveryState.SENT,
        2,
        200,
        "",
    )
    assert [r.refusal for r in receiver.requests] == ["", ""]
    # Both attempts carry the same event id: the receiver deduplicates by it.
    assert {r.headers["X-Award-Event-Id"] for r in receiver.requests} == {delivery.event_id}


def test_the_waits_double_up_to_six_hours() -> None:
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert backoff(20) == timedelta(hours=6)


def test_after_the_last_attempt_the_delivery_fails_and_the_office_sends_it_again(
    receiver: Receiver, settings, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    office = office_user()
    subscription = subscribe(office, receiver, [WebhookEvent.BAR_IMPOSED])
    receiver.statuses = [503, 503]
    delivery = _delivery(subscription)
    assert deliver(delivery.pk) is False
    delivery.refresh_from_db()
    assert deliver(delivery.pk, now=delivery.next_attempt_at) is False
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_status_code) == (
        DeliveryState.FAILED,
        2,
        503,
    )
    assert due_delivery_ids(timezone.now() + timedelta(days=1)) == []
    with django_capture_on_commit_callbacks(execute=True):
        resend_delivery(delivery, actor=office)
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (DeliveryState.SENT, 1)
    assert len(receiver.requests) == 3


def test_the_sweep_sends_what_is_due(receiver: Receiver) -> None:
    subscription = subscribe(office_user(), receiver, [WebhookEvent.BAR_IMPOSED])
    delivery = _delivery(subscription)
    assert sweep_deliveries() == 1
    assert sweep_deliveries() == 0
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.SENT


def test_a_redirect_is_not_followed(receiver: Receiver) -> None:
    subscription = subscribe(office_user(), receiver, [WebhookEvent.BAR_IMPOSED])
    receiver.statuses = [302]
    delivery = _delivery(subscription)
    assert deliver(delivery.pk) is False
    assert [r.path for r in receiver.requests] == ["/hooks/award/"]
    delivery.refresh_from_db()
    assert (delivery.state, delivery.last_status_code) == (DeliveryState.QUEUED, 302)


def test_a_slow_receiver_times_out(receiver: Receiver, settings) -> None:  # type: ignore[no-untyped-def]
    settings.WEBHOOK_TIMEOUT_SECONDS = 1
    subscription = subscribe(office_user(), receiver, [WebhookEvent.BAR_IMPOSED])
    receiver.delay_seconds = 2
    delivery = _delivery(subscription)
    assert deliver(delivery.pk) is False
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.QUEUED
    assert delivery.last_status_code is None
    assert "timed out" in delivery.last_error


def test_a_private_address_is_refused_at_sending_when_the_settings_forbid_it(
    receiver: Receiver, settings
) -> None:  # type: ignore[no-untyped-def]
    subscription = subscribe(office_user(), receiver, [WebhookEvent.BAR_IMPOSED])
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    delivery = _delivery(subscription)
    assert deliver(delivery.pk) is False
    assert receiver.requests == []
    delivery.refresh_from_db()
    assert delivery.last_error.startswith("TargetRefused: ")


def test_a_disabled_subscription_receives_nothing_more(receiver: Receiver) -> None:
    office = office_user()
    subscription = subscribe(office, receiver, [WebhookEvent.BAR_IMPOSED])
    delivery = _delivery(subscription)
    WebhookSubscription.objects.filter(pk=subscription.pk).update(active=False)
    assert deliver(delivery.pk) is False
    assert receiver.requests == []
    delivery.refresh_from_db()
    assert (delivery.state, delivery.last_error) == (DeliveryState.FAILED, "subscription disabled")


def test_the_secret_is_stored_encrypted(receiver: Receiver) -> None:
    subscription = subscribe(office_user(), receiver, [WebhookEvent.BAR_IMPOSED])
    assert receiver.secret.startswith("whsec_")
    assert receiver.secret not in subscription.secret_encrypted
    assert decrypt_secret(subscription.secret_encrypted) == receiver.secret
