from __future__ import annotations

from django.db.models import QuerySet

from accounts.enums import Role
from accounts.models import ProgrammeRole, User
from accounts.permissions import AnyUser
from awards.models import Round

from .models import Application, Consultation
from .permissions import organisation_id_of


def applications_of_my_organisation(user: AnyUser) -> QuerySet[Application]:
    org_id = organisation_id_of(user)
    if org_id is None:
        return Application.objects.none()
    return Application.objects.filter(organisation_id=org_id).select_related(
        "round", "organisation"
    )


def applications_for_office(user: AnyUser, round: Round | None = None) -> QuerySet[Application]:
    """Every application of the programmes the user is office staff of."""
    if not user.is_authenticated:
        return Application.objects.none()
    programme_ids = ProgrammeRole.objects.filter(user=user, role=Role.OFFICE, active=True).values(
        "programme_id"
    )
    qs = Application.objects.filter(round__programme_id__in=programme_ids).select_related(
        "round", "organisation", "organisation__division", "recommender"
    )
    if round is not None:
        qs = qs.filter(round=round)
    return qs


def applications_for_recommender(user: AnyUser) -> QuerySet[Application]:
    if not user.is_authenticated:
        return Application.objects.none()
    grants = ProgrammeRole.objects.filter(user=user, role=Role.RECOMMENDER, active=True)
    return Application.objects.filter(
        recommender_id__in=grants.values("recommender_id"),
        round__programme_id__in=grants.values("programme_id"),
    ).select_related("round", "organisation")


def consultations_for_liaison(user: AnyUser) -> QuerySet[Consultation]:
    if not user.is_authenticated:
        return Consultation.objects.none()
    grants = ProgrammeRole.objects.filter(user=user, role=Role.LIAISON, active=True)
    return Consultation.objects.filter(
        department_id__in=grants.values("department_id"),
        application__round__programme_id__in=grants.values("programme_id"),
    ).select_related("application__organisation", "application__round", "department")


def users_of_round_applicants(round: Round) -> QuerySet[User]:
    return User.objects.filter(
        organisation_membership__organisation__applications__round=round
    ).distinct()


def users_of_organisation(organisation_id: int) -> QuerySet[User]:
    return User.objects.filter(organisation_membership__organisation_id=organisation_id)


def stored_bytes(application: Application) -> int:
    from django.db.models import Sum

    return application.attachments.aggregate(total=Sum("size"))["total"] or 0
