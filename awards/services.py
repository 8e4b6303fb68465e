"""Every write about rounds: creation, the call notice, review rules, stage moves, deadlines."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from decisionlog.services import record_decision
from decisionlog.workflow import DomainError, transition_state

from .enums import ROUND_TRANSITIONS, NoticeKind, RoundStage
from .models import (
    AwardProgramme,
    ConfidentialityCommitment,
    PublicationOutlet,
    Round,
    ScoringScheme,
)
from .rules import check_review_rules_approved, check_round_interval, check_weights

COMMITMENT_TEXT = (
    "本人承诺:严格遵守《赣州市市长质量奖管理办法》第三十一条,依法保守申报组织的商业秘密和技术秘密,"
    "不复制、不外传、不在评审以外使用申报材料;严于律己、公正廉洁,严格按照规定和程序评审;"
    "与申报组织存在利益冲突时主动申明并回避。"
)

# Fields of a round that are its review rules (Art. 10): locked once approved.
REVIEW_RULE_FIELDS = (
    "material_weight",
    "site_weight",
    "site_review_min_score",
    "prize_min_score",
    "nomination_min_score",
    "tilt_rule",
    "tilt_bonus_points",
)


def transition_round(
    round: Round, to: str, *, actor: User | None, reason: str = "", **extra: Any
) -> Round:
    """The only way a round's stage changes (R1)."""
    return transition_state(
        round,
        to,
        table=ROUND_TRANSITIONS,
        actor=actor,
        action=f"round.{to}",
        reason=reason,
        field="stage",
        extra=extra,
    )


@transaction.atomic
def create_round(
    programme: AwardProgramme,
    *,
    actor: User,
    year: int,
    title: str,
    applications_open_at: datetime,
    applications_close_at: datetime,
    scheme: ScoringScheme | None = None,
    **settings: Any,
) -> Round:
    """Create a draft round with the measures' defaults. R1: one round every two years."""
    check_round_interval(programme, year)
    if applications_close_at <= applications_open_at:
        raise DomainError(_("The application deadline must come after the opening."))
    round = Round.objects.create(
        programme=programme,
        year=year,
        title=title,
        applications_open_at=applications_open_at,
        applications_close_at=applications_close_at,
        scheme=scheme or ScoringScheme.objects.get(code="gbt19580-2012"),
        **settings,
    )
    record_decision(actor=actor, action="round.create", obj=round, to_state=round.stage)
    return round


@transaction.atomic
def update_round_settings(round: Round, *, actor: User, reason: str = "", **fields: Any) -> Round:
    """Change settings. Review rules (Art. 10) are locked once approved: changing one after
    approval withdraws the approval, which the leading group must then give again, and is
    refused once review has started."""
    locked = Round.objects.select_for_update().get(pk=round.pk)
    changed = {k: v for k, v in fields.items() if getattr(locked, k) != v}
    if not changed:
        return locked
    touches_rules = any(k in REVIEW_RULE_FIELDS for k in changed)
    if touches_rules and locked.stage not in (
        RoundStage.DRAFT,
        RoundStage.APPLICATION,
        RoundStage.ELIGIBILITY,
    ):
        raise DomainError(_("Review rules cannot change once review has started."), rule="R1")
    if "publicity_days" in changed and int(changed["publicity_days"]) < 10:
        raise DomainError(_("Publicity lasts at least 10 days."), rule="R1")
    old = {k: str(getattr(locked, k)) for k in changed}
    for key, value in changed.items():
        setattr(locked, key, value)
    if touches_rules and locked.rules_approved_at:
        locked.rules_approved_at = None
        locked.rules_approved_by = None
    locked.full_clean()
    locked.save()
    record_decision(
        actor=actor,
        action="round.settings",
        obj=locked,
        reason=reason,
        data={"old": old, "new": {k: str(v) for k, v in changed.items()}},
    )
    return locked


def publish_call(
    round: Round, *, actor: User, call_notice: str, required_documents: str = ""
) -> Round:
    """Art. 16: publish the call notice; the application window opens at its time."""
    if not call_notice.strip():
        raise DomainError(_("The call notice text is empty."))
    if round.applications_close_at <= timezone.now():
        raise DomainError(_("The application deadline has already passed."), rule="R1")
    return transition_round(
        round,
        RoundStage.APPLICATION,
        actor=actor,
        call_notice=call_notice,
        required_documents=required_documents,
        call_published_at=timezone.now(),
    )


@transaction.atomic
def add_publication_outlet(
    round: Round, *, actor: User, notice: str, outlet: str, published_on: Any, url: str = ""
) -> PublicationOutlet:
    """Record where else a public notice was published (Art. 16, 21)."""
    if notice not in NoticeKind.values:
        raise DomainError(_("Unknown notice."))
    row = PublicationOutlet.objects.create(
        round=round, notice=notice, outlet=outlet, published_on=published_on, url=url
    )
    record_decision(
        actor=actor,
        action="notice.outlet",
        obj=round,
        data={"notice": notice, "outlet": outlet, "published_on": str(published_on), "url": url},
    )
    return row


@transaction.atomic
def extend_deadline(round: Round, *, actor: User, new_close_at: datetime, reason: str) -> Round:
    """R1: the office may extend a deadline before it passes, with a logged, notified reason."""
    locked = Round.objects.select_for_update().get(pk=round.pk)
    now = timezone.now()
    if locked.stage != RoundStage.APPLICATION or locked.applications_close_at <= now:
        raise DomainError(_("Only a deadline that has not yet passed can be extended."), rule="R1")
    if new_close_at <= locked.applications_close_at:
        raise DomainError(_("The new deadline must be later than the current one."), rule="R1")
    if not reason.strip():
        raise DomainError(_("Give the reason for the extension."), rule="R1")
    old = locked.applications_close_at
    locked.applications_close_at = new_close_at
    locked.save(update_fields=["applications_close_at"])
    record_decision(
        actor=actor,
        action="round.extend_deadline",
        obj=locked,
        reason=reason,
        data={"old": old.isoformat(), "new": new_close_at.isoformat()},
    )
    from applications.selectors import users_of_round_applicants
    from notifications.services import notify

    notify(
        users_of_round_applicants(locked),
        subject=_("Application deadline extended"),
        body=_("The deadline of %(round)s is now %(when)s. Reason: %(reason)s")
        % {
            "round": locked,
            "when": timezone.localtime(new_close_at).strftime("%Y-%m-%d %H:%M"),
            "reason": reason,
        },
    )
    return locked


def close_application_window(round: Round, *, actor: User | None = None) -> bool:
    """R1: at the deadline the window closes by itself; drafts become "not submitted".

    Returns True if this call closed it, False if it was already closed or not yet due.
    """
    from applications.services import lapse_unsubmitted_drafts

    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round.pk)
        now = timezone.now()
        if locked.stage != RoundStage.APPLICATION or now < locked.applications_close_at:
            return False
        transition_round(
            locked,
            RoundStage.ELIGIBILITY,
            actor=actor,
            reason=_("Application deadline reached."),
            window_closed_at=now,
        )
        lapse_unsubmitted_drafts(locked)
    return True


@transaction.atomic
def approve_review_rules(round: Round, *, actor: User, note: str = "") -> Round:
    """Art. 10: the leading group approves (审定) the round's review rules; they lock."""
    from .permissions import can_approve_review_rules

    if not can_approve_review_rules(actor, round):
        raise DomainError(
            _("Only a leading-group member can approve the review rules, before review starts."),
            rule="R1",
        )
    locked = Round.objects.select_for_update().get(pk=round.pk)
    check_weights(locked)
    if locked.rules_approved_at:
        return locked
    locked.rules_approved_at = timezone.now()
    locked.rules_approved_by = actor
    locked.save(update_fields=["rules_approved_at", "rules_approved_by"])
    record_decision(
        actor=actor,
        action="round.approve_rules",
        obj=locked,
        reason=note,
        data={k: str(getattr(locked, k)) for k in REVIEW_RULE_FIELDS},
    )
    return locked


def start_material_review(round: Round, *, actor: User) -> Round:
    """Art. 18: after eligibility is confirmed for every submitted application."""
    from applications.enums import ApplicationStatus

    check_review_rules_approved(round)
    undecided = round.applications.filter(status=ApplicationStatus.SUBMITTED).count()
    if undecided:
        raise DomainError(
            _("%(n)d submitted applications still await the eligibility decision.")
            % {"n": undecided},
            rule="R5",
        )
    if not round.applications.filter(status=ApplicationStatus.ELIGIBLE).exists():
        raise DomainError(_("No application is eligible."))
    return transition_round(round, RoundStage.MATERIAL_REVIEW, actor=actor)


@transaction.atomic
def sign_commitment(
    round: Round, *, user: User, ip_address: str | None = None
) -> ConfidentialityCommitment:
    """R12 / Art. 31: sign the round's confidentiality and impartiality commitment (once)."""
    existing = ConfidentialityCommitment.objects.filter(round=round, user=user).first()
    if existing:
        return existing
    commitment = ConfidentialityCommitment.objects.create(
        round=round, user=user, text=COMMITMENT_TEXT, ip_address=ip_address
    )
    record_decision(actor=user, action="commitment.sign", obj=round, data={"ip": ip_address})
    return commitment


def sweep_due_windows(now: datetime | None = None) -> int:
    """Close every application window whose deadline has passed. Idempotent."""
    now = now or timezone.now()
    closed = 0
    due = Round.objects.filter(stage=RoundStage.APPLICATION, applications_close_at__lte=now)
    for round in due:
        if close_application_window(round):
            closed += 1
    return closed
