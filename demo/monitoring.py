"""The monitoring of winners (Art. 24-26, 29, R9, R10), on top of demo.rounds.load_demo.
Idempotent.

The demo's current winners are the 2022 round's (approved 18 January 2024, valid until
18 January 2027). Everything is written by the services, each step as of when it would have
happened (demo.clock), so the decision log and notices are real:

- the monitored winner (demo.rounds.MONITORED_WINNER, user ``org2``) has its obligations in
  progress: the 2025 and 2026 annual reports filed and accepted, the 2027 one due; its
  improvement follow-up recorded (some actions done, some in progress); a return visit made
  and another planned; its prize-money report returned once and resubmitted with new evidence,
  awaiting the office's check; its summary of practice and a sharing activity; a re-assessment
  planned before the validity ends;
- every other current winner of the mayor's programme has done its duties so far, except that
  one has not yet held a sharing activity in its last year (the dashboard flags it).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.enums import Role
from accounts.models import User
from applications.selectors.application import users_of_organisation
from demo.clock import on
from demo.dossiers import DEMO_PDF
from demo.rounds import MONITORED_WINNER
from grants.enums import GrantStatus
from grants.models import AwardGrant
from grants.rules.grant import add_years
from monitoring.enums import (
    ActionStatus,
    FundCheckResult,
    FundPurpose,
    ReassessmentResult,
    ReportStatus,
)
from monitoring.models import AnnualReport, FundUseReport
from monitoring.selectors.monitoring import opportunities_for, reassessment_pool
from monitoring.services import monitoring as services
from monitoring.services.annual_reports import file_annual_report, review_annual_report

# The one current winner that has not held a sharing activity yet (flagged in its last year).
NO_SHARING_YET = "赣州市人民医院"


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, DEMO_PDF, content_type="application/pdf")


def _annual_reports(grant: AwardGrant, winner: User, office: User, today: date) -> None:
    """Art. 24: every report already due is filed a week before and accepted a few days after
    its due date; the next one stays due."""
    reports = AnnualReport.objects.filter(grant=grant, status=ReportStatus.DUE).order_by("due_on")
    for report in reports:
        if report.due_on >= today:
            continue
        filed_on = max(grant.approved_on, report.due_on - timedelta(days=7))
        with on(filed_on):
            report = file_annual_report(
                report,
                actor=winner,
                key_indicators=f"{report.year - 1}年：产品一次交检合格率99.2%，顾客满意度93分，"
                "质量损失率0.8%，主营业务收入同比增长12%。",
                improvements="按评审反馈推进对标管理和数据分析平台建设，详见附件。",
                body=f"{grant.organisation.name}{report.year - 1}年度质量绩效报告：持续推行"
                "卓越绩效管理模式，主要质量指标保持行业领先，未发生质量安全事故。",
            )
        with on(min(report.due_on + timedelta(days=4), today - timedelta(days=1))):
            review_annual_report(report, actor=office, accept=True, comment="报告完整，予以接收。")


def _improvements(grant: AwardGrant, winner: User, today: date, *, all_done: bool) -> None:
    """Art. 24: an action for every opportunity for improvement of the feedback report."""
    day = min(add_years(grant.approved_on, 1) - timedelta(days=30), today - timedelta(days=1))
    for index, opportunity in enumerate(opportunities_for(grant)):
        done = all_done or index % 2 == 0
        with on(day):
            services.record_improvement(
                grant,
                actor=winner,
                key=opportunity.key,
                action=f"针对“{opportunity.text}”制定改进计划，明确责任部门和完成时限"
                + ("，已完成并验证效果。" if done else "，正在实施。"),
                status=ActionStatus.DONE if done else ActionStatus.IN_PROGRESS,
                completed_on=day if done else None,
            )


def _sharing(grant: AwardGrant, winner: User, today: date) -> None:
    """Art. 25: the summary of practice in the award year and one sharing activity."""
    with on(min(grant.approved_on + timedelta(days=60), today - timedelta(days=1))):
        services.save_practice_summary(
            grant,
            actor=winner,
            body="总结本组织追求卓越、提升管理的做法：以卓越绩效模式为框架，建立战略—目标—"
            "过程—结果的闭环管理，推行全员质量改进和数字化质量管控。",
            publicised_in="赣南日报、赣州市市场监督管理局网站",
        )
    if grant.organisation.name == NO_SHARING_YET:
        return
    held_on = min(grant.approved_on + timedelta(days=150), today - timedelta(days=1))
    with on(held_on + timedelta(days=1)):
        services.add_sharing_activity(
            grant,
            actor=winner,
            held_on=held_on,
            event="全市质量工作经验交流会（卓越绩效专场）",
            audience="全市规上工业企业质量负责人约120人",
        )


def _fund_items(report: FundUseReport, winner: User, items: list[tuple[str, str, str]]) -> None:
    for purpose, amount, what in items:
        services.add_fund_item(
            report,
            actor=winner,
            purpose=purpose,
            amount=Decimal(amount),
            description=what,
            upload=_pdf(f"{what}（发票及凭证）.pdf"),
        )


def _fund_report_checked(grant: AwardGrant, winner: User, office: User, today: date) -> None:
    """R10: the report filed by its due date and found compliant by the office."""
    due = add_years(grant.approved_on, 1)
    with on(min(due - timedelta(days=10), today - timedelta(days=2))):
        report = services.fund_report_of(grant, actor=winner)
        _fund_items(
            report,
            winner,
            [
                (FundPurpose.TRAINING, "120000", "卓越绩效管理模式全员培训"),
                (FundPurpose.FACILITIES, "260000", "购置质量检测设备"),
                (FundPurpose.IMPROVEMENT, "120000", "质量改进项目（QC小组）奖励"),
            ],
        )
        report = services.submit_fund_report(
            report, actor=winner, summary="奖金全部用于培训、检测设备和质量改进。"
        )
    with on(min(due + timedelta(days=20), today - timedelta(days=1))):
        services.check_fund_report(
            report, actor=office, result=FundCheckResult.COMPLIANT, comment="用途符合第二十六条。"
        )


def _fund_report_awaiting(grant: AwardGrant, winner: User, office: User, today: date) -> None:
    """R10: filed on time, returned because the equipment's acceptance record was missing,
    resubmitted with it once the equipment was accepted: awaiting the office's check."""
    due = add_years(grant.approved_on, 1)
    with on(min(due - timedelta(days=5), today - timedelta(days=20))):
        report = services.fund_report_of(grant, actor=winner)
        _fund_items(
            report,
            winner,
            [
                (FundPurpose.TRAINING, "80000", "卓越绩效管理模式培训"),
                (FundPurpose.HIGHER_AWARDS, "60000", "申报江西省井冈质量奖辅导"),
            ],
        )
        report = services.submit_fund_report(
            report, actor=winner, summary="奖金用于培训和申报井冈质量奖；检测设备采购中。"
        )
    with on(min(due + timedelta(days=25), today - timedelta(days=15))):
        report = services.check_fund_report(
            report,
            actor=office,
            result="return",
            comment="尚有36万元未说明用途，请在设备验收后补充采购合同、发票和验收单。",
        )
    with on(today - timedelta(days=8)):
        _fund_items(
            report,
            winner,
            [(FundPurpose.FACILITIES, "360000", "稀土永磁材料磁性能检测设备（已验收）")],
        )
        services.submit_fund_report(
            report,
            actor=winner,
            summary="奖金50万元已全部使用：培训8万元、井冈质量奖辅导6万元、检测设备36万元"
            "（设备已验收，附合同、发票和验收单）。",
        )


def _visits(grant: AwardGrant, office: User, today: date, *, in_progress: bool) -> None:
    """Art. 29: a visit made in each year of validity elapsed (the monitored winner: in the
    first year only, the second one planned for the coming days)."""
    year = 1
    while True:
        day = add_years(grant.approved_on, year) - timedelta(days=60)
        if day >= today or day > grant.valid_until:
            break
        with on(day - timedelta(days=14)):
            visit = services.plan_visit(
                grant, actor=office, planned_on=day, visitors="市质量办 钟敏、王科长"
            )
        with on(day + timedelta(days=1)):
            services.record_visit(
                visit,
                actor=office,
                visited_on=day,
                visitors=visit.visitors,
                findings="生产经营正常，质量管理体系运行有效，评审建议正在落实。",
            )
        if in_progress:
            break
        year += 1
    if in_progress:
        with on(today - timedelta(days=3)):
            services.plan_visit(
                grant,
                actor=office,
                planned_on=min(today + timedelta(days=10), grant.valid_until),
                visitors="市质量办 钟敏、王科长",
                purpose="了解改进计划落实和奖金使用情况",
            )


def _reassessment(grant: AwardGrant, office: User, today: date, *, planned: bool) -> None:
    """Art. 24, 29: at least one re-assessment in validity; done, or planned before its end."""
    team = list(reassessment_pool(grant)[:2])
    if len(team) < 2:
        return
    if planned:
        with on(today - timedelta(days=5)):
            services.schedule_reassessment(
                grant,
                actor=office,
                scheduled_on=min(today + timedelta(days=17), grant.valid_until),
                team=team,
            )
        return
    day = add_years(grant.approved_on, 1) + timedelta(days=120)
    if day >= today:
        return
    with on(day - timedelta(days=30)):
        assessment = services.schedule_reassessment(
            grant, actor=office, scheduled_on=day, team=team
        )
    with on(day + timedelta(days=3)):
        services.record_reassessment_result(
            assessment,
            actor=office,
            result=ReassessmentResult.MAINTAINED,
            findings="复核评估：经营管理成熟度保持获奖时水平，维持奖项。",
        )


@transaction.atomic
def load_monitoring_demo() -> str:
    if FundUseReport.objects.exists():
        return "Monitoring demo already loaded."
    grants = list(
        AwardGrant.objects.filter(status=GrantStatus.VALID, round__programme__slug="ganzhou-mayor")
        .select_related("round__programme", "organisation")
        .order_by("approved_on", "pk")
    )
    office = User.objects.filter(
        programme_roles__role=Role.OFFICE,
        programme_roles__programme__slug="ganzhou-mayor",
        programme_roles__active=True,
    ).first()
    if not grants or office is None:
        return "No current winner: nothing to monitor."
    today = timezone.localdate()
    monitored = next(
        (g for g in grants if g.organisation.name == MONITORED_WINNER and g.amount > 0), None
    )
    for grant in grants:
        winner = users_of_organisation(grant.organisation_id).first()
        if winner is None:
            continue
        in_progress = grant == monitored
        _annual_reports(grant, winner, office, today)
        _improvements(grant, winner, today, all_done=not in_progress)
        _sharing(grant, winner, today)
        if grant.amount > 0:
            if in_progress:
                _fund_report_awaiting(grant, winner, office, today)
            else:
                _fund_report_checked(grant, winner, office, today)
        _visits(grant, office, today, in_progress=in_progress)
        _reassessment(grant, office, today, planned=in_progress)
    return f"Monitoring demo loaded for {len(grants)} current winners" + (
        f"; obligations in progress: {monitored.organisation.name}." if monitored else "."
    )
