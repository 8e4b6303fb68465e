"""Who may deliberate, run publicity and handle objections. Predicates only: no writes here."""

from __future__ import annotations

from accounts.permissions import AnyUser, is_leading_group_of, is_office_of
from awards.enums import RoundStage
from awards.models import Round
from publicity.enums import ObjectionStatus
from publicity.models import Objection, PublicityPeriod


def can_see_deliberation(user: AnyUser, round: Round) -> bool:
    """The programme's leading group, and its office (which records for members who do not
    log in themselves)."""
    return is_leading_group_of(user, round.programme_id) or is_office_of(user, round.programme_id)


def records_on_behalf(user: AnyUser, round: Round) -> bool:
    """The office enters the plenary's result on the members' behalf."""
    return not is_leading_group_of(user, round.programme_id) and is_office_of(
        user, round.programme_id
    )


def can_record_plenary(user: AnyUser, round: Round) -> bool:
    return can_see_deliberation(user, round) and round.stage == RoundStage.DELIBERATION


def can_manage_publicity(user: AnyUser, round: Round) -> bool:
    """Art. 21: the office publicises the proposed list and collects objections."""
    return is_office_of(user, round.programme_id)


def can_draft_publicity_notice(user: AnyUser, period: PublicityPeriod) -> bool:
    """Art. 21: the office drafts the notice of each of its round's publicity periods (to
    publish through the media), at any time once the period is opened."""
    return can_manage_publicity(user, period.round)


def can_open_publicity(user: AnyUser, round: Round) -> bool:
    return can_manage_publicity(user, round) and round.stage == RoundStage.DELIBERATION


def can_see_objection(user: AnyUser, objection: Objection) -> bool:
    """The office handles objections; the leading group decides on them (Art. 21)."""
    programme_id = objection.publicity.round.programme_id
    return is_office_of(user, programme_id) or is_leading_group_of(user, programme_id)


def can_see_objector_identity(user: AnyUser, objection: Objection) -> bool:
    """The objector's identity is for the office alone."""
    return is_office_of(user, objection.publicity.round.programme_id)


def can_verify_objection(user: AnyUser, objection: Objection) -> bool:
    return is_office_of(user, objection.publicity.round.programme_id) and objection.status in (
        ObjectionStatus.RECEIVED,
        ObjectionStatus.VERIFYING,
    )


def can_decide_objection(user: AnyUser, objection: Objection) -> bool:
    """The leading group decides; the office records the decision for it."""
    return can_see_objection(user, objection) and objection.status == ObjectionStatus.VERIFYING


def _has_list_decision(objection: Objection) -> bool:
    from django.core.exceptions import ObjectDoesNotExist

    try:
        return objection.list_decision is not None
    except ObjectDoesNotExist:
        return False


def can_decide_list(user: AnyUser, objection: Objection) -> bool:
    """Art. 21: after an upheld objection removed a candidate, the leading group (or its office
    for it) confirms or amends the list, once, while the round is in publicity."""
    return (
        can_see_objection(user, objection)
        and objection.status == ObjectionStatus.UPHELD
        and objection.removed_from_list
        and not _has_list_decision(objection)
        and objection.publicity.round.stage == RoundStage.PUBLICITY
    )
