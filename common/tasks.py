from __future__ import annotations

import logging

from celery import shared_task

from common.built_documents import build, fail_build

logger = logging.getLogger(__name__)


@shared_task(name="common.build_document", acks_late=True, soft_time_limit=240, time_limit=300)
def build_document(document_id: int) -> None:
    """Build a queued document (common.built_documents.build). Idempotent: run twice, or
    redelivered after a worker died, it renders once. A failure is recorded on the row, where
    the page shows it and offers to build again; nothing is retried by itself (the same HTML
    would fail the same way)."""
    try:
        build(document_id)
    except Exception as error:  # SoftTimeLimitExceeded included
        logger.exception("built document %s failed", document_id)
        fail_build(document_id, f"{type(error).__name__}: {error}")
