"""Writes of the expert pool (评审员专家库, Art. 11(2)): profiles with their former employers,
logins, sharing between programmes, the Excel import, and disqualification (Art. 32, R12).
Each write records the decision log in its own transaction (R14)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.enums import Role
from accounts.models import ProgrammeRole, User
from accounts.permissions import is_office_of
from awards.models import AwardProgramme
from decisionlog.services import record_decision
from decisionlog.workflow import DomainError
from experts.departures import expert_leaves
from experts.models import (
    DisqualificationDecision,
    ExpertDisqualification,
    ExpertFormerEmployer,
    ExpertProfile,
    ExpertProgrammeNote,
)
from experts.permissions import owns_profile
from experts.selectors.pool import recorded_by
from experts.services import disqualification
from experts.services.disqualification import Disqualifiable
from organisations.validators import normalise_credit_code

# The profile fields the office edits and the import fills (R12: employer and its code).
PROFILE_FIELDS: tuple[str, ...] = (
    "name",
    "employer",
    "employer_credit_code",
    "title",
    "qualifications",
    "specialties",
    "industries",
    "region",
    "phone",
    "email",
)


def _require_office(actor: User, programme: AwardProgramme) -> None:
    if not is_office_of(actor, programme.pk):
        raise DomainError(_("Only the office of this programme can do this."))


def _require_owner(expert: ExpertProfile, programme: AwardProgramme) -> None:
    if not owns_profile(expert, programme):
        raise DomainError(
            _(
                "This profile is kept by the programme that owns it; your programme can only"
                " add its own note and former employers."
            )
        )


def _has_confirmed_disqualification(
    expert: ExpertProfile, programme: AwardProgramme | None = None
) -> bool:
    """Art. 32: a confirmed disqualification of the expert (by ``programme``, or by any)."""
    confirmed = expert.disqualifications.filter(decision=DisqualificationDecision.CONFIRMED)
    if programme is not None:
        confirmed = confirmed.filter(programme=programme)
    return confirmed.exists()


def _join_programme(expert: ExpertProfile, programme: AwardProgramme) -> None:
    """Pool membership: the M2M and, for an expert with a login, the programme's expert role.
    The first programme to pool a profile owns it. An expert the programme disqualified
    (Art. 32) stays listed there but never gets the programme's role back."""
    if expert.owning_programme_id() is None:
        ExpertProfile.objects.filter(pk=expert.pk).update(owner=programme)
        expert.refresh_from_db(fields=["owner"])
    expert.programmes.add(programme)
    if expert.user_id is not None:
        role, created = ProgrammeRole.objects.get_or_create(
            user_id=expert.user_id, programme=programme, role=Role.EXPERT
        )
        if (
            not created
            and not role.active
            and expert.active
            and not _has_confirmed_disqualification(expert, programme)
        ):
            ProgrammeRole.objects.filter(pk=role.pk).update(active=True)


def _set_former_employers(
    expert: ExpertProfile, programme: AwardProgramme, rows: list[dict[str, Any]]
) -> None:
    """Rewrite the rows this programme recorded; the other programmes' rows stay."""
    expert.former_employers.filter(recorded_by(expert, programme)).delete()
    ExpertFormerEmployer.objects.bulk_create(
        ExpertFormerEmployer(
            expert=expert,
            programme=programme,
            employer=row["employer"],
            credit_code=normalise_credit_code(row.get("credit_code", "")),
            from_date=row.get("from_date"),
            to_date=row["to_date"],
        )
        for row in rows
    )


def _clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    cleaned = {key: fields[key] for key in PROFILE_FIELDS if key in fields}
    if "employer_credit_code" in cleaned:
        cleaned["employer_credit_code"] = normalise_credit_code(cleaned["employer_credit_code"])
    return cleaned


def matching_expert(name: str, credit_code: str) -> ExpertProfile | None:
    """One profile per person across programmes: matched by name and employer's credit code."""
    code = normalise_credit_code(credit_code)
    if not name.strip() or not code:
        return None
    return (
        ExpertProfile.objects.filter(name=name.strip(), employer_credit_code=code)
        .order_by("pk")
        .first()
    )


@transaction.atomic
def create_expert(
    programme: AwardProgramme,
    *,
    actor: User,
    fields: dict[str, Any],
    former_employers: list[dict[str, Any]] | None = None,
) -> ExpertProfile:
    """The office adds an expert to its programme's pool (Art. 11(2)). An expert already in
    another programme's pool (same name and employer credit code) keeps its one profile: it is
    shared with this programme, and updated only when this programme owns it (the former
    employers given are this programme's own).

    Preconditions: the actor is office staff of the programme; fields validated by the form.
    Side effects: profile (and former employers) written, programme joined, decision-log row.
    """
    _require_office(actor, programme)
    values = _clean_fields(fields)
    expert = matching_expert(values.get("name", ""), values.get("employer_credit_code", ""))
    shared = expert is not None
    if expert is None:
        expert = ExpertProfile.objects.create(owner=programme, **values)
    _join_programme(expert, programme)
    if shared and owns_profile(expert, programme):
        for key, value in values.items():
            setattr(expert, key, value)
        expert.save(update_fields=list(values))
    if former_employers is not None:
        _set_former_employers(expert, programme, former_employers)
    record_decision(
        actor=actor,
        action="pool.share" if shared else "pool.create",
        obj=expert,
        data={"programme": programme.pk},
    )
    return expert


@transaction.atomic
def update_expert(
    expert: ExpertProfile,
    programme: AwardProgramme,
    *,
    actor: User,
    fields: dict[str, Any],
    active: bool,
    former_employers: list[dict[str, Any]] | None = None,
) -> ExpertProfile:
    """The owning programme's office edits a profile of its pool (the one profile shared by
    every programme).

    Preconditions: office of the programme; the expert is in that programme's pool and the
    programme owns the profile; an expert disqualified under Art. 32 cannot be made active
    again here.
    Side effects: profile and the owner's former employers rewritten, decision-log row.
    """
    _require_office(actor, programme)
    locked = ExpertProfile.objects.select_for_update().get(pk=expert.pk)
    if not locked.programmes.filter(pk=programme.pk).exists():
        raise DomainError(_("This expert is not in your programme's pool."))
    _require_owner(locked, programme)
    if active and not locked.active and _has_confirmed_disqualification(locked):
        raise DomainError(_("This expert was disqualified (Art. 32) and cannot be made active."))
    values = _clean_fields(fields)
    for key, value in values.items():
        setattr(locked, key, value)
    locked.active = active
    locked.save(update_fields=[*values, "active"])
    if former_employers is not None:
        _set_former_employers(locked, programme, former_employers)
    record_decision(actor=actor, action="pool.update", obj=locked, data={"programme": programme.pk})
    return locked


@transaction.atomic
def update_programme_record(
    expert: ExpertProfile,
    programme: AwardProgramme,
    *,
    actor: User,
    note: str,
    former_employers: list[dict[str, Any]],
) -> ExpertProfile:
    """A programme sharing an expert it does not own keeps its own note and former employers.
    Its rows count as conflicts everywhere (R12), so they only add restrictions; the owner's
    profile and rows are untouched.

    Preconditions: office of the programme; the expert is in its pool; another programme owns
    the profile. Side effects: the programme's note and rows rewritten, decision-log row.
    """
    _require_office(actor, programme)
    locked = ExpertProfile.objects.select_for_update().get(pk=expert.pk)
    if not locked.programmes.filter(pk=programme.pk).exists():
        raise DomainError(_("This expert is not in your programme's pool."))
    if owns_profile(locked, programme):
        raise DomainError(_("Your programme owns this profile: edit the profile itself."))
    ExpertProgrammeNote.objects.update_or_create(
        expert=locked, programme=programme, defaults={"note": note.strip()}
    )
    _set_former_employers(locked, programme, former_employers)
    record_decision(
        actor=actor, action="pool.programme_record", obj=locked, data={"programme": programme.pk}
    )
    return locked


@transaction.atomic
def add_expert_to_programme(
    expert: ExpertProfile, programme: AwardProgramme, *, actor: User
) -> ExpertProfile:
    """Share an existing profile with the actor's programme (Art. 11(2): county awards may use
    the pool). Preconditions: office of the programme; the expert is active.
    Side effects: programme joined (M2M and expert role), decision-log row. Idempotent."""
    _require_office(actor, programme)
    if not expert.active:
        raise DomainError(_("An inactive expert cannot be added to a pool."))
    if expert.programmes.filter(pk=programme.pk).exists():
        return expert
    _join_programme(expert, programme)
    record_decision(actor=actor, action="pool.share", obj=expert, data={"programme": programme.pk})
    return expert


def generate_initial_password() -> str:
    return secrets.token_urlsafe(12)


@transaction.atomic
def create_expert_login(
    expert: ExpertProfile,
    programme: AwardProgramme,
    *,
    actor: User,
    username: str,
    email: str,
) -> str:
    """Give a pool expert a login with the programme's expert role. There is no password-reset
    page yet, so an initial password is generated and returned to be shown once to the office.

    Preconditions: office of the programme; the expert is in its pool, the programme owns the
    profile, and it has no login; the username is free. Side effects: User created, profile
    linked, the expert role of each programme sharing it granted, decision log.
    """
    _require_office(actor, programme)
    locked = ExpertProfile.objects.select_for_update().get(pk=expert.pk)
    if not locked.programmes.filter(pk=programme.pk).exists():
        raise DomainError(_("This expert is not in your programme's pool."))
    _require_owner(locked, programme)
    if locked.user_id is not None:
        raise DomainError(_("This expert already has a login."))
    if User.objects.filter(username__iexact=username.strip()).exists():
        raise DomainError(_("This username is taken."))
    password = generate_initial_password()
    user = User(username=username.strip(), email=email.strip(), full_name=locked.name)
    user.set_password(password)
    user.save()
    locked.user = user
    if email.strip() and not locked.email:
        locked.email = email.strip()
    locked.save(update_fields=["user", "email"])
    for joined in locked.programmes.all():
        ProgrammeRole.objects.get_or_create(
            user=user,
            programme=joined,
            role=Role.EXPERT,
            defaults={
                "active": locked.active and not _has_confirmed_disqualification(locked, joined)
            },
        )
    record_decision(
        actor=actor,
        action="pool.login",
        obj=locked,
        data={"programme": programme.pk, "username": user.username},
    )
    return password


# --- Excel import ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    shared: int = 0


@transaction.atomic
def import_experts(
    programme: AwardProgramme, *, actor: User, rows: list[dict[str, Any]]
) -> ImportResult:
    """Import validated rows (experts.services.pool_import validates every row first; nothing is
    imported when one is wrong). An expert matched by name and employer credit code is
    updated when the programme owns its profile and only shared otherwise; others are
    created; all join the programme's pool. One transaction.

    Preconditions: office of the programme; rows validated. Side effects: profiles written,
    programme joined, one decision-log row for the import.
    """
    _require_office(actor, programme)
    created = updated = shared = 0
    for row in rows:
        values = _clean_fields(row)
        expert = matching_expert(values["name"], values["employer_credit_code"])
        if expert is None:
            expert = ExpertProfile.objects.create(owner=programme, **values)
            created += 1
            _join_programme(expert, programme)
            continue
        _join_programme(expert, programme)
        if not owns_profile(expert, programme):
            shared += 1
            continue
        for key, value in values.items():
            setattr(expert, key, value)
        expert.save(update_fields=list(values))
        updated += 1
    record_decision(
        actor=actor,
        action="pool.import",
        obj=programme,
        data={"created": created, "updated": updated, "shared": shared},
    )
    return ImportResult(created=created, updated=updated, shared=shared)


# --- disqualification (Art. 32, R12) -----------------------------------------------------------


def _withdraw_expert(proposal: ExpertDisqualification, actor: User) -> int:
    """A confirmed disqualification acts in the deciding programme only: the expert leaves its
    active pool (it loses its expert role there, reviews.permissions.in_pool_q, and is listed
    as disqualified) and its active assignments in that programme's rounds are withdrawn. The profile itself becomes inactive only when the deciding programme owns
    it and no other programme shares it; the programmes sharing the expert keep it."""
    expert = proposal.expert
    programme_id = proposal.programme_id
    withdrawn = expert_leaves(
        expert,
        actor=actor,
        reason=_("Expert disqualified (Art. 32): %(reason)s") % {"reason": proposal.reason},
        programme_id=programme_id,
    )
    if expert.user_id is not None:
        ProgrammeRole.objects.filter(
            Q(programme_id=programme_id), user_id=expert.user_id, role=Role.EXPERT
        ).update(active=False)
    shared = expert.programmes.exclude(pk=programme_id).exists()
    if expert.owning_programme_id() == programme_id and not shared:
        ExpertProfile.objects.filter(pk=expert.pk).update(active=False)
    return withdrawn


EXPERT_DISQUALIFICATION: Disqualifiable[ExpertProfile, ExpertDisqualification] = Disqualifiable(
    subject_model=ExpertProfile,
    proposal_model=ExpertDisqualification,
    not_in_programme=gettext_lazy("This expert is not in your programme's pool."),
    already_inactive=gettext_lazy("This expert is already inactive."),
    already_pending=gettext_lazy("A proposal for this expert already awaits the leading group."),
    referral_required=gettext_lazy("Record the referral to the expert's employer."),
    proposed_action="pool.disqualify_proposed",
    confirmed_action="pool.disqualify_confirmed",
    rejected_action="pool.disqualify_rejected",
    on_confirm=_withdraw_expert,
)

# Art. 32: the office proposes to disqualify an expert of its pool, with the reason; a member
# of the programme's leading group confirms (the expert leaves the programme's active pool, its
# active assignments there are withdrawn, its expert role there is revoked, the referral to its
# employer is recorded; the programmes sharing the expert keep it, the profile becomes inactive
# only when the programme owns it and no other shares it) or rejects. Preconditions and side
# effects: experts.services.disqualification.
propose_disqualification = partial(disqualification.propose, EXPERT_DISQUALIFICATION)
decide_disqualification = partial(disqualification.decide, EXPERT_DISQUALIFICATION)
