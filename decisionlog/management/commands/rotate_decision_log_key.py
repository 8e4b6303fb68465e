"""``manage.py rotate_decision_log_key``: replace the key that signs the decision log's
checkpoints (R14, docs/security.md). The old public key stays in
``DECISION_LOG_PUBLIC_KEYS_DIR`` so that the checkpoints it signed stay verifiable."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from decisionlog.services import rotate_checkpoint_key


class Command(BaseCommand):
    help = "Replace the decision log's checkpoint signing key; the old public key stays trusted."

    def handle(self, *args: Any, **options: Any) -> None:
        old, new = rotate_checkpoint_key()
        self.stdout.write(f"old key {old} kept among the trusted public keys")
        self.stdout.write(f"new key {new} signs from now on")
