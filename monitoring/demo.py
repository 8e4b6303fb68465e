"""Demo data for the monitoring of winners (Art. 24-26, 29). Called after awards.demo.load_demo
(the lead wires it in): for the current winners of the mayor's programme, a prize-money report
awaiting the office's check, a checked one, a re-assessment, a return visit, a summary of
practice and a sharing activity. Idempotent."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.enums import Role
from accounts.models import User
from applications.selectors import users_of_organisation
from grants.enums import GrantStatus
from grants.models import AwardGrant

from . import services
from .enums import FundCheckResult, FundPurpose
from .models import FundUseReport
from .selectors import reassessment_pool

DEMO_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


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
    paid = [g for g in grants if g.amount > 0]
    for n, grant in enumerate(paid[:2]):
        winner = users_of_organisation(grant.organisation_id).first()
        if winner is None:
            continue
        report = services.fund_report_of(grant, actor=winner)
        for purpose, amount, what in [
            (FundPurpose.TRAINING, "120000", "卓越绩效管理模式培训"),
            (FundPurpose.FACILITIES, "260000", "购置质量检测设备"),
        ]:
            services.add_fund_item(
                report,
                actor=winner,
                purpose=purpose,
                amount=Decimal(amount),
                description=what,
                upload=SimpleUploadedFile("发票.pdf", DEMO_PDF, content_type="application/pdf"),
            )
        report = services.submit_fund_report(report, actor=winner, summary="奖金用于培训和设备。")
        if n == 1:
            services.check_fund_report(
                report, actor=office, result=FundCheckResult.COMPLIANT, comment=""
            )
        when = max(grant.approved_on, today - timedelta(days=30))
        services.save_practice_summary(
            grant,
            actor=winner,
            body="总结本组织追求卓越、提升管理的做法。",
            publicised_in="赣南日报",
        )
        services.add_sharing_activity(
            grant, actor=winner, held_on=when, event="全市质量工作经验交流会", audience="重点企业"
        )
    first = grants[0]
    team = list(reassessment_pool(first)[:2])
    if len(team) == 2:
        services.schedule_reassessment(
            first,
            actor=office,
            scheduled_on=min(first.valid_until, today + timedelta(days=30)),
            team=team,
        )
    visit = services.plan_visit(
        first,
        actor=office,
        planned_on=max(first.approved_on, today - timedelta(days=7)),
        visitors="市质量办 王科长、李干事",
    )
    services.record_visit(
        visit,
        actor=office,
        visited_on=visit.planned_on,
        visitors=visit.visitors,
        findings="生产经营正常，质量管理体系运行有效。",
    )
    return f"Monitoring demo loaded for {len(grants)} current winners."
