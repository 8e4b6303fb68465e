"""Shared test helpers for rounds, eligibility and the office side (no fixtures with magic)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone, translation

from accounts.enums import Role
from accounts.models import User
from applications.eligibility import applicable_conditions
from applications.enums import ApplicationStatus
from applications.models import Application, EligibilityCheck
from awards.enums import RoundStage
from awards.models import AwardProgramme, ConfidentialityCommitment, Round
from tests.factories import ApplicationFactory, RoundFactory, UserFactory, grant_role


def other_programme() -> AwardProgramme:
    """A county's own award, run the same way (Art. 11(9)): its staff see only it."""
    programme, _ = AwardProgramme.objects.get_or_create(
        slug="nankang-award",
        defaults={
            "name": "南康区区长质量奖",
            "awarding_body": "南康区人民政府",
            "office_name": "南康区质量强区工作领导小组办公室",
        },
    )
    return programme


def another_city() -> AwardProgramme:
    """Another city's award on the portal (guided by none): an outsider to Ganzhou's."""
    programme, _ = AwardProgramme.objects.get_or_create(
        slug="jian-mayor",
        defaults={
            "name": "吉安市市长质量奖",
            "awarding_body": "吉安市人民政府",
            "office_name": "吉安办",
        },
    )
    return programme


def role_user(role: str, *, prog: AwardProgramme | None = None, **extra: Any) -> User:
    return grant_role(UserFactory(), role, prog=prog, **extra)


def other_programme_office() -> User:
    return role_user(Role.OFFICE, prog=other_programme())


def other_programme_leader() -> User:
    return role_user(Role.LEADING_GROUP, prog=other_programme())


def eligibility_round(**kwargs: Any) -> Round:
    """A round whose window has closed: the office checks eligibility (Art. 17)."""
    now = timezone.now()
    defaults: dict[str, Any] = {
        "stage": RoundStage.ELIGIBILITY,
        "applications_open_at": now - timedelta(days=60),
        "applications_close_at": now - timedelta(days=1),
        "window_closed_at": now - timedelta(days=1),
    }
    defaults.update(kwargs)
    return RoundFactory(**defaults)


def submitted_application(round: Round | None = None, **kwargs: Any) -> Application:
    defaults: dict[str, Any] = {
        "status": ApplicationStatus.SUBMITTED,
        "submitted_at": timezone.now() - timedelta(days=3),
        "declaration_accepted_at": timezone.now() - timedelta(days=3),
    }
    if round is not None:
        defaults["round"] = round
    defaults.update(kwargs)
    return ApplicationFactory(**defaults)


def check_all_conditions(application: Application, by: User, *, met: bool = True) -> None:
    """Test data: every condition of Art. 13 recorded (R5)."""
    for condition in applicable_conditions(application):
        EligibilityCheck.objects.create(
            application=application, condition=condition, met=met, evidence="证据", checked_by=by
        )


def signed(user: User, round: Round) -> User:
    """Test data: the user has signed the round's commitment (R12)."""
    ConfidentialityCommitment.objects.create(round=round, user=user, text="承诺")
    return user


@pytest.fixture(autouse=True)
def in_english(client, settings) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Messages are asserted in English (the msgids), whatever the Chinese catalogue says:
    the services run under an English override, the client sends the language cookie."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield
