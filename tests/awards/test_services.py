"""Round services: creation (R1 interval), settings locks, call notice, deadlines (R1), review
rules (Art. 10), material review start (R5) and the commitment (R12)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from applications.enums import ApplicationStatus
from awards import services
from awards.enums import NoticeKind, RoundStage, TiltRule
from awards.models import ConfidentialityCommitment, PublicationOutlet, Round
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from notifications.models import Notification
from tests.awards.helpers import (
    eligibility_round,
    other_programme,
    other_programme_office,
    submitted_application,
)
from tests.factories import (
    ApplicationFactory,
    RoundFactory,
    applicant_user,
    expert_user,
    leading_group_user,
    liaison_user,
    office_user,
    programme,
    recommender_user,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
OPENS = datetime(2041, 3, 1, 9, 0, tzinfo=SHANGHAI)
CLOSES = datetime(2041, 4, 30, 17, 0, tzinfo=SHANGHAI)

pytestmark = pytest.mark.django_db


def _create(year: int = 2041, **kwargs):  # type: ignore[no-untyped-def]
    actor = kwargs.pop("actor", None) or office_user()
    return services.create_round(
        programme(),
        actor=actor,
        year=year,
        title=f"{year}年度赣州市市长质量奖",
        applications_open_at=kwargs.pop("opens", OPENS),
        applications_close_at=kwargs.pop("closes", CLOSES),
        **kwargs,
    )


# --- create_round --------------------------------------------------------------------------


def test_create_round_makes_a_draft_with_the_measures_defaults_and_logs_it() -> None:
    round = _create()
    assert (round.stage, round.prize_quota, round.prize_quota_manufacturing) == ("draft", 5, 3)
    assert (round.publicity_days, round.prize_amount) == (10, Decimal("500000"))
    entry = DecisionLogEntry.objects.get(action="round.create")
    assert (entry.round_id, entry.to_state) == (round.pk, "draft")


def test_create_round_within_two_years_of_another_is_refused_r1() -> None:
    """R1 / Art. 6: one round every two years per award."""
    _create(2041)
    with pytest.raises(DomainError) as error:
        _create(2042, opens=OPENS + timedelta(days=365), closes=CLOSES + timedelta(days=365))
    assert error.value.rule == "R1"
    assert "2041" in error.value.message
    assert Round.objects.filter(year=2042).count() == 0


def test_create_round_two_years_later_is_allowed_r1() -> None:
    _create(2041)
    later = _create(2043, opens=OPENS + timedelta(days=730), closes=CLOSES + timedelta(days=730))
    assert later.year == 2043


def test_create_round_in_another_programme_the_same_year_is_allowed() -> None:
    """R1 counts rounds per award programme."""
    _create(2041)
    county_office = other_programme_office()
    round = services.create_round(
        other_programme(),
        actor=county_office,
        year=2041,
        title="2041年度南康区区长质量奖",
        applications_open_at=OPENS,
        applications_close_at=CLOSES,
    )
    assert round.programme == other_programme()


def test_create_round_with_deadline_before_opening_is_refused() -> None:
    with pytest.raises(DomainError, match="deadline must come after the opening"):
        _create(opens=CLOSES, closes=OPENS)


def test_create_round_with_weights_not_adding_to_one_is_refused() -> None:
    with pytest.raises(DomainError, match="add up to 1"):
        _create(material_weight=Decimal("0.5"), site_weight=Decimal("0.6"))


def test_create_round_with_sector_places_above_the_total_is_refused_r2() -> None:
    with pytest.raises(DomainError) as error:
        _create(prize_quota=2, prize_quota_manufacturing=3)
    assert error.value.rule == "R2"


def test_create_round_with_publicity_under_10_days_is_refused() -> None:
    with pytest.raises(DomainError):
        _create(publicity_days=9)
    assert Round.objects.count() == 0


def test_create_round_by_another_programmes_office_is_refused() -> None:
    with pytest.raises(DomainError, match="Only the office"):
        _create(actor=other_programme_office())
    assert Round.objects.count() == 0


# --- update_round_settings ------------------------------------------------------------------


def test_update_settings_changes_and_logs_old_and_new_values() -> None:
    office = office_user()
    round = RoundFactory(stage=RoundStage.DRAFT, prize_quota=5)
    services.update_round_settings(round, actor=office, reason="调整", prize_quota=4)
    round.refresh_from_db()
    assert round.prize_quota == 4
    entry = DecisionLogEntry.objects.get(action="round.settings")
    assert entry.data == {"old": {"prize_quota": "5"}, "new": {"prize_quota": "4"}}
    assert entry.reason == "调整"


def test_update_review_rule_after_approval_withdraws_the_approval() -> None:
    """Art. 10: a changed rule needs the leading group's approval again."""
    round = RoundFactory(stage=RoundStage.APPLICATION)
    services.approve_review_rules(round, actor=leading_group_user())
    services.update_round_settings(
        round, actor=office_user(), material_weight=Decimal("0.5"), site_weight=Decimal("0.5")
    )
    round.refresh_from_db()
    assert (round.rules_approved_at, round.rules_approved_by) == (None, None)


def test_update_review_rule_once_review_started_is_refused_r1() -> None:
    round = RoundFactory(stage=RoundStage.MATERIAL_REVIEW)
    with pytest.raises(DomainError, match="Review rules cannot change"):
        services.update_round_settings(round, actor=office_user(), prize_min_score=Decimal("600"))


def test_update_deadline_after_the_call_is_published_is_refused_r1() -> None:
    """The deadline then changes only by an extension with a reason (extend_deadline)."""
    round = RoundFactory(stage=RoundStage.APPLICATION)
    with pytest.raises(DomainError) as error:
        services.update_round_settings(
            round,
            actor=office_user(),
            applications_close_at=round.applications_close_at + timedelta(days=5),
        )
    assert error.value.rule == "R1"


def test_update_year_too_close_to_another_round_is_refused_r1() -> None:
    RoundFactory(year=2061)
    round = RoundFactory(year=2065, stage=RoundStage.DRAFT)
    with pytest.raises(DomainError, match="2061"):
        services.update_round_settings(round, actor=office_user(), year=2062)


def test_update_settings_by_another_programmes_office_is_refused() -> None:
    round = RoundFactory(stage=RoundStage.DRAFT)
    with pytest.raises(DomainError, match="Only the office"):
        services.update_round_settings(round, actor=other_programme_office(), prize_quota=4)


# --- publish_call, outlets -----------------------------------------------------------------


def test_publish_call_opens_the_round_and_keeps_the_notice() -> None:
    round = RoundFactory(stage=RoundStage.DRAFT, call_notice="", call_published_at=None)
    round = services.publish_call(
        round, actor=office_user(), call_notice="通知全文", required_documents="申报表\n自评报告"
    )
    assert (round.stage, round.call_notice, round.required_documents) == (
        "application",
        "通知全文",
        "申报表\n自评报告",
    )
    assert round.call_published_at is not None


def test_publish_call_with_empty_text_is_refused() -> None:
    round = RoundFactory(stage=RoundStage.DRAFT)
    with pytest.raises(DomainError, match="empty"):
        services.publish_call(round, actor=office_user(), call_notice="   ")
    round.refresh_from_db()
    assert round.stage == "draft"


def test_publish_call_after_its_deadline_is_refused_r1() -> None:
    round = RoundFactory(
        stage=RoundStage.DRAFT,
        applications_open_at=timezone.now() - timedelta(days=10),
        applications_close_at=timezone.now() - timedelta(minutes=1),
    )
    with pytest.raises(DomainError) as error:
        services.publish_call(round, actor=office_user(), call_notice="通知")
    assert error.value.rule == "R1"


def test_add_outlet_records_where_the_notice_was_published() -> None:
    round = RoundFactory(stage=RoundStage.APPLICATION)
    row = services.add_publication_outlet(
        round,
        actor=office_user(),
        notice=NoticeKind.CALL,
        outlet="赣州日报",
        published_on=timezone.localdate(),
        url="https://www.ganzhou.gov.cn/n1",
    )
    assert PublicationOutlet.objects.get() == row
    assert DecisionLogEntry.objects.filter(action="notice.outlet", round_id=round.pk).count() == 1


def test_add_outlet_for_a_draft_is_refused() -> None:
    round = RoundFactory(stage=RoundStage.DRAFT)
    with pytest.raises(DomainError, match="Publish the call notice"):
        services.add_publication_outlet(
            round,
            actor=office_user(),
            notice=NoticeKind.CALL,
            outlet="赣州日报",
            published_on=timezone.localdate(),
        )


# --- extend_deadline (R1) -----------------------------------------------------------------


def test_extend_deadline_before_it_passes_moves_it_logs_and_notifies_applicants() -> None:
    round = RoundFactory(stage=RoundStage.APPLICATION)
    applicant = applicant_user()
    ApplicationFactory(round=round, organisation=applicant.organisation_membership.organisation)
    new = round.applications_close_at + timedelta(days=7)
    services.extend_deadline(round, actor=office_user(), new_close_at=new, reason="系统维护")
    round.refresh_from_db()
    assert round.applications_close_at == new
    entry = DecisionLogEntry.objects.get(action="round.extend_deadline")
    assert entry.reason == "系统维护"
    assert Notification.objects.filter(user=applicant).count() == 1


def test_extend_deadline_after_it_passed_is_refused_r1() -> None:
    round = RoundFactory(stage=RoundStage.APPLICATION)
    with (
        time_machine.travel(round.applications_close_at + timedelta(seconds=1)),
        pytest.raises(DomainError) as error,
    ):
        services.extend_deadline(
            round,
            actor=office_user(),
            new_close_at=round.applications_close_at + timedelta(days=3),
            reason="迟到",
        )
    assert error.value.rule == "R1"


def test_extend_deadline_to_an_earlier_time_is_refused_r1() -> None:
    round = RoundFactory(stage=RoundStage.APPLICATION)
    with pytest.raises(DomainError, match="later than the current"):
        services.extend_deadline(
            round,
            actor=office_user(),
            new_close_at=round.applications_close_at - timedelta(days=1),
            reason="提前",
        )


def test_extend_deadline_without_a_reason_is_refused_r1() -> None:
    round = RoundFactory(stage=RoundStage.APPLICATION)
    old = round.applications_close_at
    with pytest.raises(DomainError, match="reason"):
        services.extend_deadline(
            round, actor=office_user(), new_close_at=old + timedelta(days=1), reason=" "
        )
    round.refresh_from_db()
    assert round.applications_close_at == old


# --- approve_review_rules (Art. 10) --------------------------------------------------------


def test_approve_rules_by_a_leading_group_member_records_who_and_logs_the_rules() -> None:
    leader = leading_group_user()
    round = RoundFactory(stage=RoundStage.DRAFT, tilt_rule=TiltRule.PRECEDENCE_AT_EQUAL)
    round = services.approve_review_rules(round, actor=leader, note="同意")
    assert round.rules_approved_by == leader
    entry = DecisionLogEntry.objects.get(action="round.approve_rules")
    assert (entry.reason, entry.data["tilt_rule"], entry.data["material_weight"]) == (
        "同意",
        "precedence",
        "0.40",
    )


@pytest.mark.parametrize(
    "make_user",
    [office_user, expert_user, recommender_user, liaison_user],
    ids=["office", "expert", "recommender", "liaison"],
)
def test_approve_rules_by_someone_outside_the_leading_group_is_refused(make_user) -> None:  # type: ignore[no-untyped-def]
    round = RoundFactory(stage=RoundStage.DRAFT)
    with pytest.raises(DomainError, match="leading-group member"):
        services.approve_review_rules(round, actor=make_user())
    round.refresh_from_db()
    assert round.rules_approved_at is None


def test_approve_rules_by_another_programmes_leading_group_is_refused() -> None:
    from tests.awards.helpers import other_programme_leader

    round = RoundFactory(stage=RoundStage.DRAFT)
    with pytest.raises(DomainError):
        services.approve_review_rules(round, actor=other_programme_leader())


def test_approve_rules_once_review_started_is_refused_r1() -> None:
    round = RoundFactory(stage=RoundStage.MATERIAL_REVIEW)
    with pytest.raises(DomainError) as error:
        services.approve_review_rules(round, actor=leading_group_user())
    assert error.value.rule == "R1"


def test_approve_rules_twice_logs_once() -> None:
    leader = leading_group_user()
    round = RoundFactory(stage=RoundStage.DRAFT)
    services.approve_review_rules(round, actor=leader)
    services.approve_review_rules(round, actor=leader)
    assert DecisionLogEntry.objects.filter(action="round.approve_rules").count() == 1


# --- start_material_review -----------------------------------------------------------------


def test_start_material_review_without_approved_rules_is_refused_r1() -> None:
    round = eligibility_round()
    submitted_application(round, status=ApplicationStatus.ELIGIBLE)
    with pytest.raises(DomainError, match="not yet approved") as error:
        services.start_material_review(round, actor=office_user())
    assert error.value.rule == "R1"


def test_start_material_review_with_undecided_applications_is_refused_r5() -> None:
    round = eligibility_round()
    services.approve_review_rules(round, actor=leading_group_user())
    submitted_application(round, status=ApplicationStatus.ELIGIBLE)
    submitted_application(round)
    with pytest.raises(DomainError, match="1 submitted applications") as error:
        services.start_material_review(round, actor=office_user())
    assert error.value.rule == "R5"


def test_start_material_review_moves_the_round_when_all_are_decided() -> None:
    round = eligibility_round()
    services.approve_review_rules(round, actor=leading_group_user())
    submitted_application(round, status=ApplicationStatus.ELIGIBLE)
    submitted_application(round, status=ApplicationStatus.INELIGIBLE)
    round = services.start_material_review(round, actor=office_user())
    assert round.stage == RoundStage.MATERIAL_REVIEW


def test_start_material_review_during_applications_is_refused_r1() -> None:
    round = RoundFactory(stage=RoundStage.APPLICATION)
    with pytest.raises(DomainError, match="after the eligibility check"):
        services.start_material_review(round, actor=office_user())


# --- sign_commitment (R12) -----------------------------------------------------------------


def test_sign_commitment_keeps_the_text_and_ip_once() -> None:
    office = office_user()
    round = RoundFactory()
    first = services.sign_commitment(round, user=office, ip_address="10.0.0.8")
    second = services.sign_commitment(round, user=office, ip_address="10.0.0.9")
    assert first.pk == second.pk
    assert (first.text, first.ip_address) == (services.COMMITMENT_TEXT, "10.0.0.8")
    assert ConfidentialityCommitment.objects.count() == 1
    assert DecisionLogEntry.objects.filter(action="commitment.sign").count() == 1


def test_sign_commitment_by_someone_outside_the_review_is_refused_r12() -> None:
    round = RoundFactory()
    with pytest.raises(DomainError):
        services.sign_commitment(round, user=applicant_user())
    assert ConfidentialityCommitment.objects.count() == 0
