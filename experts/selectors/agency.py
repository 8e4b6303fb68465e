"""Reads of contracted review agencies (评审机构): the office's list, one agency with its
experts and history, and the proposals awaiting the leading group. Constant queries."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, QuerySet

from awards.models import AwardProgramme
from experts.models import (
    AgencyDisqualification,
    DisqualificationDecision,
    ExpertProfile,
    ReviewAgency,
)


def programme_agencies(programme: AwardProgramme) -> QuerySet[ReviewAgency]:
    """The agencies the programme contracted, with their number of experts and whether a
    disqualification awaits the leading group. One query."""
    return (
        ReviewAgency.objects.filter(programmes=programme)
        .annotate(
            expert_count=Count("experts", distinct=True),
            has_pending=Exists(
                AgencyDisqualification.objects.filter(
                    agency_id=OuterRef("pk"), decision=DisqualificationDecision.PENDING
                )
            ),
        )
        .order_by("name", "pk")
    )


def programme_agency(programme: AwardProgramme, pk: int) -> ReviewAgency | None:
    return ReviewAgency.objects.filter(programmes=programme, pk=pk).first()


def agency_experts(agency: ReviewAgency) -> QuerySet[ExpertProfile]:
    return agency.experts.order_by("name", "pk")


def joinable_experts(agency: ReviewAgency, programme: AwardProgramme) -> QuerySet[ExpertProfile]:
    """Experts of the programme's pool outside this agency (to add to it)."""
    return (
        ExpertProfile.objects.filter(programmes=programme, active=True)
        .exclude(agency=agency)
        .order_by("name", "pk")
    )


def agency_history(agency: ReviewAgency) -> QuerySet[AgencyDisqualification]:
    return agency.disqualifications.select_related(
        "proposed_by", "decided_by", "programme"
    ).order_by("-proposed_at", "-pk")


def pending_agency_disqualifications(
    programme_ids: list[int],
) -> QuerySet[AgencyDisqualification]:
    return (
        AgencyDisqualification.objects.filter(
            programme_id__in=programme_ids, decision=DisqualificationDecision.PENDING
        )
        .select_related("agency", "proposed_by", "programme")
        .order_by("proposed_at", "pk")
    )
