"""Who may record approvals and download certificates. Predicates only: no writes here."""

from __future__ import annotations

from collections.abc import Collection

from accounts.permissions import AnyUser, is_office_of
from applications.permissions.application import organisation_id_of
from awards.enums import RoundStage
from awards.models import Round
from grants.models import AwardGrant, Ban


def can_record_approval(user: AnyUser, round: Round) -> bool:
    """Art. 22: the office records the municipal government's decision."""
    return is_office_of(user, round.programme_id) and round.stage == RoundStage.APPROVAL


def can_manage_certificates(user: AnyUser, round: Round) -> bool:
    return is_office_of(user, round.programme_id)


def is_winner_user(user: AnyUser, grant: AwardGrant) -> bool:
    return user.is_authenticated and organisation_id_of(user) == grant.organisation_id


def can_download_certificate(user: AnyUser, grant: AwardGrant) -> bool:
    """The winning organisation's users and the programme's office; nobody else."""
    if not user.is_authenticated:
        return False
    return is_winner_user(user, grant) or is_office_of(user, grant.round.programme_id)


def ban_programme_id(ban: Ban) -> int | None:
    """The programme whose decision the bar follows: the revoked award's, or the round's of
    the application disqualified for fraud; None for a bar that follows neither."""
    if ban.revocation is not None:
        return ban.revocation.grant.round.programme_id
    if ban.fraud_case is not None:
        return ban.fraud_case.application.round.programme_id
    return None


def office_may_open_ban(ban: Ban, office_programmes: Collection[int]) -> bool:
    """R8: a bar covers every programme (every office lists it), but its notices to the
    provincial and national award bodies are the deciding programme's office's to record."""
    if not office_programmes:
        return False
    programme_id = ban_programme_id(ban)
    return programme_id is None or programme_id in office_programmes
