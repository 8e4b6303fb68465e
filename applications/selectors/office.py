"""Reads for the office, recommender and liaison side of applications (Art. 12, 17)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.enums import Role
from accounts.models import User
from accounts.permissions import AnyUser
from applications.enums import RECOMMENDATION_OPEN_STATUSES, ApplicationStatus, ConsultationResult
from applications.models import (
    Application,
    Attachment,
    Consultation,
    DossierVersion,
    EligibilityCheck,
    SupplementRequest,
)
from applications.selectors.adverse import with_adverse_flag
from applications.selectors.application import (
    applications_for_office,
    applications_for_recommender,
    consultations_for_liaison,
)
from awards.models import Round
from organisations.enums import IndustrySection


def office_applications(user: AnyUser, round: Round, status: str = "") -> QuerySet[Application]:
    """The round's applications the user sees as office staff, optionally of one status."""
    qs = (
        # R5: flagged when an adverse record received after the eligibility decision awaits
        # the office's review.
        with_adverse_flag(applications_for_office(user, round))
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
            Prefetch(
                "supplement_requests",
                queryset=SupplementRequest.objects.select_related(
                    "requested_by", "answered_by", "version"
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
    """Art. 12, 28: the applications naming the user's unit and the submitted ones in its
    scope, those awaiting an opinion first."""
    applications = list(
        applications_for_recommender(user)
        .select_related("recommender")
        .order_by("-names_unit", "recommended_at", "-round__year", "organisation__name")
    )
    awaiting = [
        a
        for a in applications
        if getattr(a, "names_unit", False) and not a.recommended_at and a.recommendation_open
    ]
    return {"applications": applications, "awaiting": len(awaiting)}


def dashboard_liaison(user: User) -> dict[str, Any]:
    """Art. 17: the consultations addressed to the user's department, pending ones first."""
    consultations = list(consultations_for_liaison(user).order_by("-sent_at", "-pk"))
    pending = [c for c in consultations if c.result == ConsultationResult.PENDING]
    answered = [c for c in consultations if c.result != ConsultationResult.PENDING]
    pending.sort(key=lambda c: (c.due_on is None, c.due_on or timezone.localdate(c.sent_at)))
    return {"pending": pending, "answered": answered}


def recommender_applications(
    user: AnyUser, *, awaiting_only: bool = False
) -> QuerySet[Application]:
    """Art. 12, 28: the submitted (or still draft) applications naming one of the user's
    recommending units and every submitted one in their scope, with what the bulk
    list shows; ``awaiting_only``: naming the unit, no opinion yet and the opinion can still
    be written."""
    qs = (
        applications_for_recommender(user)
        .exclude(status__in=[ApplicationStatus.WITHDRAWN, ApplicationStatus.NOT_SUBMITTED])
        .select_related("recommender", "organisation__division")
        .order_by("-round__year", "organisation__name", "pk")
    )
    if awaiting_only:
        qs = qs.filter(
            Q(names_unit=True),
            recommended_at__isnull=True,
            status__in=RECOMMENDATION_OPEN_STATUSES,
        )
    return qs


def lacking_recommendation(user: AnyUser, round: Round) -> QuerySet[Application]:
    """The round's submitted applications whose recommending unit has not written its
    opinion (Art. 12), grouped by unit in the list."""
    return (
        applications_for_office(user, round)
        .filter(status=ApplicationStatus.SUBMITTED, recommended_at__isnull=True)
        .order_by("recommender__name", "organisation__name", "pk")
    )


def round_breakdown(user: AnyUser, round: Round) -> dict[str, Any]:
    """The office's round dashboard: the round's applications (drafts left out) by county,
    industry, sector and status, and what is waiting for whom. A fixed number of queries."""
    qs = applications_for_office(user, round).exclude(status=ApplicationStatus.DRAFT)

    def counted(field: str) -> list[tuple[Any, int]]:
        return list(
            qs.order_by().values_list(field).annotate(n=Count("pk")).values_list(field, "n")
        )

    industries = dict(IndustrySection.choices)
    statuses = dict(ApplicationStatus.choices)
    by_county = sorted(counted("organisation__division__name"), key=lambda r: (-r[1], r[0]))
    by_industry = sorted(
        ((f"{k} {industries.get(k, k)}", n) for k, n in counted("organisation__industry_section")),
        key=lambda r: (-r[1], r[0]),
    )
    # R2: each bucket by its name in the rules the round kept.
    by_sector = [(round.sector_label(k), n) for k, n in counted("sector")]
    status_order = list(ApplicationStatus.values)
    by_status = [
        (str(statuses.get(k, k)), n)
        for k, n in sorted(counted("status"), key=lambda r: status_order.index(r[0]))
    ]
    submitted = qs.filter(status=ApplicationStatus.SUBMITTED)
    waiting = [
        {
            "who": "office",
            "count": submitted.count(),
        },
        {
            "who": "recommenders",
            "count": submitted.filter(recommended_at__isnull=True).count()
            if round.recommendation_required
            else 0,
        },
        {
            "who": "departments",
            "count": Consultation.objects.filter(
                application__in=qs, result=ConsultationResult.PENDING
            ).count(),
        },
        {
            "who": "applicants",
            "count": SupplementRequest.objects.filter(
                application__in=qs, answered_at__isnull=True
            ).count(),
        },
    ]
    return {
        "total": sum(n for _k, n in by_status),
        "by_county": by_county,
        "by_industry": by_industry,
        "by_sector": by_sector,
        "by_status": by_status,
        "waiting": waiting,
    }


def submitted_per_round(round_ids: list[int]) -> dict[int, int]:
    """Art. 11(9): the applications submitted in each round (drafts and those never
    submitted left out), one aggregate query, no dossier read."""
    rows = (
        Application.objects.filter(round_id__in=round_ids)
        .exclude(status__in=(ApplicationStatus.DRAFT, ApplicationStatus.NOT_SUBMITTED))
        .values("round_id")
        .annotate(n=Count("pk"))
        .values_list("round_id", "n")
    )
    return dict(rows)
