"""A 南昌 round whose approval granted an individual award (R4 / R15)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from accounts.enums import Role
from applications.enums import ApplicationStatus
from applications.models import Application
from awards.enums import PrizeLevel
from awards.models import Round
from awards.rulesets import rule_settings_snapshot
from grants.services.approval import record_approval
from publicity.models import PublicityPeriod
from tests.applications.individual import nanchang, nominee_application
from tests.factories import UserFactory, grant_role
from tests.publicity.helpers import approval_round


def approved_round() -> tuple[Round, Application, Application]:
    """A 南昌 round whose approval granted an organisation the prize and a person the
    individual award: (round, the organisation's application, the person's)."""
    programme = nanchang()
    round, (organisation_app,) = approval_round(
        programme=programme,
        title="2025—2026年度南昌市市长质量奖",
        prize_quota=2,
        prize_quota_manufacturing=2,
        prize_quota_service=0,
        nomination_quota=0,
        nomination_quota_manufacturing=0,
        nomination_quota_service=0,
        rule_settings=rule_settings_snapshot(programme),
    )
    person = nominee_application(
        round,
        status=ApplicationStatus.PROPOSED,
        proposed_level=PrizeLevel.PRIZE,
        composite_score=Decimal("700.0"),
    )
    PublicityPeriod.objects.get(round=round).applications.add(person)
    office = grant_role(UserFactory(), Role.OFFICE, prog=programme)
    record_approval(
        round,
        actor=office,
        approved_on=date(2027, 1, 15),
        meeting="市政府常务会议",
        document_number="洪府字〔2027〕1号",
    )
    return round, organisation_app, person
