"""Reads about the records that follow the approval: the approval document (Art. 22), prize
payments (R4), plaques (Art. 8) and the published list of winners with its outlets."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from accounts.permissions import AnyUser, is_office_of, office_programme_ids
from awards.enums import RoundStage
from awards.models import Round
from awards.selectors import prize_first
from grants.models import (
    ApprovalDecision,
    AwardGrant,
    HistoryImport,
    PastBan,
    PastWin,
    WinnersOutlet,
)
from grants.rules.grant import grant_state


def approvals_of_round(round: Round) -> list[ApprovalDecision]:
    return list(ApprovalDecision.objects.filter(round=round).order_by("approved_on", "pk"))


def approval_for_office(user: AnyUser, pk: int) -> ApprovalDecision | None:
    """The approval if the user is the office of its programme; else None (404)."""
    if not user.is_authenticated:
        return None
    approval = ApprovalDecision.objects.select_related("round__programme").filter(pk=pk).first()
    if approval is None or not is_office_of(user, approval.round.programme_id):
        return None
    return approval


def round_grants_with_records(round: Round) -> QuerySet[AwardGrant]:
    """The round's grants with their payment and plaque (one query)."""
    return (
        AwardGrant.objects.filter(round=round)
        .select_related("organisation", "round__programme", "payment", "plaque")
        .order_by(prize_first(), "organisation__name", "pk")
    )


def grant_for_records(user: AnyUser, pk: int) -> AwardGrant | None:
    """The grant if the user is the office of its programme; else None (404)."""
    if not user.is_authenticated:
        return None
    grant = (
        AwardGrant.objects.select_related(
            "organisation", "round__programme", "approval", "payment", "plaque"
        )
        .filter(pk=pk)
        .first()
    )
    if grant is None or not is_office_of(user, grant.round.programme_id):
        return None
    return grant


def winners_outlets(round: Round) -> list[WinnersOutlet]:
    return list(WinnersOutlet.objects.filter(round=round).order_by("published_on", "pk"))


def public_round(pk: int) -> Round | None:
    """A round whose winners are published (public page); else None (404)."""
    return (
        Round.objects.select_related("programme")
        .filter(pk=pk, stage=RoundStage.PUBLISHED, approvals__isnull=False)
        .distinct()
        .first()
    )


def public_round_winners(round: Round) -> list[dict[str, object]]:
    """The round's winners by level with what the public sees (valid, expired, revoked)."""
    today = timezone.localdate()
    return [
        {"grant": g, "state": grant_state(g.status, g.valid_until, today)}
        for g in AwardGrant.objects.filter(round=round)
        .select_related("organisation", "round__programme", "approval", "application__nominee")
        # R4: the individual award's winners after the organisations of the same level.
        .order_by(prize_first(), "application__nominee_kind", "organisation__name", "pk")
    ]


def is_office(user: AnyUser) -> bool:
    return bool(office_programme_ids(user))


def history_imports() -> list[HistoryImport]:
    return list(HistoryImport.objects.select_related("imported_by").order_by("-imported_at", "-pk"))


def past_wins(user: AnyUser) -> QuerySet[PastWin]:
    """The imported earlier winners of the user's programmes."""
    return (
        PastWin.objects.filter(programme_id__in=office_programme_ids(user))
        .select_related("programme")
        .order_by("-round_year", prize_first(), "organisation_name", "pk")
    )


def past_bans(user: AnyUser) -> QuerySet[PastBan]:
    """The imported bans of the user's programmes (R8: a bar is its programme's)."""
    return (
        PastBan.objects.filter(programme_id__in=office_programme_ids(user))
        .select_related("programme")
        .order_by("-ends_on", "organisation_name", "pk")
    )
