"""Who may declare, open and score in expert review, and who runs it (R12).

The Assignment row (written and withdrawn by reviews.services.review) is what gives an expert
an application; the predicates here add everything else in one place: the assignment active,
the expert in the programme's pool, no conflict declared or detected, a "no conflict"
declaration, the round's commitment signed, and for scoring the right stage.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Trim, Upper
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.models import ProgrammeRole, User
from accounts.permissions import AnyUser, is_leading_group_of, is_office_of
from applications.enums import ApplicationStatus
from applications.models import Application
from applications.permissions.application import is_applicant_of
from awards.enums import RoundStage
from awards.models import Round
from awards.permissions import has_signed_commitment
from experts.models import ExpertFormerEmployer, ExpertProfile
from reviews.enums import ReviewStage, ReviewStatus
from reviews.models import Assignment, ConflictDeclaration, Review
from reviews.rules.scoring import former_employer_cutoff, is_detected_conflict

# The application status and round stage in which each review stage is scored.
STAGE_STATES: dict[str, tuple[str, str]] = {
    ReviewStage.MATERIAL: (ApplicationStatus.ELIGIBLE, RoundStage.MATERIAL_REVIEW),
    ReviewStage.SITE: (ApplicationStatus.SITE_REVIEW, RoundStage.SITE_REVIEW),
}


def expert_profile_of(user: AnyUser) -> ExpertProfile | None:
    if not user.is_authenticated:
        return None
    return ExpertProfile.objects.filter(user_id=user.pk, active=True).first()


def in_pool_q(*, user_ref: str, programme: int | OuterRef, active_field: str) -> Q:
    """The programme's active expert pool: an active profile whose user holds the programme's
    active expert role, and whose review agency (if any) is not disqualified (Art. 32)."""
    roles = ProgrammeRole.objects.filter(
        Q(programme_id=programme), user_id=OuterRef(user_ref), role=Role.EXPERT, active=True
    )
    prefix = active_field[: -len("active")]
    agency_ok = Q(**{f"{prefix}agency__isnull": True}) | Q(**{f"{prefix}agency__active": True})
    return Q(**{active_field: True}) & Q(Exists(roles)) & agency_ok


def pool_of(programme_id: int) -> QuerySet[ExpertProfile]:
    """The programme's active expert pool (groups and assignments draw from it)."""
    return ExpertProfile.objects.filter(
        in_pool_q(user_ref="user_id", programme=programme_id, active_field="active")
    )


def conflict_exists(expert_ref: str = "expert", application_ref: str = "application") -> Exists:
    """R12: a conflict declared by the expert, named by the applicant or recorded by the office."""
    return Exists(
        ConflictDeclaration.objects.filter(
            expert_id=OuterRef(expert_ref),
            application_id=OuterRef(application_ref),
            has_conflict=True,
        )
    )


def no_conflict_declared(
    expert_ref: str = "expert", application_ref: str = "application"
) -> Exists:
    return Exists(
        ConflictDeclaration.objects.filter(
            expert_id=OuterRef(expert_ref),
            application_id=OuterRef(application_ref),
            has_conflict=False,
        )
    )


# The query of standing assignments, built once a process per cutoff date of former
# employers: resolving its pool, conflict and employer conditions took thousands of function
# calls on every page of an expert (the dashboard, the scoring page). Each caller gets a clone
# (``.all()``), as from a queryset kept on a class; the kept one is never evaluated.
# Kept as they are and as shaped by a caller (shaped_standing_assignments).
_standing: dict[tuple[date, Callable[..., Any] | None], QuerySet[Assignment]] = {}
_standing_lock = threading.Lock()


def standing_assignments() -> QuerySet[Assignment]:
    """Active assignments in good standing (R12): the expert in the pool, no conflict declared
    or detected. The "no conflict" declaration is not required here: it is
    what the expert gives on the declaration page."""
    return shaped_standing_assignments(None)


def shaped_standing_assignments(
    shape: Callable[[QuerySet[Assignment]], QuerySet[Assignment]] | None,
) -> QuerySet[Assignment]:
    """:func:`standing_assignments` passed through ``shape`` (a module-level function that
    adds the same conditions, annotations and columns every time), the result kept as the
    query itself is: the caller adds only what changes per request (the user, the
    application)."""
    cutoff = former_employer_cutoff()
    kept = _standing.get((cutoff, shape))
    if kept is None:
        kept = _standing_assignments(cutoff)
        if shape is not None:
            kept = shape(kept)
        with _standing_lock:  # a web process's threads share the table
            if any(day != cutoff for day, _shape in _standing):
                _standing.clear()  # the day before's
            _standing[(cutoff, shape)] = kept
    return kept.all()


def _standing_assignments(cutoff: date) -> QuerySet[Assignment]:
    return (
        Assignment.objects.filter(withdrawn_at__isnull=True)
        .filter(
            in_pool_q(
                user_ref="expert__user_id",
                programme=OuterRef("application__round__programme_id"),
                active_field="expert__active",
            )
        )
        .filter(~conflict_exists())
        # R12 detected conflict: the expert's employer is the applicant (rules.
        # is_detected_conflict; a blank code never matches a credit code).
        .annotate(_employer_code=Upper(Trim("expert__employer_credit_code")))
        .exclude(_employer_code=F("application__organisation__credit_code"))
        # R12: a former employer within three years (rules.detected_conflict_reason).
        .exclude(
            Exists(
                ExpertFormerEmployer.objects.filter(
                    expert_id=OuterRef("expert_id"),
                    credit_code=OuterRef("application__organisation__credit_code"),
                    to_date__gte=cutoff,
                )
            )
        )
    )


def _assignment_of(user: AnyUser, application: Application) -> QuerySet[Assignment]:
    if not user.is_authenticated:
        return Assignment.objects.none()
    return standing_assignments().filter(application_id=application.pk, expert__user_id=user.pk)


def is_assigned_without_conflict(user: AnyUser, application: Application) -> bool:
    """The expert may see the declaration page (organisation name, code, industry, county)."""
    return _assignment_of(user, application).exists()


def _declared(assignments: QuerySet[Assignment]) -> QuerySet[Assignment]:
    return assignments.filter(no_conflict_declared())


def has_declared_no_conflict(user: AnyUser, application: Application) -> bool:
    if not user.is_authenticated:
        return False
    return (
        shaped_standing_assignments(_declared)
        .filter(application_id=application.pk, expert__user_id=user.pk)
        .exists()
    )


def can_open_dossier(user: AnyUser, application: Application) -> bool:
    """R12: an assigned expert (an active assignment, active in the pool),
    with no conflict declared or detected, who declared "no conflict" for this application and
    signed the round's confidentiality commitment."""
    if not user.is_authenticated:
        return False
    return has_declared_no_conflict(user, application) and has_signed_commitment(
        user, application.round
    )


def score_refusal(user: AnyUser, application: Application, stage: str) -> str | None:
    """Why ``user`` may not score ``application`` at ``stage`` now (None: it may).

    can_open_dossier + the round and the application in that stage + the review not submitted.
    """
    if stage not in STAGE_STATES:
        return _("Unknown review stage.")
    if not can_open_dossier(user, application):
        return _("You are not an assigned reviewer of this application without a conflict.")
    assert isinstance(user, User)  # can_open_dossier holds only for a logged-in user
    return stage_refusal(user, application, stage)


_NOT_READ = object()


def stage_refusal(
    user: User, application: Application, stage: str, *, own_review: object = _NOT_READ
) -> str | None:
    """The rest of :func:`score_refusal` for a caller that has just found
    :func:`can_open_dossier` true for ``user`` (the scoring and dossier pages, after their gate):
    the round and the application in that stage, the review not submitted. A caller that has
    read the user's own review of ``stage`` (or found none) passes it as ``own_review``."""
    if stage not in STAGE_STATES:
        return _("Unknown review stage.")
    status, round_stage = STAGE_STATES[stage]
    if application.round.stage != round_stage or application.status != status:
        return _("This application is not in %(stage)s now.") % {"stage": ReviewStage(stage).label}
    if own_review is _NOT_READ:
        submitted = Review.objects.filter(
            application_id=application.pk,
            expert__user_id=user.pk,
            stage=stage,
            status=ReviewStatus.SUBMITTED,
        ).exists()
    else:
        submitted = isinstance(own_review, Review) and own_review.status == ReviewStatus.SUBMITTED
    if submitted:
        return _("Your review was submitted and can no longer change.")
    return None


def can_run_review(user: AnyUser, round: Round) -> bool:
    """The programme's office assigns experts and moves the review on."""
    return is_office_of(user, round.programme_id)


def can_view_composite_report(user: AnyUser, round: Round) -> bool:
    """The programme's office and leading-group members (who sign the commitment first)."""
    return is_office_of(user, round.programme_id) or is_leading_group_of(user, round.programme_id)


def detected_conflict_reason(expert: ExpertProfile, applicant_credit_code: str) -> str:
    """R12: why the data shows a conflict ("" when it shows none): the expert works for the
    applicant now, or worked for it within the last three years."""
    if is_detected_conflict(expert.employer_credit_code, applicant_credit_code):
        return "employer"
    code = (applicant_credit_code or "").strip().upper()
    if (
        code
        and expert.former_employers.filter(
            credit_code=code, to_date__gte=former_employer_cutoff()
        ).exists()
    ):
        return "former_employer"
    return ""


# R12: the applicant names conflicted experts with the dossier, until the office has
# decided eligibility (no expert is assigned before that).
APPLICANT_NAMING_STATUSES = (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED)


def can_name_conflicts(user: AnyUser, application: Application) -> bool:
    """A user of the applicant organisation, while the application is a draft or submitted."""
    return is_applicant_of(user, application) and application.status in (APPLICANT_NAMING_STATUSES)


def can_record_defence_score(user: AnyUser, application: Application) -> bool:
    """R1 / Art. 18-20: the programme's office records the question-and-defence panel's score,
    in a round that holds the stage."""
    return can_run_review(user, application.round) and application.round.holds_defence_stage
