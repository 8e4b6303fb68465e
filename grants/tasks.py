from __future__ import annotations

import logging
from typing import Any

from celery import shared_task

from grants.models import Certificate

logger = logging.getLogger(__name__)

MAX_RETRIES = 5


@shared_task(
    bind=True,
    name="grants.render_certificate",
    acks_late=True,
    autoretry_for=(Exception,),
    dont_autoretry_for=(Certificate.DoesNotExist,),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=MAX_RETRIES,
    soft_time_limit=60,
    time_limit=120,
)
def render_certificate(self: Any, certificate_id: int) -> bool:
    """Render one certificate's PDF (R15). Safe to run twice or after a redelivery: the
    service claims the render and renders only when the file is missing. Returns True if this
    run rendered it. A failed attempt goes back to the queue with its error; the last one
    marks the certificate failed, which the office sees (and may render again)."""
    # Celery task module: grants.services.certificates imports it to queue this task.
    from grants.services.certificates import fail_render, release_render, render_certificate_pdf

    certificate = Certificate.objects.filter(pk=certificate_id).first()
    if certificate is None:
        # Queued by a transaction that rolled back, or for a certificate that never existed.
        logger.warning("certificate %s does not exist; nothing to render", certificate_id)
        return False
    try:
        # The task's id: its own message delivered again (its worker died) takes the claim over.
        return render_certificate_pdf(certificate, task_id=self.request.id or "")
    except Exception as error:
        text = f"{type(error).__name__}: {error}"
        if self.request.retries >= MAX_RETRIES:
            logger.error("certificate %s failed for good: %s", certificate_id, text)
            fail_render(certificate_id, text)
        else:
            release_render(certificate_id, text)
        raise
