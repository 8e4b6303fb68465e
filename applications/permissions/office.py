"""Predicates of the office, recommender and liaison side of an application (Art. 12, 17)."""

from __future__ import annotations

from accounts.enums import Role
from accounts.models import ProgrammeRole
from accounts.permissions import AnyUser, is_office_of
from applications.enums import OPEN_STATUSES, ApplicationStatus, ConsultationResult
from applications.models import Application, Consultation


def is_office_for(user: AnyUser, application: Application) -> bool:
    """Office staff of the application's programme (a county's office sees only its own)."""
    return is_office_of(user, application.round.programme_id)


def is_liaison_for(user: AnyUser, consultation: Consultation) -> bool:
    """Art. 17: the liaison of the consulted department, in the application's programme."""
    if not user.is_authenticated:
        return False
    return ProgrammeRole.objects.filter(
        user=user,
        role=Role.LIAISON,
        department_id=consultation.department_id,
        programme_id=consultation.application.round.programme_id,
        active=True,
    ).exists()


def is_department_liaison(user: AnyUser) -> bool:
    """Art. 17: the user answers consultations for a department in some programme (the
    liaison's pages are unknown to every other role: 404)."""
    if not user.is_authenticated:
        return False
    return ProgrammeRole.objects.filter(
        user=user, role=Role.LIAISON, active=True, department__isnull=False
    ).exists()


def is_recommending_unit_user(user: AnyUser) -> bool:
    """Art. 12: the user speaks for a recommending unit in some programme (the recommender's
    list is unknown to every other role: 404)."""
    if not user.is_authenticated:
        return False
    return ProgrammeRole.objects.filter(
        user=user, role=Role.RECOMMENDER, active=True, recommender__isnull=False
    ).exists()


def can_answer_consultation(user: AnyUser, consultation: Consultation) -> bool:
    return is_liaison_for(user, consultation) and consultation.result == ConsultationResult.PENDING


def can_check_eligibility(user: AnyUser, application: Application) -> bool:
    """R5: the office records the conditions of Art. 13 while the application is submitted."""
    return is_office_for(user, application) and application.status == ApplicationStatus.SUBMITTED


def can_consult(user: AnyUser, application: Application) -> bool:
    """Art. 17: departments are consulted about an application still in the running."""
    return is_office_for(user, application) and application.status in OPEN_STATUSES


def can_disqualify(user: AnyUser, application: Application) -> bool:
    """R8: fraud found before an award disqualifies an application still in the running."""
    return is_office_for(user, application) and application.status in OPEN_STATUSES
