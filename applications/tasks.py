from __future__ import annotations

import logging

from celery import shared_task

from applications.services import application as services

logger = logging.getLogger(__name__)


@shared_task(
    name="applications.sweep_consultation_reminders",
    acks_late=True,
    max_retries=3,
    retry_backoff=True,
)
def sweep_consultation_reminders() -> dict[str, int]:
    """Beat wakes this hourly; each reminder and overdue notice is sent once (idempotent)."""
    result = services.sweep_consultation_reminders()
    if any(result.values()):
        logger.info("consultation reminders: %s", result)
    return result
