"""Predicates about rounds: who may run, approve and see what."""

from __future__ import annotations

from accounts.enums import Role
from accounts.models import ProgrammeRole
from accounts.permissions import (
    AnyUser,
    is_leading_group_of,
    is_office_of,
    is_portal_operator,
    office_programme_ids,
)
from awards.enums import RoundStage
from awards.models import (
    AwardProgramme,
    ConfidentialityCommitment,
    GuidanceDocument,
    Round,
    WorkPlan,
)

# Roles that take part in a round's review and sign its commitment first (R12, Art. 31).
REVIEW_PARTICIPANT_ROLES = (Role.OFFICE, Role.EXPERT, Role.LEADING_GROUP, Role.LIAISON)
# Who signs the round's commitment before opening a dossier (R12, Art. 31): those who take part
# in the review, and the recommending units, which read the dossiers of their scope (Art. 12).
COMMITMENT_ROLES = (*REVIEW_PARTICIPANT_ROLES, Role.RECOMMENDER)


def can_approve_review_rules(user: AnyUser, round: Round) -> bool:
    """Art. 10: the leading group approves the rules, before material review starts."""
    return is_leading_group_of(user, round.programme_id) and round.stage in (
        RoundStage.DRAFT,
        RoundStage.APPLICATION,
        RoundStage.ELIGIBILITY,
    )


def can_edit_programme_rules(user: AnyUser, programme: AwardProgramme) -> bool:
    """Art. 11(1): the programme's own office drafts its rules and keeps its calendar."""
    return is_office_of(user, programme.pk)


def can_approve_programme_rules(user: AnyUser, programme: AwardProgramme) -> bool:
    """Art. 10: the programme's own leading group approves its rules."""
    return is_leading_group_of(user, programme.pk)


def can_preview_programme_documents(user: AnyUser, programme: AwardProgramme) -> bool:
    """Art. 10, 11(1): the office that drafts the programme's rules and the leading group that
    approves them see the specimens (样张) of what the rules print; nobody else."""
    return is_office_of(user, programme.pk) or is_leading_group_of(user, programme.pk)


def can_draft_work_plan(user: AnyUser, plan: WorkPlan) -> bool:
    """Art. 11(3): the programme's own office drafts its annual work plan."""
    return is_office_of(user, plan.programme_id)


def can_approve_work_plan(user: AnyUser, plan: WorkPlan) -> bool:
    """Art. 11(3), 10: the programme's own leading group approves its annual work plan."""
    return is_leading_group_of(user, plan.programme_id)


def can_guide_programmes(user: AnyUser, programme: AwardProgramme) -> bool:
    """Art. 11(9): the city programme's office oversees the county and zone programmes it
    guides and publishes guidance to them (a county's office never: it guides none)."""
    return is_office_of(user, programme.pk)


def can_create_guided_programme(user: AnyUser, programme: AwardProgramme) -> bool:
    """Art. 11(9): the office of a city programme (one no other programme guides) sets up the
    county and zone programmes it is to guide; a guided county's office sets up none, and
    another city's office none under this programme."""
    return programme.guided_by_id is None and is_office_of(user, programme.pk)


def can_set_up_programme(user: AnyUser, guided_by: AwardProgramme | None) -> bool:
    """The installation's operator sets up any programme; a city programme's office one it is
    to guide (Art. 11(9))."""
    if is_portal_operator(user):
        return True
    return guided_by is not None and can_create_guided_programme(user, guided_by)


def can_list_all_programmes(user: AnyUser) -> bool:
    """Only the installation's operator sees every programme it hosts; an office sees its own."""
    return is_portal_operator(user)


def can_edit_programme(user: AnyUser) -> bool:
    """The installation's operator corrects a programme's name, offices and guiding programme
    after its set-up; its rules stay with its office and leading group (Art. 10, 11)."""
    return is_portal_operator(user)


def can_read_guidance(user: AnyUser, document: GuidanceDocument) -> bool:
    """Art. 11(9): the publishing office and the offices of the programmes it guides."""
    if is_office_of(user, document.programme_id):
        return True
    return AwardProgramme.objects.filter(
        pk__in=office_programme_ids(user), guided_by_id=document.programme_id
    ).exists()


def has_signed_commitment(user: AnyUser, round: Round) -> bool:
    """R12: nobody sees a dossier of the round before signing its commitment."""
    if not user.is_authenticated:
        return False
    return ConfidentialityCommitment.objects.filter(round=round, user=user).exists()


def takes_part_in_review(user: AnyUser, round: Round) -> bool:
    """R12: office, expert, leading-group member or liaison of the round's programme."""
    if not user.is_authenticated:
        return False
    return ProgrammeRole.objects.filter(
        user=user, programme_id=round.programme_id, role__in=REVIEW_PARTICIPANT_ROLES, active=True
    ).exists()


def may_sign_commitment(user: AnyUser, round: Round) -> bool:
    """R12 / Art. 31: everyone who takes part in the round's review signs its commitment, and
    so does every user of a recommending unit serving the round's programme."""
    if not user.is_authenticated:
        return False
    return ProgrammeRole.objects.filter(
        user=user, programme_id=round.programme_id, role__in=COMMITMENT_ROLES, active=True
    ).exists()


def must_sign_commitment(user: AnyUser, round: Round) -> bool:
    return may_sign_commitment(user, round) and not has_signed_commitment(user, round)
