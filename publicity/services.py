"""Every write of deliberation and publicity (Art. 21): the plenary, the publicity period,
objections and their handling."""

from __future__ import annotations

from datetime import date, datetime
from functools import partial
from typing import Any, TypedDict

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import is_leading_group_of, is_office_of
from applications.enums import ApplicationStatus
from applications.models import Application
from applications.services import transition_application
from awards.enums import NoticeKind, PrizeLevel, RoundStage
from awards.models import Round
from awards.permissions import must_sign_commitment
from awards.services import add_publication_outlet, transition_round
from decisionlog.services import record_decision
from decisionlog.workflow import DomainError, transition_state
from notifications.services import notify

from .enums import OBJECTION_TRANSITIONS, ObjectionStatus, PlenaryOutcome
from .models import Objection, PlenaryDecision, PlenaryMeeting, PublicityPeriod
from .rules import (
    BEIJING,
    PLENARY_RULE,
    PUBLICITY_RULE,
    check_quorum,
    check_quotas,
    check_vote_counts,
    is_repeat_win,
    last_day_of,
    new_receipt_number,
    objection_refusal_reason,
    plenary_outcome,
    publicity_window,
)
from .selectors import office_users


class PlenaryDecisionInput(TypedDict, total=False):
    application_id: int
    level: str
    outcome: str
    agree: int
    disagree: int
    abstain: int
    recused: int
    note: str


def transition_objection(
    objection: Objection, to: str, *, actor: User | None, reason: str = "", **extra: Any
) -> Objection:
    """The only way an objection's status changes (Art. 21, R14)."""
    return transition_state(
        objection,
        to,
        table=OBJECTION_TRANSITIONS,
        actor=actor,
        action=f"objection.{to}",
        reason=reason,
        extra=extra,
        actor_label="" if actor else "public",
    )


# --- Deliberation ---------------------------------------------------------------------------


def _check_may_deliberate(actor: User, round: Round) -> bool:
    """Returns True when the office records on the members' behalf."""
    member = is_leading_group_of(actor, round.programme_id)
    office = is_office_of(actor, round.programme_id)
    if not (member or office):
        raise DomainError(
            _(
                "Only the programme's leading group, or its office on the members' behalf, can "
                "record the plenary."
            )
        )
    if must_sign_commitment(actor, round):
        raise DomainError(_("Sign the round's confidentiality commitment first."), rule="R12")
    return not member


def record_plenary(
    round: Round,
    *,
    actor: User,
    held_on: date,
    members_total: int,
    members_present: int,
    decisions: list[PlenaryDecisionInput] | list[dict[str, Any]],
    minutes: str = "",
) -> PlenaryMeeting:
    """Art. 21: the leading group's plenary decides the proposed list (拟奖名单).

    Preconditions: the round is in deliberation; the actor is a leading-group member of the
    programme or its office (then marked as entered on the members' behalf) and has signed the
    round's commitment (R12); a quorum of more than half the members is present (R14); there
    is exactly one decision for every candidate; each decision's votes fit the members present
    and its outcome, if given, is the one the votes give (more than half of those present
    agree); the passed list is within the quotas (R2; repeat prize winners outside, R7).

    Side effects: one PlenaryMeeting with a PlenaryDecision per candidate; each candidate
    CANDIDATE -> PROPOSED (with ``proposed_level``) or NOT_PROPOSED; decision log rows for the
    meeting and every move (R14); the proposed organisations are notified.
    """
    on_behalf = _check_may_deliberate(actor, round)
    check_quorum(members_total, members_present)
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round.pk)
        if locked.stage != RoundStage.DELIBERATION:
            raise DomainError(
                _("The plenary can be recorded only while the round is in deliberation."),
                rule="R1",
            )
        candidates = {
            app.pk: app
            for app in Application.objects.select_for_update()
            .filter(round=locked, status=ApplicationStatus.CANDIDATE)
            .select_related("organisation")
        }
        if not candidates:
            raise DomainError(_("No candidate awaits the plenary's decision."))
        seen: set[int] = set()
        rows: list[tuple[Application, str, str, int, int, int, str]] = []
        for raw in decisions:
            try:
                app_id = int(raw["application_id"])
                level = str(raw["level"])
                agree = int(raw.get("agree", 0))
                disagree = int(raw.get("disagree", 0))
                abstain = int(raw.get("abstain", 0))
                # Members tied to this candidate declared it and did not vote: they leave the
                # base of this candidate's decision (Art. 21 practice, issue 5).
                recused = int(raw.get("recused", 0))
            except (KeyError, TypeError, ValueError) as exc:
                raise DomainError(_("A decision is incomplete: %(e)s") % {"e": exc}) from exc
            app = candidates.get(app_id)
            if app is None:
                raise DomainError(
                    _("Application %(id)s is not a candidate of this round.") % {"id": app_id}
                )
            if app_id in seen:
                raise DomainError(_("%(org)s is decided twice.") % {"org": app.organisation})
            seen.add(app_id)
            if level not in PrizeLevel.values:
                raise DomainError(_("Unknown prize level “%(level)s”.") % {"level": level})
            if not 0 <= recused < members_present:
                raise DomainError(
                    _("%(org)s: the number of recused members is not possible.")
                    % {"org": app.organisation},
                    rule=PLENARY_RULE,
                )
            base = members_present - recused
            check_vote_counts(agree, disagree, abstain, base)
            outcome = plenary_outcome(agree, base)
            given = raw.get("outcome")
            if given and given != outcome:
                raise DomainError(
                    _(
                        "%(org)s: the votes (%(agree)d of %(present)d present agree) give "
                        "“%(outcome)s”, not “%(given)s”."
                    )
                    % {
                        "org": app.organisation,
                        "agree": agree,
                        "present": base,
                        "outcome": PlenaryOutcome(outcome).label,
                        "given": given,
                    },
                    rule=PLENARY_RULE,
                )
            rows.append((app, level, outcome, agree, disagree, abstain, str(raw.get("note", ""))))
        missing = [candidates[pk] for pk in candidates if pk not in seen]
        if missing:
            raise DomainError(
                _("Decide on every candidate; missing: %(names)s")
                % {"names": "、".join(str(a.organisation) for a in missing)}
            )
        check_quotas(
            locked,
            [
                (app.sector, level, is_repeat_win(app.organisation, locked, level))
                for app, level, outcome, *_rest in rows
                if outcome == PlenaryOutcome.PASSED
            ],
        )
        meeting = PlenaryMeeting.objects.create(
            round=locked,
            held_on=held_on,
            members_total=members_total,
            members_present=members_present,
            minutes=minutes,
            recorded_by=actor,
            entered_on_behalf=on_behalf,
        )
        for app, level, outcome, agree, disagree, abstain, note in rows:
            PlenaryDecision.objects.create(
                meeting=meeting,
                application=app,
                level=level,
                outcome=outcome,
                votes_agree=agree,
                votes_disagree=disagree,
                votes_abstain=abstain,
                note=note,
            )
        label = _("office, on the leading group's behalf") if on_behalf else ""
        record_decision(
            actor=actor,
            action="plenary.record",
            obj=meeting,
            reason=minutes,
            actor_label=label,
            data={
                "held_on": held_on.isoformat(),
                "members_total": members_total,
                "members_present": members_present,
                "entered_on_behalf": on_behalf,
                "decisions": [
                    {
                        "application_id": app.pk,
                        "level": level,
                        "outcome": outcome,
                        "agree": agree,
                        "disagree": disagree,
                        "abstain": abstain,
                    }
                    for app, level, outcome, agree, disagree, abstain, _note in rows
                ],
            },
        )
        reason = _("Plenary of %(date)s (%(present)d of %(total)d members present).") % {
            "date": held_on.isoformat(),
            "present": members_present,
            "total": members_total,
        }
        proposed = []
        for app, level, outcome, *_rest in rows:
            if outcome == PlenaryOutcome.PASSED:
                transition_application(
                    app,
                    ApplicationStatus.PROPOSED,
                    actor=actor,
                    reason=reason,
                    proposed_level=level,
                )
                proposed.append(app)
            else:
                transition_application(
                    app, ApplicationStatus.NOT_PROPOSED, actor=actor, reason=reason
                )
        from applications.selectors import users_of_organisation

        for app in proposed:
            notify(
                users_of_organisation(app.organisation_id),
                subject=_("On the proposed list"),
                body=_(
                    "The leading group's plenary put %(org)s on the proposed list of %(round)s. "
                    "The list will be publicised before the government's approval."
                )
                % {"org": app.organisation, "round": locked},
            )
    return meeting


# --- Publicity ------------------------------------------------------------------------------


def default_notice_text(
    round: Round, applications: list[Application], starts_on: date, days: int
) -> str:
    """The Chinese publicity notice, listing the proposed organisations."""
    starts_at, ends_at = publicity_window(starts_on, days)
    last = last_day_of(ends_at)
    lines = [
        f"关于{round.title}拟奖名单的公示",
        "",
        f"根据《赣州市市长质量奖管理办法》第二十一条规定,经{round.programme.name}评审、"
        "市质量强市工作领导小组全体会议审议,确定拟奖名单如下,现予以公示:",
        "",
    ]
    for level in (PrizeLevel.PRIZE, PrizeLevel.NOMINATION):
        names = [a.organisation.name for a in applications if a.proposed_level == level]
        if not names:
            continue
        heading = (
            f"{round.programme.name}"
            if level == PrizeLevel.PRIZE
            else (f"{round.programme.name}提名奖")
        )
        lines.append(f"{heading}({len(names)}家):")
        lines.extend(f"{i}. {name}" for i, name in enumerate(names, start=1))
        lines.append("")
    lines += [
        f"公示期为{days}天:{starts_on.year}年{starts_on.month}月{starts_on.day}日至"
        f"{last.year}年{last.month}月{last.day}日。",
        "公示期间,任何单位和个人对拟奖名单有异议的,可通过本网站“提出异议”或书面形式向"
        f"{round.programme.office_name}反映。反映情况应实事求是,以真实姓名或单位名称提出并提供联系方式;"
        "匿名或逾期提出的异议不予受理。",
    ]
    return "\n".join(lines)


def default_objection_contact(round: Round) -> str:
    return (
        f"在公示期内通过本网站“提出异议”页面提交,或致函{round.programme.office_name}。"
        "请署真实姓名或单位名称并留联系方式。"
    )


def open_publicity(
    round: Round,
    *,
    actor: User,
    starts_on: date,
    days: int | None = None,
    notice: str = "",
    objection_contact: str = "",
    outlet: str = "",
    outlet_published_on: date | None = None,
    outlet_url: str = "",
) -> PublicityPeriod:
    """Art. 21: publicise the proposed list for at least 10 whole days (R1).

    Preconditions: the actor is the programme's office; the round is in deliberation with at
    least one PROPOSED application; ``days`` (default: the round's ``publicity_days``) is at
    least 10; the first day is not in the past (Beijing calendar).

    Side effects: a PublicityPeriod from 00:00 of ``starts_on`` to 24:00 of its last day,
    holding the proposed applications; the round DELIBERATION -> PUBLICITY; where else the
    notice was published (optional outlet) is recorded; decision log rows (R14); the proposed
    organisations are notified. The period closes by itself (``sweep_due_publicities``).
    """
    if not is_office_of(actor, round.programme_id):
        raise DomainError(_("Only the programme's office can open the publicity."))
    days = round.publicity_days if days is None else days
    starts_at, ends_at = publicity_window(starts_on, days)
    today = timezone.now().astimezone(BEIJING).date()
    if starts_on < today:
        raise DomainError(_("The publicity cannot start on a past day."), rule=PUBLICITY_RULE)
    if outlet.strip() and outlet_published_on is None:
        raise DomainError(_("Give the date the notice was published in “%(o)s”.") % {"o": outlet})
    with transaction.atomic():
        locked = Round.objects.select_for_update().select_related("programme").get(pk=round.pk)
        if locked.stage != RoundStage.DELIBERATION:
            raise DomainError(
                _("Publicity opens after the plenary, while the round is in deliberation."),
                rule="R1",
            )
        applications = list(
            Application.objects.filter(round=locked, status=ApplicationStatus.PROPOSED)
            .select_related("organisation")
            .order_by("proposed_level", "sector", "sector_rank", "organisation__name")
        )
        if not applications:
            raise DomainError(_("The plenary has put no organisation on the proposed list."))
        publicity = PublicityPeriod.objects.create(
            round=locked,
            starts_at=starts_at,
            ends_at=ends_at,
            notice=notice.strip() or default_notice_text(locked, applications, starts_on, days),
            objection_contact=objection_contact.strip() or default_objection_contact(locked),
            opened_by=actor,
        )
        publicity.applications.set(applications)
        record_decision(
            actor=actor,
            action="publicity.open",
            obj=publicity,
            data={
                "starts_at": starts_at.isoformat(),
                "ends_at": ends_at.isoformat(),
                "days": days,
                "application_ids": [a.pk for a in applications],
            },
        )
        if outlet.strip():
            add_publication_outlet(
                locked,
                actor=actor,
                notice=NoticeKind.PUBLICITY,
                outlet=outlet.strip(),
                published_on=outlet_published_on,
                url=outlet_url.strip(),
            )
        transition_round(
            locked,
            RoundStage.PUBLICITY,
            actor=actor,
            reason=_("Publicity %(start)s to %(end)s (%(days)d days).")
            % {
                "start": starts_on.isoformat(),
                "end": last_day_of(ends_at).isoformat(),
                "days": days,
            },
        )
        from applications.selectors import users_of_organisation

        for app in applications:
            notify(
                users_of_organisation(app.organisation_id),
                subject=_("Publicity of the proposed list"),
                body=_("The proposed list of %(round)s is public from %(start)s to %(end)s.")
                % {
                    "round": locked,
                    "start": starts_on.isoformat(),
                    "end": last_day_of(ends_at).isoformat(),
                },
            )
    return publicity


def submit_objection(
    publicity: PublicityPeriod,
    *,
    application: Application,
    name: str,
    phone: str,
    email: str,
    grounds: str,
    ip_address: str | None = None,
    entered_by: User | None = None,
    received_at: datetime | None = None,
) -> Objection:
    """Art. 21: anyone may object to an organisation on the publicised list.

    Preconditions: the organisation is on this period's list; the grounds are given; an office
    user entering an objection received by letter or phone (``entered_by``) is of the
    programme and may give the time it arrived (``received_at``, not in the future); the
    public's objections are received now.

    Side effects: an Objection with a unique receipt number. One that arrives outside the
    period or without the objector's name is recorded as NOT_ACCEPTED with the reason
    (award-rules stage 8). Decision log rows (R14; never the objector's identity); the office
    is notified; the receipt is e-mailed when an e-mail address is given.
    """
    if not grounds.strip():
        raise DomainError(_("Give the grounds of the objection."))
    now = timezone.now()
    if entered_by is not None:
        if not is_office_of(entered_by, publicity.round.programme_id):
            raise DomainError(
                _("Only the programme's office can enter an objection received by letter or phone.")
            )
        received_at = received_at or now
        if received_at > now:
            raise DomainError(_("The time received cannot be in the future."))
    else:
        received_at = now
    if not publicity.applications.filter(pk=application.pk).exists():
        raise DomainError(_("This organisation is not on the publicised list."))
    refusal = objection_refusal_reason(
        name=name,
        received_at=received_at,
        starts_at=publicity.starts_at,
        ends_at=publicity.ends_at,
    )
    for _attempt in range(5):
        receipt = new_receipt_number(received_at)
        try:
            with transaction.atomic():
                objection = Objection.objects.create(
                    publicity=publicity,
                    application=application,
                    receipt_number=receipt,
                    objector_name=name.strip(),
                    objector_phone=phone.strip(),
                    objector_email=email.strip(),
                    grounds=grounds.strip(),
                    received_at=received_at,
                    entered_by=entered_by,
                )
                record_decision(
                    actor=entered_by,
                    action="objection.submit",
                    obj=objection,
                    to_state=ObjectionStatus.RECEIVED,
                    round_id=publicity.round_id,
                    actor_label="" if entered_by else "public",
                    data={
                        "application_id": application.pk,
                        "received_at": received_at.isoformat(),
                        "ip": ip_address,
                        "entered_on_paper": entered_by is not None,
                    },
                )
                if refusal:
                    objection = transition_objection(
                        objection,
                        ObjectionStatus.NOT_ACCEPTED,
                        actor=entered_by,
                        reason=refusal,
                        not_accepted_reason=refusal,
                    )
                notify(
                    office_users(publicity.round.programme_id),
                    subject=_("Objection %(receipt)s received")
                    % {"receipt": objection.receipt_number},
                    body=_("An objection to %(org)s was received (%(status)s).")
                    % {"org": application.organisation, "status": objection.get_status_display()},
                )
                if objection.objector_email:
                    from .tasks import email_objection_receipt

                    transaction.on_commit(partial(email_objection_receipt.delay, objection.pk))
            return objection
        except IntegrityError:
            # Only a receipt number drawn twice (a one-in-a-billion collision) is retried.
            if not Objection.objects.filter(receipt_number=receipt).exists():
                raise
    raise DomainError(_("Could not issue a receipt number; please try again."))


def close_publicity(
    publicity: PublicityPeriod, *, actor: User | None = None, now: datetime | None = None
) -> bool:
    """Close a publicity period at its end (R1: it happens on time by itself).

    Preconditions: the period's end has been reached (a period is never shortened).

    Side effects: ``closed_at`` is set once (a conditional update claims it: a second run, or a
    second worker, changes nothing and returns False); when no other period of the round is
    still open, the round PUBLICITY -> APPROVAL with one decision-log row. Returns True if this
    call closed the period.
    """
    now = now or timezone.now()
    if now < publicity.ends_at:
        raise DomainError(
            _("The publicity runs until %(end)s and cannot be closed earlier.")
            % {"end": publicity.ends_at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")},
            rule=PUBLICITY_RULE,
        )
    with transaction.atomic():
        claimed = PublicityPeriod.objects.filter(pk=publicity.pk, closed_at=None).update(
            closed_at=now
        )
        if not claimed:
            return False
        round = Round.objects.select_for_update().get(pk=publicity.round_id)
        still_open = PublicityPeriod.objects.filter(round=round, closed_at=None).exists()
        if round.stage == RoundStage.PUBLICITY and not still_open:
            transition_round(
                round,
                RoundStage.APPROVAL,
                actor=actor,
                reason=_("The publicity period ended at %(end)s.")
                % {"end": publicity.ends_at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")},
            )
    publicity.closed_at = now
    return True


def sweep_due_publicities(now: datetime | None = None) -> int:
    """Close every publicity period whose end has been reached. Idempotent: a second run (or a
    second beat) finds nothing to claim. Returns how many periods this run closed."""
    now = now or timezone.now()
    closed = 0
    for publicity in PublicityPeriod.objects.filter(closed_at=None, ends_at__lte=now):
        if close_publicity(publicity, actor=None, now=now):
            closed += 1
    return closed


# --- Objection handling ---------------------------------------------------------------------


def record_objection_verification(
    objection: Objection, *, actor: User, verification: str, organisation_response: str = ""
) -> Objection:
    """Art. 21: the office verifies an objection and records the organisation's response.

    Preconditions: the actor is the programme's office; the objection is RECEIVED or
    VERIFYING; the findings are given.
    Side effects: RECEIVED -> VERIFYING (or updated findings while verifying), logged (R14).
    """
    if not is_office_of(actor, objection.publicity.round.programme_id):
        raise DomainError(_("Only the programme's office verifies objections."))
    if not verification.strip():
        raise DomainError(_("Record the verification findings."))
    with transaction.atomic():
        locked = Objection.objects.select_for_update().get(pk=objection.pk)
        if locked.status == ObjectionStatus.VERIFYING:
            locked.verification = verification.strip()
            locked.organisation_response = organisation_response.strip()
            locked.save(update_fields=["verification", "organisation_response"])
            record_decision(
                actor=actor,
                action="objection.verification",
                obj=locked,
                reason=verification.strip(),
                round_id=objection.publicity.round_id,
            )
            return locked
        return transition_objection(
            locked,
            ObjectionStatus.VERIFYING,
            actor=actor,
            reason=verification.strip(),
            verification=verification.strip(),
            organisation_response=organisation_response.strip(),
        )


def decide_objection(
    objection: Objection, *, actor: User, upheld: bool, handling_opinion: str
) -> Objection:
    """Art. 21: the leading group decides on a verified objection (the office may record the
    decision for it), with the handling opinion.

    Preconditions: the actor is of the programme's leading group or office; the objection is
    VERIFYING (verified first); the handling opinion is given.
    Side effects: VERIFYING -> UPHELD or DISMISSED with ``decided_at``/``decided_by``; an upheld
    objection takes the organisation off the proposed list (PROPOSED -> NOT_PROPOSED) with the
    reason; decision log rows (R14); the organisation is notified of an upheld objection.
    """
    programme_id = objection.publicity.round.programme_id
    if not (is_leading_group_of(actor, programme_id) or is_office_of(actor, programme_id)):
        raise DomainError(_("Only the leading group, or its office for it, decides objections."))
    if not handling_opinion.strip():
        raise DomainError(_("Write the handling opinion."))
    to = ObjectionStatus.UPHELD if upheld else ObjectionStatus.DISMISSED
    with transaction.atomic():
        locked = Objection.objects.select_for_update().get(pk=objection.pk)
        if locked.status != ObjectionStatus.VERIFYING:
            raise DomainError(
                _("Only an objection under verification can be decided (it is “%(s)s”).")
                % {"s": locked.get_status_display()}
            )
        decided = transition_objection(
            locked,
            to,
            actor=actor,
            reason=handling_opinion.strip(),
            handling_opinion=handling_opinion.strip(),
            decided_at=timezone.now(),
            decided_by=actor,
        )
        if upheld:
            application = Application.objects.select_related("organisation").get(
                pk=locked.application_id
            )
            if application.status == ApplicationStatus.PROPOSED:
                transition_application(
                    application,
                    ApplicationStatus.NOT_PROPOSED,
                    actor=actor,
                    reason=_("Objection %(receipt)s upheld: %(opinion)s")
                    % {"receipt": locked.receipt_number, "opinion": handling_opinion.strip()},
                )
                from applications.selectors import users_of_organisation

                notify(
                    users_of_organisation(application.organisation_id),
                    subject=_("Removed from the proposed list"),
                    body=_(
                        "An objection to %(org)s was upheld and it is no longer on the "
                        "proposed list. Handling opinion: %(opinion)s"
                    )
                    % {"org": application.organisation, "opinion": handling_opinion.strip()},
                )
    return decided
