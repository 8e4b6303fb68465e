"""The office's writes: subscribe (its own programme only, a URL the settings allow, known
events), disable (once), send a failed delivery again; each logged (R14)."""

from __future__ import annotations

import pytest

from common.kept_pages import MovesOnCommit
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from notifications.enums import DeliveryState
from tests.awards.helpers import other_programme_office
from tests.factories import office_user, programme
from webhooks.enums import WebhookEvent
from webhooks.models import WebhookDelivery, WebhookSubscription
from webhooks.services.queue import resend_delivery
from webhooks.services.subscriptions import create_subscription, disable_subscription

pytestmark = pytest.mark.django_db

URL = "https://sjzlj.jiangxi.gov.cn/award/hooks"


def _create(actor, **kwargs):  # type: ignore[no-untyped-def]
    values = {"name": "省局系统", "url": URL, "events": [WebhookEvent.AWARD_REVOKED]}
    values.update(kwargs)
    return create_subscription(programme().pk, actor=actor, **values)


def test_the_office_subscribes_and_the_log_keeps_no_secret() -> None:
    office = office_user()
    subscription, secret = _create(office, events=["bar.imposed", "award.revoked", "bar.imposed"])
    assert subscription.events == ["award.revoked", "bar.imposed"]
    assert subscription.active is True
    entry = DecisionLogEntry.objects.get(action="webhook.create")
    assert entry.actor_id == office.pk
    assert entry.data == {
        "programme_id": programme().pk,
        "url": URL,
        "events": ["award.revoked", "bar.imposed"],
    }
    assert secret not in str(entry.data)
    assert secret not in subscription.secret_encrypted


@pytest.mark.parametrize(
    "kwargs",
    [
        {"name": "  "},
        {"events": []},
        {"events": ["grant.create"]},
        {"url": "ftp://example.cn/hook"},
    ],
)
def test_a_bad_subscription_is_refused_and_nothing_is_written(kwargs) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError):
        _create(office_user(), **kwargs)
    assert not WebhookSubscription.objects.exists()
    assert not DecisionLogEntry.objects.filter(action="webhook.create").exists()


def test_another_programmes_office_cannot_subscribe_to_this_programme() -> None:
    with pytest.raises(DomainError):
        _create(other_programme_office())
    assert not WebhookSubscription.objects.exists()


def test_disable_once_and_only_by_the_programmes_office() -> None:
    office = office_user()
    subscription, _secret = _create(office)
    with pytest.raises(DomainError):
        disable_subscription(subscription, actor=other_programme_office())
    assert disable_subscription(subscription, actor=office) is True
    assert disable_subscription(subscription, actor=office) is False
    subscription.refresh_from_db()
    assert subscription.active is False
    assert subscription.disabled_at is not None
    assert DecisionLogEntry.objects.filter(action="webhook.disable").count() == 1


def test_only_a_failed_delivery_of_an_active_subscription_is_sent_again(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    office = office_user()
    subscription, _secret = _create(office)
    delivery = WebhookDelivery.objects.create(
        subscription=subscription,
        event_id="evt_1",
        event=WebhookEvent.AWARD_REVOKED,
        payload={},
        state=DeliveryState.SENT,
    )
    with pytest.raises(DomainError):
        resend_delivery(delivery, actor=office)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(state=DeliveryState.FAILED, attempts=8)
    delivery.refresh_from_db()
    with pytest.raises(DomainError):
        resend_delivery(delivery, actor=other_programme_office())
    with django_capture_on_commit_callbacks() as callbacks:
        fresh = resend_delivery(delivery, actor=office)
    assert (fresh.state, fresh.attempts) == (DeliveryState.QUEUED, 0)
    # The task's, beside the kept pages' own (common.kept_pages).
    assert len([c for c in callbacks if not isinstance(c, MovesOnCommit)]) == 1
    entry = DecisionLogEntry.objects.get(action="webhook.resend")
    assert entry.data == {"delivery_id": delivery.pk, "event_id": "evt_1"}
    WebhookDelivery.objects.filter(pk=delivery.pk).update(state=DeliveryState.FAILED)
    disable_subscription(subscription, actor=office)
    delivery.refresh_from_db()
    with pytest.raises(DomainError):
        resend_delivery(delivery, actor=office)
