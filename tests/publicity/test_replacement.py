"""Art. 21: after an upheld objection the leading group confirms or amends the proposed list;
an added candidate is publicised for its own full period; the round awaits approval only when
every period has ended and every objection and list decision is taken."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.utils.translation import gettext as _

from applications.enums import ApplicationStatus
from awards.enums import PrizeLevel, RoundStage
from awards.models import Round
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from notifications.models import OutboxMessage
from publicity.models import ListDecision, Objection, PublicityPeriod
from publicity.selectors.publicity import objection_handling_steps, publicity_pending
from publicity.services import publicity as services
from tests.factories import applicant_user, leading_group_user, office_user
from tests.notifications.helpers import county_office
from tests.publicity.helpers import ENDS_AT, SHANGHAI, STARTS_AT, candidate, publicity_round, signed

pytestmark = pytest.mark.django_db

DURING = STARTS_AT + timedelta(days=3)
AFTER_END = ENDS_AT + timedelta(days=2)


def _setup(n_proposed: int = 1, **kwargs):  # type: ignore[no-untyped-def]
    office = office_user()
    leader = leading_group_user()
    round, period, apps = publicity_round(office, *[{"rank": i + 1} for i in range(n_proposed)])
    signed(leader, round)
    signed(office, round)
    runner_up = candidate(round, status=ApplicationStatus.NOT_PROPOSED, rank=9)
    return office, leader, round, period, apps, runner_up


def _upheld(office, leader, period, app, *, email: str = "") -> Objection:  # type: ignore[no-untyped-def]
    with time_machine.travel(DURING, tick=False):
        objection = services.submit_objection(
            period,
            application=app,
            name="张三",
            phone="13800000000",
            email=email,
            grounds="存在质量投诉",
        )
        services.record_objection_verification(objection, actor=office, verification="属实")
        return services.decide_objection(
            objection, actor=leader, upheld=True, handling_opinion="取消拟奖资格"
        )


def test_after_an_upheld_objection_the_round_waits_for_the_list_decision() -> None:
    office, leader, round, period, (app,), _runner_up = _setup()
    objection = _upheld(office, leader, period, app)
    assert objection.removed_from_list is True
    assert services.sweep_due_publicities(now=ENDS_AT) == 1
    round.refresh_from_db()
    assert round.stage == RoundStage.PUBLICITY
    assert publicity_pending(round) == [
        _("The leading group has not yet confirmed or amended the list after an upheld objection.")
    ]
    with time_machine.travel(AFTER_END, tick=False):
        decision = services.decide_proposed_list(objection, actor=leader, reason="不再递补")
    round.refresh_from_db()
    assert (decision.amended, decision.publicity, round.stage) == (
        False,
        None,
        RoundStage.APPROVAL,
    )
    assert (
        DecisionLogEntry.objects.filter(action="list.confirm", object_id=str(decision.pk)).count()
        == 1
    )


def test_an_open_objection_also_keeps_the_round_in_publicity_until_decided() -> None:
    office, leader, round, period, (app,), _runner_up = _setup()
    with time_machine.travel(DURING, tick=False):
        objection = services.submit_objection(
            period, application=app, name="张三", phone="1", email="", grounds="理由"
        )
        services.record_objection_verification(objection, actor=office, verification="不实")
    services.sweep_due_publicities(now=ENDS_AT)
    round.refresh_from_db()
    assert round.stage == RoundStage.PUBLICITY
    with time_machine.travel(AFTER_END, tick=False):
        services.decide_objection(objection, actor=leader, upheld=False, handling_opinion="不实")
    round.refresh_from_db()
    assert round.stage == RoundStage.APPROVAL


def test_an_added_candidate_gets_its_own_full_period_in_whole_beijing_days(
    django_capture_on_commit_callbacks,
) -> None:
    office, leader, round, period, (app,), runner_up = _setup()
    member = applicant_user(runner_up.organisation)
    objection = _upheld(office, leader, period, app)
    with (
        time_machine.travel(DURING, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        decision = services.decide_proposed_list(
            objection,
            actor=leader,
            reason="按综合评价排名递补",
            additions=[(runner_up, PrizeLevel.NOMINATION)],
            starts_on=date(2031, 12, 5),
        )
    runner_up.refresh_from_db()
    assert (runner_up.status, runner_up.proposed_level) == (
        ApplicationStatus.PROPOSED,
        PrizeLevel.NOMINATION,
    )
    own = decision.publicity
    assert own is not None
    # The tenth day, 14 December 2031, is a Sunday: the period ends at 24:00 on Monday the
    # 15th (Civil Code Art. 203).
    assert (own.starts_at, own.ends_at) == (
        datetime(2031, 12, 5, 0, 0, tzinfo=SHANGHAI),
        datetime(2031, 12, 16, 0, 0, tzinfo=SHANGHAI),
    )
    assert list(own.applications.all()) == [runner_up]
    assert "递补" in own.notice and runner_up.organisation.name in own.notice
    assert "2031年12月5日至2031年12月15日" in own.notice
    (message,) = OutboxMessage.objects.filter(event="replacement_publicity")
    assert message.recipient == member
    assert [m.to for m in mail.outbox if m.to == [member.email]] == [[member.email]]
    # The first period ends: the round stays in publicity while the added candidate's runs.
    services.sweep_due_publicities(now=ENDS_AT)
    round.refresh_from_db()
    assert round.stage == RoundStage.PUBLICITY
    one_second_before = own.ends_at - timedelta(seconds=1)
    assert services.sweep_due_publicities(now=one_second_before) == 0
    assert services.sweep_due_publicities(now=own.ends_at) == 1
    assert services.sweep_due_publicities(now=own.ends_at + timedelta(seconds=1)) == 0
    round.refresh_from_db()
    assert round.stage == RoundStage.APPROVAL


def test_objections_can_be_made_against_the_added_candidate_in_its_period() -> None:
    office, leader, round, period, (app,), runner_up = _setup()
    objection = _upheld(office, leader, period, app)
    with time_machine.travel(DURING, tick=False):
        decision = services.decide_proposed_list(
            objection,
            actor=office,
            reason="递补",
            additions=[(runner_up, PrizeLevel.PRIZE)],
            starts_on=date(2031, 12, 5),
        )
    assert decision.entered_on_behalf is True
    with time_machine.travel(datetime(2031, 12, 12, 9, 0, tzinfo=SHANGHAI), tick=False):
        late_for_first = services.submit_objection(
            decision.publicity, application=runner_up, name="李四", phone="1", email="", grounds="x"
        )
    assert late_for_first.status == "received"


@pytest.mark.parametrize(
    "case",
    ["no_reason", "removed_again", "twice", "no_start", "past_start", "short", "quota", "dup"],
)
def test_refused_list_decisions_write_nothing(case: str) -> None:
    office, leader, round, period, apps, runner_up = _setup(n_proposed=2)
    app = apps[0]
    objection = _upheld(office, leader, period, app)
    kwargs: dict = {
        "reason": "递补",
        "additions": [(runner_up, PrizeLevel.PRIZE)],
        "starts_on": date(2031, 12, 5),
    }
    if case == "no_reason":
        kwargs["reason"] = " "
    elif case == "removed_again":
        kwargs["additions"] = [(app, PrizeLevel.PRIZE)]
    elif case == "no_start":
        kwargs["starts_on"] = None
    elif case == "past_start":
        kwargs["starts_on"] = date(2031, 12, 1)
    elif case == "short":
        kwargs["days"] = 9
    elif case == "quota":
        Round.objects.filter(pk=round.pk).update(prize_quota=1)
    elif case == "dup":
        kwargs["additions"] = [(runner_up, PrizeLevel.PRIZE), (runner_up, PrizeLevel.PRIZE)]
    with time_machine.travel(DURING, tick=False):
        if case == "twice":
            services.decide_proposed_list(objection, actor=leader, reason="确认")
        before = (ListDecision.objects.count(), PublicityPeriod.objects.count())
        with pytest.raises(DomainError):
            services.decide_proposed_list(objection, actor=leader, **kwargs)
    assert (ListDecision.objects.count(), PublicityPeriod.objects.count()) == before
    runner_up.refresh_from_db()
    assert runner_up.status == ApplicationStatus.NOT_PROPOSED


def test_outsiders_cannot_decide_the_list() -> None:
    office, leader, round, period, (app,), _runner_up = _setup()
    objection = _upheld(office, leader, period, app)
    for outsider in (applicant_user(app.organisation), county_office()):
        with pytest.raises(DomainError):
            services.decide_proposed_list(objection, actor=outsider, reason="确认")
    assert ListDecision.objects.count() == 0


def test_a_dismissed_objection_needs_no_list_decision() -> None:
    office, leader, round, period, (app,), _runner_up = _setup()
    with time_machine.travel(DURING, tick=False):
        objection = services.submit_objection(
            period, application=app, name="张三", phone="1", email="", grounds="理由"
        )
        services.record_objection_verification(objection, actor=office, verification="不实")
        objection = services.decide_objection(
            objection, actor=leader, upheld=False, handling_opinion="不实"
        )
        with pytest.raises(DomainError):
            services.decide_proposed_list(objection, actor=leader, reason="确认")


def test_the_objector_is_told_the_outcome_and_the_handling_steps_show_no_identity(
    django_capture_on_commit_callbacks,
) -> None:
    office, leader, round, period, (app,), _runner_up = _setup()
    with (
        time_machine.travel(DURING, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        objection = _upheld(office, leader, period, app, email="citizen@example.cn")
    outcome = OutboxMessage.objects.get(event="objection_outcome")
    assert (outcome.address, outcome.recipient, outcome.programme_id) == (
        "citizen@example.cn",
        None,
        round.programme_id,
    )
    assert objection.receipt_number in outcome.body and "取消拟奖资格" in outcome.body
    assert "2031-12-04" in outcome.body
    sent = [m for m in mail.outbox if m.to == ["citizen@example.cn"]]
    assert len(sent) == 2  # the receipt and the outcome
    steps = objection_handling_steps(objection)
    assert [s.label for s in steps] == [
        _("Received"),
        _("Accepted; verification began"),
        _("Decided by the leading group: upheld"),
    ]
    assert steps[2].detail == "取消拟奖资格"
    assert all("张三" not in s.detail and "13800000000" not in s.detail for s in steps)


def test_the_close_of_the_publicity_is_notified(django_capture_on_commit_callbacks) -> None:
    office, leader, round, period, (app,), _runner_up = _setup()
    member = applicant_user(app.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        services.sweep_due_publicities(now=ENDS_AT)
    told = set(
        OutboxMessage.objects.filter(event="publicity_closed").values_list(
            "recipient_id", flat=True
        )
    )
    assert told == {member.pk, office.pk}
    assert {m.to[0] for m in mail.outbox} >= {member.email, office.email}
