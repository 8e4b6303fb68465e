"""The format of an API key: ``gqa_<prefix>_<secret>``. The prefix is public (shown in lists,
used to find the row); only the SHA-256 of the whole key is stored."""

from __future__ import annotations

import hashlib
import secrets

#: Every key starts with this, so that a leaked key is recognisable (secret scanners).
KEY_MARK = "gqa"


def secret_sha256(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


def new_key() -> tuple[str, str]:
    """A fresh (prefix, whole key)."""
    prefix = secrets.token_hex(6)
    return prefix, f"{KEY_MARK}_{prefix}_{secrets.token_urlsafe(32)}"


def prefix_of(raw_key: str) -> str | None:
    """The prefix of a well-formed key, else None."""
    mark, _, rest = raw_key.partition("_")
    prefix, _, secret = rest.partition("_")
    if mark != KEY_MARK or not prefix or not secret:
        return None
    return prefix
