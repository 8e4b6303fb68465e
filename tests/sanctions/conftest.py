from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """The objection rate limit lives in the (locmem) cache: start each test empty."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _long_sessions(settings) -> None:  # type: ignore[no-untyped-def]
    """These tests log in today and then travel to the 2031 round's dates with time-machine;
    the session must outlive the trip."""
    settings.SESSION_COOKIE_AGE = 20 * 365 * 24 * 3600


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:  # type: ignore[no-untyped-def]
    """Factories hash a password per user; Argon2 is deliberately slow, tests need not be."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
