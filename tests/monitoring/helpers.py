"""Builders for the monitoring tests: grants approved relative to today, feedback with
opportunities for improvement, experts of the pool, another programme's office."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import count
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.enums import Role
from accounts.models import User
from applications.enums import ApplicationStatus
from awards.enums import PrizeLevel, RoundStage
from awards.models import AwardProgramme, Round, ScoringCategory
from experts.models import ExpertProfile
from grants.models import ApprovalDecision, AwardGrant
from grants.rules.grant import add_years
from organisations.models import Organisation
from reviews.enums import ReviewStage, ReviewStatus
from reviews.models import CategoryFeedback, Review
from tests.factories import (
    ApplicationFactory,
    ExpertFactory,
    OrganisationFactory,
    RoundFactory,
    UserFactory,
    grant_role,
)

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

_years = count(1801)


def grant_on(
    approved_on: date,
    *,
    organisation: Organisation | None = None,
    amount: Decimal = Decimal("500000"),
    level: str = PrizeLevel.PRIZE,
    round: Round | None = None,
    **round_kwargs: Any,
) -> AwardGrant:
    """A grant approved on ``approved_on``, valid for three years."""
    round = round or RoundFactory(year=next(_years), stage=RoundStage.PUBLISHED, **round_kwargs)
    organisation = organisation or OrganisationFactory()
    app = ApplicationFactory(
        round=round,
        organisation=organisation,
        status=ApplicationStatus.AWARDED,
        proposed_level=level,
    )
    approval = ApprovalDecision.objects.create(
        round=round,
        approved_on=approved_on,
        meeting="市政府常务会议",
        document_number=f"赣府字〔{approved_on.year}〕{app.pk}号",
        recorded_by=UserFactory(),
    )
    return AwardGrant.objects.create(
        round=round,
        application=app,
        organisation=organisation,
        approval=approval,
        level=level,
        amount=amount,
        approved_on=approved_on,
        valid_until=add_years(approved_on, 3),
    )


def feedback(grant: AwardGrant, *lines_per_category: str) -> list[ScoringCategory]:
    """A submitted consensus site review of the grant's application whose feedback lists the
    given opportunities (one string of lines per category)."""
    categories = list(
        ScoringCategory.objects.filter(scheme_id=grant.round.scheme_id).order_by("order")
    )
    review = Review.all_reviews.create(
        application=grant.application,
        expert=ExpertFactory(),
        stage=ReviewStage.SITE,
        status=ReviewStatus.SUBMITTED,
        is_consensus=True,
    )
    for category, lines in zip(categories, lines_per_category, strict=False):
        CategoryFeedback.objects.create(
            review=review, category=category, strengths="好", opportunities=lines
        )
    return categories


def pool_expert(**kwargs: Any) -> ExpertProfile:
    """An expert of the default programme's pool."""
    user = UserFactory()
    expert = ExpertFactory(user=user, **kwargs)
    grant_role(user, Role.EXPERT)
    return expert


def other_programme() -> AwardProgramme:
    return AwardProgramme.objects.get_or_create(
        slug="zhanggong",
        defaults={
            "name": "章贡区区长质量奖",
            "awarding_body": "章贡区人民政府",
            "office_name": "办公室",
        },
    )[0]


def other_office() -> User:
    return grant_role(UserFactory(), Role.OFFICE, prog=other_programme())


def pdf(name: str = "发票.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")
