from __future__ import annotations

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(name="awards.sweep_deadlines", acks_late=True, max_retries=3, retry_backoff=True)
def sweep_deadlines() -> dict[str, int]:
    """Beat wakes this every DEADLINE_SWEEP_SECONDS. Deadlines live in the database; every
    sweep is idempotent, so a second run (or a second beat) acts on nothing."""
    from awards.services import sweep_due_windows
    from grants.services.approval import sweep_expired_grants
    from grants.services.bans import sweep_begun_bans
    from grants.services.obligations import sweep_annual_report_reminders
    from publicity.services.publicity import sweep_due_publicities
    from reviews.services.deadlines import sweep_review_reminders

    result = {
        "windows_closed": sweep_due_windows(),
        "publicities_closed": sweep_due_publicities(),
        "grants_expired": sweep_expired_grants(),
        "annual_report_reminders": sweep_annual_report_reminders(),
        "applications_stopped_by_bans": sweep_begun_bans(),
        "review_reminders": sweep_review_reminders(),
    }
    if any(result.values()):
        logger.info("deadline sweep: %s", result)
    return result
