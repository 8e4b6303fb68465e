"""A test's own transaction around work it rolls back (a module's demo world, each request of
the permission matrix and the link crawl), marked as Django's TestCase marks its own blocks:
``common.transactions`` does not count it, so a view that renders a PDF or builds a workbook
runs here as it does outside the tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction


@contextmanager
def rolled_back() -> Iterator[None]:
    """An atomic block, rolled back at the end."""
    atomic = transaction.atomic()
    atomic._from_testcase = True
    atomic.__enter__()
    try:
        yield
    finally:
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
