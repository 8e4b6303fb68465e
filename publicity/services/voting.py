"""Members vote in the portal (Art. 21): the voting session of the leading group's plenary.

The office (or a leading-group member) opens a session for a round in deliberation; each
member casts, per candidate, agree / disagree / abstain and a prize level, or declares a
recusal; closing the session turns the tally into the plenary's decisions through
``services.record_plenary`` (quorum, decision rule and quotas exactly as there, R2/R7/R14).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import is_leading_group_of, is_office_of
from applications.enums import ApplicationStatus
from applications.models import Application
from awards.enums import PrizeLevel, RoundStage
from awards.models import Round
from awards.permissions import must_sign_commitment
from decisionlog.services import record_decision
from decisionlog.workflow import DomainError
from publicity.enums import PlenaryOutcome, VoteChoice
from publicity.models import PlenaryMeeting, PlenaryRecusal, PlenaryVote
from publicity.rules import QUORUM_RULE, check_quorum
from publicity.selectors.voting import RECUSED, members_present, tally
from publicity.services.publicity import check_may_deliberate, record_plenary


def open_voting(
    round: Round,
    *,
    actor: User,
    held_on: date,
    members_total: int,
    secret_ballot: bool = False,
) -> PlenaryMeeting:
    """Open the members' voting session of the plenary (Art. 21).

    Preconditions: the actor is the programme's office or a leading-group member and has
    signed the round's commitment (R12); the round is in deliberation with candidates; no
    other session of the round is open; ``members_total`` is positive.

    Side effects: a PlenaryMeeting with ``voting_open`` set; a decision log row (R14).
    """
    check_may_deliberate(actor, round)
    if members_total <= 0:
        raise DomainError(_("Give the number of members of the leading group."), rule=QUORUM_RULE)
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round.pk)
        if locked.stage != RoundStage.DELIBERATION:
            raise DomainError(
                _("Voting can be opened only while the round is in deliberation."), rule="R1"
            )
        if not Application.objects.filter(
            round=locked, status=ApplicationStatus.CANDIDATE
        ).exists():
            raise DomainError(_("No candidate awaits the plenary's decision."))
        if PlenaryMeeting.objects.filter(round=locked, voting_open=True).exists():
            raise DomainError(_("A voting session of this round is already open."))
        now = timezone.now()
        meeting = PlenaryMeeting.objects.create(
            round=locked,
            held_on=held_on,
            members_total=members_total,
            recorded_by=actor,
            voting_open=True,
            voting_opened_at=now,
            secret_ballot=secret_ballot,
        )
        record_decision(
            actor=actor,
            action="plenary.voting_open",
            obj=locked,
            round_id=locked.pk,
            data={
                "meeting_id": meeting.pk,
                "held_on": held_on.isoformat(),
                "members_total": members_total,
                "secret_ballot": secret_ballot,
            },
        )
    return meeting


def cast_ballot(
    meeting: PlenaryMeeting,
    application: Application,
    *,
    member: User,
    choice: str,
    level: str = "",
    reason: str = "",
) -> PlenaryVote | PlenaryRecusal:
    """A member's ballot on one candidate: a vote with a prize level, or a recusal with its
    reason (Art. 21; R14). Changeable until the session closes: the new ballot replaces the
    member's earlier one on that candidate.

    Preconditions: the member belongs to the programme's leading group and has signed the
    round's commitment (R12); the session is open; the application is a candidate of the round;
    a vote names a prize level, a recusal gives its reason.

    Side effects: upserts the member's PlenaryVote or PlenaryRecusal (removing the other);
    a decision log row (the choice itself only for an open ballot).
    """
    round = meeting.round
    if not is_leading_group_of(member, round.programme_id):
        raise DomainError(_("Only members of the programme's leading group vote."))
    if must_sign_commitment(member, round):
        raise DomainError(_("Sign the round's confidentiality commitment first."), rule="R12")
    recused = choice == RECUSED
    if not recused and choice not in VoteChoice.values:
        raise DomainError(_("Choose agree, disagree, abstain or recusal."))
    if recused and not reason.strip():
        raise DomainError(_("Give the reason for your recusal."), rule=QUORUM_RULE)
    if not recused and level not in PrizeLevel.values:
        raise DomainError(_("Choose the prize level."))
    with transaction.atomic():
        locked = PlenaryMeeting.objects.select_for_update().get(pk=meeting.pk)
        if not locked.voting_open:
            raise DomainError(_("The voting session is closed."))
        if not Application.objects.filter(
            pk=application.pk, round_id=locked.round_id, status=ApplicationStatus.CANDIDATE
        ).exists():
            raise DomainError(_("This application is not a candidate of the round."))
        key: dict[str, Any] = {"meeting": locked, "application": application, "member": member}
        ballot: PlenaryVote | PlenaryRecusal
        if recused:
            PlenaryVote.objects.filter(**key).delete()
            ballot, _created = PlenaryRecusal.objects.update_or_create(
                **key, defaults={"reason": reason.strip()}
            )
        else:
            PlenaryRecusal.objects.filter(**key).delete()
            ballot, _created = PlenaryVote.objects.update_or_create(
                **key, defaults={"choice": choice, "level": level}
            )
        data: dict[str, object] = {
            "meeting_id": locked.pk,
            "application_id": application.pk,
            "recused": recused,
        }
        if not locked.secret_ballot:
            data.update(choice=choice, level=level if not recused else "")
        record_decision(
            actor=member,
            action="plenary.ballot",
            obj=locked,
            reason=reason.strip() if recused else "",
            data=data,
        )
    return ballot


def may_close_voting(user: User, meeting: PlenaryMeeting) -> bool:
    """The office of the programme, or the member who opened the session."""
    return is_office_of(user, meeting.round.programme_id) or meeting.recorded_by_id == user.pk


def close_voting(meeting: PlenaryMeeting, *, actor: User, minutes: str = "") -> PlenaryMeeting:
    """Close the session and turn the tally into the plenary's decisions (Art. 21).

    Preconditions: the session is open; the actor is the programme's office or the member who
    opened it (and may record the plenary, R12); more than half of the members took part
    (members present: those who cast at least one vote or recusal, R14). Each candidate passes
    with more than half of the votes of those present, recused members excluded from the base;
    its level is the majority of the agree votes' levels.

    Side effects: ``services.record_plenary`` with these decisions (quotas R2/R7 re-checked;
    candidates PROPOSED / NOT_PROPOSED); the session's ballots move onto the recorded meeting,
    which keeps the session's opening/closing time and ballot kind; a decision log row. When
    record_plenary refuses (a quota), nothing changes and the session stays open.
    """
    if not may_close_voting(actor, meeting):
        raise DomainError(_("Only the office or the member who opened the session can close it."))
    with transaction.atomic():
        session = PlenaryMeeting.objects.select_for_update().get(pk=meeting.pk)
        if not session.voting_open:
            raise DomainError(_("The voting session is closed."))
        present = members_present(session)
        check_quorum(session.members_total, present)
        rows = tally(session)
        decisions = []
        for row in rows:
            decisions.append(
                {
                    "application_id": row.application.pk,
                    "level": row.level,
                    "outcome": row.outcome,
                    "agree": row.agree,
                    "disagree": row.disagree,
                    "abstain": row.abstain,
                    "recused": row.recused,
                    "note": _("%(n)d recused") % {"n": row.recused} if row.recused else "",
                }
            )
        recorded = record_plenary(
            session.round,
            actor=actor,
            held_on=session.held_on,
            members_total=session.members_total,
            members_present=present,
            decisions=decisions,
            minutes=minutes,
        )
        PlenaryVote.objects.filter(meeting=session).update(meeting=recorded)
        PlenaryRecusal.objects.filter(meeting=session).update(meeting=recorded)
        recorded.voting_open = False
        recorded.voting_opened_at = session.voting_opened_at
        recorded.voting_closed_at = timezone.now()
        recorded.secret_ballot = session.secret_ballot
        recorded.save(
            update_fields=["voting_open", "voting_opened_at", "voting_closed_at", "secret_ballot"]
        )
        session.delete()
        record_decision(
            actor=actor,
            action="plenary.voting_close",
            obj=recorded,
            data={
                "session_id": meeting.pk,
                "members_present": present,
                "passed": [r.application.pk for r in rows if r.outcome == PlenaryOutcome.PASSED],
            },
        )
    return recorded
