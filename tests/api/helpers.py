"""Keys and clients for the API tests."""

from __future__ import annotations

import datetime
from typing import Any

from django.test import Client
from django.utils import timezone

from accounts.enums import Role
from accounts.models import ProgrammeRole, User
from api.enums import KeyAccess, KeyScope
from api.services import create_api_key
from awards.models import AwardProgramme
from tests.factories import programme


def issue(
    office: User,
    *,
    scope: str = KeyScope.OFFICE,
    access: str = KeyAccess.READ,
    liaison: User | None = None,
    prog: AwardProgramme | None = None,
    name: str = "省质量奖平台",
) -> str:
    """A key issued by ``office`` (of ``prog``); a department key acts as ``liaison``."""
    prog = prog or programme()
    role = None
    if liaison is not None:
        role = ProgrammeRole.objects.get(user=liaison, programme=prog, role=Role.LIAISON)
    issued = create_api_key(
        prog,
        actor=office,
        name=name,
        scope=scope,
        access=access,
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
        liaison_role=role,
    )
    return issued.raw


def keyed(raw: str) -> Client:
    """A client that sends the key with every request (and no session)."""
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def body(response: Any) -> Any:
    return response.json()
