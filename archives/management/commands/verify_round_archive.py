"""``manage.py verify_round_archive <zip>``: check a round archive against its manifest and
recompute the hashes of its decision-log rows. Exits 1 naming every problem."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from archives.verify import verify_archive


class Command(BaseCommand):
    help = "Verify a round archive ZIP: member hashes and decision-log row hashes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")

    def handle(self, *args: Any, **options: Any) -> None:
        problems = verify_archive(options["path"])
        if problems:
            raise CommandError("archive not intact:\n" + "\n".join(problems))
        self.stdout.write("archive intact")
