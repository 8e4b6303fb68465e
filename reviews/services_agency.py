"""Writes of contracted review agencies (评审机构): the agency, which experts belong to it, and
its disqualification (Art. 32, R12), proposed by the office and decided by the leading group
like an expert's: on confirmation the agency becomes inactive, its experts leave the active
pool (reviews.permissions.in_pool_q) and their active assignments are withdrawn with their
guardian grants. Each write records the decision log in its transaction (R14)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import is_leading_group_of, is_office_of
from awards.models import AwardProgramme
from decisionlog.services import record_decision
from decisionlog.workflow import DomainError
from organisations.validators import normalise_credit_code

from .models import AgencyDisqualification, DisqualificationDecision, ExpertProfile, ReviewAgency
from .services import withdraw_assignments_of_expert

AGENCY_FIELDS: tuple[str, ...] = (
    "name",
    "credit_code",
    "contact_name",
    "phone",
    "contract",
    "contract_until",
)


def _require_office(actor: User, programme: AwardProgramme) -> None:
    if not is_office_of(actor, programme.pk):
        raise DomainError(_("Only the office of this programme can do this."))


def _fields(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = {k: values[k] for k in AGENCY_FIELDS if k in values}
    if "name" in cleaned:
        cleaned["name"] = str(cleaned["name"]).strip()
        if not cleaned["name"]:
            raise DomainError(_("Give the agency's name."))
    if "credit_code" in cleaned:
        cleaned["credit_code"] = normalise_credit_code(cleaned["credit_code"] or "")
    return cleaned


@transaction.atomic
def create_agency(
    programme: AwardProgramme, *, actor: User, values: dict[str, Any]
) -> ReviewAgency:
    """The office records an agency contracted by its programme.

    Preconditions: office of the programme; a name. Side effects: the agency, joined to the
    programme; a decision-log row."""
    _require_office(actor, programme)
    agency = ReviewAgency.objects.create(**_fields(values))
    agency.programmes.add(programme)
    record_decision(
        actor=actor,
        action="pool.agency_create",
        obj=agency,
        data={"programme": programme.pk, "name": agency.name},
    )
    return agency


@transaction.atomic
def update_agency(
    agency: ReviewAgency, programme: AwardProgramme, *, actor: User, values: dict[str, Any]
) -> ReviewAgency:
    _require_office(actor, programme)
    locked = ReviewAgency.objects.select_for_update().get(pk=agency.pk)
    if not locked.programmes.filter(pk=programme.pk).exists():
        raise DomainError(_("This agency is not contracted by your programme."))
    changes = _fields(values)
    for key, value in changes.items():
        setattr(locked, key, value)
    locked.save(update_fields=list(changes))
    record_decision(
        actor=actor,
        action="pool.agency_update",
        obj=locked,
        data={"programme": programme.pk, "fields": sorted(changes)},
    )
    return locked


@transaction.atomic
def set_expert_agency(
    expert: ExpertProfile,
    agency: ReviewAgency | None,
    programme: AwardProgramme,
    *,
    actor: User,
) -> ExpertProfile:
    """Put an expert of the programme's pool in an agency of the programme, or take it out.

    Preconditions: office of the programme; the expert in its pool; the agency contracted by
    it and active (an expert cannot join a disqualified agency). Side effects: the profile's
    agency; a decision-log row."""
    _require_office(actor, programme)
    locked = ExpertProfile.objects.select_for_update().get(pk=expert.pk)
    if not locked.programmes.filter(pk=programme.pk).exists():
        raise DomainError(_("This expert is not in your programme's pool."))
    if agency is not None:
        if not agency.programmes.filter(pk=programme.pk).exists():
            raise DomainError(_("This agency is not contracted by your programme."))
        if not agency.active:
            raise DomainError(_("This agency is disqualified."), rule="R12")
    before = locked.agency_id
    locked.agency = agency
    locked.save(update_fields=["agency"])
    record_decision(
        actor=actor,
        action="pool.agency_member",
        obj=locked,
        data={"programme": programme.pk, "from": before, "to": agency.pk if agency else None},
    )
    return locked


@transaction.atomic
def propose_agency_disqualification(
    agency: ReviewAgency, programme: AwardProgramme, *, actor: User, reason: str
) -> AgencyDisqualification:
    """Art. 32: the office proposes to disqualify an agency it contracted, with the reason.

    Preconditions: office of the programme; the agency active and contracted by it; a reason;
    no other proposal pending. Side effects: the proposal; a decision-log row."""
    _require_office(actor, programme)
    locked = ReviewAgency.objects.select_for_update().get(pk=agency.pk)
    if not locked.programmes.filter(pk=programme.pk).exists():
        raise DomainError(_("This agency is not contracted by your programme."))
    if not reason.strip():
        raise DomainError(_("Give the reason for the proposal."))
    if not locked.active:
        raise DomainError(_("This agency is already disqualified."))
    if locked.disqualifications.filter(decision=DisqualificationDecision.PENDING).exists():
        raise DomainError(_("A proposal for this agency already awaits the leading group."))
    proposal = AgencyDisqualification.objects.create(
        agency=locked, programme=programme, proposed_by=actor, reason=reason.strip()
    )
    record_decision(
        actor=actor,
        action="pool.agency_disqualify_proposed",
        obj=locked,
        reason=proposal.reason,
        data={"programme": programme.pk, "proposal": proposal.pk},
    )
    return proposal


@transaction.atomic
def decide_agency_disqualification(
    proposal: AgencyDisqualification,
    *,
    actor: User,
    confirm: bool,
    note: str = "",
    referral_note: str = "",
    referred_on: date | None = None,
) -> AgencyDisqualification:
    """Art. 32: a member of the programme's leading group confirms or rejects the proposal.
    On confirmation the agency becomes inactive (its experts leave the active pool at once),
    every active assignment of its experts is withdrawn with its guardian grant, and the
    referral is recorded.

    Preconditions: leading group of the programme; the proposal pending; a referral note on
    confirmation. Side effects: the decision, the agency inactive, assignments withdrawn,
    decision-log rows."""
    locked = (
        AgencyDisqualification.objects.select_for_update(of=("self",))
        .select_related("agency", "programme")
        .get(pk=proposal.pk)
    )
    if not is_leading_group_of(actor, locked.programme_id):
        raise DomainError(_("Only a member of the leading group of this programme can decide."))
    if locked.decision != DisqualificationDecision.PENDING:
        raise DomainError(_("This proposal is already decided."))
    if confirm and not referral_note.strip():
        raise DomainError(_("Record the referral of the decision."))
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
    withdrawn = 0
    if confirm:
        ReviewAgency.objects.filter(pk=locked.agency_id).update(active=False)
        reason = _("Review agency disqualified (Art. 32): %(reason)s") % {"reason": locked.reason}
        for expert in ExpertProfile.objects.filter(agency_id=locked.agency_id).order_by("pk"):
            withdrawn += withdraw_assignments_of_expert(expert, actor=actor, reason=reason)
    record_decision(
        actor=actor,
        action="pool.agency_disqualify_confirmed" if confirm else "pool.agency_disqualify_rejected",
        obj=locked.agency,
        reason=locked.decision_note or locked.reason,
        data={
            "programme": locked.programme_id,
            "proposal": locked.pk,
            "withdrawn": withdrawn,
            "referral": locked.referral_note,
        },
    )
    return locked
