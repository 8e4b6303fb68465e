"""Shared helpers of the grant records tests: grants in one round, files, query counting."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.enums import ApplicationStatus
from awards.enums import PrizeLevel, RoundStage
from awards.models import Round
from grants.enums import GrantStatus
from grants.models import ApprovalDecision, AwardGrant
from organisations.models import Organisation
from tests.factories import ApplicationFactory, OrganisationFactory, RoundFactory, UserFactory

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf(name: str = "市政府常务会议纪要.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def published_round(
    approved_on: date | None = None, **round_fields: object
) -> tuple[Round, ApprovalDecision]:
    round = RoundFactory(stage=RoundStage.PUBLISHED, **round_fields)
    approval = ApprovalDecision.objects.create(
        round=round,
        approved_on=approved_on or timezone.localdate() - timedelta(days=30),
        meeting="市政府第12次常务会议",
        document_number=f"赣市府字〔{round.year}〕{round.pk}号",
        recorded_by=UserFactory(),
    )
    return round, approval


def grant_in(
    round: Round,
    approval: ApprovalDecision,
    *,
    organisation: Organisation | None = None,
    level: str = PrizeLevel.PRIZE,
    amount: Decimal | None = None,
    is_repeat: bool = False,
) -> AwardGrant:
    organisation = organisation or OrganisationFactory()
    app = ApplicationFactory(
        round=round,
        organisation=organisation,
        status=ApplicationStatus.AWARDED,
        proposed_level=level,
    )
    if amount is None:
        amount = Decimal("500000") if level == PrizeLevel.PRIZE and not is_repeat else Decimal(0)
    return AwardGrant.objects.create(
        round=round,
        application=app,
        organisation=organisation,
        approval=approval,
        level=level,
        amount=amount,
        is_repeat=is_repeat,
        approved_on=approval.approved_on,
        valid_until=approval.approved_on.replace(year=approval.approved_on.year + 3),
        status=GrantStatus.VALID,
    )


def count_queries(fn: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)
