"""Building blocks of the review tests: rounds in a review stage, ready reviewers, full scores."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from accounts.enums import Role
from accounts.models import User
from applications.enums import ApplicationStatus
from applications.models import Application
from awards.enums import RoundStage
from awards.models import AwardProgramme, Round, ScoringCategory, ScoringItem
from awards.services import sign_commitment
from experts.models import ExpertProfile
from reviews.enums import ReviewStage
from reviews.models import Review
from reviews.services import review as services
from tests.factories import (
    ApplicationFactory,
    ExpertFactory,
    OrganisationFactory,
    RoundFactory,
    UserFactory,
    grant_role,
)


def review_round(stage: str = RoundStage.MATERIAL_REVIEW, **kwargs: Any) -> Round:
    """A round past its application window, rules approved, in a review stage."""
    now = timezone.now()
    kwargs.setdefault("applications_open_at", now - timedelta(days=90))
    kwargs.setdefault("applications_close_at", now - timedelta(days=60))
    kwargs.setdefault("rules_approved_at", now - timedelta(days=70))
    return RoundFactory(stage=stage, **kwargs)


def eligible(
    round: Round, *, name: str | None = None, section: str = "C", **kwargs: Any
) -> Application:
    """An application confirmed eligible (in material review). Section C is manufacturing."""
    org_kwargs: dict[str, Any] = {"industry_section": section}
    if name:
        org_kwargs["name"] = name
    organisation = OrganisationFactory(**org_kwargs)
    kwargs.setdefault("status", ApplicationStatus.ELIGIBLE)
    return ApplicationFactory(
        round=round, organisation=organisation, sector_confirmed=True, **kwargs
    )


def other_programme() -> AwardProgramme:
    programme, _created = AwardProgramme.objects.get_or_create(
        slug="xinfeng",
        defaults={
            "name": "信丰县县长质量奖",
            "awarding_body": "信丰县人民政府",
            "office_name": "信丰县质量强县工作领导小组办公室",
        },
    )
    return programme


def expert_in(programme: AwardProgramme, **kwargs: Any) -> User:
    """An expert user in another programme's pool only."""
    user = UserFactory(**kwargs)
    ExpertFactory(user=user, name=user.full_name)
    return grant_role(user, Role.EXPERT, prog=programme)


def profile(user: User) -> ExpertProfile:
    return ExpertProfile.objects.get(user=user)


def ready(application: Application, user: User, office: User) -> ExpertProfile:
    """Assigned, commitment signed, no conflict declared: the expert may open the dossier."""
    expert = profile(user)
    services.assign_expert(application, expert, actor=office)
    sign_commitment(application.round, user=user)
    services.declare_conflict(application, expert, actor=user, has_conflict=False)
    return expert


def items_of(round: Round) -> list[ScoringItem]:
    return list(
        ScoringItem.objects.filter(category__scheme_id=round.scheme_id).order_by(
            "category__order", "order"
        )
    )


def categories_of(round: Round) -> list[ScoringCategory]:
    return list(ScoringCategory.objects.filter(scheme_id=round.scheme_id).order_by("order"))


def all_scores(round: Round, percent: int, comment: str = "依据充分") -> dict[int, tuple[int, str]]:
    return {item.pk: (percent, comment) for item in items_of(round)}


def score(application: Application, user: User, stage: str, percent: int) -> Review:
    """Save and submit a review with the same percentage on every item (total = 10 x percent)."""
    review = services.save_review(
        application,
        profile(user),
        stage,
        actor=user,
        scores=all_scores(application.round, percent),
    )
    return services.submit_review(review, actor=user)


def total_for(percent: int) -> Decimal:
    return Decimal(10 * percent).quantize(Decimal("0.1"))


MATERIAL = ReviewStage.MATERIAL
SITE = ReviewStage.SITE
