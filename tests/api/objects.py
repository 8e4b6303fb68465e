"""Winners, certificates and publicity periods written straight through the ORM: the API tests
ask what the API shows of them, not how they came about."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from accounts.models import User
from applications.models import Application
from awards.enums import PrizeLevel, RoundStage
from awards.models import Round
from grants.enums import GrantStatus
from grants.models import ApprovalDecision, AwardGrant, Certificate
from publicity.models import PublicityPeriod
from tests.factories import ApplicationFactory, RoundFactory, office_user


def winner(
    round: Round | None = None,
    *,
    number: str = "GZZLJ-2030-A-001-ABCD",
    valid_until: date | None = None,
    status: str = GrantStatus.VALID,
) -> AwardGrant:
    round = round or RoundFactory(stage=RoundStage.PUBLISHED)
    application = ApplicationFactory(round=round, status="awarded")
    approval, _ = ApprovalDecision.objects.get_or_create(
        round=round,
        defaults={
            "approved_on": timezone.localdate() - timedelta(days=30),
            "meeting": "市政府第12次常务会议",
            "document_number": "赣市府字〔2030〕1号",
            "recorded_by": office_user(),
        },
    )
    grant = AwardGrant.objects.create(
        round=round,
        application=application,
        organisation=application.organisation,
        approval=approval,
        level=PrizeLevel.PRIZE,
        approved_on=approval.approved_on,
        valid_until=valid_until or timezone.localdate() + timedelta(days=900),
        status=status,
        status_changed_at=timezone.now() if status == GrantStatus.REVOKED else None,
    )
    Certificate.objects.create(grant=grant, number=number)
    return grant


def publicity(
    round: Round | None = None, *, open_now: bool = True, applications: int = 1
) -> PublicityPeriod:
    round = round or RoundFactory(stage=RoundStage.PUBLICITY)
    now = timezone.now()
    period = PublicityPeriod.objects.create(
        round=round,
        starts_at=now - timedelta(days=2),
        ends_at=now + timedelta(days=5) if open_now else now - timedelta(hours=1),
        notice="公示通知",
        opened_by=User.objects.filter(programme_roles__role="office").first() or office_user(),
    )
    entries: list[Application] = [
        ApplicationFactory(round=round, status="proposed", proposed_level=PrizeLevel.PRIZE)
        for _ in range(applications)
    ]
    period.applications.add(*entries)
    return period
