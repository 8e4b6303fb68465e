from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import DatabaseError

logger = logging.getLogger(__name__)

# Errors worth another try (database or storage briefly away); anything else fails the build.
TRANSIENT = (DatabaseError, OSError)
MAX_RETRIES = 3


@shared_task(
    bind=True,
    name="archives.build_round_archive",
    acks_late=True,
    max_retries=MAX_RETRIES,
    soft_time_limit=1500,
    time_limit=1800,
)
def build_round_archive(self: Any, round_id: int) -> int | None:
    """Build the round's pending archive (archives.services.archive.build_archive). Idempotent: run
    twice, or redelivered after a worker died, it builds one archive. Returns its id, or None
    when there was nothing to build."""
    # Celery task module: archives.services.archive imports it to queue this task.
    from archives.services.archive import (
        ArchiveTakenOver,
        build_archive,
        fail_archive,
        release_archive,
    )

    try:
        archive = build_archive(round_id)
    except ArchiveTakenOver:
        logger.warning("round %s: another run took over the archive build", round_id)
        return None
    except SoftTimeLimitExceeded:
        fail_archive(round_id, "time limit exceeded")
        raise
    except TRANSIENT as error:
        if self.request.retries >= MAX_RETRIES:
            fail_archive(round_id, f"{type(error).__name__}: {error}")
            raise
        release_archive(round_id)
        raise self.retry(exc=error, countdown=min(600, 30 * 2**self.request.retries)) from error
    except Exception as error:
        fail_archive(round_id, f"{type(error).__name__}: {error}")
        raise
    return archive.pk if archive is not None else None
