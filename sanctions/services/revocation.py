"""Every write about revoking an award (R8 / Art. 28 fraud, R11 / Art. 30 grounds): the office
opens a case with evidence, the organisation responds, the office records the municipal
government's decision; a revocation revokes the grant and bars the organisation (R8)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import is_office_of
from applications.permissions.application import organisation_id_of
from applications.selectors.application import users_of_organisation
from awards.models import Round
from awards.rulesets import RuleSettings, round_rule_settings
from common.dates import last_day_and_next
from decisionlog.services import record_decision
from decisionlog.workflow import DomainError, transition_logged
from grants.enums import BanReason, GrantStatus
from grants.models import AwardGrant
from grants.rules.grant import add_years
from grants.services.approval import transition_grant
from notifications.services import notify
from sanctions.enums import (
    REVOCABLE_ACCIDENT_GRADES,
    REVOCATION_TRANSITIONS,
    RevocationGround,
    RevocationStatus,
)
from sanctions.models import Ban, FraudBarCase, Revocation
from sanctions.services.bans import stop_applications_of_barred
from sanctions.services.follow_up import open_recovery


def is_fraud(ground: str) -> bool:
    """R8: Art. 28 fraud, as opposed to the Art. 30 grounds (1)-(5) of R11."""
    return ground == RevocationGround.FRAUD


def ban_reason_for(ground: str) -> str:
    """R8: a bar for fraud (Art. 28) or for an Art. 30 revocation, each of its own length."""
    return BanReason.FRAUD if is_fraud(ground) else BanReason.REVOCATION


def ban_end(ground: str, decided_on: date, settings: RuleSettings) -> date:
    """R8 / Art. 28, 30: the last day of the bar that follows a decision on ``decided_on``,
    for the years ``settings`` give the ground (the 2022 measures: 10 for fraud, 5 for an
    Art. 30 ground)."""
    return add_years(decided_on, settings.bar_years(fraud=is_fraud(ground)))


def create_ban(
    cause: Revocation | FraudBarCase,
    ground: str,
    *,
    organisation_id: int,
    decided_on: date,
    note: str,
    actor: User,
    round_id: int,
) -> Ban:
    """R8: the bar that follows the government's decision on ``cause`` (a revocation, or a bar
    for fraud found before an award): from ``decided_on``, for the years the rules of the
    round it concerns give the ground (``RuleSettings.bar_years``). Side effects: the Ban and
    its ``ban.create`` log row, naming the cause."""
    if isinstance(cause, Revocation):
        link: dict[str, Any] = {"revocation": cause}
        ids = {"revocation_id": cause.pk}
    else:
        link = {"fraud_case": cause}
        ids = {"fraud_case_id": cause.pk, "application_id": cause.application_id}
    round = Round.objects.select_related("programme").get(pk=round_id)
    ban = Ban.objects.create(
        organisation_id=organisation_id,
        # Art. 28, 30: the bar is the deciding programme's (the round's).
        programme_id=round.programme_id,
        reason=ban_reason_for(ground),
        starts_on=decided_on,
        # R8: its length as the round's rules set it (a later change to the programme's
        # rules does not change it).
        ends_on=ban_end(ground, decided_on, round_rule_settings(round)),
        note=note,
        **link,
    )
    record_decision(
        actor=actor,
        action="ban.create",
        obj=ban,
        round_id=round_id,
        reason=note,
        data={
            "organisation_id": organisation_id,
            **ids,
            "reason": ban.reason,
            "starts_on": ban.starts_on.isoformat(),
            "ends_on": ban.ends_on.isoformat(),
        },
    )
    return ban


def check_ground(ground: str, accident_grade: str) -> None:
    """R11 (1): an accident is a ground only at the grade 较大 or above, and its grade is
    recorded; the other grounds carry no grade."""
    if ground not in RevocationGround.values:
        raise DomainError(_("Choose a ground of Art. 28 or Art. 30."), rule="R11")
    if ground == RevocationGround.ACCIDENT:
        if not accident_grade:
            raise DomainError(_("Give the accident's grade for ground (1)."), rule="R11")
        if accident_grade not in REVOCABLE_ACCIDENT_GRADES:
            raise DomainError(
                _("Only an accident of the grade 较大 (major) or above is a ground (1)."),
                rule="R11",
            )
    elif accident_grade:
        raise DomainError(_("An accident grade belongs to ground (1) only."), rule="R11")


def check_within_validity(
    grant: AwardGrant, ground: str, today: date, occurred_on: date | None
) -> None:
    """R8 / Art. 28: an award obtained by fraud is revoked whenever the fraud comes to light,
    after its validity too. R11 / Art. 30: the event of the ground must fall within the
    validity period (from the approval to ``valid_until``), whatever the day the case is
    opened: an event after the validity is no ground, an event within it still is once the
    award has expired. An award already revoked is not revoked again."""
    if grant.status == GrantStatus.REVOKED:
        raise DomainError(
            _("The award is no longer valid (%(state)s); it cannot be revoked.")
            % {"state": grant.get_status_display()},
            rule="R8",
        )
    if is_fraud(ground):
        return
    if occurred_on is None:
        raise DomainError(
            _(
                "Give the date of the event: an Art. 30 ground must occur within the validity period."
            ),
            rule="R11",
        )
    if occurred_on > today:
        raise DomainError(_("The date of the event cannot be in the future."), rule="R11")
    if not grant.approved_on <= occurred_on <= grant.valid_until:
        raise DomainError(
            _(
                "An Art. 30 ground must occur within the validity period (%(start)s to "
                "%(until)s); the event of %(day)s falls outside it."
            )
            % {
                "start": grant.approved_on.isoformat(),
                "until": grant.valid_until.isoformat(),
                "day": occurred_on.isoformat(),
            },
            rule="R11",
        )


def transition_revocation(
    revocation: Revocation, to: str, *, actor: User | None, reason: str = "", **extra: Any
) -> Revocation:
    """The only way a revocation case's status changes (the government's decision)."""
    data = {"grant_id": revocation.grant_id}
    table = REVOCATION_TRANSITIONS
    return transition_logged(
        revocation, to, table, actor, reason, extra, action=f"revocation.{to}", data=data
    )


def _organisation_users(organisation_id: int) -> list[User]:
    return list(users_of_organisation(organisation_id))


def open_revocation(
    grant: AwardGrant,
    *,
    actor: User,
    ground: str,
    evidence: str,
    accident_grade: str = "",
    occurred_on: date | None = None,
    today: date | None = None,
) -> Revocation:
    """The office opens a revocation case against a grant (R8 fraud, R11 Art. 30 grounds).

    Preconditions: the actor is the office of the grant's programme; the ground is fraud or
    one of Art. 30 (1)-(5); for (1) the accident grade is 较大 or above (R11); evidence is
    given; the grant is not revoked; for an Art. 30 ground the date of the event is given and
    falls within the validity period (R11; check_within_validity), not in the future; no
    other case on the grant awaits the government's decision.

    Side effects: one Revocation (PROPOSED); a ``revocation.open`` decision-log row (R14);
    the organisation's users notified, with a link to respond.
    """
    if not is_office_of(actor, grant.round.programme_id):
        raise DomainError(_("Only the programme's office opens a revocation case."))
    evidence = evidence.strip()
    if not evidence:
        raise DomainError(_("Describe the evidence for the ground."), rule="R11")
    check_ground(ground, accident_grade)
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = (
            AwardGrant.objects.select_for_update()
            .select_related("organisation", "round")
            .get(pk=grant.pk)
        )
        check_within_validity(locked, ground, today, occurred_on)
        if Revocation.objects.filter(grant=locked, status=RevocationStatus.PROPOSED).exists():
            raise DomainError(
                _("A revocation case on this award already awaits the government's decision.")
            )
        case = {"ground": ground, "accident_grade": accident_grade, "evidence": evidence}
        revocation = Revocation.objects.create(
            grant=locked, **case, occurred_on=occurred_on, proposed_by=actor
        )
        record_decision(
            actor=actor,
            action="revocation.open",
            obj=revocation,
            to_state=RevocationStatus.PROPOSED,
            round_id=locked.round_id,
            data={
                "grant_id": locked.pk,
                **case,
                "occurred_on": occurred_on.isoformat() if occurred_on else None,
            },
        )
        notify(
            _organisation_users(locked.organisation_id),
            subject=_("Revocation proposed: %(award)s") % {"award": locked},
            body=_(
                "The award office proposes to revoke your award on the ground: %(ground)s. "
                "You may respond in the portal before the municipal government decides."
            )
            % {"ground": revocation.get_ground_display()},
            url=reverse("sanctions:revocation_respond", kwargs={"pk": revocation.pk}),
            programme_id=locked.round.programme_id,
        )
    return revocation


def respond_to_revocation(revocation: Revocation, *, actor: User, response: str) -> Revocation:
    """The organisation states its side of the case (R11: the organisation may respond).

    Preconditions: the actor belongs to the grant's organisation; the case still awaits the
    government's decision; the response is not empty. A later response replaces the earlier
    one; every version stays in the decision log (R14).

    Side effects: ``organisation_response`` saved; a ``revocation.respond`` log row.
    """
    response = response.strip()
    if not response:
        raise DomainError(_("Write your response."))
    with transaction.atomic():
        locked = (
            Revocation.objects.select_for_update().select_related("grant").get(pk=revocation.pk)
        )
        if organisation_id_of(actor) != locked.grant.organisation_id:
            raise DomainError(_("Only the organisation concerned responds to the case."))
        if locked.status != RevocationStatus.PROPOSED:
            raise DomainError(
                _("The case has been decided; a response is no longer possible."), rule="R11"
            )
        locked.organisation_response = response
        locked.save(update_fields=["organisation_response"])
        record_decision(
            actor=actor,
            action="revocation.respond",
            obj=locked,
            round_id=locked.grant.round_id,
            data={"response": response},
        )
    revocation.organisation_response = response
    return locked


def decide_revocation(
    revocation: Revocation,
    *,
    actor: User,
    revoked: bool,
    decided_on: date,
    document_number: str = "",
) -> Revocation:
    """The office records the municipal government's decision on a case (R8, R11).

    Preconditions: the actor is the office of the grant's programme; the case awaits the
    decision; the decision date is not in the future nor before the case was opened; a
    revocation carries the government's document number.

    Side effects, in one transaction: the case -> REVOKED or REJECTED with date and document
    number. On revocation: the grant -> REVOKED (``transition_grant``); a Ban from the
    decision date for the round's bar length (R8: the 2022 measures: 10 years for fraud, 5
    for an Art. 30 ground) with a
    ``ban.create`` log row; for fraud a FraudRecovery of the prize money paid
    (sanctions.services.follow_up); the organisation's applications in progress stopped (R8,
    sanctions.services.bans); the organisation's users notified. The revoked grant then shows
    as revoked on the winners and verification pages and on the public notice page.
    """
    document_number = document_number.strip()
    with transaction.atomic():
        locked = (
            Revocation.objects.select_for_update()
            .select_related("grant__round", "grant__organisation")
            .get(pk=revocation.pk)
        )
        grant = locked.grant
        if not is_office_of(actor, grant.round.programme_id):
            raise DomainError(_("Only the programme's office records the decision."))
        if locked.status != RevocationStatus.PROPOSED:
            raise DomainError(_("The government's decision on this case is already recorded."))
        if decided_on > timezone.localdate():
            raise DomainError(_("The decision date cannot be in the future."))
        if decided_on < timezone.localdate(locked.proposed_at):
            raise DomainError(_("The decision cannot predate the opening of the case."))
        if revoked and not document_number:
            raise DomainError(
                _("Give the document number of the government's revocation decision."),
                rule="R11",
            )
        if not revoked:
            return transition_revocation(
                locked,
                RevocationStatus.REJECTED,
                actor=actor,
                reason=_("The municipal government did not revoke the award."),
                decided_on=decided_on,
                document_number=document_number,
            )
        reason = _("Revoked by the municipal government on %(date)s (%(doc)s).") % {
            "date": decided_on.isoformat(),
            "doc": document_number,
        }
        decided = transition_revocation(
            locked,
            RevocationStatus.REVOKED,
            actor=actor,
            reason=reason,
            decided_on=decided_on,
            document_number=document_number,
        )
        transition_grant(grant, GrantStatus.REVOKED, actor=actor, reason=reason)
        ban = create_ban(
            decided,
            locked.ground,
            organisation_id=grant.organisation_id,
            decided_on=decided_on,
            note=reason,
            actor=actor,
            round_id=grant.round_id,
        )
        # R8 / Art. 28: after fraud the prize money is recovered, plaque and certificate
        # returned (sanctions.services.follow_up tracks it).
        open_recovery(decided, actor=actor)
        # R8: the bar stops any application of the organisation still in progress.
        stop_applications_of_barred(
            [grant.organisation.credit_code], actor=actor, on=timezone.localdate()
        )
        notify(
            _organisation_users(grant.organisation_id),
            subject=_("Award revoked: %(award)s") % {"award": grant},
            body=_(
                "The municipal government revoked your award (%(doc)s). Stop using the title "
                "and mark. Your organisation is barred from applying until and including "
                "%(until)s; it may apply again from %(next)s."
            )
            % {"doc": document_number, **last_day_and_next(ban.ends_on)},
            url=reverse("sanctions:revocations_public"),
            programme_id=grant.round.programme_id,
        )
    return decided
