"""The office subscribes its systems' URLs to events and disables them."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import is_office_of
from common.errors import DomainError
from decisionlog.services import record_decision
from webhooks.crypto import encrypt_secret, generate_secret
from webhooks.enums import WebhookEvent
from webhooks.models import WebhookSubscription
from webhooks.transport import check_url


def create_subscription(
    programme_id: int, *, actor: User, name: str, url: str, events: Iterable[str]
) -> tuple[WebhookSubscription, str]:
    """Subscribe ``url`` to ``events`` of the programme.

    Preconditions: the actor is the programme's office; a name; at least one known event; a
    URL the settings allow (``webhooks.transport.check_url``: HTTPS in production, no address
    of this server or the internal network).
    Side effects: the subscription with a new signing secret, stored encrypted; a
    ``webhook.create`` decision-log row (without the secret). Returns the subscription and
    the secret in clear, which the office is shown once and never again."""
    if not is_office_of(actor, programme_id):
        raise DomainError(_("Only the programme's office can subscribe to its events."))
    name = name.strip()
    url = url.strip()
    chosen = sorted(set(events))
    if not name:
        raise DomainError(_("Name the system that receives the events."))
    if not chosen or any(code not in WebhookEvent.values for code in chosen):
        raise DomainError(_("Choose at least one of the listed events."))
    check_url(url)
    secret = generate_secret()
    with transaction.atomic():
        subscription = WebhookSubscription.objects.create(
            programme_id=programme_id,
            name=name,
            url=url,
            events=chosen,
            secret_encrypted=encrypt_secret(secret),
            created_by=actor,
        )
        record_decision(
            actor=actor,
            action="webhook.create",
            obj=subscription,
            data={"programme_id": programme_id, "url": url, "events": chosen},
        )
    return subscription, secret


def disable_subscription(subscription: WebhookSubscription, *, actor: User) -> bool:
    """Stop sending to a subscription, for good (a new one gets a new secret).

    Preconditions: the actor is the office of the subscription's programme.
    Side effects: inactive from now (a conditional update: disabling twice changes nothing
    and returns False); deliveries still queued are not sent (``delivery.deliver`` skips
    them); a ``webhook.disable`` decision-log row."""
    if not is_office_of(actor, subscription.programme_id):
        raise DomainError(_("Only the programme's office can disable its subscriptions."))
    now = timezone.now()
    with transaction.atomic():
        changed = WebhookSubscription.objects.filter(pk=subscription.pk, active=True).update(
            active=False, disabled_at=now
        )
        if changed:
            record_decision(actor=actor, action="webhook.disable", obj=subscription)
    return bool(changed)
