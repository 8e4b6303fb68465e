"""Members' voting in the portal (Art. 21, R14): ballots, recusals, the close and its tally."""

from __future__ import annotations

from datetime import date

import pytest

from accounts.models import User
from applications.enums import ApplicationStatus
from applications.models import Application
from awards.enums import PrizeLevel
from awards.models import Round
from decisionlog.workflow import DomainError
from publicity.models import PlenaryDecision, PlenaryMeeting, PlenaryRecusal, PlenaryVote
from publicity.selectors.voting import RECUSED, members_present, tally
from publicity.services.voting import cast_ballot, close_voting, open_voting
from tests.factories import leading_group_user, office_user
from tests.publicity.helpers import candidate, deliberation_round, signed

pytestmark = pytest.mark.django_db


def _members(round: Round, n: int) -> list[User]:
    return [signed(leading_group_user(), round) for _ in range(n)]


def _open(round: Round, office: User, total: int = 5, secret: bool = False) -> PlenaryMeeting:
    return open_voting(
        round, actor=office, held_on=date(2031, 11, 20), members_total=total, secret_ballot=secret
    )


def _status(app: Application) -> str:
    app.refresh_from_db()
    return app.status


def test_full_vote_and_close_proposes_the_passed_candidates() -> None:
    # R14: 3 of 5 members vote; A passes (3 agree > 1.5), B is rejected (1 agree).
    round = deliberation_round()
    office = signed(office_user(), round)
    a = candidate(round, rank=1)
    b = candidate(round, rank=2, level=PrizeLevel.NOMINATION)
    m1, m2, m3 = _members(round, 3)
    session = _open(round, office)
    for member in (m1, m2, m3):
        cast_ballot(session, a, member=member, choice="agree", level=PrizeLevel.PRIZE)
    cast_ballot(session, b, member=m1, choice="agree", level=PrizeLevel.NOMINATION)
    cast_ballot(session, b, member=m2, choice="disagree", level=PrizeLevel.NOMINATION)
    cast_ballot(session, b, member=m3, choice="abstain", level=PrizeLevel.NOMINATION)

    recorded = close_voting(session, actor=office, minutes="纪要")

    assert recorded.members_present == 3
    assert recorded.members_total == 5
    assert recorded.voting_open is False
    assert recorded.voting_closed_at is not None
    assert list(PlenaryMeeting.objects.filter(round=round)) == [recorded]
    assert PlenaryVote.objects.filter(meeting=recorded).count() == 6
    assert _status(a) == ApplicationStatus.PROPOSED
    a.refresh_from_db()
    assert a.proposed_level == PrizeLevel.PRIZE
    assert _status(b) == ApplicationStatus.NOT_PROPOSED
    decision_b = PlenaryDecision.objects.get(meeting=recorded, application=b)
    assert (decision_b.votes_agree, decision_b.votes_disagree, decision_b.votes_abstain) == (
        1,
        1,
        1,
    )
    assert decision_b.outcome == "rejected"


def test_level_is_the_majority_of_the_agree_votes_levels() -> None:
    round = deliberation_round()
    office = signed(office_user(), round)
    a = candidate(round, level=PrizeLevel.PRIZE)
    members = _members(round, 3)
    session = _open(round, office)
    cast_ballot(session, a, member=members[0], choice="agree", level=PrizeLevel.PRIZE)
    cast_ballot(session, a, member=members[1], choice="agree", level=PrizeLevel.NOMINATION)
    cast_ballot(session, a, member=members[2], choice="agree", level=PrizeLevel.NOMINATION)
    close_voting(session, actor=office)
    a.refresh_from_db()
    assert a.status == ApplicationStatus.PROPOSED
    assert a.proposed_level == PrizeLevel.NOMINATION


def test_recused_member_is_not_counted_for_that_candidate() -> None:
    # Art. 21: a member tied to a candidate declares it and does not vote on it.
    round = deliberation_round()
    office = signed(office_user(), round)
    a = candidate(round, rank=1)
    b = candidate(round, rank=2)
    m1, m2, m3 = _members(round, 3)
    session = _open(round, office)
    cast_ballot(session, a, member=m1, choice=RECUSED, reason="曾任该企业顾问")
    cast_ballot(session, a, member=m2, choice="agree", level=PrizeLevel.PRIZE)
    cast_ballot(session, a, member=m3, choice="agree", level=PrizeLevel.PRIZE)
    for member in (m1, m2, m3):
        cast_ballot(session, b, member=member, choice="agree", level=PrizeLevel.PRIZE)

    rows = {row.application.pk: row for row in tally(session)}
    assert members_present(session) == 3
    assert (rows[a.pk].agree, rows[a.pk].recused, rows[a.pk].base) == (2, 1, 2)
    assert (rows[b.pk].agree, rows[b.pk].recused, rows[b.pk].base) == (3, 0, 3)

    recorded = close_voting(session, actor=office)
    decision = PlenaryDecision.objects.get(meeting=recorded, application=a)
    assert (decision.votes_agree, decision.votes_disagree, decision.votes_abstain) == (2, 0, 0)
    assert PlenaryRecusal.objects.get(meeting=recorded, application=a).member == m1
    assert _status(a) == ApplicationStatus.PROPOSED


def test_a_recusal_can_decide_the_outcome_of_that_candidate() -> None:
    # 4 present, 1 recused, 2 agree: 2 of the 3 who vote is more than half, so it passes.
    round = deliberation_round()
    office = signed(office_user(), round)
    a = candidate(round, rank=1)
    m1, m2, m3, m4 = _members(round, 4)
    session = _open(round, office)
    cast_ballot(session, a, member=m1, choice=RECUSED, reason="亲属在该单位任职")
    cast_ballot(session, a, member=m2, choice="agree", level=PrizeLevel.PRIZE)
    cast_ballot(session, a, member=m3, choice="agree", level=PrizeLevel.PRIZE)
    cast_ballot(session, a, member=m4, choice="disagree", level=PrizeLevel.PRIZE)
    recorded = close_voting(session, actor=office)
    assert recorded.members_present == 4
    decision = PlenaryDecision.objects.get(meeting=recorded, application=a)
    assert decision.outcome == "passed"
    assert _status(a) == ApplicationStatus.PROPOSED


def test_a_recusal_needs_a_reason() -> None:
    round = deliberation_round()
    office = signed(office_user(), round)
    a = candidate(round)
    (member,) = _members(round, 1)
    session = _open(round, office)
    with pytest.raises(DomainError):
        cast_ballot(session, a, member=member, choice=RECUSED, reason="  ")
    assert PlenaryRecusal.objects.count() == 0


def test_close_without_quorum_is_refused_and_the_session_stays_open() -> None:
    # R14: 2 of 5 members took part: no quorum.
    round = deliberation_round()
    office = signed(office_user(), round)
    a = candidate(round)
    session = _open(round, office)
    for member in _members(round, 2):
        cast_ballot(session, a, member=member, choice="agree", level=PrizeLevel.PRIZE)
    with pytest.raises(DomainError) as refused:
        close_voting(session, actor=office)
    assert refused.value.rule == "R1"
    session.refresh_from_db()
    assert session.voting_open is True
    assert _status(a) == ApplicationStatus.CANDIDATE


def test_quota_exceeded_keeps_the_session_open() -> None:
    # R2: at most 3 manufacturing prizes; 4 passed prizes are refused by record_plenary.
    round = deliberation_round()
    office = signed(office_user(), round)
    apps = [candidate(round, rank=i + 1) for i in range(4)]
    members = _members(round, 3)
    session = _open(round, office)
    for app in apps:
        for member in members:
            cast_ballot(session, app, member=member, choice="agree", level=PrizeLevel.PRIZE)
    with pytest.raises(DomainError) as refused:
        close_voting(session, actor=office)
    assert refused.value.rule == "R2"
    session.refresh_from_db()
    assert session.voting_open is True
    assert PlenaryVote.objects.filter(meeting=session).count() == 12
    assert PlenaryDecision.objects.count() == 0
    assert {_status(a) for a in apps} == {ApplicationStatus.CANDIDATE}


def test_changing_a_vote_before_the_close_replaces_it() -> None:
    round = deliberation_round()
    office = signed(office_user(), round)
    a = candidate(round)
    members = _members(round, 3)
    session = _open(round, office)
    cast_ballot(session, a, member=members[0], choice="disagree", level=PrizeLevel.PRIZE)
    cast_ballot(session, a, member=members[0], choice="agree", level=PrizeLevel.PRIZE)
    cast_ballot(session, a, member=members[1], choice=RECUSED, reason="亲属任职")
    cast_ballot(session, a, member=members[1], choice="agree", level=PrizeLevel.PRIZE)
    assert PlenaryVote.objects.filter(meeting=session, member=members[0]).get().choice == "agree"
    assert PlenaryRecusal.objects.filter(meeting=session).count() == 0
    (row,) = tally(session)
    assert (row.agree, row.disagree, row.recused) == (2, 0, 0)


def test_no_ballot_after_the_close() -> None:
    round = deliberation_round()
    office = signed(office_user(), round)
    a = candidate(round)
    members = _members(round, 3)
    session = _open(round, office)
    for member in members:
        cast_ballot(session, a, member=member, choice="agree", level=PrizeLevel.PRIZE)
    recorded = close_voting(session, actor=office)
    with pytest.raises(DomainError):
        cast_ballot(recorded, a, member=members[0], choice="disagree", level=PrizeLevel.PRIZE)


def test_only_one_open_session_per_round() -> None:
    round = deliberation_round()
    office = signed(office_user(), round)
    candidate(round)
    _open(round, office)
    with pytest.raises(DomainError):
        _open(round, office)


def test_another_member_cannot_close_the_session() -> None:
    round = deliberation_round()
    candidate(round)
    opener, other = _members(round, 2)
    session = _open(round, opener)
    with pytest.raises(DomainError):
        close_voting(session, actor=other)
    session.refresh_from_db()
    assert session.voting_open is True


def test_office_cannot_cast_a_ballot() -> None:
    round = deliberation_round()
    office = signed(office_user(), round)
    a = candidate(round)
    session = _open(round, office)
    with pytest.raises(DomainError):
        cast_ballot(session, a, member=office, choice="agree", level=PrizeLevel.PRIZE)
