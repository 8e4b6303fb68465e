"""Reads for the office, recommender and liaison side of applications (Art. 12, 17)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from accounts.enums import Role
from accounts.models import User
from accounts.permissions import AnyUser
from awards.models import Round

from .enums import ApplicationStatus, ConsultationResult
from .models import Application, Attachment, Consultation, DossierVersion, EligibilityCheck
from .selectors import (
    applications_for_office,
    applications_for_recommender,
    consultations_for_liaison,
)


def office_applications(user: AnyUser, round: Round, status: str = "") -> QuerySet[Application]:
    """The round's applications the user sees as office staff, optionally of one status."""
    qs = (
        applications_for_office(user, round)
        .select_related("submitted_by")
        .order_by("organisation__name", "pk")
    )
    if status:
        qs = qs.filter(status=status)
    return qs


def status_counts(round: Round) -> list[tuple[str, str, int]]:
    """(status, label, count) for every status the round's applications are in, in the
    order of the workflow."""
    counts = dict(
        round.applications.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return [
        (status.value, str(status.label), counts[status.value])
        for status in ApplicationStatus
        if counts.get(status.value)
    ]


def office_application(user: AnyUser, pk: int) -> Application | None:
    """One application for the office detail page, with what the page shows."""
    return (
        applications_for_office(user)
        .select_related("round__programme", "recommender", "organisation__division")
        .prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.order_by("kind", "uploaded_at")),
            Prefetch(
                "eligibility_checks",
                queryset=EligibilityCheck.objects.select_related("checked_by"),
            ),
            Prefetch(
                "consultations",
                queryset=Consultation.objects.select_related(
                    "department", "answered_by", "sent_by"
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def latest_dossier_version(application: Application) -> DossierVersion | None:
    """R13: the dossier exactly as last submitted."""
    return application.versions.order_by("-number").first()


def recommender_application(user: AnyUser, pk: int) -> Application | None:
    """An application naming one of the user's recommending units (Art. 12)."""
    return (
        applications_for_recommender(user)
        .select_related("recommender", "organisation__division")
        .filter(pk=pk)
        .first()
    )


def liaison_consultation(user: AnyUser, pk: int) -> Consultation | None:
    """A consultation addressed to one of the user's departments (Art. 17)."""
    return (
        consultations_for_liaison(user)
        .select_related("answered_by", "application__round__programme")
        .filter(pk=pk)
        .first()
    )


def liaisons_of_department(department_id: int, programme_id: int) -> QuerySet[User]:
    return User.objects.filter(
        programme_roles__role=Role.LIAISON,
        programme_roles__department_id=department_id,
        programme_roles__programme_id=programme_id,
        programme_roles__active=True,
        is_active=True,
    ).distinct()


def office_users_of_programme(programme_id: int) -> QuerySet[User]:
    return User.objects.filter(
        programme_roles__role=Role.OFFICE,
        programme_roles__programme_id=programme_id,
        programme_roles__active=True,
        is_active=True,
    ).distinct()


def dashboard_recommender(user: User) -> dict[str, Any]:
    """Art. 12, 28: the applications naming the user's unit, those awaiting an opinion first."""
    applications = list(
        applications_for_recommender(user)
        .select_related("recommender")
        .order_by("recommended_at", "-round__year", "organisation__name")
    )
    awaiting = [
        a
        for a in applications
        if not a.recommended_at
        and a.status in (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED)
    ]
    return {"applications": applications, "awaiting": len(awaiting)}


def dashboard_liaison(user: User) -> dict[str, Any]:
    """Art. 17: the consultations addressed to the user's department, pending ones first."""
    consultations = list(consultations_for_liaison(user).order_by("-sent_at", "-pk"))
    pending = [c for c in consultations if c.result == ConsultationResult.PENDING]
    answered = [c for c in consultations if c.result != ConsultationResult.PENDING]
    pending.sort(key=lambda c: (c.due_on is None, c.due_on or timezone.localdate(c.sent_at)))
    return {"pending": pending, "answered": answered}
