"""Reads about incidents concerning winners (R11): who may report on which grants, the
liaison's own reports, the office's list and case."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.enums import Role
from accounts.models import ProgrammeRole, User
from accounts.permissions import AnyUser, is_office_of, office_programme_ids
from awards.models import AwardProgramme
from grants.enums import GrantStatus
from grants.models import AwardGrant
from sanctions.models import Incident


def reportable_grants(
    programme_ids: list[int] | None = None, today: date | None = None
) -> QuerySet[AwardGrant]:
    """R11: the awards still valid, which incidents may be reported about."""
    today = today or timezone.localdate()
    grants = AwardGrant.objects.filter(status=GrantStatus.VALID, valid_until__gte=today)
    if programme_ids is not None:
        grants = grants.filter(round__programme_id__in=programme_ids)
    return grants.select_related("organisation", "round__programme").order_by(
        "organisation__name", "-round__year", "pk"
    )


def public_programmes() -> QuerySet[AwardProgramme]:
    """The programmes a public report naming no winner can be addressed to (Art. 33)."""
    return AwardProgramme.objects.order_by("pk")


def liaison_programme_ids(user: AnyUser) -> list[int]:
    if not user.is_authenticated:
        return []
    return list(
        ProgrammeRole.objects.filter(
            user=user, role=Role.LIAISON, active=True, department__isnull=False
        ).values_list("programme_id", flat=True)
    )


def _incidents() -> QuerySet[Incident]:
    return Incident.objects.select_related(
        "grant__organisation", "grant__round__programme", "department", "revocation", "programme"
    )


def liaison_incidents(user: AnyUser) -> QuerySet[Incident]:
    """The incidents the liaison reported (another liaison's reports stay unseen)."""
    if not user.is_authenticated:
        return Incident.objects.none()
    return (
        _incidents().filter(reported_by=user, source="department").order_by("-received_at", "-pk")
    )


def liaison_incident(user: AnyUser, pk: int) -> Incident | None:
    return liaison_incidents(user).filter(pk=pk).first()


def office_incidents(user: AnyUser) -> QuerySet[Incident]:
    """Every incident on the grants of the office's programmes, and the public's reports of
    forgery or misuse naming no winner of those programmes (Art. 33), newest first."""
    programme_ids = office_programme_ids(user)
    return (
        _incidents()
        .filter(
            Q(grant__round__programme_id__in=programme_ids)
            | Q(grant__isnull=True, programme_id__in=programme_ids)
        )
        .select_related("reported_by")
        .order_by("-received_at", "-pk")
    )


def incident_for_office(user: AnyUser, pk: int) -> Incident | None:
    """The incident if the user is the office of its grant's programme; else None (404)."""
    if not user.is_authenticated:
        return None
    incident = (
        _incidents().select_related("reported_by", "grant__round__programme").filter(pk=pk).first()
    )
    if incident is None:
        return None
    programme_id = (
        incident.grant.round.programme_id if incident.grant is not None else incident.programme_id
    )
    if programme_id is None or not is_office_of(user, programme_id):
        return None
    return incident


def dashboard_liaison(user: User) -> dict[str, Any]:
    """The liaison's incident reports about winners (R11)."""
    if not liaison_programme_ids(user):
        return {"incidents": [], "may_report": False}
    return {"incidents": list(liaison_incidents(user)[:5]), "may_report": True}


def grant_incidents(grant: AwardGrant) -> list[Incident]:
    """R11: the incidents recorded against one grant, newest first."""
    return list(
        Incident.objects.filter(grant=grant)
        .select_related("department")
        .order_by("-received_at", "-pk")
    )
