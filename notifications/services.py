from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from accounts.models import User

from .models import Notification


def notify(users: Iterable[User], *, subject: str, body: str, url: str = "") -> list[Notification]:
    """Create in-portal notifications; their e-mail copies are queued after commit."""
    created = [
        Notification.objects.create(user=user, subject=subject, body=body, url=url)
        for user in {u.pk: u for u in users if u is not None}.values()
    ]
    if created:
        from .tasks import email_notifications

        ids = [n.pk for n in created]
        transaction.on_commit(lambda: email_notifications.delay(ids))
    return created


def mark_read(notification: Notification) -> None:
    from django.utils import timezone

    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
