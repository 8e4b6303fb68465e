"""Services of deliberation and publicity (Art. 21): each refusal leaves nothing written."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core import mail

from accounts.enums import Role
from applications.enums import ApplicationStatus
from awards.enums import PrizeLevel, RoundStage
from awards.models import AwardProgramme, PublicationOutlet
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from notifications.models import Notification
from publicity.enums import ObjectionStatus
from publicity.models import Objection, PlenaryDecision, PlenaryMeeting, PublicityPeriod
from publicity.rules import PublicityState, publicity_state
from publicity.services import publicity as services
from tests.factories import UserFactory, applicant_user, grant_role, leading_group_user, office_user
from tests.publicity.helpers import (
    ENDS_AT,
    OPENED_AT,
    SHANGHAI,
    STARTS_AT,
    STARTS_ON,
    candidate,
    deliberation_round,
    manufacturer,
    past_prize,
    proposed,
    publicity_round,
    service_org,
    signed,
    votes,
)

pytestmark = pytest.mark.django_db
HELD_ON = date(2031, 11, 20)


def _plenary(round, actor, decisions, *, total=9, present=7, **kwargs):
    return services.record_plenary(
        round,
        actor=actor,
        held_on=HELD_ON,
        members_total=total,
        members_present=present,
        decisions=decisions,
        **kwargs,
    )


# --- Plenary --------------------------------------------------------------------------------


def test_plenary_moves_candidates_to_proposed_or_not_proposed() -> None:
    round = deliberation_round()
    leader = signed(leading_group_user(), round)
    winner = candidate(round, level=PrizeLevel.PRIZE)
    loser = candidate(round, level=PrizeLevel.NOMINATION, organisation=service_org())
    owner = applicant_user(winner.organisation)
    meeting = _plenary(
        round,
        leader,
        [
            votes(winner, 5, disagree=1, abstain=1, level=PrizeLevel.NOMINATION),
            votes(loser, 3, disagree=4),
        ],
        minutes="会议纪要",
    )
    winner.refresh_from_db()
    loser.refresh_from_db()
    assert (winner.status, winner.proposed_level) == (ApplicationStatus.PROPOSED, "nomination")
    assert loser.status == ApplicationStatus.NOT_PROPOSED
    assert (meeting.members_total, meeting.members_present, meeting.entered_on_behalf) == (
        9,
        7,
        False,
    )
    rows = {
        d.application_id: (d.level, d.outcome, d.votes_agree, d.votes_disagree, d.votes_abstain)
        for d in PlenaryDecision.objects.filter(meeting=meeting)
    }
    assert rows == {
        winner.pk: ("nomination", "passed", 5, 1, 1),
        loser.pk: ("nomination", "rejected", 3, 4, 0),
    }
    # R14: the meeting and each move are logged.
    log = DecisionLogEntry.objects.filter(round_id=round.pk)
    assert log.filter(action="plenary.record", actor=leader).count() == 1
    assert log.filter(action="application.proposed").count() == 1
    assert log.filter(action="application.not_proposed").count() == 1
    assert Notification.objects.filter(user=owner).count() == 1


def test_office_records_the_plenary_on_the_members_behalf() -> None:
    round = deliberation_round()
    office = signed(office_user(), round)
    app = candidate(round)
    meeting = _plenary(round, office, [votes(app, 7)])
    assert meeting.entered_on_behalf is True
    entry = DecisionLogEntry.objects.get(action="plenary.record")
    assert entry.data["entered_on_behalf"] is True
    assert entry.actor_label != ""


def test_plenary_without_quorum_is_refused_and_writes_nothing() -> None:
    round = deliberation_round()
    leader = signed(leading_group_user(), round)
    app = candidate(round)
    with pytest.raises(DomainError) as refused:
        _plenary(round, leader, [votes(app, 4)], total=9, present=4)
    assert refused.value.rule == "R1"
    app.refresh_from_db()
    assert app.status == ApplicationStatus.CANDIDATE
    assert PlenaryMeeting.objects.count() == 0


def test_plenary_exceeding_the_quota_is_refused_with_the_violation() -> None:
    # R2: at most 3 manufacturing prizes.
    round = deliberation_round()
    leader = signed(leading_group_user(), round)
    apps = [candidate(round, rank=i + 1) for i in range(4)]
    with pytest.raises(DomainError) as refused:
        _plenary(round, leader, [votes(a, 7) for a in apps])
    assert refused.value.rule == "R2"
    assert "4" in refused.value.message and "3" in refused.value.message
    assert PlenaryMeeting.objects.count() == 0
    assert {a.status for a in type(apps[0]).objects.filter(round=round)} == {"candidate"}
    assert (
        DecisionLogEntry.objects.filter(round_id=round.pk, action__startswith="application").count()
        == 0
    )


def test_rejected_candidates_do_not_count_against_the_quota() -> None:
    round = deliberation_round()
    leader = signed(leading_group_user(), round)
    apps = [candidate(round, rank=i + 1) for i in range(4)]
    _plenary(round, leader, [votes(a, 7) for a in apps[:3]] + [votes(apps[3], 1)])
    assert [
        a.status
        for a in type(apps[0]).objects.filter(pk__in=[a.pk for a in apps]).order_by("sector_rank")
    ] == [
        "proposed",
        "proposed",
        "proposed",
        "not_proposed",
    ]


def test_a_repeat_prize_winner_stands_outside_the_quota() -> None:
    # R7: three first-time manufacturing prizes plus a repeat winner fit.
    round = deliberation_round(year=2040)
    leader = signed(leading_group_user(), round)
    repeat_org = manufacturer()
    past_prize(repeat_org, 2030)
    apps = [candidate(round, rank=i + 1) for i in range(3)] + [
        candidate(round, organisation=repeat_org, rank=4)
    ]
    _plenary(round, leader, [votes(a, 7) for a in apps])
    assert type(apps[0]).objects.filter(round=round, status="proposed").count() == 4


def test_plenary_before_signing_the_commitment_is_refused() -> None:
    # R12.
    round = deliberation_round()
    leader = leading_group_user()
    app = candidate(round)
    with pytest.raises(DomainError) as refused:
        _plenary(round, leader, [votes(app, 7)])
    assert refused.value.rule == "R12"


def test_leading_group_member_of_another_programme_cannot_record() -> None:
    round = deliberation_round()
    county = AwardProgramme.objects.create(
        name="章贡区区长质量奖",
        slug="zhanggong",
        awarding_body="章贡区人民政府",
        office_name="章贡区办公室",
    )
    outsider = grant_role(UserFactory(), Role.LEADING_GROUP, prog=county)
    app = candidate(round)
    with pytest.raises(DomainError):
        _plenary(round, outsider, [votes(app, 7)])
    assert PlenaryMeeting.objects.count() == 0


def test_plenary_must_decide_every_candidate() -> None:
    round = deliberation_round()
    leader = signed(leading_group_user(), round)
    decided = candidate(round)
    forgotten = candidate(round, organisation=manufacturer(name="赣州遗漏企业有限公司"))
    with pytest.raises(DomainError) as refused:
        _plenary(round, leader, [votes(decided, 7)])
    assert "赣州遗漏企业有限公司" in refused.value.message
    forgotten.refresh_from_db()
    assert forgotten.status == ApplicationStatus.CANDIDATE


def test_plenary_outcome_must_match_the_votes() -> None:
    round = deliberation_round()
    leader = signed(leading_group_user(), round)
    app = candidate(round)
    decision = votes(app, 3) | {"outcome": "passed"}
    with pytest.raises(DomainError) as refused:
        _plenary(round, leader, [decision])
    assert refused.value.rule == "R1"


def test_more_votes_than_members_present_are_refused() -> None:
    round = deliberation_round()
    leader = signed(leading_group_user(), round)
    app = candidate(round)
    with pytest.raises(DomainError):
        _plenary(round, leader, [votes(app, 6, disagree=2)], present=7)


def test_plenary_outside_deliberation_is_refused() -> None:
    round = deliberation_round()
    leader = signed(leading_group_user(), round)
    app = candidate(round)
    type(round).objects.filter(pk=round.pk).update(stage=RoundStage.COMPOSITE)
    round.refresh_from_db()
    with pytest.raises(DomainError) as refused:
        _plenary(round, leader, [votes(app, 7)])
    assert refused.value.rule == "R1"


def test_an_application_of_another_round_cannot_be_decided() -> None:
    round = deliberation_round()
    leader = signed(leading_group_user(), round)
    own = candidate(round)
    other = candidate(deliberation_round())
    with pytest.raises(DomainError):
        _plenary(round, leader, [votes(own, 7), votes(other, 7)])


# --- Opening the publicity ------------------------------------------------------------------


def test_open_publicity_moves_the_round_and_lists_the_proposed() -> None:
    office = office_user()
    round = deliberation_round()
    prize = proposed(round, organisation=manufacturer(name="赣州甲公司"))
    nomination = proposed(
        round, level=PrizeLevel.NOMINATION, organisation=service_org(name="赣州乙公司")
    )
    candidate(round, status=ApplicationStatus.NOT_PROPOSED)
    with time_machine.travel(OPENED_AT, tick=False):
        period = services.open_publicity(
            round,
            actor=office,
            starts_on=STARTS_ON,
            outlet="赣州日报",
            outlet_published_on=STARTS_ON,
            outlet_url="https://example.cn/gs",
        )
    round.refresh_from_db()
    assert round.stage == RoundStage.PUBLICITY
    assert (period.starts_at, period.ends_at) == (STARTS_AT, ENDS_AT)
    assert set(period.applications.values_list("pk", flat=True)) == {prize.pk, nomination.pk}
    assert "赣州甲公司" in period.notice and "赣州乙公司" in period.notice
    assert "2031年12月1日至2031年12月10日" in period.notice
    outlet = PublicationOutlet.objects.get(round=round)
    assert (outlet.notice, outlet.outlet, outlet.url) == (
        "publicity",
        "赣州日报",
        "https://example.cn/gs",
    )
    assert DecisionLogEntry.objects.filter(round_id=round.pk, action="round.publicity").count() == 1


def test_open_publicity_defaults_to_the_rounds_days() -> None:
    office = office_user()
    round = deliberation_round(publicity_days=15)
    proposed(round)
    with time_machine.travel(OPENED_AT, tick=False):
        period = services.open_publicity(round, actor=office, starts_on=STARTS_ON)
    assert period.ends_at == datetime(2031, 12, 16, 0, 0, tzinfo=SHANGHAI)


def test_publicity_opened_during_its_first_day_ends_ten_whole_days_later() -> None:
    """Civil Code Art. 201 and 203: opened on 1 December at 10:00, the opening day is not
    counted; the ten days are 2 to 11 December and the period ends at 24:00 on 11 December.
    The notice states the counted days."""
    office = office_user()
    round = deliberation_round()
    proposed(round)
    opened_at = datetime(2031, 12, 1, 10, 0, tzinfo=SHANGHAI)
    with time_machine.travel(opened_at, tick=False):
        period = services.open_publicity(round, actor=office, starts_on=date(2031, 12, 1), days=10)
    assert period.starts_at == opened_at
    assert period.ends_at == datetime(2031, 12, 12, 0, 0, tzinfo=SHANGHAI)
    assert "公示期为10天：2031年12月2日至2031年12月11日" in period.notice


def test_publicity_shorter_than_ten_days_is_refused() -> None:
    office = office_user()
    round = deliberation_round()
    proposed(round)
    with time_machine.travel(OPENED_AT, tick=False), pytest.raises(DomainError) as refused:
        services.open_publicity(round, actor=office, starts_on=STARTS_ON, days=9)
    assert refused.value.rule == "R1"
    round.refresh_from_db()
    assert round.stage == RoundStage.DELIBERATION
    assert PublicityPeriod.objects.count() == 0


def test_publicity_starting_in_the_past_is_refused() -> None:
    office = office_user()
    round = deliberation_round()
    proposed(round)
    with (
        time_machine.travel(datetime(2031, 12, 2, 9, 0, tzinfo=SHANGHAI), tick=False),
        pytest.raises(DomainError),
    ):
        services.open_publicity(round, actor=office, starts_on=STARTS_ON)


def test_publicity_without_a_proposed_list_is_refused() -> None:
    office = office_user()
    round = deliberation_round()
    candidate(round)
    with time_machine.travel(OPENED_AT, tick=False), pytest.raises(DomainError):
        services.open_publicity(round, actor=office, starts_on=STARTS_ON)


def test_only_the_office_opens_the_publicity() -> None:
    round = deliberation_round()
    proposed(round)
    with time_machine.travel(OPENED_AT, tick=False), pytest.raises(DomainError):
        services.open_publicity(round, actor=leading_group_user(), starts_on=STARTS_ON)
    assert PublicityPeriod.objects.count() == 0


def test_an_outlet_without_its_date_is_refused() -> None:
    office = office_user()
    round = deliberation_round()
    proposed(round)
    with time_machine.travel(OPENED_AT, tick=False), pytest.raises(DomainError):
        services.open_publicity(round, actor=office, starts_on=STARTS_ON, outlet="赣州日报")
    assert PublicityPeriod.objects.count() == 0


# --- Closing on time ------------------------------------------------------------------------


def _round_log(round) -> list[DecisionLogEntry]:
    return list(
        DecisionLogEntry.objects.filter(
            object_type="awards.Round", object_id=str(round.pk), action="round.approval"
        )
    )


def test_publicity_is_open_one_second_before_its_end() -> None:
    office = office_user()
    round, period, _apps = publicity_round(office)
    with time_machine.travel(ENDS_AT - timedelta(seconds=1), tick=False):
        assert (
            publicity_state(period.starts_at, period.ends_at, period.closed_at)
            == PublicityState.OPEN
        )
        assert services.sweep_due_publicities() == 0
    period.refresh_from_db()
    round.refresh_from_db()
    assert (period.closed_at, round.stage) == (None, RoundStage.PUBLICITY)


def test_sweep_closes_the_publicity_once_at_its_end() -> None:
    # R1: the publicity end happens on time by itself; the sweep run twice acts once.
    office = office_user()
    round, period, _apps = publicity_round(office)
    with time_machine.travel(ENDS_AT + timedelta(seconds=1), tick=False):
        first = services.sweep_due_publicities()
        second = services.sweep_due_publicities()
    assert (first, second) == (1, 0)
    period.refresh_from_db()
    round.refresh_from_db()
    assert period.closed_at == ENDS_AT + timedelta(seconds=1)
    assert round.stage == RoundStage.APPROVAL
    log = _round_log(round)
    assert [(e.from_state, e.to_state, e.actor_id, e.actor_label) for e in log] == [
        ("publicity", "approval", None, "system")
    ]


def test_close_publicity_twice_acts_once() -> None:
    office = office_user()
    round, period, _apps = publicity_round(office)
    with time_machine.travel(ENDS_AT, tick=False):
        assert services.close_publicity(period) is True
        assert services.close_publicity(PublicityPeriod.objects.get(pk=period.pk)) is False
    assert len(_round_log(round)) == 1


def test_publicity_cannot_be_closed_early() -> None:
    office = office_user()
    _round, period, _apps = publicity_round(office)
    with (
        time_machine.travel(ENDS_AT - timedelta(seconds=1), tick=False),
        pytest.raises(DomainError),
    ):
        services.close_publicity(period, actor=office)
    period.refresh_from_db()
    assert period.closed_at is None


# --- Objections -----------------------------------------------------------------------------


def _object(period, app, *, name="张三", email="", **kwargs):
    return services.submit_objection(
        period,
        application=app,
        name=name,
        phone="13800000000",
        email=email,
        grounds="存在质量投诉",
        **kwargs,
    )


def test_objection_during_the_period_is_received_with_a_receipt(
    django_capture_on_commit_callbacks,
) -> None:
    office = office_user()
    round, period, (app,) = publicity_round(office)
    with (
        time_machine.travel(STARTS_AT + timedelta(days=2), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        objection = _object(period, app, email="citizen@example.cn", ip_address="10.0.0.1")
    assert objection.status == ObjectionStatus.RECEIVED
    assert objection.receipt_number.startswith("YY20311203-")
    assert (objection.objector_name, objection.entered_by) == ("张三", None)
    receipts = [m for m in mail.outbox if m.to == ["citizen@example.cn"]]
    assert len(receipts) == 1
    assert objection.receipt_number in receipts[0].body
    entry = DecisionLogEntry.objects.get(action="objection.submit")
    assert (entry.actor_label, entry.round_id) == ("public", round.pk)
    # The objector's identity stays out of the log.
    assert "张三" not in str(entry.data) and "citizen@example.cn" not in str(entry.data)
    assert Notification.objects.filter(user=office).count() == 1


def test_objection_after_the_close_is_recorded_as_not_accepted() -> None:
    office = office_user()
    round, period, (app,) = publicity_round(office)
    with time_machine.travel(ENDS_AT + timedelta(seconds=1), tick=False):
        services.sweep_due_publicities()
        period.refresh_from_db()
        objection = _object(period, app)
    assert objection.status == ObjectionStatus.NOT_ACCEPTED
    assert "2031-12-10 24:00" in objection.not_accepted_reason
    entry = DecisionLogEntry.objects.get(action="objection.not_accepted")
    assert entry.reason == objection.not_accepted_reason


def test_anonymous_objection_is_recorded_as_not_accepted() -> None:
    office = office_user()
    _round, period, (app,) = publicity_round(office)
    with time_machine.travel(STARTS_AT + timedelta(hours=1), tick=False):
        objection = _object(period, app, name="")
    assert objection.status == ObjectionStatus.NOT_ACCEPTED
    assert objection.not_accepted_reason != ""


def test_objection_to_an_organisation_not_on_the_list_is_refused() -> None:
    office = office_user()
    round, period, _apps = publicity_round(office)
    other = candidate(round, status=ApplicationStatus.NOT_PROPOSED)
    with (
        time_machine.travel(STARTS_AT + timedelta(hours=1), tick=False),
        pytest.raises(DomainError),
    ):
        _object(period, other)
    assert Objection.objects.count() == 0


def test_objection_without_grounds_is_refused() -> None:
    office = office_user()
    _round, period, (app,) = publicity_round(office)
    with (
        time_machine.travel(STARTS_AT + timedelta(hours=1), tick=False),
        pytest.raises(DomainError),
    ):
        services.submit_objection(
            period, application=app, name="张三", phone="", email="", grounds="  "
        )


def test_office_enters_a_letter_received_during_the_period_after_the_close() -> None:
    office = office_user()
    _round, period, (app,) = publicity_round(office)
    with time_machine.travel(ENDS_AT + timedelta(days=1), tick=False):
        services.sweep_due_publicities()
        period.refresh_from_db()
        objection = _object(
            period, app, entered_by=office, received_at=ENDS_AT - timedelta(hours=3)
        )
    assert objection.status == ObjectionStatus.RECEIVED
    assert objection.entered_by == office


def test_only_the_office_enters_objections_on_paper() -> None:
    office = office_user()
    _round, period, (app,) = publicity_round(office)
    with (
        time_machine.travel(STARTS_AT + timedelta(hours=1), tick=False),
        pytest.raises(DomainError),
    ):
        _object(period, app, entered_by=leading_group_user())


def test_receipt_numbers_are_unique() -> None:
    office = office_user()
    _round, period, (app,) = publicity_round(office)
    with time_machine.travel(STARTS_AT + timedelta(hours=1), tick=False):
        numbers = {_object(period, app).receipt_number for _ in range(20)}
    assert len(numbers) == 20


def _verified(office, period, app):
    with time_machine.travel(STARTS_AT + timedelta(hours=1), tick=False):
        objection = _object(period, app)
    return services.record_objection_verification(
        objection, actor=office, verification="经核实,投诉属实", organisation_response="企业已整改"
    )


def test_verification_moves_the_objection_to_verifying() -> None:
    office = office_user()
    _round, period, (app,) = publicity_round(office)
    objection = _verified(office, period, app)
    assert (objection.status, objection.verification, objection.organisation_response) == (
        ObjectionStatus.VERIFYING,
        "经核实,投诉属实",
        "企业已整改",
    )


def test_upheld_objection_takes_the_organisation_off_the_list() -> None:
    office = office_user()
    leader = leading_group_user()
    _round, period, (app,) = publicity_round(office)
    objection = _verified(office, period, app)
    decided = services.decide_objection(
        objection, actor=leader, upheld=True, handling_opinion="取消拟奖资格"
    )
    app.refresh_from_db()
    assert (decided.status, decided.decided_by, decided.handling_opinion) == (
        "upheld",
        leader,
        "取消拟奖资格",
    )
    assert app.status == ApplicationStatus.NOT_PROPOSED
    entry = DecisionLogEntry.objects.get(action="application.not_proposed", object_id=str(app.pk))
    assert objection.receipt_number in entry.reason


def test_dismissed_objection_leaves_the_list() -> None:
    office = office_user()
    _round, period, (app,) = publicity_round(office)
    objection = _verified(office, period, app)
    decided = services.decide_objection(
        objection,
        actor=office,
        upheld=False,
        handling_opinion="投诉不实",
        meeting="领导小组2026年第3次会议",
    )
    app.refresh_from_db()
    assert (decided.status, app.status) == ("dismissed", ApplicationStatus.PROPOSED)


def test_the_office_records_an_objection_decision_only_naming_the_leading_groups_meeting() -> None:
    """Art. 21: the leading group decides; its office records the decision for it, naming the
    meeting, and the decision says so. A member decides without naming one."""
    office = office_user()
    _round, period, (app,) = publicity_round(office)
    objection = _verified(office, period, app)
    with pytest.raises(DomainError, match="请填写作出决定的领导小组会议"):
        services.decide_objection(objection, actor=office, upheld=False, handling_opinion="不实")
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.VERIFYING
    decided = services.decide_objection(
        objection,
        actor=office,
        upheld=False,
        handling_opinion="不实",
        meeting="领导小组2026年第3次会议",
    )
    assert (decided.entered_on_behalf, decided.decided_at_meeting) == (
        True,
        "领导小组2026年第3次会议",
    )
    entry = DecisionLogEntry.objects.get(action="objection.dismissed")
    assert entry.data["decided_at_meeting"] == "领导小组2026年第3次会议"
    assert entry.data["entered_on_behalf"] is True


def test_a_member_decides_an_objection_without_naming_a_meeting() -> None:
    office = office_user()
    leader = leading_group_user()
    _round, period, (app,) = publicity_round(office)
    decided = services.decide_objection(
        _verified(office, period, app), actor=leader, upheld=False, handling_opinion="不实"
    )
    assert (decided.entered_on_behalf, decided.decided_at_meeting) == (False, "")


def test_an_objection_is_decided_only_after_verification() -> None:
    office = office_user()
    _round, period, (app,) = publicity_round(office)
    with time_machine.travel(STARTS_AT + timedelta(hours=1), tick=False):
        objection = _object(period, app)
    with pytest.raises(DomainError):
        services.decide_objection(objection, actor=office, upheld=True, handling_opinion="意见")
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.RECEIVED


def test_a_decision_needs_the_handling_opinion() -> None:
    office = office_user()
    _round, period, (app,) = publicity_round(office)
    objection = _verified(office, period, app)
    with pytest.raises(DomainError):
        services.decide_objection(objection, actor=office, upheld=True, handling_opinion=" ")


def test_outsiders_neither_verify_nor_decide() -> None:
    office = office_user()
    _round, period, (app,) = publicity_round(office)
    with time_machine.travel(STARTS_AT + timedelta(hours=1), tick=False):
        objection = _object(period, app)
    applicant = applicant_user(app.organisation)
    with pytest.raises(DomainError):
        services.record_objection_verification(objection, actor=applicant, verification="x")
    objection = services.record_objection_verification(objection, actor=office, verification="x")
    with pytest.raises(DomainError):
        services.decide_objection(objection, actor=applicant, upheld=True, handling_opinion="x")
