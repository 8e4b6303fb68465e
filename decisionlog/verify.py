"""Walk the decision log's hash chain (R14) and find the first row that does not fit."""

from __future__ import annotations

from dataclasses import dataclass

from decisionlog.chain import GENESIS_HASH, row_hash
from decisionlog.models import DecisionLogEntry


@dataclass(frozen=True)
class ChainBreak:
    """The first row whose stored hashes do not match the chain."""

    entry: DecisionLogEntry
    problem: str


@dataclass(frozen=True)
class ChainReport:
    rows: int
    head: str
    broken: ChainBreak | None


def verify_chain(*, using: str = "default", chunk_size: int = 2000) -> ChainReport:
    """Recompute every row's hash in id order; stop at the first row that breaks the chain.

    A row breaks the chain when its ``prev_hash`` is not the previous row's ``row_hash`` (a row
    removed or inserted before it) or its ``row_hash`` is not the hash of its content (the row
    was changed). Reads only.
    """
    previous = GENESIS_HASH
    rows = 0
    entries = DecisionLogEntry.objects.using(using).order_by("id").iterator(chunk_size=chunk_size)
    for entry in entries:
        if entry.prev_hash != previous:
            return ChainReport(rows, previous, ChainBreak(entry, "does not follow the row before"))
        if entry.row_hash != row_hash(entry):
            return ChainReport(rows, previous, ChainBreak(entry, "content does not match its hash"))
        previous = entry.row_hash
        rows += 1
    return ChainReport(rows, previous, None)
