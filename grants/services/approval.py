"""Every write about awards granted: the government's approval (Art. 22), certificates (R15),
and the lapse of grants at the end of their validity (R9)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import is_office_of
from applications.enums import ApplicationStatus
from applications.models import Application
from applications.selectors.adverse import check_no_unresolved_adverse_records
from applications.selectors.application import users_of_organisation
from applications.services.application import transition_application
from awards.enums import NomineeKind, PrizeLevel, RoundStage
from awards.models import Round
from awards.rulesets import round_rule_settings
from awards.services import transition_round
from decisionlog.services import record_decision
from decisionlog.workflow import DomainError, transition_logged
from grants import hooks
from grants.enums import GRANT_TRANSITIONS, GrantStatus
from grants.models import ApprovalDecision, AwardGrant, Certificate
from grants.rules.grant import (
    certificate_number,
    check_no_open_objections,
    prize_amount,
    valid_until,
)
from grants.services.certificates import queue_render
from notifications.services import notify_event
from publicity.enums import OPEN_OBJECTION_STATUSES
from publicity.models import Objection
from publicity.rules import is_repeat_win


def transition_grant(
    grant: AwardGrant, to: str, *, actor: User | None, reason: str = "", **extra: Any
) -> AwardGrant:
    """The only way a grant's status changes (R9 lapse, R8/R11 revocation)."""
    extra.setdefault("status_changed_at", timezone.now())
    return transition_logged(
        grant, to, GRANT_TRANSITIONS, actor, reason, extra, action=f"grant.{to}"
    )


def _new_certificate(grant: AwardGrant, seq: int) -> Certificate:
    for _attempt in range(10):
        number = certificate_number(
            grant.round.year, grant.level, seq, individual=grant.application.is_individual
        )
        try:
            with transaction.atomic():
                return Certificate.objects.create(grant=grant, number=number)
        except IntegrityError:
            # Only a number drawn twice is retried; anything else is a real error.
            if not Certificate.objects.filter(number=number).exists():
                raise
    raise DomainError(_("Could not issue a unique certificate number; try again."))


def record_approval(
    round: Round,
    *,
    actor: User,
    approved_on: date,
    meeting: str,
    document_number: str,
    application_ids: list[int] | None = None,
) -> ApprovalDecision:
    """Art. 22: record the municipal government's approval of the winners.

    Preconditions: the actor is the programme's office; the round awaits approval (publicity
    over); no objection is still received or under verification (R1); the meeting and document
    number are given; no approved application has an unresolved adverse record (R5);
    ``application_ids`` (default:
    the whole proposed list) are applications on the proposed list: the government may approve
    fewer than proposed, never others.

    Side effects: one ApprovalDecision; per approved application an AwardGrant (its level; R4
    amount: the round's prize money for a first-time prize, else 0; R7 repeat flag; R9 valid
    for the programme's validity from the approval date) and a Certificate with a unique
    verification number (R15), application PROPOSED -> AWARDED; the rest PROPOSED ->
    NOT_AWARDED; the round APPROVAL -> PUBLISHED; decision-log rows (R14); winners notified;
    a ``grants.render_certificate`` task per certificate queued after commit.
    """
    if not is_office_of(actor, round.programme_id):
        raise DomainError(_("Only the programme's office records the government's approval."))
    if not meeting.strip() or not document_number.strip():
        raise DomainError(_("Give the meeting and the approval document number."))
    with transaction.atomic():
        locked = Round.objects.select_for_update().select_related("programme").get(pk=round.pk)
        if locked.stage != RoundStage.APPROVAL:
            raise DomainError(
                _("The approval is recorded after the publicity, while the round awaits it."),
                rule="R1",
            )
        check_no_open_objections(
            Objection.objects.filter(
                publicity__round=locked, status__in=OPEN_OBJECTION_STATUSES
            ).count()
        )
        proposed = list(
            Application.objects.select_for_update()
            .filter(round=locked, status=ApplicationStatus.PROPOSED)
            .select_related("organisation")
            .order_by("proposed_level", "sector", "sector_rank", "organisation__name", "pk")
        )
        proposed_ids = {a.pk for a in proposed}
        validity_years = round_rule_settings(locked).validity_years
        if application_ids is None:
            approved_ids = set(proposed_ids)
        else:
            approved_ids = {int(pk) for pk in application_ids}
            others = approved_ids - proposed_ids
            if others:
                raise DomainError(
                    _("Only organisations on the proposed list can be approved (ids %(ids)s).")
                    % {"ids": ", ".join(str(i) for i in sorted(others))}
                )
        if not proposed:
            raise DomainError(_("No organisation is on the proposed list."))
        # R5: no award while an adverse record received after eligibility is unresolved.
        check_no_unresolved_adverse_records(approved_ids)
        decision = ApprovalDecision.objects.create(
            round=locked,
            approved_on=approved_on,
            meeting=meeting.strip(),
            document_number=document_number.strip(),
            recorded_by=actor,
        )
        record_decision(
            actor=actor,
            action="approval.record",
            obj=decision,
            data={
                "approved_on": approved_on.isoformat(),
                "meeting": meeting.strip(),
                "document_number": document_number.strip(),
                "approved": sorted(approved_ids),
                "not_approved": sorted(proposed_ids - approved_ids),
            },
        )
        reason = _("Approved by %(meeting)s (%(doc)s).") % {
            "meeting": meeting.strip(),
            "doc": document_number.strip(),
        }
        certificate_ids: list[int] = []
        # R15: numbered per level, an individual award's certificates apart.
        seq = {
            PrizeLevel.PRIZE.value: 0,
            PrizeLevel.NOMINATION.value: 0,
            NomineeKind.INDIVIDUAL.value: 0,
        }
        winners: list[AwardGrant] = []
        for app in proposed:
            if app.pk not in approved_ids:
                transition_application(
                    app,
                    ApplicationStatus.NOT_AWARDED,
                    actor=actor,
                    reason=_("Not approved by %(meeting)s (%(doc)s).")
                    % {"meeting": meeting.strip(), "doc": document_number.strip()},
                )
                continue
            level = app.proposed_level or PrizeLevel.PRIZE
            # R7: the repeat rules are the organisations'; a person's win is never a repeat of
            # the employer's.
            repeat = not app.is_individual and is_repeat_win(app.organisation, locked, level)
            grant = AwardGrant.objects.create(
                round=locked,
                application=app,
                organisation=app.organisation,
                approval=decision,
                level=level,
                amount=prize_amount(locked, level, repeat, individual=app.is_individual),
                is_repeat=repeat,
                approved_on=approved_on,
                # R9: the validity of the rules the round opened under.
                valid_until=valid_until(approved_on, validity_years),
            )
            series = NomineeKind.INDIVIDUAL.value if app.is_individual else str(level)
            seq[series] += 1
            certificate = _new_certificate(grant, seq[series])
            certificate_ids.append(certificate.pk)
            record_decision(
                actor=actor,
                action="grant.create",
                obj=grant,
                to_state=GrantStatus.VALID,
                data={
                    "level": level,
                    "amount": str(grant.amount),
                    "is_repeat": repeat,
                    "valid_until": grant.valid_until.isoformat(),
                    "certificate": certificate.number,
                },
            )
            # Art. 24: the grant's annual quality performance reports are scheduled with it
            # (monitoring, through grants.hooks.grant_created).
            hooks.grant_created.send(grant, actor)
            transition_application(app, ApplicationStatus.AWARDED, actor=actor, reason=reason)
            winners.append(grant)
        transition_round(locked, RoundStage.PUBLISHED, actor=actor, reason=reason)

        for grant in winners:
            # In each recipient's language; the award by its programme's own title.
            notify_event(
                "approval",
                users=users_of_organisation(grant.organisation_id),
                context={
                    "organisation": grant.organisation.name,
                    "round": str(locked),
                    "year": locked.year,
                    "level": locked.level_name(grant.level),
                    "document": document_number.strip(),
                },
                url=reverse("accounts:dashboard"),
                programme_id=locked.programme_id,
            )
        queue_render(certificate_ids)
    return decision


def sweep_expired_grants(today: date | None = None) -> int:
    """R9: a grant lapses at the end of its validity (VALID -> EXPIRED when ``valid_until`` is
    before today). Idempotent: an expired grant is not touched again."""
    today = today or timezone.localdate()
    expired = 0
    for grant in AwardGrant.objects.filter(status=GrantStatus.VALID, valid_until__lt=today):
        before = grant.status
        after = transition_grant(
            grant,
            GrantStatus.EXPIRED,
            actor=None,
            reason=_("Validity ended on %(date)s (Art. 23 of the Measures).")
            % {"date": grant.valid_until.isoformat()},
        )
        if after.status != before:
            expired += 1
    return expired
