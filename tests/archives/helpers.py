"""A completed round to export: approved winners with rendered certificates, a plenary, an
objection and eligibility checks (shared with tests/integration's backup test)."""

from __future__ import annotations

from datetime import date

from accounts.models import User
from applications.enums import EligibilityCondition
from applications.models import Application, EligibilityCheck
from awards.enums import PrizeLevel
from awards.models import Round
from awards.services import sign_commitment
from grants.services.approval import record_approval
from publicity.enums import ObjectionStatus, PlenaryOutcome
from publicity.models import Objection, PlenaryDecision, PlenaryMeeting, PublicityPeriod
from tests.factories import office_user
from tests.publicity.helpers import approval_round, manufacturer, service_org

FORMULA_NAME = '=HYPERLINK("http://evil.example","赣州公式企业")'


def completed_round(
    office: User | None = None, *, n_prize: int = 1, n_nomination: int = 1
) -> tuple[Round, list[Application], User]:
    """A round taken to PUBLISHED by the real approval service (certificates queued on commit:
    run inside django_capture_on_commit_callbacks(execute=True) to render them)."""
    office = office or office_user()
    round, apps = approval_round(n_prize=n_prize, n_nomination=n_nomination)
    apps[0].organisation.name = FORMULA_NAME
    apps[0].organisation.save(update_fields=["name"])
    meeting = PlenaryMeeting.objects.create(
        round=round,
        held_on=date(2031, 11, 20),
        members_total=9,
        members_present=7,
        minutes="全体会议审议通过拟奖名单",
        recorded_by=office,
    )
    for app in apps:
        PlenaryDecision.objects.create(
            meeting=meeting,
            application=app,
            level=app.proposed_level,
            outcome=PlenaryOutcome.PASSED,
            votes_agree=6,
            votes_abstain=1,
        )
        EligibilityCheck.objects.create(
            application=app,
            condition=EligibilityCondition.C1_REGISTRATION,
            met=True,
            evidence="营业执照核验",
            checked_by=office,
        )
    Objection.objects.create(
        publicity=PublicityPeriod.objects.get(round=round),
        application=apps[-1],
        receipt_number=f"YY-{round.year}-0001",
        objector_name="匿名群众",
        grounds="质量数据存疑",
        status=ObjectionStatus.DISMISSED,
        handling_opinion="经核实不成立",
    )
    sign_commitment(round, user=office)
    record_approval(
        round,
        actor=office,
        approved_on=date(2032, 1, 15),
        meeting="市政府第12次常务会议",
        document_number="赣市府字〔2032〕3号",
    )
    round.refresh_from_db()
    return round, apps, office


__all__ = ["FORMULA_NAME", "PrizeLevel", "completed_round", "manufacturer", "service_org"]
