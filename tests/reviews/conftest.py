"""Fixtures of the review tests: the office, a round in material review, an eligible
application and an expert of the programme's pool. English messages for exact asserts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation

from accounts.models import User
from applications.models import Application
from awards.models import Round
from tests.factories import expert_user, office_user
from tests.reviews.helpers import eligible, review_round


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def office(db: None) -> User:
    return office_user(username="office")


@pytest.fixture
def round(db: None) -> Round:
    return review_round()


@pytest.fixture
def application(round: Round) -> Application:
    return eligible(round, name="赣州稀土新材料股份有限公司")


@pytest.fixture
def reviewer(db: None) -> User:
    return expert_user(username="reviewer", full_name="王专家")
