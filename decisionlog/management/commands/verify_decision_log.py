"""``manage.py verify_decision_log``: check the decision log's hash chain and its signed
checkpoints (R14, docs/security.md).

Exits 0 printing ``chain intact: N rows``, the hash of the last row and what the checkpoints
cover, or exits 1 naming the first broken row: a row that does not fit the chain, or one that
disagrees with a signed checkpoint (rewritten with every later hash recomputed, inserted,
removed). ``--checkpoints FILE`` adds checkpoints kept outside the database (the
``decision-log-checkpoints.json`` of a round archive, or the JSON of the office's e-mail).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from decisionlog.chain import format_time
from decisionlog.verify import verify_chain, verify_checkpoints


def _outside(paths: list[str]) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    for path in paths:
        document = json.loads(Path(path).read_text())
        if isinstance(document, dict):
            document = document.get("checkpoints", [document])
        records += document
    return records


class Command(BaseCommand):
    help = "Verify the decision log's hash chain and signed checkpoints (R14)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument(
            "--checkpoints",
            action="append",
            default=[],
            metavar="FILE",
            help="checkpoints kept outside the database (archive or e-mail JSON)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain(using=options["database"])
        if report.broken is not None:
            entry = report.broken.entry
            raise CommandError(
                f"chain broken at row id={entry.pk} time={format_time(entry.created_at)} "
                f"action={entry.action}: {report.broken.problem} "
                f"({report.rows} rows before it are intact)"
            )
        signed = verify_checkpoints(
            using=options["database"], outside=_outside(options["checkpoints"])
        )
        if signed.problem is not None:
            raise CommandError(f"the log disagrees with its signed checkpoints: {signed.problem}")
        self.stdout.write(f"chain intact: {report.rows} rows")
        self.stdout.write(f"last hash: {report.head}")
        self.stdout.write(
            f"checkpoints: {signed.checkpoints} signed, covering {signed.covered} rows; "
            f"{signed.after} rows since the last"
        )
