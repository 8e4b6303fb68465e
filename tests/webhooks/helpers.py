from __future__ import annotations

from collections.abc import Iterable

from accounts.models import User
from awards.models import AwardProgramme
from tests.webhooks.receiver import Receiver
from webhooks.enums import WebhookEvent
from webhooks.models import WebhookSubscription
from webhooks.services.subscriptions import create_subscription


def subscribe(
    office: User,
    receiver: Receiver,
    events: Iterable[str] = WebhookEvent.values,
    *,
    programme: AwardProgramme | None = None,
) -> WebhookSubscription:
    """Subscribe the receiver through the service and give it the secret shown once."""
    programme_id = programme.pk if programme else office.programme_roles.get().programme_id
    subscription, secret = create_subscription(
        programme_id, actor=office, name="省级质量奖管理系统", url=receiver.url, events=events
    )
    receiver.secret = secret
    return subscription
