"""Another government system on the demo: the provincial award body's platform subscribed to
the Mayor's award's decisions (docs/webhooks.md). Its address is under the reserved ``.example``
domain, so a delivery fails as an unreachable receiver does, and the office's page shows the
failure, the retries and "send again". Idempotent."""

from __future__ import annotations

from accounts.models import User
from awards.models import AwardProgramme
from webhooks.enums import WebhookEvent
from webhooks.models import WebhookSubscription
from webhooks.services.subscriptions import create_subscription

PROVINCE_SYSTEM = "江西省质量奖评审管理系统"
PROVINCE_URL = "https://award.amr.jiangxi.example/hooks/ganzhou"


def load_integrations_demo() -> str:
    if WebhookSubscription.objects.filter(name=PROVINCE_SYSTEM).exists():
        return "Integrations demo already loaded."
    mayor = AwardProgramme.objects.get(slug="ganzhou-mayor")
    create_subscription(
        mayor.pk,
        actor=User.objects.get(username="office"),
        name=PROVINCE_SYSTEM,
        url=PROVINCE_URL,
        events=[
            WebhookEvent.APPROVAL_RECORDED,
            WebhookEvent.CERTIFICATE_ISSUED,
            WebhookEvent.AWARD_REVOKED,
            WebhookEvent.BAR_IMPOSED,
        ],
    )
    return f"Integrations demo loaded: {PROVINCE_SYSTEM} subscribed to the award's decisions."
