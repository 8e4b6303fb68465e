from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from .models import Notification


@shared_task(
    name="notifications.email_notifications",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def email_notifications(notification_ids: list[int]) -> int:
    """Send each notification's e-mail once (claimed by a conditional update)."""
    sent = 0
    for pk in notification_ids:
        claimed = Notification.objects.filter(pk=pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        if not claimed:
            continue
        n = Notification.objects.select_related("user").get(pk=pk)
        if not n.user.email:
            continue
        link = f"\n\n{settings.PORTAL_BASE_URL}{n.url}" if n.url else ""
        try:
            send_mail(n.subject, n.body + link, None, [n.user.email])
        except OSError:
            Notification.objects.filter(pk=pk).update(emailed_at=None)
            raise
        sent += 1
    return sent
