from __future__ import annotations

from typing import Any

from accounts.enums import Role
from accounts.models import User
from awards.models import AwardProgramme
from notifications.enums import Channel, DeliveryState
from notifications.models import OutboxMessage
from tests.factories import UserFactory, grant_role, programme


def county_office() -> User:
    county, _created = AwardProgramme.objects.get_or_create(
        slug="zhanggong-h3",
        defaults={
            "name": "章贡区区长质量奖",
            "awarding_body": "章贡区人民政府",
            "office_name": "办公室",
        },
    )
    return grant_role(UserFactory(), Role.OFFICE, prog=county)


def message(**kwargs: Any) -> OutboxMessage:
    values: dict[str, Any] = {
        "channel": Channel.EMAIL,
        "address": "someone@example.cn",
        "event": "custom",
        "language": "zh-hans",
        "subject": "主题",
        "body": "正文",
        "programme": programme(),
        "state": DeliveryState.QUEUED,
    }
    values.update(kwargs)
    return OutboxMessage.objects.create(**values)
