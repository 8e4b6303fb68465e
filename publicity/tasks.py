from __future__ import annotations

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from notifications.services import default_language, deliver, notify_event
from publicity.enums import ObjectionStatus
from publicity.models import Objection


@shared_task(name="publicity.email_objection_receipt", acks_late=True)
def email_objection_receipt(objection_id: int) -> bool:
    """E-mail the objector its receipt number once (claimed by a conditional update), through
    the notifications outbox: a failed send is retried there and shown to the office."""
    # Celery task module: publicity.services.publicity imports it to queue this task.
    from publicity.services.publicity import _lookup_url

    with transaction.atomic():
        claimed = Objection.objects.filter(pk=objection_id, receipt_emailed_at__isnull=True).update(
            receipt_emailed_at=timezone.now()
        )
        if not claimed:
            return False
        objection = Objection.objects.select_related(
            "application__organisation", "publicity__round"
        ).get(pk=objection_id)
        if not objection.objector_email:
            return False
        messages = notify_event(
            "objection_receipt",
            addresses=[objection.objector_email],
            context={
                "receipt": objection.receipt_number,
                "organisation": objection.application.organisation.name,
                "status": ObjectionStatus(objection.status).label,
                "not_accepted_reason": objection.not_accepted_reason,
            },
            url=_lookup_url(objection),
            programme_id=objection.publicity.round.programme_id,
            address_language=default_language(),
        )
    # Send now (this is already the worker); deliver() is idempotent, so the copy queued after
    # commit finds nothing left to do.
    for message in messages:
        deliver(message.pk)
    return True
