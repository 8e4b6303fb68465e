"""Who may export a round's archive: the programme's office, nobody else."""

from __future__ import annotations

from accounts.permissions import AnyUser, is_leading_group_of, is_office_of
from awards.models import Round


def can_export_archive(user: AnyUser, round: Round) -> bool:
    return is_office_of(user, round.programme_id)


def knows_round(user: AnyUser, round: Round) -> bool:
    """The leading group sees the round but may not export it (403, not 404)."""
    return is_leading_group_of(user, round.programme_id)
