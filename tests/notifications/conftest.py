from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.notifications.backends import FlakyBackend


@pytest.fixture
def flaky_mail(settings) -> Iterator[type[FlakyBackend]]:  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "tests.notifications.backends.FlakyBackend"
    FlakyBackend.failures_left = 0
    yield FlakyBackend
    FlakyBackend.failures_left = 0
