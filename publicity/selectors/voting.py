"""Reads for members' voting in the portal (Art. 21): the open session, ballots and tally."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import AnyUser, is_leading_group_of, is_office_of
from applications.enums import ApplicationStatus
from applications.models import Application
from applications.selectors.adverse import with_adverse_flag
from awards import history
from awards.enums import PrizeLevel
from awards.models import Round
from awards.selectors import prize_first
from common.measures import RULE_ARTICLES, cite_articles
from publicity.enums import VoteChoice
from publicity.models import PlenaryMeeting, PlenaryRecusal, PlenaryVote
from publicity.rules import plenary_outcome
from publicity.selectors.publicity import PlenaryCandidate

# A ballot's choice besides agree / disagree / abstain: the member declares a tie to the
# candidate and does not vote on it.
RECUSED = "recused"


def _candidates(round: Round) -> list[PlenaryCandidate]:
    """The round's candidates as ``plenary_candidates`` orders them, with the R7 repeat flag
    (an earlier prize, as ``applications.rules.is_repeat_prize_winner``) read in one query."""
    applications = list(
        with_adverse_flag(
            Application.objects.filter(round=round, status=ApplicationStatus.CANDIDATE)
        )
        .select_related("organisation", "round__programme", "nominee")
        .order_by(prize_first("proposed_level"), "sector", "sector_rank", "-composite_score", "pk")
    )
    repeat_ids = history.prize_winner_ids_before(
        round, [app.organisation_id for app in applications]
    )
    level_order = {PrizeLevel.PRIZE: 0, PrizeLevel.NOMINATION: 1}
    result = [
        PlenaryCandidate(
            application=app,
            is_repeat=app.organisation_id in repeat_ids,
            adverse=app.adverse_unresolved,  # type: ignore[attr-defined]  # with_adverse_flag
        )
        for app in applications
    ]
    result.sort(key=lambda c: level_order.get(c.level, 2))  # type: ignore[call-overload]
    return result


def open_session(round: Round) -> PlenaryMeeting | None:
    """The round's open voting session, if any."""
    return (
        PlenaryMeeting.objects.filter(round=round, voting_open=True)
        .select_related("recorded_by", "round__programme")
        .first()
    )


def members_present(meeting: PlenaryMeeting) -> int:
    """Members who cast at least one vote or recusal in the session (R14)."""
    voters = set(PlenaryVote.objects.filter(meeting=meeting).values_list("member_id", flat=True))
    voters |= set(
        PlenaryRecusal.objects.filter(meeting=meeting).values_list("member_id", flat=True)
    )
    return len(voters)


def majority_level(levels: Counter[str], default: str) -> str:
    """The prize level most agree votes name; a tie keeps the proposed level (or the higher
    level when the proposed one is not among the tied)."""
    if not levels:
        return default
    top = max(levels.values())
    tied = [level for level, n in levels.items() if n == top]
    if len(tied) == 1:
        return tied[0]
    if default in tied:
        return default
    return next(level for level in PrizeLevel.values if level in tied)


@dataclass
class CandidateTally:
    application: Application
    is_repeat: bool
    present: int
    agree: int = 0
    disagree: int = 0
    abstain: int = 0
    recused: int = 0
    levels: Counter[str] = field(default_factory=Counter)

    @property
    def base(self) -> int:
        """Those present who may vote on this candidate: recused members are excluded."""
        return self.present - self.recused

    def outcome_on(self, base: int) -> str:
        return plenary_outcome(self.agree, base)

    @property
    def outcome(self) -> str:
        """R14 / Art. 21: more than half of those present (recused excluded) agree."""
        return self.outcome_on(self.base)

    @property
    def level(self) -> str:
        return majority_level(self.levels, self.application.proposed_level)

    @property
    def level_label(self) -> str:
        if self.level not in PrizeLevel.values:
            return ""
        return self.application.round.level_name(self.level)


def tally(meeting: PlenaryMeeting) -> list[CandidateTally]:
    """Per candidate: agree / disagree / abstain, recusals, and the levels of the agree
    votes (three queries whatever the number of candidates and members)."""
    present = members_present(meeting)
    rows = {
        c.application.pk: CandidateTally(
            application=c.application, is_repeat=c.is_repeat, present=present
        )
        for c in _candidates(meeting.round)
    }
    for app_id, choice, level in PlenaryVote.objects.filter(meeting=meeting).values_list(
        "application_id", "choice", "level"
    ):
        row = rows.get(app_id)
        if row is None:
            continue
        setattr(row, choice, getattr(row, choice) + 1)
        if choice == "agree":
            row.levels[level] += 1
    for app_id in PlenaryRecusal.objects.filter(meeting=meeting).values_list(
        "application_id", flat=True
    ):
        if app_id in rows:
            rows[app_id].recused += 1
    return list(rows.values())


@dataclass
class MemberBallot:
    choice: str = ""
    level: str = ""
    reason: str = ""

    @property
    def choice_label(self) -> str:
        return str(VoteChoice(self.choice).label) if self.choice in VoteChoice.values else ""


def own_ballots(meeting: PlenaryMeeting, member: User) -> dict[int, MemberBallot]:
    """The member's own ballots by application id (each member sees only its own)."""
    ballots = {
        app_id: MemberBallot(choice=choice, level=level)
        for app_id, choice, level in PlenaryVote.objects.filter(
            meeting=meeting, member=member
        ).values_list("application_id", "choice", "level")
    }
    for app_id, reason in PlenaryRecusal.objects.filter(meeting=meeting, member=member).values_list(
        "application_id", "reason"
    ):
        ballots[app_id] = MemberBallot(choice=RECUSED, reason=reason)
    return ballots


def open_ballot_rows(meeting: PlenaryMeeting) -> list[dict[str, Any]]:
    """Who voted what, for the office, on an open ballot only; nothing on a secret ballot."""
    if meeting.secret_ballot:
        return []
    rows: list[dict[str, Any]] = [
        {
            "member": vote.member,
            "application": vote.application,
            "choice": vote.get_choice_display(),
            "level": meeting.round.level_name(vote.level),
        }
        for vote in PlenaryVote.objects.filter(meeting=meeting)
        .select_related("member", "application__organisation", "application__nominee")
        .order_by("application_id", "member_id")
    ]
    rows += [
        {
            "member": recusal.member,
            "application": recusal.application,
            "choice": RECUSED,
            "level": "",
            "reason": recusal.reason,
        }
        for recusal in PlenaryRecusal.objects.filter(meeting=meeting)
        .select_related("member", "application__organisation", "application__nominee")
        .order_by("application_id", "member_id")
    ]
    return rows


def round_for_voting(user: AnyUser, pk: int) -> Round | None:
    """The round if the user is a leading-group member of its programme; else None."""
    if not user.is_authenticated:
        return None
    round = Round.objects.select_related("programme").filter(pk=pk).first()
    if round is None or not is_leading_group_of(user, round.programme_id):
        return None
    return round


def round_for_voting_manage(user: AnyUser, pk: int) -> Round | None:
    """The round if the user is its programme's office or a leading-group member."""
    if not user.is_authenticated:
        return None
    round = Round.objects.select_related("programme").filter(pk=pk).first()
    if round is None:
        return None
    if is_office_of(user, round.programme_id) or is_leading_group_of(user, round.programme_id):
        return round
    return None


def plenary_taken_up(round: Round) -> str | None:
    """R12 (asked by reviews before it recomputes a composite after a late conflict): why the
    leading group already has the candidate list in hand, or None. Any plenary of the round,
    its voting open or its decision recorded, is the leading group's: the office takes the
    conflict to it rather than re-rank behind it. One query."""
    if not PlenaryMeeting.objects.filter(round=round).exists():
        return None
    return _(
        "The leading group's plenary on the candidate list has begun: the composite is no "
        "longer recomputed in the portal. Take the conflict of interest to the leading group "
        "(%(article)s)."
    ) % {"article": cite_articles(RULE_ARTICLES["R12"])}
