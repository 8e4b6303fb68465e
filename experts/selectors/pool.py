"""Reads of the expert pool (评审员专家库): the office's list with search and filters, one
profile with its history, and the disqualification proposals awaiting the leading group."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.enums import Role
from accounts.models import ProgrammeRole
from accounts.permissions import AnyUser, office_programme_ids
from awards.models import AwardProgramme
from experts.models import (
    DisqualificationDecision,
    ExpertDisqualification,
    ExpertFormerEmployer,
    ExpertProfile,
    ExpertProgrammeNote,
)
from experts.permissions import owns_profile

POOL_FILTERS: tuple[str, ...] = ("all", "active", "disqualified")


def office_programme(user: AnyUser, programme_id: int | None = None) -> AwardProgramme | None:
    """The programme whose pool the office user manages (the one asked for, or its first)."""
    ids = office_programme_ids(user)
    if programme_id is not None:
        if programme_id not in ids:
            return None
        ids = [programme_id]
    return AwardProgramme.objects.filter(pk__in=ids).order_by("pk").first()


def _disqualified(programme: AwardProgramme) -> Exists:
    """Art. 32: disqualified by this programme (a disqualification acts in its programme)."""
    return Exists(
        ExpertDisqualification.objects.filter(
            expert_id=OuterRef("pk"),
            programme=programme,
            decision=DisqualificationDecision.CONFIRMED,
        )
    )


def _pending(programme: AwardProgramme) -> Exists:
    return Exists(
        ExpertDisqualification.objects.filter(
            expert_id=OuterRef("pk"),
            programme=programme,
            decision=DisqualificationDecision.PENDING,
        )
    )


def pool_experts(
    programme: AwardProgramme, *, query: str = "", status: str = "all"
) -> QuerySet[ExpertProfile]:
    """The programme's pool, searched by name, employer, specialty or industry, filtered by
    status ("active" or "disqualified" under Art. 32). One query."""
    experts = (
        ExpertProfile.objects.filter(programmes=programme)
        .annotate(is_disqualified=_disqualified(programme), has_pending=_pending(programme))
        .select_related("user")
        .order_by("name", "pk")
    )
    text = query.strip()
    if text:
        experts = experts.filter(
            Q(name__icontains=text)
            | Q(employer__icontains=text)
            | Q(specialties__icontains=text)
            | Q(industries__icontains=text)
        )
    if status == "active":
        experts = experts.filter(active=True, is_disqualified=False)
    elif status == "disqualified":
        experts = experts.filter(is_disqualified=True)
    return experts


def pool_expert(programme: AwardProgramme, pk: int) -> ExpertProfile | None:
    return (
        ExpertProfile.objects.filter(programmes=programme, pk=pk)
        .annotate(is_disqualified=_disqualified(programme))
        .select_related("user")
        .prefetch_related("former_employers", "programmes")
        .first()
    )


def recorded_by(expert: ExpertProfile, programme: AwardProgramme) -> Q:
    """The former employers this programme recorded (the owner's include the rows made
    outside the pool's pages)."""
    mine = Q(programme=programme)
    if owns_profile(expert, programme):
        mine |= Q(programme__isnull=True)
    return mine


def programme_note(expert: ExpertProfile, programme: AwardProgramme) -> str:
    note = ExpertProgrammeNote.objects.filter(expert=expert, programme=programme).first()
    return "" if note is None else note.note


def others_former_employers(
    expert: ExpertProfile, programme: AwardProgramme
) -> QuerySet[ExpertFormerEmployer]:
    """The former employers other programmes recorded (shown, not edited: R12 conflicts)."""
    return expert.former_employers.exclude(recorded_by(expert, programme)).select_related(
        "programme"
    )


def shareable_experts(programme: AwardProgramme, query: str) -> QuerySet[ExpertProfile]:
    """Active experts of other programmes' pools, to share with this one (Art. 11(2))."""
    text = query.strip()
    if not text:
        return ExpertProfile.objects.none()
    return (
        ExpertProfile.objects.filter(active=True, programmes__isnull=False)
        .exclude(programmes=programme)
        .filter(Q(name__icontains=text) | Q(employer__icontains=text))
        .distinct()
        .order_by("name", "pk")[:20]
    )


def disqualification_history(expert: ExpertProfile) -> QuerySet[ExpertDisqualification]:
    return expert.disqualifications.select_related(
        "proposed_by", "decided_by", "programme"
    ).order_by("-proposed_at", "-pk")


def pending_disqualifications(programme_ids: list[int]) -> QuerySet[ExpertDisqualification]:
    return (
        ExpertDisqualification.objects.filter(
            programme_id__in=programme_ids, decision=DisqualificationDecision.PENDING
        )
        .select_related("expert", "proposed_by", "programme")
        .order_by("proposed_at", "pk")
    )


def leading_group_programme_ids(user: AnyUser) -> list[int]:
    if not user.is_authenticated:
        return []
    return list(
        ProgrammeRole.objects.filter(
            user_id=user.pk, role=Role.LEADING_GROUP, active=True
        ).values_list("programme_id", flat=True)
    )


def expert_name_of(user_id: int) -> str | None:
    """R12: the name of the expert this user is (stamped on the dossier files the expert
    reads), or None when the user is no expert of the pool."""
    profile = ExpertProfile.objects.filter(user_id=user_id).only("name").first()
    return None if profile is None else profile.name
