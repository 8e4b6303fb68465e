"""Reads for deliberation, publicity and objections, filtered to what a user may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from accounts.enums import Role
from accounts.models import ProgrammeRole, User
from accounts.permissions import AnyUser
from applications.enums import ApplicationStatus
from applications.models import Application
from awards.enums import NoticeKind, RoundStage
from awards.models import PublicationOutlet, Round

from .enums import OPEN_OBJECTION_STATUSES
from .models import Objection, PlenaryMeeting, PublicityPeriod
from .permissions import can_manage_publicity, can_see_deliberation, can_see_objection
from .rules import is_repeat_win


def _programme_ids(user: User, *roles: str) -> QuerySet[ProgrammeRole, Any]:
    return ProgrammeRole.objects.filter(user=user, role__in=roles, active=True).values(
        "programme_id"
    )


def round_for_deliberation(user: AnyUser, pk: int) -> Round | None:
    """The round if the user belongs to its programme's leading group or office; else None."""
    if not user.is_authenticated:
        return None
    round = Round.objects.select_related("programme").filter(pk=pk).first()
    if round is None or not can_see_deliberation(user, round):
        return None
    return round


def round_for_publicity_office(user: AnyUser, pk: int) -> Round | None:
    if not user.is_authenticated:
        return None
    round = Round.objects.select_related("programme").filter(pk=pk).first()
    if round is None or not can_manage_publicity(user, round):
        return None
    return round


@dataclass
class PlenaryCandidate:
    """A candidate as the plenary sees it (R6 tags, R7 repeat flag shown to every decider);
    ``is_repeat``: the organisation won the prize in an earlier round."""

    application: Application
    is_repeat: bool

    @property
    def level(self) -> str:
        return self.application.proposed_level


def plenary_candidates(round: Round) -> list[PlenaryCandidate]:
    """The round's candidates (status CANDIDATE), prize before nomination, then by rank."""
    applications = (
        Application.objects.filter(round=round, status=ApplicationStatus.CANDIDATE)
        .select_related("organisation", "round__programme")
        .order_by("proposed_level", "sector", "sector_rank", "-composite_score", "pk")
    )
    level_order = {"prize": 0, "nomination": 1}
    # R7: flag an earlier prize winner whatever level it is proposed for now, so the plenary
    # sees it before choosing the level.
    result = [
        PlenaryCandidate(application=app, is_repeat=is_repeat_win(app.organisation, round, "prize"))
        for app in applications
    ]
    result.sort(key=lambda c: level_order.get(c.level, 2))
    return result


def plenaries_of(round: Round) -> QuerySet[PlenaryMeeting]:
    return (
        PlenaryMeeting.objects.filter(round=round)
        .select_related("recorded_by")
        .prefetch_related("decisions__application__organisation")
    )


def proposed_applications(round: Round) -> QuerySet[Application]:
    return (
        Application.objects.filter(round=round, status=ApplicationStatus.PROPOSED)
        .select_related("organisation")
        .order_by("proposed_level", "sector", "sector_rank", "organisation__name")
    )


# --- Public pages ---------------------------------------------------------------------------


def public_publicities() -> QuerySet[PublicityPeriod]:
    """Every publicity period, newest first, with its round and number of organisations."""
    return (
        PublicityPeriod.objects.select_related("round__programme")
        .annotate(n_applications=Count("applications"))
        .order_by("-starts_at", "-pk")
    )


def public_publicity(pk: int) -> PublicityPeriod | None:
    return (
        PublicityPeriod.objects.select_related("round__programme")
        .prefetch_related(
            Prefetch(
                "applications",
                queryset=Application.objects.select_related("organisation").order_by(
                    "proposed_level", "sector", "organisation__name"
                ),
            )
        )
        .filter(pk=pk)
        .first()
    )


def publicity_outlets(round: Round) -> QuerySet[PublicationOutlet]:
    """Where else the publicity notice was published (Art. 21)."""
    return PublicationOutlet.objects.filter(round=round, notice=NoticeKind.PUBLICITY).order_by(
        "published_on", "pk"
    )


def objection_by_receipt(receipt: str) -> Objection | None:
    receipt = receipt.strip().upper()
    if not receipt:
        return None
    return (
        Objection.objects.select_related("application__organisation", "publicity__round")
        .filter(receipt_number=receipt)
        .first()
    )


# --- Office and leading group ---------------------------------------------------------------


def objections_of_round(round: Round) -> QuerySet[Objection]:
    return (
        Objection.objects.filter(publicity__round=round)
        .select_related("application__organisation", "publicity", "entered_by")
        .order_by("-received_at", "-pk")
    )


def objection_for_user(user: AnyUser, pk: int) -> Objection | None:
    if not user.is_authenticated:
        return None
    objection = (
        Objection.objects.select_related(
            "application__organisation",
            "publicity__round__programme",
            "entered_by",
            "decided_by",
        )
        .filter(pk=pk)
        .first()
    )
    if objection is None or not can_see_objection(user, objection):
        return None
    return objection


def open_objections_of_round(round: Round) -> QuerySet[Objection]:
    return Objection.objects.filter(publicity__round=round, status__in=OPEN_OBJECTION_STATUSES)


def office_users(programme_id: int) -> QuerySet[User]:
    return User.objects.filter(
        programme_roles__programme_id=programme_id,
        programme_roles__role=Role.OFFICE,
        programme_roles__active=True,
        is_active=True,
    ).distinct()


def dashboard_leading_group(user: User) -> dict[str, Any]:
    """Rounds in deliberation with candidates to decide; objections awaiting the decision."""
    programme_ids = _programme_ids(user, Role.LEADING_GROUP)
    rounds = list(
        Round.objects.filter(programme_id__in=programme_ids, stage=RoundStage.DELIBERATION)
        .select_related("programme")
        .annotate(
            n_candidates=Count(
                "applications", filter=Q(applications__status=ApplicationStatus.CANDIDATE)
            )
        )
        .filter(n_candidates__gt=0)
        .order_by("-year")
    )
    objections = list(
        Objection.objects.filter(
            publicity__round__programme_id__in=programme_ids,
            status__in=OPEN_OBJECTION_STATUSES,
        )
        .select_related("application__organisation", "publicity__round")
        .order_by("received_at")
    )
    return {"deliberations": rounds, "objections": objections}


def hub_summary(round: Round) -> dict[str, Any]:
    """What the office round hub's publicity card shows."""
    publicities = list(PublicityPeriod.objects.filter(round=round).order_by("-starts_at", "-pk"))
    counts = Objection.objects.filter(publicity__round=round).aggregate(
        total=Count("pk"), open=Count("pk", filter=Q(status__in=OPEN_OBJECTION_STATUSES))
    )
    return {
        "publicity": publicities[0] if publicities else None,
        "n_candidates": Application.objects.filter(
            round=round, status=ApplicationStatus.CANDIDATE
        ).count(),
        "n_proposed": Application.objects.filter(
            round=round, status=ApplicationStatus.PROPOSED
        ).count(),
        "objections_total": counts["total"] or 0,
        "objections_open": counts["open"] or 0,
    }
