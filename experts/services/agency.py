"""Writes of contracted review agencies (评审机构): the agency, which experts belong to it, and
its disqualification (Art. 32, R12), proposed by the office and decided by the leading group
like an expert's: on confirmation the agency becomes inactive, its experts leave the active
pool (reviews.permissions.in_pool_q) and their active assignments are withdrawn. Each write
records the decision log in its transaction (R14)."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.permissions import is_office_of
from awards.models import AwardProgramme
from decisionlog.services import record_decision
from decisionlog.workflow import DomainError
from experts.departures import expert_leaves
from experts.models import AgencyDisqualification, ExpertProfile, ReviewAgency
from experts.services import disqualification
from experts.services.disqualification import Disqualifiable
from organisations.validators import normalise_credit_code

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


def _withdraw_agency_experts(proposal: AgencyDisqualification, actor: User) -> int:
    """A confirmed disqualification makes the agency inactive (its experts leave every
    programme's active pool) and withdraws every active assignment of its experts."""
    ReviewAgency.objects.filter(pk=proposal.agency_id).update(active=False)
    reason = _("Review agency disqualified (Art. 32): %(reason)s") % {"reason": proposal.reason}
    withdrawn = 0
    for expert in ExpertProfile.objects.filter(agency_id=proposal.agency_id).order_by("pk"):
        withdrawn += expert_leaves(expert, actor=actor, reason=reason, programme_id=None)
    return withdrawn


AGENCY_DISQUALIFICATION: Disqualifiable[ReviewAgency, AgencyDisqualification] = Disqualifiable(
    subject_model=ReviewAgency,
    proposal_model=AgencyDisqualification,
    not_in_programme=gettext_lazy("This agency is not contracted by your programme."),
    already_inactive=gettext_lazy("This agency is already disqualified."),
    already_pending=gettext_lazy("A proposal for this agency already awaits the leading group."),
    referral_required=gettext_lazy("Record the referral of the decision."),
    proposed_action="pool.agency_disqualify_proposed",
    confirmed_action="pool.agency_disqualify_confirmed",
    rejected_action="pool.agency_disqualify_rejected",
    on_confirm=_withdraw_agency_experts,
)

# Art. 32: the office proposes to disqualify an agency it contracted, with the reason; a member
# of the programme's leading group confirms (the agency becomes inactive, its experts leave the
# active pool at once, their active assignments are withdrawn, the referral is recorded) or
# rejects. Preconditions and side effects: experts.services.disqualification.
propose_agency_disqualification = partial(disqualification.propose, AGENCY_DISQUALIFICATION)
decide_agency_disqualification = partial(disqualification.decide, AGENCY_DISQUALIFICATION)
