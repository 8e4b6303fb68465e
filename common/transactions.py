"""Long work stays outside write transactions.

Rendering a PDF, stamping a watermark, building a spreadsheet or sending an e-mail takes
seconds. On the embedded default (SQLite) an open write transaction holds the database's one
write lock, so every other request that writes waits for it and fails with "database is
locked" after its busy timeout. The work is therefore claimed in a short transaction (a state
or claimed-at column), done outside any transaction, and its result recorded in another short
transaction.

``ensure_outside_transaction`` is called by the low-level entry points (``common.documents``,
the watermarks, the workbook builders, the e-mail adapter). It refuses to run inside an atomic
block, except the blocks a Django test case opens around each test (``_from_testcase``), so
the tests that use the ``db`` fixture catch the mistake too.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)


class LongWorkInTransaction(RuntimeError):
    """Long work was started inside a write transaction (it would hold the write lock)."""


def open_transactions(using: str = "default") -> int:
    """How many atomic blocks the code opened on the connection, not counting those a
    Django test case wraps each test in."""
    blocks = connections[using].atomic_blocks
    return sum(1 for block in blocks if not getattr(block, "_from_testcase", False))


def ensure_outside_transaction(what: str, using: str = "default") -> None:
    """Refuse (or, with ``LONG_WORK_IN_TRANSACTION = "log"``, log) long work inside an
    atomic block."""
    if not open_transactions(using):
        return
    message = f"{what} must run outside a database transaction (it would hold the write lock)"
    if getattr(settings, "LONG_WORK_IN_TRANSACTION", "raise") == "log":
        logger.error(message)
        return
    raise LongWorkInTransaction(message)
