"""Art. 32 (R12): one flow to disqualify an individual expert (services_pool) or a contracted
review agency (services_agency). The office proposes with a reason; a member of the
programme's leading group confirms or rejects; on confirmation the subject leaves the
deciding programme (an expert: that programme's pool, role and assignments only, the profile
staying active for the other programmes sharing it; an agency becomes inactive and its experts
leave the active pool, reviews.permissions.in_pool_q), the active assignments it ends are
withdrawn, and the referral is recorded. Proposals are
never deleted: they are the history. Each step locks its row and writes the decision log in
the same transaction (R14).

A :class:`Disqualifiable` names what differs between the two: the models, the messages and
what a confirmation withdraws, and the decision-log action codes (literals at the declaration,
so that tests/decisionlog/action_scan.py checks their labels)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import is_leading_group_of, is_office_of
from awards.models import AwardProgramme
from decisionlog.services import record_decision
from decisionlog.workflow import DomainError
from experts.models import (
    AgencyDisqualification,
    DisqualificationDecision,
    ExpertDisqualification,
    ExpertProfile,
    ReviewAgency,
)

S = TypeVar("S", ExpertProfile, ReviewAgency)
P = TypeVar("P", ExpertDisqualification, AgencyDisqualification)


@dataclass(frozen=True)
class Disqualifiable(Generic[S, P]):
    """What can be disqualified under Art. 32, and how its flow differs from the other's."""

    subject_model: type[S]
    proposal_model: type[P]
    not_in_programme: str | Promise
    already_inactive: str | Promise
    already_pending: str | Promise
    referral_required: str | Promise
    # The decision-log codes of a proposal and of its confirmation or rejection.
    proposed_action: str
    confirmed_action: str
    rejected_action: str
    # Called on confirmation, in the same transaction: ends what the disqualification ends
    # (the subject's standing in the deciding programme, or everywhere for an agency) and
    # withdraws the assignments it ends; returns how many.
    on_confirm: Callable[[P, User], int]

    @property
    def field(self) -> str:
        """The proposal's foreign key to the subject ("expert", "agency")."""
        return self.proposal_model.subject_field


@transaction.atomic
def propose(
    kind: Disqualifiable[S, P],
    subject: S,
    programme: AwardProgramme,
    *,
    actor: User,
    reason: str,
) -> P:
    """Art. 32: the office proposes to disqualify a subject of its programme, with the reason.

    Preconditions: office of the programme; the subject active and in the programme; a reason;
    no other proposal pending. Side effects: the proposal; a decision-log row
    ``kind.proposed_action``."""
    if not is_office_of(actor, programme.pk):
        raise DomainError(_("Only the office of this programme can do this."))
    locked = kind.subject_model.objects.select_for_update().get(pk=subject.pk)
    if not locked.programmes.filter(pk=programme.pk).exists():
        raise DomainError(str(kind.not_in_programme))
    if not reason.strip():
        raise DomainError(_("Give the reason for the proposal."))
    already_out = locked.disqualifications.filter(
        decision=DisqualificationDecision.CONFIRMED, programme=programme
    ).exists()
    if not locked.active or already_out:
        raise DomainError(str(kind.already_inactive))
    if locked.disqualifications.filter(
        decision=DisqualificationDecision.PENDING, programme=programme
    ).exists():
        raise DomainError(str(kind.already_pending))
    fields: dict[str, Any] = {kind.field: locked}
    proposal = kind.proposal_model.objects.create(
        **fields, programme=programme, proposed_by=actor, reason=reason.strip()
    )
    record_decision(
        actor=actor,
        action=kind.proposed_action,
        obj=locked,
        reason=proposal.reason,
        data={"programme": programme.pk, "proposal": proposal.pk},
    )
    return proposal


@transaction.atomic
def decide(
    kind: Disqualifiable[S, P],
    proposal: P,
    *,
    actor: User,
    confirm: bool,
    note: str = "",
    referral_note: str = "",
    referred_on: date | None = None,
) -> P:
    """Art. 32: a member of the programme's leading group confirms or rejects the proposal.
    On confirmation ``kind.on_confirm`` ends the subject's standing (in the deciding
    programme for an expert) and withdraws the assignments it ends, and the referral is
    recorded (text and date), under ``kind.confirmed_action`` or ``kind.rejected_action``.

    Preconditions: leading group of the programme; the proposal pending; a referral note on
    confirmation. Side effects: the decision, the subject's standing ended, assignments
    withdrawn, decision-log rows."""
    locked = (
        kind.proposal_model.objects.select_for_update(of=("self",))
        .select_related(kind.field, "programme")
        .get(pk=proposal.pk)
    )
    if not is_leading_group_of(actor, locked.programme_id):
        raise DomainError(_("Only a member of the leading group of this programme can decide."))
    if locked.decision != DisqualificationDecision.PENDING:
        raise DomainError(_("This proposal is already decided."))
    if confirm and not referral_note.strip():
        raise DomainError(str(kind.referral_required))
    locked.decision = (
        DisqualificationDecision.CONFIRMED if confirm else DisqualificationDecision.REJECTED
    )
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.decision_note = note.strip()
    if confirm:
        locked.referral_note = referral_note.strip()
        locked.referred_on = referred_on or timezone.localdate()
    locked.save()
    subject = getattr(locked, kind.field)
    withdrawn = 0
    if confirm:
        withdrawn = kind.on_confirm(locked, actor)
    record_decision(
        actor=actor,
        action=kind.confirmed_action if confirm else kind.rejected_action,
        obj=subject,
        reason=locked.decision_note or locked.reason,
        data={
            "programme": locked.programme_id,
            "proposal": locked.pk,
            "withdrawn": withdrawn,
            "referral": locked.referral_note,
        },
    )
    return locked
