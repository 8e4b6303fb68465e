from __future__ import annotations

import logging

from celery import shared_task

from monitoring.services import monitoring as services

logger = logging.getLogger(__name__)


@shared_task(name="monitoring.sweep_obligation_flags", acks_late=True, max_retries=3)
def sweep_obligation_flags() -> int:
    """Beat wakes this (MONITORING_SWEEP_SECONDS); idempotent: each flag is notified once."""
    raised = services.sweep_obligation_flags()
    if raised:
        logger.info("monitoring flags raised: %s", raised)
    return raised
