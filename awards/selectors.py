from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from accounts.enums import Role
from accounts.models import ProgrammeRole, User
from accounts.permissions import AnyUser

from .enums import RoundStage
from .models import Round


def public_rounds() -> QuerySet[Round]:
    """Rounds whose call notice has been published, newest first."""
    return (
        Round.objects.exclude(stage=RoundStage.DRAFT)
        .select_related("programme")
        .order_by("-year", "-pk")
    )


def rounds_for_office(user: AnyUser) -> QuerySet[Round]:
    if not user.is_authenticated:
        return Round.objects.none()
    programme_ids = ProgrammeRole.objects.filter(user=user, role=Role.OFFICE, active=True).values(
        "programme_id"
    )
    return (
        Round.objects.filter(programme_id__in=programme_ids)
        .select_related("programme")
        .annotate(
            n_applications=Count("applications", distinct=True),
            n_submitted=Count(
                "applications", filter=~Q(applications__status="draft"), distinct=True
            ),
        )
        .order_by("-year")
    )


def rounds_for_leading_group(user: AnyUser) -> QuerySet[Round]:
    if not user.is_authenticated:
        return Round.objects.none()
    programme_ids = ProgrammeRole.objects.filter(
        user=user, role=Role.LEADING_GROUP, active=True
    ).values("programme_id")
    return Round.objects.filter(programme_id__in=programme_ids).select_related("programme")


def dashboard_office(user: User) -> dict[str, Any]:
    return {"rounds": list(rounds_for_office(user))}


def dashboard_leading_group(user: User) -> dict[str, Any]:
    rounds = list(rounds_for_leading_group(user))
    return {
        "rules_to_approve": [
            r
            for r in rounds
            if not r.rules_approved
            and r.stage in (RoundStage.DRAFT, RoundStage.APPLICATION, RoundStage.ELIGIBILITY)
        ],
        "rounds": rounds,
    }
