"""The office's annual work plan (Art. 11(3)) and the city's guidance to the county award
(Art. 11(9)), on top of demo.rounds.load_demo. Written by the services, each step as of when
it would have happened (demo.clock):

- the Mayor's office drafted the story year's work plan in January (the rounds' milestones,
  training of experts and applicants, the budget, research on Jiangxi's and Shenzhen's award
  rules with the document collected) and the leading group approved it; the milestone of the
  call is done (the round has reached that stage), the yearly update of the expert pool is
  overdue;
- the county award (章贡区区长质量奖) is guided by the Mayor's programme, whose office has
  published one guidance document to the county office.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from awards import services
from awards.enums import RoundStage, TrainingAudience
from awards.models import AwardProgramme, Round, WorkPlan
from demo.clock import at, clock, day, story_year
from demo.dossiers import DEMO_PDF


def add_work_plan_and_guidance(
    mayor: AwardProgramme, county: AwardProgramme, people: dict[str, User]
) -> WorkPlan:
    office, leader = people["office"], people["leader"]
    year = story_year(2026)
    round = Round.objects.get(programme=mayor, year=year)
    with clock(at(2026, 1, 15)):
        plan = services.create_work_plan(
            mayor,
            actor=office,
            year=year,
            title=f"{year}年度赣州市市长质量奖工作计划",
            summary="组织第五届市长质量奖评审，开展评审员和申报组织培训，跟踪研究省内外质量奖评审规则。",
        )
        for title, month, dom in (
            ("报请领导小组审定评审规则", 9, 30),
            ("评审员专家库年度更新", 10, 15),
            ("申报截止，开展资格审查", 12, 31),
        ):
            services.add_milestone(plan, actor=office, title=title, due_on=day(2026, month, dom))
        services.add_milestone(
            plan,
            actor=office,
            title="发布评审通知",
            due_on=day(2026, 11, 1),
            round=round,
            stage=RoundStage.APPLICATION,
        )
        services.add_training(
            plan,
            actor=office,
            title="卓越绩效评价准则评审员培训",
            audience=TrainingAudience.EXPERTS,
            planned_on=day(2026, 10, 20),
            participants=45,
        )
        services.add_training(
            plan,
            actor=office,
            title="申报组织卓越绩效自评培训",
            audience=TrainingAudience.APPLICANTS,
            planned_on=day(2026, 11, 15),
            participants=120,
        )
        for item, amount in (
            ("评审专家劳务费", "180000"),
            ("培训及会务费", "60000"),
            ("奖牌证书制作", "25000"),
        ):
            services.add_budget_line(plan, actor=office, item=item, amount=Decimal(amount))
        services.add_research_note(
            plan,
            actor=office,
            source="江西省",
            title="江西省井冈质量奖评审管理办法",
            text="现场评审时间与材料评审权重可资借鉴。",
            upload=SimpleUploadedFile("江西省井冈质量奖评审管理办法.pdf", DEMO_PDF),
        )
        services.add_research_note(
            plan,
            actor=office,
            source="深圳市",
            title="深圳市市长质量奖评审规则",
            text="设立提名奖。",
        )
    with clock(at(2026, 1, 20)):
        services.submit_work_plan(plan, actor=office)
    with clock(at(2026, 2, 5)):
        plan = services.approve_work_plan(plan, actor=leader, note="同意，按计划推进。")
    with clock(at(2026, 10, 10)):
        milestone = plan.milestones.get(title="报请领导小组审定评审规则")
        services.mark_milestone_done(milestone, actor=office, done_on=day(2026, 9, 28))
    AwardProgramme.objects.filter(pk=county.pk).update(guided_by=mayor)
    county.refresh_from_db()
    with clock(at(2026, 3, 10)):
        services.publish_guidance(
            mayor,
            actor=office,
            title=f"关于做好{year}年度县级政府质量奖评审工作的指导意见",
            text="各县（市、区）质量强县（市、区）工作领导小组办公室：请参照市长质量奖评审规则和工作程序，"
            "规范开展本辖区政府质量奖评审，评审结果报市领导小组办公室备案。",
            upload=SimpleUploadedFile("指导意见.pdf", DEMO_PDF),
        )
    return plan
