from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

PASSWORD = "pw-for-tests-1"  # tests.factories.UserFactory's password


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def second_factor_on(settings) -> None:  # type: ignore[no-untyped-def]
    """The suite switches the second factor off (tests/conftest.py); these tests switch it on."""
    settings.OTP_ENFORCED = True
    settings.OTP_REQUIRED_ROLES = ["office", "expert"]


def english_client(**kwargs: object) -> Client:
    client = Client(**kwargs)  # type: ignore[arg-type]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
