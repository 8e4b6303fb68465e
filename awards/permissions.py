"""Predicates about rounds: who may run, approve and see what."""

from __future__ import annotations

from accounts.enums import Role
from accounts.models import ProgrammeRole
from accounts.permissions import AnyUser, is_leading_group_of, is_office_of
from awards.enums import RoundStage
from awards.models import AwardProgramme, ConfidentialityCommitment, Round

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
