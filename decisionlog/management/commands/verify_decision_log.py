"""``manage.py verify_decision_log``: check the decision log's hash chain (R14).

Exits 0 printing ``chain intact: N rows`` and the hash of the last row (record it elsewhere:
the chain alone cannot show rows cut off the end), or exits 1 naming the first broken row.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from decisionlog.chain import format_time
from decisionlog.verify import verify_chain


class Command(BaseCommand):
    help = "Verify the decision log's hash chain and name the first broken row (R14)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain(using=options["database"])
        if report.broken is not None:
            entry = report.broken.entry
            raise CommandError(
                f"chain broken at row id={entry.pk} time={format_time(entry.created_at)} "
                f"action={entry.action}: {report.broken.problem} "
                f"({report.rows} rows before it are intact)"
            )
        self.stdout.write(f"chain intact: {report.rows} rows")
        self.stdout.write(f"last hash: {report.head}")
