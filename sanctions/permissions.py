"""Who may act on a ban. Predicates only: no writes here."""

from __future__ import annotations

from collections.abc import Collection

from sanctions.models import Ban


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
