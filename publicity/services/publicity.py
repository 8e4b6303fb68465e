"""Every write of deliberation and publicity (Art. 21): the plenary, the publicity period,
objections and their handling."""

from __future__ import annotations

from datetime import date, datetime
from functools import partial
from typing import Any, TypedDict
from urllib.parse import urlencode

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import is_leading_group_of, is_office_of
from applications.enums import ApplicationStatus
from applications.models import Application
from applications.selectors.adverse import check_no_unresolved_adverse_records
from applications.selectors.application import users_of_organisation
from applications.services.application import transition_application
from awards.enums import NoticeKind, PrizeLevel, RoundStage
from awards.models import Round
from awards.permissions import must_sign_commitment
from awards.selectors import prize_first
from awards.services import add_publication_outlet, transition_round
from common import page_cache
from decisionlog.services import record_decision
from decisionlog.workflow import DomainError, transition_logged
from notifications.services import default_language, notify_event
from publicity import hooks
from publicity.enums import (
    OBJECTION_TRANSITIONS,
    OPEN_OBJECTION_STATUSES,
    ObjectionStatus,
    PlenaryOutcome,
)
from publicity.models import (
    ListDecision,
    Objection,
    PlenaryDecision,
    PlenaryMeeting,
    PublicityPeriod,
)
from publicity.rules import (
    BEIJING,
    PUBLICITY_RULE,
    QUORUM_RULE,
    check_quorum,
    check_quotas,
    check_vote_counts,
    first_counted_day,
    is_repeat_win,
    last_day_of,
    leading_group_name,
    new_receipt_number,
    objection_refusal_reason,
    period_end_text,
    plenary_outcome,
)
from publicity.selectors.publicity import (
    PUBLICITY_SCOPE,
    office_users,
    publicity_days_text,
    publicity_pending,
    round_publicity_window,
)
from publicity.tasks import email_objection_receipt


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
    objection: Objection,
    to: str,
    *,
    actor: User | None,
    reason: str = "",
    data: dict[str, Any] | None = None,
    **extra: Any,
) -> Objection:
    """The only way an objection's status changes (Art. 21, R14)."""
    label = "" if actor else "public"
    table = OBJECTION_TRANSITIONS
    return transition_logged(
        objection,
        to,
        table,
        actor,
        reason,
        extra,
        action=f"objection.{to}",
        actor_label=label,
        data=data,
    )


# --- Deliberation ---------------------------------------------------------------------------


def check_may_deliberate(actor: User, round: Round) -> bool:
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
    on_behalf = check_may_deliberate(actor, round)
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
                # base of this candidate's decision (Art. 21 practice).
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
                    rule=QUORUM_RULE,
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
                    rule=QUORUM_RULE,
                )
            rows.append((app, level, outcome, agree, disagree, abstain, str(raw.get("note", ""))))
        missing = [candidates[pk] for pk in candidates if pk not in seen]
        if missing:
            raise DomainError(
                _("Decide on every candidate; missing: %(names)s")
                % {"names": "、".join(str(a.organisation) for a in missing)}
            )
        # R5: no candidate with an unresolved adverse record goes on the proposed list.
        check_no_unresolved_adverse_records(
            app.pk for app, _level, outcome, *_rest in rows if outcome == PlenaryOutcome.PASSED
        )
        check_quotas(
            locked,
            [
                (
                    app.quota_sector,
                    level,
                    not app.is_individual and is_repeat_win(app.organisation, locked, level),
                )
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

        for app in proposed:
            notify_event(
                "proposed",
                users=users_of_organisation(app.organisation_id),
                context={"organisation": app.organisation.name, "round": str(locked)},
                programme_id=locked.programme_id,
            )
    return meeting


# --- Publicity ------------------------------------------------------------------------------


def default_notice_text(
    round: Round, applications: list[Application], starts_on: date, days: int
) -> str:
    """The Chinese publicity notice, listing the proposed organisations."""
    starts_at, ends_at = round_publicity_window(round, starts_on, days)
    first, last = first_counted_day(starts_at), last_day_of(ends_at)
    lines = [
        f"关于{round.title}拟奖名单的公示",
        "",
        f"根据《{round.programme.name}管理办法》第二十一条规定，经{round.programme.name}评审、"
        f"{leading_group_name(round.programme.office_name)}全体会议审议，确定拟奖名单如下，"
        "现予以公示：",
        "",
    ]
    for level in (PrizeLevel.PRIZE, PrizeLevel.NOMINATION):
        names = [
            a.organisation.name
            for a in applications
            if a.proposed_level == level and not a.is_individual
        ]
        if not names:
            continue
        lines.append(f"{round.level_name(level)}（{len(names)}家）：")
        lines.extend(f"{i}. {name}" for i, name in enumerate(names, start=1))
        lines.append("")
    # R4: the people proposed for the individual award, by name and employer (PIPL: no more).
    people = [a.nominee_label for a in applications if a.proposed_level and a.is_individual]
    if people:
        lines.append(f"{round.individual_award_name()}（{len(people)}人）：")
        lines.extend(f"{i}. {name}" for i, name in enumerate(people, start=1))
        lines.append("")
    lines += [
        f"公示期为{publicity_days_text(round, days)}：{first.year}年{first.month}月{first.day}日至"
        f"{last.year}年{last.month}月{last.day}日。",
        "公示期间，任何单位和个人对拟奖名单有异议的，可通过本网站“提出异议”或书面形式向"
        f"{round.programme.office_name}反映。反映情况应实事求是，以真实姓名或单位名称提出并提供联系方式；"
        "匿名或逾期提出的异议不予受理。",
    ]
    return "\n".join(lines)


def default_objection_contact(round: Round) -> str:
    return (
        f"在公示期内通过本网站“提出异议”页面提交，或致函{round.programme.office_name}。"
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
    starts_at, ends_at = round_publicity_window(round, starts_on, days)
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
            .order_by(prize_first("proposed_level"), "sector", "sector_rank", "organisation__name")
        )
        if not applications:
            raise DomainError(_("The plenary has put no organisation on the proposed list."))
        # R5: nothing is publicised while an adverse record on the list is unresolved.
        check_no_unresolved_adverse_records(app.pk for app in applications)
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

        for app in applications:
            notify_event(
                "publicity_opened",
                users=users_of_organisation(app.organisation_id),
                context={
                    "round": str(locked),
                    "start": starts_on.isoformat(),
                    "end": last_day_of(ends_at).isoformat(),
                },
                url=reverse("publicity:notice", args=[publicity.pk]),
                programme_id=locked.programme_id,
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
    (stage 8 in docs/rules.md). Decision log rows (R14; never the objector's identity); the office
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
                notify_event(
                    "objection_received",
                    users=office_users(publicity.round.programme_id),
                    context={
                        "receipt": objection.receipt_number,
                        "organisation": application.organisation.name,
                        "status": ObjectionStatus(objection.status).label,
                    },
                    url=reverse("publicity:objection_handle", args=[objection.pk]),
                    programme_id=publicity.round.programme_id,
                )
                if objection.objector_email:
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
    second worker, changes nothing and returns False); the round PUBLICITY -> APPROVAL with one
    decision-log row once nothing is pending (``advance_round_if_settled``); the publicised
    organisations and the office are notified; ``hooks.publicity_closed`` is sent (webhooks).
    Returns True if this call closed the period.
    """
    now = now or timezone.now()
    if now < publicity.ends_at:
        raise DomainError(
            _("The publicity runs until %(end)s and cannot be closed earlier.")
            % {"end": period_end_text(publicity.ends_at)},
            rule=PUBLICITY_RULE,
        )
    with transaction.atomic():
        claimed = PublicityPeriod.objects.filter(pk=publicity.pk, closed_at=None).update(
            closed_at=now
        )
        if not claimed:
            return False
        page_cache.changed(PUBLICITY_SCOPE)  # an update() sends no signal
        round = Round.objects.select_for_update().get(pk=publicity.round_id)
        advance_round_if_settled(
            round,
            actor=actor,
            reason=_("The publicity period ended at %(end)s.")
            % {"end": period_end_text(publicity.ends_at)},
        )
        _notify_publicity_closed(publicity, round)
        publicity.closed_at = now
        hooks.publicity_closed.send(publicity, round)
    return True


def advance_round_if_settled(round: Round, *, actor: User | None, reason: str) -> bool:
    """R1 / Art. 21: the round goes from publicity to approval once every period has ended,
    every objection is decided and every list decision is taken (see ``publicity_pending``).
    Call with the round locked. Returns True if it moved."""
    if round.stage != RoundStage.PUBLICITY or publicity_pending(round):
        return False
    transition_round(round, RoundStage.APPROVAL, actor=actor, reason=reason)
    return True


def _notify_publicity_closed(publicity: PublicityPeriod, round: Round) -> None:
    """The organisations publicised in this period and the office learn that it is over."""
    organisation_ids = list(publicity.applications.values_list("organisation_id", flat=True))
    users = [u for oid in organisation_ids for u in users_of_organisation(oid)]
    open_count = Objection.objects.filter(
        publicity=publicity, status__in=OPEN_OBJECTION_STATUSES
    ).count()
    notify_event(
        "publicity_closed",
        users=[*users, *office_users(round.programme_id)],
        context={
            "round": str(round),
            "end": last_day_of(publicity.ends_at).isoformat(),
            "objections_open": open_count,
        },
        url=reverse("publicity:notice", args=[publicity.pk]),
        programme_id=round.programme_id,
    )


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
    objection: Objection,
    *,
    actor: User,
    upheld: bool,
    handling_opinion: str,
    meeting: str = "",
) -> Objection:
    """Art. 21: the leading group decides on a verified objection, with the handling opinion;
    its office may only record a decision the leading group took, naming the meeting.

    Preconditions: the actor is of the programme's leading group or office (an office member
    who is not of the leading group names the meeting); the objection is VERIFYING (verified
    first); the handling opinion is given.
    Side effects: VERIFYING -> UPHELD or DISMISSED with ``decided_at``/``decided_by``; an upheld
    objection takes the organisation off the proposed list (PROPOSED -> NOT_PROPOSED) with the
    reason and marked ``removed_from_list`` (the leading group then confirms or amends the
    list, ``decide_proposed_list``); decision log rows (R14); the organisation is notified of an
    upheld objection, the objector of the outcome (e-mail); the round moves on to approval if
    nothing else is pending (``advance_round_if_settled``).
    """
    programme_id = objection.publicity.round.programme_id
    if not (is_leading_group_of(actor, programme_id) or is_office_of(actor, programme_id)):
        raise DomainError(_("Only the leading group, or its office for it, decides objections."))
    if not handling_opinion.strip():
        raise DomainError(_("Write the handling opinion."))
    on_behalf = not is_leading_group_of(actor, programme_id)
    if on_behalf and not meeting.strip():
        raise DomainError(
            _(
                "The leading group decides objections: name the meeting at which it decided, "
                "and the office records the decision for it."
            ),
            articles=(21,),
        )
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
            decided_at_meeting=meeting.strip(),
            entered_on_behalf=on_behalf,
            data={"decided_at_meeting": meeting.strip(), "entered_on_behalf": on_behalf},
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
                Objection.objects.filter(pk=decided.pk).update(removed_from_list=True)
                decided.removed_from_list = True

                notify_event(
                    "removed_from_list",
                    users=users_of_organisation(application.organisation_id),
                    context={
                        "organisation": application.organisation.name,
                        "round": str(objection.publicity.round),
                        "opinion": handling_opinion.strip(),
                    },
                    programme_id=programme_id,
                )
        # The objector learns the outcome by e-mail (never anyone else's identity); the office
        # sees the message in the outbox.
        if decided.objector_email:
            notify_event(
                "objection_outcome",
                addresses=[decided.objector_email],
                context=_outcome_context(decided),
                url=_lookup_url(decided),
                programme_id=programme_id,
                address_language=default_language(),
            )
        round = Round.objects.select_for_update().get(pk=objection.publicity.round_id)
        advance_round_if_settled(
            round,
            actor=actor,
            reason=_("The last objection was decided (%(receipt)s).")
            % {"receipt": decided.receipt_number},
        )
    return decided


def _lookup_url(objection: Objection) -> str:
    return reverse("publicity:lookup") + "?" + urlencode({"receipt": objection.receipt_number})


def _outcome_context(objection: Objection) -> dict[str, Any]:
    decided_at = objection.decided_at or timezone.now()
    return {
        "receipt": objection.receipt_number,
        "organisation": objection.application.organisation.name,
        "outcome": ObjectionStatus(objection.status).label,
        "opinion": objection.handling_opinion,
        "decided_on": decided_at.astimezone(BEIJING).date().isoformat(),
    }


# --- The list after an upheld objection -----------------------------------------------------


def replacement_choices(round: Round) -> list[Application]:
    """Applications the leading group may add to the proposed list (Art. 21): the round's
    applications the plenary did not propose, never one removed by an upheld objection."""
    removed = Objection.objects.filter(
        publicity__round=round, status=ObjectionStatus.UPHELD
    ).values("application_id")
    return list(
        Application.objects.filter(round=round, status=ApplicationStatus.NOT_PROPOSED)
        .exclude(pk__in=removed)
        .select_related("organisation")
        .order_by(prize_first("proposed_level"), "sector", "sector_rank", "organisation__name")
    )


def default_replacement_notice(
    round: Round, additions: list[tuple[Application, str]], starts_on: date, days: int
) -> str:
    """The Chinese notice of candidates added to the proposed list (递补公示)."""
    starts_at, ends_at = round_publicity_window(round, starts_on, days)
    first, last = first_counted_day(starts_at), last_day_of(ends_at)
    lines = [
        f"关于{round.title}拟奖名单调整（递补）的公示",
        "",
        f"经{leading_group_name(round.programme.office_name)}研究，对拟奖名单作如下调整，"
        "现将递补的拟奖单位予以公示：",
        "",
    ]
    for i, (app, level) in enumerate(additions, start=1):
        lines.append(f"{i}. {app.organisation.name}（{round.level_name(level)}）")
    lines += [
        "",
        f"公示期为{publicity_days_text(round, days)}：{first.year}年{first.month}月{first.day}日至"
        f"{last.year}年{last.month}月{last.day}日。",
        "公示期间，任何单位和个人有异议的，可通过本网站“提出异议”或书面形式向"
        f"{round.programme.office_name}反映，以真实姓名或单位名称提出并提供联系方式；"
        "匿名或逾期提出的异议不予受理。",
    ]
    return "\n".join(lines)


def decide_proposed_list(
    objection: Objection,
    *,
    actor: User,
    reason: str,
    additions: list[tuple[Application, str]] | None = None,
    starts_on: date | None = None,
    days: int | None = None,
) -> ListDecision:
    """Art. 21: after an upheld objection took a candidate off the list, the leading group
    (or its office on its behalf) confirms the list as it stands or amends it, with the reason.

    Preconditions: the actor is of the programme's leading group or office and has signed the
    round's commitment (R12); the objection was upheld and removed a candidate, and has no
    list decision yet; the round is in publicity; the reason is given; each addition is one of
    ``replacement_choices`` at a known level, at most once; the amended list is within the
    quotas (R2, repeat winners outside, R7); an amendment gives the first day of the added
    candidates' own publicity (not in the past), at least 10 whole Beijing days (R1).

    Side effects: a ListDecision; for an amendment each added application NOT_PROPOSED ->
    PROPOSED at its level and a new PublicityPeriod holding only them (shown on the public
    publicity pages; the round stays in publicity until it ends); decision log rows (R14);
    the added organisations are notified; the round moves on to approval if nothing else is
    pending.
    """
    round = objection.publicity.round
    on_behalf = check_may_deliberate(actor, round)
    if not reason.strip():
        raise DomainError(_("Give the reason for confirming or amending the list."))
    additions = list(additions or [])
    days = round.publicity_days if days is None else days
    window: tuple[datetime, datetime] | None = None
    if additions:
        if starts_on is None:
            raise DomainError(_("Give the first day of the added candidates' publicity."))
        window = round_publicity_window(round, starts_on, days)
        if starts_on < timezone.now().astimezone(BEIJING).date():
            raise DomainError(_("The publicity cannot start on a past day."), rule=PUBLICITY_RULE)
    with transaction.atomic():
        # The objection before the round, as decide_objection locks them.
        locked = Objection.objects.select_for_update().get(pk=objection.pk)
        locked_round = (
            Round.objects.select_for_update().select_related("programme").get(pk=round.pk)
        )
        if locked.status != ObjectionStatus.UPHELD or not locked.removed_from_list:
            raise DomainError(
                _("The list is confirmed or amended after an upheld objection removed a candidate.")
            )
        if ListDecision.objects.filter(objection=locked).exists():
            raise DomainError(_("The list was already confirmed or amended for this objection."))
        if locked_round.stage != RoundStage.PUBLICITY:
            raise DomainError(
                _("The list can be amended only while the round is in publicity."), rule="R1"
            )
        allowed = {app.pk: app for app in replacement_choices(locked_round)}
        seen: set[int] = set()
        for app, level in additions:
            if app.pk not in allowed:
                raise DomainError(
                    _("%(org)s cannot be added to the proposed list.") % {"org": app.organisation}
                )
            if app.pk in seen:
                raise DomainError(_("%(org)s is added twice.") % {"org": app.organisation})
            seen.add(app.pk)
            if level not in PrizeLevel.values:
                raise DomainError(_("Unknown prize level “%(level)s”.") % {"level": level})
        current = list(
            Application.objects.filter(
                round=locked_round, status=ApplicationStatus.PROPOSED
            ).select_related("organisation")
        )
        check_quotas(
            locked_round,
            [
                (
                    a.quota_sector,
                    a.proposed_level,
                    not a.is_individual
                    and is_repeat_win(a.organisation, locked_round, a.proposed_level),
                )
                for a in current
            ]
            + [
                (
                    allowed[a.pk].quota_sector,
                    level,
                    not allowed[a.pk].is_individual
                    and is_repeat_win(allowed[a.pk].organisation, locked_round, level),
                )
                for a, level in additions
            ],
        )
        period = None
        if additions and window is not None and starts_on is not None:
            period = PublicityPeriod.objects.create(
                round=locked_round,
                starts_at=window[0],
                ends_at=window[1],
                notice=default_replacement_notice(
                    locked_round, [(allowed[a.pk], lvl) for a, lvl in additions], starts_on, days
                ),
                objection_contact=default_objection_contact(locked_round),
                opened_by=actor,
            )
            period.applications.set([allowed[a.pk] for a, _lvl in additions])
        decision = ListDecision.objects.create(
            round=locked_round,
            objection=locked,
            amended=bool(additions),
            reason=reason.strip(),
            publicity=period,
            decided_by=actor,
            entered_on_behalf=on_behalf,
        )
        record_decision(
            actor=actor,
            action="list.amend" if additions else "list.confirm",
            obj=decision,
            reason=reason.strip(),
            round_id=locked_round.pk,
            actor_label=_("office, on the leading group's behalf") if on_behalf else "",
            data={
                "objection_id": locked.pk,
                "added": [{"application_id": a.pk, "level": lvl} for a, lvl in additions],
                "publicity_id": period.pk if period else None,
            },
        )
        if period is not None and window is not None and starts_on is not None:
            record_decision(
                actor=actor,
                action="publicity.open",
                obj=period,
                round_id=locked_round.pk,
                reason=reason.strip(),
                data={
                    "starts_at": window[0].isoformat(),
                    "ends_at": window[1].isoformat(),
                    "days": days,
                    "application_ids": [a.pk for a, _lvl in additions],
                    "replacement": True,
                },
            )

            for app, level in additions:
                transition_application(
                    allowed[app.pk],
                    ApplicationStatus.PROPOSED,
                    actor=actor,
                    reason=_("Added to the proposed list: %(reason)s") % {"reason": reason.strip()},
                    proposed_level=level,
                )
                notify_event(
                    "replacement_publicity",
                    users=users_of_organisation(app.organisation_id),
                    context={
                        "organisation": allowed[app.pk].organisation.name,
                        "round": str(locked_round),
                        "reason": reason.strip(),
                        "start": starts_on.isoformat(),
                        "end": last_day_of(window[1]).isoformat(),
                    },
                    url=reverse("publicity:notice", args=[period.pk]),
                    programme_id=locked_round.programme_id,
                )
        advance_round_if_settled(
            locked_round,
            actor=actor,
            reason=_("The leading group confirmed the proposed list: %(reason)s")
            % {"reason": reason.strip()},
        )
    return decision
