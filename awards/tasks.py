from __future__ import annotations

import logging

from celery import shared_task

from awards import sweeps

logger = logging.getLogger(__name__)


@shared_task(name="awards.sweep_deadlines", acks_late=True, max_retries=3, retry_backoff=True)
def sweep_deadlines() -> dict[str, int]:
    """Beat wakes this every DEADLINE_SWEEP_SECONDS. Deadlines live in the database; every
    sweep is idempotent, so a second run (or a second beat) acts on nothing. The sweeps are
    those the apps registered in ``awards.sweeps``."""
    result = sweeps.run_all()
    if any(result.values()):
        logger.info("deadline sweep: %s", result)
    return result
