"""Writes of the monitoring of winners (Art. 24-26, 29, R10, R12, R14): each refuses bad
input with a clear message and writes its decision-log row."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from experts.models import ExpertFormerEmployer
from grants.enums import GrantStatus
from grants.models import AwardGrant
from monitoring.enums import (
    ActionStatus,
    FundCheckResult,
    FundPurpose,
    FundReportStatus,
    ReassessmentResult,
)
from monitoring.models import FundUseItem
from monitoring.selectors.monitoring import (
    fund_checks_of_organisation,
    opportunities_for,
    reassessment_pool,
)
from monitoring.services import monitoring as services
from notifications.models import Notification
from reviews.models import ConflictDeclaration
from tests.factories import ExpertFactory, applicant_user, office_user
from tests.monitoring.helpers import feedback, grant_on, other_office, pdf, pool_expert

pytestmark = pytest.mark.django_db


def _today() -> date:
    return timezone.localdate()


@pytest.fixture
def grant() -> AwardGrant:
    return grant_on(_today() - timedelta(days=200))


@pytest.fixture
def office():  # type: ignore[no-untyped-def]
    return office_user()


@pytest.fixture
def winner(grant):  # type: ignore[no-untyped-def]
    return applicant_user(grant.organisation)


# --- re-assessment --------------------------------------------------------------------------


def test_schedule_reassessment_with_a_pool_team(grant, office, winner) -> None:
    a, b = pool_expert(), pool_expert()
    day = _today() + timedelta(days=30)
    assessment = services.schedule_reassessment(grant, actor=office, scheduled_on=day, team=[a, b])
    assert set(assessment.team.all()) == {a, b}
    assert assessment.result == ReassessmentResult.PENDING
    assert DecisionLogEntry.objects.filter(action="reassessment.schedule").count() == 1
    assert Notification.objects.filter(
        user=winner, url=f"/monitoring/winner/grants/{grant.pk}/"
    ).exists()
    # The team's experts are told too.
    assert Notification.objects.filter(user=a.user).exists()
    assert Notification.objects.filter(user=b.user).exists()


def test_conflicted_experts_are_not_in_the_pool_and_are_refused(grant, office) -> None:
    """R12 as the reviews enforce it: employed by the winner, formerly employed within three
    years, a conflict declared on its application, or not in the pool at all."""
    fine = pool_expert()
    employee = pool_expert(employer_credit_code=grant.organisation.credit_code.lower())
    former = pool_expert()
    ExpertFormerEmployer.objects.create(
        expert=former,
        employer=grant.organisation.name,
        credit_code=grant.organisation.credit_code,
        to_date=_today() - timedelta(days=365),
    )
    declared = pool_expert()
    ConflictDeclaration.objects.create(
        expert=declared, application=grant.application, has_conflict=True, kind="other"
    )
    outside = ExpertFactory()  # no expert role in the programme
    assert list(reassessment_pool(grant)) == [fine]
    day = _today() + timedelta(days=30)
    for bad in (employee, former, declared, outside):
        with pytest.raises(DomainError) as error:
            services.schedule_reassessment(grant, actor=office, scheduled_on=day, team=[fine, bad])
        assert error.value.rule == "R12"
        assert bad.name in error.value.message
    assert not grant.reassessments.exists()


def test_a_former_employer_long_ago_is_no_conflict(grant) -> None:
    expert = pool_expert()
    ExpertFormerEmployer.objects.create(
        expert=expert,
        employer="旧单位",
        credit_code=grant.organisation.credit_code,
        to_date=_today() - timedelta(days=4 * 365),
    )
    assert expert in reassessment_pool(grant)


def test_schedule_refuses_a_small_team_a_date_outside_validity_and_another_office(
    grant, office
) -> None:
    a, b = pool_expert(), pool_expert()
    with pytest.raises(DomainError, match="at least 2"):
        services.schedule_reassessment(grant, actor=office, scheduled_on=_today(), team=[a])
    with pytest.raises(DomainError) as error:
        services.schedule_reassessment(
            grant, actor=office, scheduled_on=grant.valid_until + timedelta(days=1), team=[a, b]
        )
    assert error.value.rule == "R9"
    with pytest.raises(DomainError):
        services.schedule_reassessment(
            grant, actor=other_office(), scheduled_on=_today(), team=[a, b]
        )
    assert not grant.reassessments.exists()


def test_record_reassessment_result_once(grant, office) -> None:
    assessment = services.schedule_reassessment(
        grant, actor=office, scheduled_on=_today(), team=[pool_expert(), pool_expert()]
    )
    with pytest.raises(DomainError):
        services.record_reassessment_result(
            assessment, actor=office, result=ReassessmentResult.MAINTAINED, findings="  "
        )
    done = services.record_reassessment_result(
        assessment,
        actor=office,
        result=ReassessmentResult.IMPROVEMENT,
        findings="质量成本核算需改进",
    )
    assert done.result == ReassessmentResult.IMPROVEMENT
    assert done.findings == "质量成本核算需改进"
    assert DecisionLogEntry.objects.filter(action="reassessment.improvement").count() == 1
    with pytest.raises(DomainError):
        services.record_reassessment_result(
            done, actor=office, result=ReassessmentResult.MAINTAINED, findings="再次"
        )


def test_result_cannot_be_recorded_before_the_date(grant, office) -> None:
    assessment = services.schedule_reassessment(
        grant,
        actor=office,
        scheduled_on=_today() + timedelta(days=5),
        team=[pool_expert(), pool_expert()],
    )
    with pytest.raises(DomainError, match="not taken place"):
        services.record_reassessment_result(
            assessment, actor=office, result=ReassessmentResult.MAINTAINED, findings="好"
        )


# --- prize-fund use (R10) -------------------------------------------------------------------


def _item(report, winner, amount="100000.00", purpose=FundPurpose.TRAINING, upload=None):  # type: ignore[no-untyped-def]
    return services.add_fund_item(
        report,
        actor=winner,
        purpose=purpose,
        amount=Decimal(amount),
        description="质量培训",
        upload=upload or pdf(),
    )


def test_fund_report_items_submit_and_check(grant, office, winner) -> None:
    report = services.fund_report_of(grant, actor=winner)
    item = _item(report, winner)
    assert item.evidence_name == "发票.pdf"
    assert item.evidence.name.startswith(f"fund-use/{report.pk}/")
    assert "发票" not in item.evidence.name  # generated name
    with pytest.raises(DomainError, match="exceed"):
        _item(report, winner, amount="400000.01")
    submitted = services.submit_fund_report(report, actor=winner, summary="奖金用于培训")
    assert submitted.status == FundReportStatus.SUBMITTED
    with pytest.raises(DomainError):
        _item(submitted, winner)  # no change once submitted
    with pytest.raises(DomainError, match="findings"):
        services.check_fund_report(
            submitted, actor=office, result=FundCheckResult.PARTLY, comment=""
        )
    checked = services.check_fund_report(
        submitted, actor=office, result=FundCheckResult.COMPLIANT, comment=""
    )
    assert checked.status == FundReportStatus.CHECKED
    assert checked.check_result == FundCheckResult.COMPLIANT
    assert checked.checked_by == office
    actions = list(
        DecisionLogEntry.objects.filter(action__startswith="fund_use.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["fund_use.item_add", "fund_use.submitted", "fund_use.checked"]


def test_fund_report_returned_then_resubmitted(grant, office, winner) -> None:
    report = services.fund_report_of(grant, actor=winner)
    _item(report, winner)
    report = services.submit_fund_report(report, actor=winner, summary="")
    with pytest.raises(DomainError):
        services.check_fund_report(report, actor=office, result="return", comment="")
    report = services.check_fund_report(report, actor=office, result="return", comment="缺发票")
    assert report.status == FundReportStatus.RETURNED
    _item(report, winner, amount="1000")
    report = services.submit_fund_report(report, actor=winner, summary="补充")
    assert report.status == FundReportStatus.SUBMITTED


def test_bad_evidence_is_refused_and_nothing_stored(grant, winner) -> None:
    report = services.fund_report_of(grant, actor=winner)
    fake = SimpleUploadedFile(
        "发票.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf"
    )
    with pytest.raises(DomainError):
        _item(report, winner, upload=fake)
    assert not FundUseItem.objects.exists()


def test_submit_needs_an_item_and_no_money_no_report(office, winner, grant) -> None:
    report = services.fund_report_of(grant, actor=winner)
    with pytest.raises(DomainError, match="at least one"):
        services.submit_fund_report(report, actor=winner, summary="")
    nomination = grant_on(_today(), organisation=grant.organisation, amount=Decimal(0))
    with pytest.raises(DomainError) as error:
        services.fund_report_of(nomination, actor=winner)
    assert error.value.rule == "R10"


def test_an_outsider_winner_cannot_touch_the_report(grant, winner) -> None:
    report = services.fund_report_of(grant, actor=winner)
    outsider = applicant_user()
    with pytest.raises(DomainError):
        services.fund_report_of(grant, actor=outsider)
    with pytest.raises(DomainError):
        _item(report, outsider)


def test_remove_item_while_preparing(grant, winner) -> None:
    report = services.fund_report_of(grant, actor=winner)
    item = _item(report, winner)
    services.remove_fund_item(item, actor=winner)
    assert not report.items.exists()


def test_circular_takes_the_checked_reports_once(grant, office, winner) -> None:
    report = services.fund_report_of(grant, actor=winner)
    _item(report, winner)
    report = services.submit_fund_report(report, actor=winner, summary="")
    report = services.check_fund_report(
        report, actor=office, result=FundCheckResult.MISUSED, comment="部分奖金用于发放福利"
    )
    programme_id = grant.round.programme_id
    circular = services.publish_circular(
        actor=office,
        programme_id=programme_id,
        title="关于市长质量奖奖金使用情况的通报",
        document_number="赣质办〔2026〕5号",
        body="现将检查结果通报如下。",
    )
    assert list(circular.reports.all()) == [report]
    with pytest.raises(DomainError, match="No checked report"):
        services.publish_circular(
            actor=office, programme_id=programme_id, title="再次", document_number="", body="x"
        )
    with pytest.raises(DomainError):
        services.publish_circular(
            actor=other_office(), programme_id=programme_id, title="t", document_number="", body="b"
        )


def test_check_results_are_listed_for_later_applications(grant, office, winner) -> None:
    report = services.fund_report_of(grant, actor=winner)
    _item(report, winner)
    report = services.submit_fund_report(report, actor=winner, summary="")
    services.check_fund_report(
        report, actor=office, result=FundCheckResult.PARTLY, comment="需整改"
    )
    org = grant.organisation_id
    assert [r.pk for r in fund_checks_of_organisation(org, before_year=grant.round.year + 1)] == [
        report.pk
    ]
    assert fund_checks_of_organisation(org, before_year=grant.round.year) == []


# --- improvement follow-up (Art. 24) ---------------------------------------------------------


def test_improvement_recorded_per_opportunity(grant, winner) -> None:
    feedback(grant, "加强质量成本管理\n完善顾客投诉处理", "提升数字化水平")
    opportunities = opportunities_for(grant)
    assert [o.text for o in opportunities] == [
        "加强质量成本管理",
        "完善顾客投诉处理",
        "提升数字化水平",
    ]
    first = opportunities[0]
    with pytest.raises(DomainError, match="date"):
        services.record_improvement(
            grant, actor=winner, key=first.key, action="建立质量成本台账", status=ActionStatus.DONE
        )
    action = services.record_improvement(
        grant,
        actor=winner,
        key=first.key,
        action="建立质量成本台账",
        status=ActionStatus.IN_PROGRESS,
    )
    again = services.record_improvement(
        grant,
        actor=winner,
        key=first.key,
        action="已建立质量成本台账",
        status=ActionStatus.DONE,
        completed_on=_today(),
    )
    assert again.pk == action.pk and again.status == ActionStatus.DONE
    assert DecisionLogEntry.objects.filter(action="improvement.record").count() == 2
    with pytest.raises(DomainError, match="No such opportunity"):
        services.record_improvement(
            grant, actor=winner, key="x" * 64, action="a", status=ActionStatus.IN_PROGRESS
        )
    with pytest.raises(DomainError):
        services.record_improvement(
            grant, actor=applicant_user(), key=first.key, action="a", status="in_progress"
        )


# --- return visits (Art. 29) -----------------------------------------------------------------


def test_plan_and_record_a_visit(grant, office) -> None:
    visit = services.plan_visit(grant, actor=office, planned_on=_today(), visitors="市质量办 王五")
    with pytest.raises(DomainError):
        services.record_visit(
            visit,
            actor=office,
            visited_on=_today() + timedelta(days=1),
            visitors="王五",
            findings="x",
        )
    done = services.record_visit(
        visit, actor=office, visited_on=_today(), visitors="王五、赵六", findings="生产经营正常"
    )
    assert done.status == "done" and done.findings == "生产经营正常"
    assert DecisionLogEntry.objects.filter(action__in=["visit.plan", "visit.done"]).count() == 2
    with pytest.raises(DomainError):
        services.record_visit(done, actor=office, visited_on=_today(), visitors="a", findings="b")


def test_nothing_for_a_revoked_grant(grant, office, winner) -> None:
    AwardGrant.objects.filter(pk=grant.pk).update(status=GrantStatus.REVOKED)
    grant.refresh_from_db()
    with pytest.raises(DomainError):
        services.plan_visit(grant, actor=office, planned_on=_today(), visitors="王五")
    with pytest.raises(DomainError):
        services.add_sharing_activity(
            grant, actor=winner, held_on=_today(), event="交流会", audience="企业"
        )


# --- experience sharing (Art. 25) ------------------------------------------------------------


def test_summary_and_activity(grant, winner) -> None:
    summary = services.save_practice_summary(
        grant, actor=winner, body="卓越绩效做法", publicised_in="赣南日报"
    )
    again = services.save_practice_summary(grant, actor=winner, body="修订稿")
    assert again.pk == summary.pk and again.body == "修订稿"
    with pytest.raises(DomainError):
        services.add_sharing_activity(
            grant, actor=winner, held_on=_today() + timedelta(days=1), event="e", audience="a"
        )
    with pytest.raises(DomainError) as error:
        services.add_sharing_activity(
            grant,
            actor=winner,
            held_on=grant.approved_on - timedelta(days=1),
            event="e",
            audience="a",
        )
    assert error.value.rule == "R9"
    activity = services.add_sharing_activity(
        grant, actor=winner, held_on=_today(), event="全市质量工作交流会", audience="重点企业200人"
    )
    assert activity.grant == grant
