from __future__ import annotations

import logging

from celery import shared_task

from grants.models import Certificate

logger = logging.getLogger(__name__)


@shared_task(
    name="grants.render_certificate",
    acks_late=True,
    autoretry_for=(Exception,),
    dont_autoretry_for=(Certificate.DoesNotExist,),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
    soft_time_limit=60,
    time_limit=120,
)
def render_certificate(certificate_id: int) -> bool:
    """Render one certificate's PDF (R15). Safe to run twice or after a redelivery: the
    service renders only when the file is missing. Returns True if this run rendered it."""
    # Celery task module: grants.services.approval imports it to queue this task.
    from grants.services.approval import render_certificate_pdf

    certificate = Certificate.objects.filter(pk=certificate_id).first()
    if certificate is None:
        # Queued by a transaction that rolled back, or for a certificate that never existed.
        logger.warning("certificate %s does not exist; nothing to render", certificate_id)
        return False
    return render_certificate_pdf(certificate)
