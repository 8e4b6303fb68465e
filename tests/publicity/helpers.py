"""Builders for deliberation, publicity and approval tests (shared with tests/grants)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import time_machine

from accounts.models import User
from applications.enums import ApplicationStatus
from applications.models import Application
from awards.enums import PrizeLevel, RoundStage
from awards.models import Round
from awards.services import sign_commitment
from grants.models import ApprovalDecision, AwardGrant
from organisations.models import Organisation
from publicity.models import Objection, PublicityPeriod
from publicity.services.publicity import open_publicity
from tests.factories import ApplicationFactory, OrganisationFactory, RoundFactory, UserFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
# A publicity period used throughout: 10 days from 1 December 2031, Beijing time.
STARTS_ON = date(2031, 12, 1)
STARTS_AT = datetime(2031, 12, 1, 0, 0, tzinfo=SHANGHAI)
ENDS_AT = datetime(2031, 12, 11, 0, 0, tzinfo=SHANGHAI)
OPENED_AT = datetime(2031, 11, 28, 10, 0, tzinfo=SHANGHAI)


def manufacturer(**kwargs: Any) -> Organisation:
    return OrganisationFactory(industry_section="C", **kwargs)


def service_org(**kwargs: Any) -> Organisation:
    return OrganisationFactory(industry_section="L", **kwargs)


def candidate(
    round: Round,
    *,
    level: str = PrizeLevel.PRIZE,
    organisation: Organisation | None = None,
    score: str = "700.0",
    rank: int = 1,
    status: str = ApplicationStatus.CANDIDATE,
    **kwargs: Any,
) -> Application:
    """A candidate of the composite evaluation (R2 sector from the organisation's industry)."""
    organisation = organisation or manufacturer()
    return ApplicationFactory(
        round=round,
        organisation=organisation,
        status=status,
        proposed_level=level,
        composite_score=Decimal(score),
        sector_rank=rank,
        **kwargs,
    )


def signed(user: User, round: Round) -> User:
    """R12: the user signs the round's commitment."""
    sign_commitment(round, user=user)
    return user


def deliberation_round(**kwargs: Any) -> Round:
    return RoundFactory(stage=RoundStage.DELIBERATION, **kwargs)


def votes(
    app: Application, agree: int, *, disagree: int = 0, abstain: int = 0, level: str | None = None
) -> dict[str, Any]:
    return {
        "application_id": app.pk,
        "level": level or app.proposed_level,
        "agree": agree,
        "disagree": disagree,
        "abstain": abstain,
    }


def proposed(round: Round, **kwargs: Any) -> Application:
    """An application already on the proposed list."""
    return candidate(round, status=ApplicationStatus.PROPOSED, **kwargs)


def publicity_round(
    office: User, *apps_kwargs: dict[str, Any]
) -> tuple[Round, PublicityPeriod, list[Application]]:
    """A round in publicity from STARTS_AT to ENDS_AT holding proposed applications."""
    round = deliberation_round()
    apps = [proposed(round, **kw) for kw in (apps_kwargs or ({},))]
    with time_machine.travel(OPENED_AT, tick=False):
        period = open_publicity(round, actor=office, starts_on=STARTS_ON, days=10)
    round.refresh_from_db()
    return round, period, apps


def approval_round(
    n_prize: int = 1, n_nomination: int = 0, **round_kwargs: Any
) -> tuple[Round, list[Application]]:
    """A round awaiting approval whose publicity is over, with proposed applications."""
    round = RoundFactory(stage=RoundStage.APPROVAL, **round_kwargs)
    apps = [proposed(round, level=PrizeLevel.PRIZE, rank=i + 1) for i in range(n_prize)]
    apps += [proposed(round, level=PrizeLevel.NOMINATION, rank=i + 1) for i in range(n_nomination)]
    period = PublicityPeriod.objects.create(
        round=round,
        starts_at=STARTS_AT,
        ends_at=ENDS_AT,
        opened_by=UserFactory(),
        closed_at=ENDS_AT,
    )
    period.applications.set(apps)
    return round, apps


def past_prize(
    organisation: Organisation, year: int, level: str = PrizeLevel.PRIZE, **round_kwargs: Any
) -> AwardGrant:
    """An award won in an earlier round (R7: makes a later prize a repeat win)."""
    round = RoundFactory(year=year, stage=RoundStage.PUBLISHED, title=f"{year}年度", **round_kwargs)
    app = ApplicationFactory(
        round=round,
        organisation=organisation,
        status=ApplicationStatus.AWARDED,
        proposed_level=level,
    )
    approval = ApprovalDecision.objects.create(
        round=round,
        approved_on=date(year + 1, 1, 10),
        meeting="市政府常务会议",
        document_number=f"赣府字〔{year + 1}〕1号",
        recorded_by=UserFactory(),
    )
    return AwardGrant.objects.create(
        round=round,
        application=app,
        organisation=organisation,
        approval=approval,
        level=level,
        amount=Decimal("500000"),
        approved_on=approval.approved_on,
        valid_until=date(year + 4, 1, 10),
    )


def after(moment: datetime, seconds: int = 1) -> datetime:
    return moment + timedelta(seconds=seconds)


def objection(status: str, **kwargs: Any) -> Objection:
    """An objection in ``status`` to a proposed candidate of its own deliberation round."""
    round = deliberation_round()
    app = proposed(round)
    period = PublicityPeriod.objects.create(
        round=round, starts_at=STARTS_AT, ends_at=ENDS_AT, opened_by=UserFactory()
    )
    period.applications.add(app)
    return Objection.objects.create(
        publicity=period,
        application=app,
        receipt_number=f"YY-TEST-{round.pk}",
        objector_name="张三",
        grounds="理由",
        status=status,
        **kwargs,
    )
