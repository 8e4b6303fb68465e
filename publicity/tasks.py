from __future__ import annotations

from urllib.parse import urlencode

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Objection


@shared_task(
    name="publicity.email_objection_receipt",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def email_objection_receipt(objection_id: int) -> bool:
    """E-mail the objector its receipt number once (claimed by a conditional update)."""
    claimed = Objection.objects.filter(pk=objection_id, receipt_emailed_at__isnull=True).update(
        receipt_emailed_at=timezone.now()
    )
    if not claimed:
        return False
    objection = Objection.objects.select_related("application__organisation").get(pk=objection_id)
    if not objection.objector_email:
        return False
    body = _(
        "Your objection to %(org)s has been recorded with receipt number %(receipt)s "
        "(status: %(status)s). Look up its handling with this number on the portal."
    ) % {
        "org": objection.application.organisation,
        "receipt": objection.receipt_number,
        "status": objection.get_status_display(),
    }
    if objection.not_accepted_reason:
        body += "\n" + objection.not_accepted_reason
    lookup = reverse("publicity:lookup") + "?" + urlencode({"receipt": objection.receipt_number})
    body += f"\n\n{settings.PORTAL_BASE_URL}{lookup}"
    try:
        send_mail(
            _("Objection receipt %(receipt)s") % {"receipt": objection.receipt_number},
            body,
            None,
            [objection.objector_email],
        )
    except OSError:
        Objection.objects.filter(pk=objection_id).update(receipt_emailed_at=None)
        raise
    return True
