"""Every write about what follows a revocation (R8 / Art. 28, 30): the notices of a bar sent
to the provincial and national award bodies, and, after fraud, the recovery of the prize
money and the return of plaque and certificate."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import is_office_of, office_programme_ids
from decisionlog.services import record_decision
from decisionlog.workflow import DomainError
from grants.models import PrizePayment
from sanctions.enums import AwardBody, RevocationGround, RevocationStatus
from sanctions.models import Ban, BanNotice, FraudRecovery, Revocation


def may_handle_ban(user: User, ban: Ban) -> bool:
    """The office of the revoked award's programme; any office for a bar without a case."""
    if ban.revocation_id is None:
        return bool(office_programme_ids(user))
    assert ban.revocation is not None
    return is_office_of(user, ban.revocation.grant.round.programme_id)


def record_ban_notice(
    ban: Ban, *, actor: User, body: str, sent_on: date, reference: str
) -> BanNotice:
    """R8: record that the notice of a bar was sent to the provincial or national body.

    Preconditions: the office (``may_handle_ban``); a known body, not yet notified of this
    bar; a date not in the future nor before the bar; a reference (letter number).
    Side effects: one BanNotice; a ``ban.notice`` log row.
    """
    if not may_handle_ban(actor, ban):
        raise DomainError(_("Only the programme's office records these notices."))
    reference = reference.strip()
    if body not in AwardBody.values:
        raise DomainError(_("Choose the award body."))
    if not reference:
        raise DomainError(_("Give the reference of the notice (letter number)."))
    with transaction.atomic():
        locked = Ban.objects.select_for_update().get(pk=ban.pk)
        if sent_on > timezone.localdate():
            raise DomainError(_("The date cannot be in the future."))
        if sent_on < locked.starts_on:
            raise DomainError(_("The notice cannot predate the bar."))
        if BanNotice.objects.filter(ban=locked, body=body).exists():
            raise DomainError(_("The notice to this body is already recorded."), rule="R8")
        notice = BanNotice.objects.create(
            ban=locked, body=body, sent_on=sent_on, reference=reference, recorded_by=actor
        )
        record_decision(
            actor=actor,
            action="ban.notice",
            obj=notice,
            data={
                "ban_id": locked.pk,
                "body": body,
                "sent_on": sent_on.isoformat(),
                "reference": reference,
            },
        )
    return notice


def open_recovery(case: Revocation, *, actor: User | None) -> FraudRecovery | None:
    """R8 / Art. 28: after a fraud revocation, track the recovery of the prize money actually
    paid (the recorded payment, else the amount granted) and the return of plaque and
    certificate. Idempotent; nothing for another ground. Called by decide_revocation."""
    if case.ground != RevocationGround.FRAUD or case.status != RevocationStatus.REVOKED:
        return None
    existing = FraudRecovery.objects.filter(revocation=case).first()
    if existing is not None:
        return existing
    payment = PrizePayment.objects.filter(grant_id=case.grant_id).first()
    amount = payment.amount if payment is not None else case.grant.amount
    recovery = FraudRecovery.objects.create(revocation=case, amount_due=amount)
    record_decision(
        actor=actor,
        action="recovery.open",
        obj=recovery,
        round_id=case.grant.round_id,
        data={"revocation_id": case.pk, "amount_due": str(amount)},
    )
    return recovery


def record_recovery(
    recovery: FraudRecovery,
    *,
    actor: User,
    due_on: date | None,
    recovered_amount: Decimal,
    recovered_on: date | None,
    plaque_returned_on: date | None,
    certificate_returned_on: date | None,
) -> FraudRecovery:
    """R8 / Art. 28: record the progress of the recovery (amount and date recovered, plaque
    and certificate returned). Each save is logged in full.

    Preconditions: the office of the programme; 0 <= recovered <= amount due; a recovered
    amount has its date and a date its amount; no date in the future or before the decision.
    """
    case = recovery.revocation
    if not is_office_of(actor, case.grant.round.programme_id):
        raise DomainError(_("Only the programme's office records the recovery."))
    if recovered_amount < 0 or recovered_amount > recovery.amount_due:
        raise DomainError(
            _("The amount recovered is between 0 and the amount due (%(due)s CNY).")
            % {"due": f"{recovery.amount_due:.2f}"},
            rule="R8",
        )
    if (recovered_amount > 0) != (recovered_on is not None):
        raise DomainError(_("Give the amount recovered together with its date."))
    today = timezone.localdate()
    decided = case.decided_on or today
    for day in (recovered_on, plaque_returned_on, certificate_returned_on):
        if day is not None and (day > today or day < decided):
            raise DomainError(
                _("Dates lie between the revocation decision (%(day)s) and today.")
                % {"day": decided.isoformat()}
            )
    with transaction.atomic():
        locked = FraudRecovery.objects.select_for_update().get(pk=recovery.pk)
        locked.due_on = due_on
        locked.recovered_amount = recovered_amount
        locked.recovered_on = recovered_on
        locked.plaque_returned_on = plaque_returned_on
        locked.certificate_returned_on = certificate_returned_on
        locked.save()
        record_decision(
            actor=actor,
            action="recovery.update",
            obj=locked,
            round_id=case.grant.round_id,
            data={
                "due_on": due_on.isoformat() if due_on else None,
                "recovered_amount": str(recovered_amount),
                "recovered_on": recovered_on.isoformat() if recovered_on else None,
                "plaque_returned_on": plaque_returned_on.isoformat()
                if plaque_returned_on
                else None,
                "certificate_returned_on": certificate_returned_on.isoformat()
                if certificate_returned_on
                else None,
            },
        )
    return locked
