"""Who may record approvals and download certificates. Predicates only: no writes here."""

from __future__ import annotations

from accounts.permissions import AnyUser, is_office_of
from applications.permissions.application import organisation_id_of
from awards.enums import RoundStage
from awards.models import Round
from grants.models import AwardGrant


def can_record_approval(user: AnyUser, round: Round) -> bool:
    """Art. 22: the office records the municipal government's decision."""
    return is_office_of(user, round.programme_id) and round.stage == RoundStage.APPROVAL


def can_draft_commendation(user: AnyUser, round: Round) -> bool:
    """Art. 21-22: the office drafts the commendation decision once the publicity has closed.
    While the round awaits the government's approval it drafts it from the proposed list for
    the government's meeting; after the approval is recorded it drafts it from the approved
    list (the government may approve fewer) for the government to issue. Before the publicity
    closes the list may still change, so no draft."""
    return is_office_of(user, round.programme_id) and round.stage in (
        RoundStage.APPROVAL,
        RoundStage.PUBLISHED,
    )


def can_manage_certificates(user: AnyUser, round: Round) -> bool:
    return is_office_of(user, round.programme_id)


def is_winner_user(user: AnyUser, grant: AwardGrant) -> bool:
    return user.is_authenticated and organisation_id_of(user) == grant.organisation_id


def can_download_certificate(user: AnyUser, grant: AwardGrant) -> bool:
    """The winning organisation's users and the programme's office; nobody else."""
    if not user.is_authenticated:
        return False
    return is_winner_user(user, grant) or is_office_of(user, grant.round.programme_id)
