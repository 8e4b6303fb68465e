"""Small builders for the decision log tests."""

from __future__ import annotations

from typing import Any

from django.db import connection

from awards.models import Round
from decisionlog.models import DecisionLogEntry
from decisionlog.services import record_decision
from tests.decisionlog.harness import TABLE
from tests.factories import RoundFactory, office_user

__all__ = ["TABLE", "log_rows", "raw"]


def log_rows(n: int, round: Round | None = None, **extra: Any) -> list[DecisionLogEntry]:
    """``n`` decisions by one office user on one round, in order."""
    round = round or RoundFactory()
    actor = office_user()
    return [
        record_decision(
            actor=actor,
            action=f"round.test_{i}",
            obj=round,
            from_state="draft",
            to_state="application",
            reason=f"reason {i}",
            **extra,
        )
        for i in range(n)
    ]


def raw(sql: str, params: list[Any] | None = None) -> int:
    """Run raw SQL on the default connection; the number of rows it touched."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.rowcount)
