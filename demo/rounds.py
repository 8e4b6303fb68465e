"""The demo's award rounds, carried by the portal's own services with the clock moved to when
each step would have happened (demo.clock), so the decision log, notices and scores are exactly
what real use produces. The story is told as of the day the demo is loaded (demo.clock: the
dates below are those of a load on demo.clock.STORY_DAY and move with the loading day): the
2022 round (run in 2023, approved on 18 January 2024) has current winners in the last months of
their validity (R9: valid until 18 January 2027); the 2024 round is in its publicity with an
objection to decide; the 2026 round is open; the county's 2026 round is in material review.
Earlier history (a 2020 winner, a bar) is imported by demo.records."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from applications.eligibility import applicable_conditions
from applications.enums import ApplicationStatus
from applications.models import Application
from applications.services import application as application_services
from awards import services as award_services
from awards.enums import NoticeKind, PrizeLevel
from awards.models import AwardProgramme, Round, ScoringItem
from awards.selectors import leading_industries_covering
from demo.clock import STORY_DAY, at, clock, day, story_year, telling
from demo.dossiers import declare_non_profit, dossier, paper_recommendation, submit
from demo.people import add_organisations, add_people
from demo.plans import add_work_plan_and_guidance
from demo.second_factor import enrol_demo_second_factors
from experts.models import ExpertProfile
from grants.services import approval as grant_services
from organisations.models import Department, Division, Organisation
from publicity.models import PublicityPeriod
from publicity.services import publicity as publicity_services
from reviews.enums import ReviewStage
from reviews.services import review as review_services


def _percent_for(app: Application, base: int, rng: random.Random) -> int:
    return max(0, min(100, base + rng.choice([-10, -5, 0, 5, 10])))


def _score(
    app: Application,
    expert_user: User,
    stage: str,
    base: int,
    rng: random.Random,
    feedback: dict[int, tuple[str, str]] | None = None,
) -> None:
    """One expert's submitted review; ``feedback`` maps a category id to its (strengths,
    opportunities for improvement), by default the same general remarks for every category."""
    profile = expert_user.expert_profile
    items = ScoringItem.objects.filter(category__scheme=app.round.scheme).select_related("category")
    review = review_services.save_review(
        app,
        profile,
        stage,
        actor=expert_user,
        scores={
            item.pk: (_percent_for(app, base, rng), "证据较充分，方法已系统展开。")
            for item in items
        },
        feedback=feedback
        or {
            category.pk: ("领导重视、体系完整。", "加强对标与数据分析。")
            for category in app.round.scheme.categories.all()
        },
        summary="总体达到较高成熟度水平。",
    )
    review_services.submit_review(review, actor=expert_user)


# R6 / Art. 15: the city's leading industries as the office keeps them, with their GB/T 4754
# divisions and classes.
LEADING_INDUSTRIES = [
    ("有色金属和新材料", "C32 C3985"),
    ("电子信息", "C39"),
    ("新能源汽车", "C36 C384"),
    ("现代家居", "C21"),
    ("纺织服装", "C17 C18"),
    ("医药食品", "C13 C14 C27"),
]


def _leading_industries(mayor: AwardProgramme, office: User) -> None:
    """The office's list of the city's leading industries (Art. 15), kept since 2023."""
    with clock(at(2023, 1, 5)):
        for name, classes in LEADING_INDUSTRIES:
            award_services.add_leading_industry(
                mayor, actor=office, name=name, industry_classes=classes
            )


def _registration_area(mayor: AwardProgramme, people: dict[str, User]) -> None:
    """R5 / Art. 13(1): the office limits the Mayor's award to organisations registered in
    赣州市 (its 18 counties and 2 zones), as the measures say; the leading group approves it
    before the first round the portal runs."""
    with clock(at(2023, 1, 10)):
        award_services.update_programme_rules(
            mayor,
            actor=people["office"],
            reason="《管理办法》第十三条：申报组织须在赣州市行政区域内依法注册登记。",
            registration_area=list(
                Division.objects.filter(city="赣州市")
                .order_by("order", "code")
                .values_list("code", flat=True)
            ),
        )
    with clock(at(2023, 1, 12)):
        award_services.approve_programme_rules(
            mayor, actor=people["leader"], note="领导小组2023年第1次会议审定"
        )


def _decide_leader_tag(app: Application, office: User) -> None:
    """R6 / Art. 15: the office confirms a claimed leader tag when the organisation's class is
    in the list of leading industries, and refuses it otherwise, with the reason."""
    if not app.tag_key_industry_leader:
        return
    industry_class = app.organisation.industry_class
    covering = leading_industries_covering(app.round.programme_id, industry_class)
    if covering:
        reason = f"{industry_class}属我市主导产业“{covering[0].name}”，系该产业龙头企业。"
    else:
        reason = f"{industry_class}不在我市主导产业目录中。"
    application_services.decide_leader_tag(
        app, actor=office, confirmed=bool(covering), reason=reason
    )


def _mayor_2024(
    mayor: AwardProgramme, people: dict[str, User], orgs: dict[str, tuple[Organisation, User]]
) -> Round:
    """The 2024 round, carried by the services up to its publicity (open today)."""
    office, leader = people["office"], people["leader"]
    rng = random.Random(2024)
    with clock(at(2025, 3, 1)):
        round = award_services.create_round(
            mayor,
            actor=office,
            year=story_year(2024),
            title=f"{story_year(2024)}年度赣州市市长质量奖",
            applications_open_at=at(2025, 3, 10, 9),
            applications_close_at=at(2025, 5, 31, 17),
        )
        round = award_services.publish_call(
            round,
            actor=office,
            call_notice=CALL_NOTICE % {"year": story_year(2024)},
            required_documents=REQUIRED_DOCUMENTS,
        )
        award_services.add_publication_outlet(
            round,
            actor=office,
            notice=NoticeKind.CALL,
            outlet="赣州市人民政府网站",
            published_on=day(2025, 3, 1),
            url="https://www.ganzhou.gov.cn/",
        )
        award_services.add_publication_outlet(
            round,
            actor=office,
            notice=NoticeKind.CALL,
            outlet="赣南日报",
            published_on=day(2025, 3, 2),
        )
        round = award_services.approve_review_rules(
            round, actor=leader, note="领导小组第1次会议审定"
        )
    # 2022's prize winners may not apply again before 2028 (R7); its nominees may.
    names = [
        "赣州腾远钴业新材料股份有限公司",
        "南康区家具产业智能制造有限公司",
        "孚能科技（赣州）股份有限公司",
        "江西青峰药业有限公司",
        "赣州市人民医院",
        "中交赣州城市建设有限公司",
        "瑞金红色旅游服务有限公司",
        "江西理工大学",
    ]
    apps: list[Application] = []
    with clock(at(2025, 4, 20)):
        for name in names:
            org, user = orgs[name]
            app = dossier(round, org, user, people["recommender"])
            if org.industry_section == "Q":
                app = declare_non_profit(app, user)  # a public hospital (Art. 13(4))
            if app.recommender and not app.recommended_at:
                app.recommendation_opinion = ""
            apps.append(app)
        # Art. 31: the demo's unit signed the round's commitment to read its dossiers (in the
        # 2026 round it has still to sign: its waiting work).
        award_services.sign_commitment(round, user=people["recommender"])
    # Recommenders other than the demo one answer on paper; the office has their letters.
    with clock(at(2025, 5, 10)):
        for app in apps:
            if not app.recommended_at:
                paper_recommendation(app)
        apps = [submit(app, orgs[app.organisation.name][1]) for app in apps]
    with clock(at(2025, 5, 31, 17) + timedelta(minutes=1)):
        award_services.close_application_window(round)
    round.refresh_from_db()
    with clock(at(2025, 6, 10)):
        award_services.sign_commitment(round, user=office)
        award_services.sign_commitment(round, user=people["liaison"])
        for app in apps:
            application_services.send_consultation(
                app,
                actor=office,
                department=Department.objects.get(code="tax"),
                question="请提供该单位近三年纳税信用情况。",
                due_on=day(2025, 6, 20),
            )
    with clock(at(2025, 6, 15)):
        for app in apps:
            consultation = app.consultations.get()
            application_services.answer_consultation(
                consultation,
                actor=people["liaison"],
                result="no_adverse",
                details="近三年纳税信用等级 A 级，无重大税收违法记录。",
            )
    with clock(at(2025, 6, 25)):
        for index, app in enumerate(apps):
            app.refresh_from_db()
            _decide_leader_tag(app, office)
            for condition in applicable_conditions(app):
                met = not (index == len(apps) - 1 and condition == "c3")
                application_services.record_eligibility_check(
                    app,
                    actor=office,
                    condition=condition,
                    met=met,
                    evidence="核查营业执照、体系认证证书及财务报表。"
                    if met
                    else "GB/T 19001 认证运行不足3年。",
                )
            if index == len(apps) - 1:
                application_services.decide_eligibility(
                    app,
                    actor=office,
                    eligible=False,
                    reason="质量管理体系认证有效运行不足3年（第十三条第三项）。",
                )
            else:
                application_services.decide_eligibility(
                    app, actor=office, eligible=True, reason="符合申报条件。"
                )
        round.refresh_from_db()
        award_services.start_material_review(round, actor=office)
    eligible = list(apps[:-1])
    experts = [people["expert1"], people["expert2"], people["expert3"]]
    with clock(at(2025, 7, 5)):
        _set_up_review(round, office, experts, eligible)
    bases = [85, 80, 75, 70, 55, 35, 65]  # one falls below the site-review threshold
    with clock(at(2025, 7, 25)):
        for app, base in zip(eligible, bases, strict=False):
            for expert in experts:
                _score(app, expert, ReviewStage.MATERIAL, base, rng)
        round.refresh_from_db()
        review_services.select_for_site_review(round, actor=office)
    with clock(at(2025, 9, 20)):
        for app, base in zip(eligible, bases, strict=False):
            app.refresh_from_db()
            if app.status != ApplicationStatus.SITE_REVIEW:
                continue
            for expert in experts:
                _score(app, expert, ReviewStage.SITE, base - 5, rng)
        round.refresh_from_db()
        review_services.complete_composite_evaluation(round, actor=office)
        round.refresh_from_db()
        review_services.submit_candidate_list(round, actor=office)
    with clock(at(2026, 11, 18)):
        round.refresh_from_db()
        award_services.sign_commitment(round, user=leader)
        candidates = list(round.applications.filter(status=ApplicationStatus.CANDIDATE))
        publicity_services.record_plenary(
            round,
            actor=leader,
            held_on=day(2026, 11, 18),
            members_total=11,
            members_present=9,
            minutes="市质量强市工作领导小组全体会议审议候选名单。",
            decisions=[
                {
                    "application_id": app.pk,
                    "level": app.proposed_level or PrizeLevel.NOMINATION,
                    "outcome": "passed",
                    "agree": 8,
                    "disagree": 0,
                    "abstain": 1,
                }
                for app in candidates
            ],
        )
    with clock(at(2026, 11, 23)):
        round.refresh_from_db()
        period = publicity_services.open_publicity(
            round,
            actor=office,
            starts_on=day(2026, 11, 24),
            outlet="赣州市人民政府网站",
            outlet_published_on=day(2026, 11, 24),
            outlet_url="https://www.ganzhou.gov.cn/",
        )
    with clock(at(2026, 11, 26, 15)):
        target = period.applications.order_by("pk").first()
        if target is not None:
            publicity_services.submit_objection(
                period,
                application=target,
                name="邱先生",
                phone="13907970000",
                email="",
                grounds=f"反映该单位{story_year(2024)}年曾发生产品质量投诉，请核实。",
                ip_address="127.0.0.1",
            )
    return round


def _mayor_2026(
    mayor: AwardProgramme, people: dict[str, User], orgs: dict[str, tuple[Organisation, User]]
) -> Round:
    """The current round: the call is out and the window is open until 31 December."""
    office = people["office"]
    with clock(at(2026, 10, 20)):
        round = award_services.create_round(
            mayor,
            actor=office,
            year=story_year(2026),
            title=f"{story_year(2026)}年度赣州市市长质量奖",
            applications_open_at=at(2026, 11, 1, 9),
            applications_close_at=at(2026, 12, 31, 17),
        )
        round = award_services.publish_call(
            round,
            actor=office,
            call_notice=CALL_NOTICE % {"year": story_year(2026)},
            required_documents=REQUIRED_DOCUMENTS,
        )
        award_services.add_publication_outlet(
            round,
            actor=office,
            notice=NoticeKind.CALL,
            outlet="赣州市人民政府网站",
            published_on=day(2026, 10, 20),
            url="https://www.ganzhou.gov.cn/",
        )
    with clock(at(2026, 11, 20)):
        org, user = orgs["赣州华坤电子科技有限公司"]
        application_services.start_application(round, org, actor=user)
        for name in ("中国稀土集团赣州新材料有限公司", "于都县纺织服装产业有限公司"):
            org, user = orgs[name]
            app = dossier(round, org, user, people["recommender"])
            if not app.recommended_at:
                paper_recommendation(app)
            submit(app, user)
        # Submitted, its opinion not yet written: the demo recommender's work.
        org, user = orgs["赣州市第五人民医院"]
        submit(dossier(round, org, user, None), user)
    return round


# Opportunities for improvement the 2022 reviewers wrote, per GB/T 19580 category (in the
# category order): the winners act on them during validity (Art. 24).
FEEDBACK_2022: list[tuple[str, str]] = [
    ("高层领导率先垂范，质量文化深入人心。", "战略目标向基层班组的分解与沟通尚不充分。"),
    ("战略制定过程系统，关键战略目标明确。", "战略实施的监测指标缺少与行业标杆的对比。"),
    ("顾客需求识别方法多样，投诉处理及时。", "顾客满意度测量未覆盖海外市场顾客。"),
    ("人才梯队建设有成效，设备投入持续加大。", "数字化人才储备不足，培训效果评价方法单一。"),
    ("关键过程识别清晰，过程控制稳定。", "供应商质量协同改进机制有待系统化。"),
    ("数据采集覆盖主要过程，改进项目成果显著。", "质量数据分析尚未形成预测性应用。"),
    ("主要经营和质量指标连续三年提升。", "部分结果指标缺少三年以上的趋势数据。"),
]


def _feedback_2022(round: Round) -> dict[int, tuple[str, str]]:
    categories = list(round.scheme.categories.order_by("order", "pk"))
    return {
        category.pk: FEEDBACK_2022[index % len(FEEDBACK_2022)]
        for index, category in enumerate(categories)
    }


# The 2022 round's winners (R2 quotas: manufacturing 3, service 2; R4 prize money for the
# first-time prize winners) and the material-review base score that puts each at its level.
WINNERS_2022: list[tuple[str, int]] = [
    ("江西金力永磁科技股份有限公司", 85),
    ("崇义章源钨业股份有限公司", 80),
    ("赣州银行股份有限公司", 75),
    ("江西青峰药业有限公司", 55),
    ("赣州市人民医院", 50),
]
# The winner whose obligations demo.monitoring shows in progress (its user: org2).
MONITORED_WINNER = "江西金力永磁科技股份有限公司"


def _mayor_2022(
    mayor: AwardProgramme, people: dict[str, User], orgs: dict[str, tuple[Organisation, User]]
) -> Round:
    """The 2022 round, run in 2023 like the 2024 round is run in 2025 and approved by the
    municipal government on 18 January 2024: its winners are valid until 18 January 2027 (R9),
    so the demo has current winners with obligations in progress (demo.monitoring).

    Built after the later rounds (R1 checks the years, not the order) so that the objects the
    permission matrix picks by lowest id stay those of the 2024 round. No department is
    consulted and expert1 is not on its groups, for the same reason."""
    office, leader = people["office"], people["leader"]
    rng = random.Random(2022)
    with clock(at(2023, 3, 1)):
        round = award_services.create_round(
            mayor,
            actor=office,
            year=story_year(2022),
            title=f"{story_year(2022)}年度赣州市市长质量奖",
            applications_open_at=at(2023, 3, 10, 9),
            applications_close_at=at(2023, 5, 31, 17),
        )
        round = award_services.publish_call(
            round,
            actor=office,
            call_notice=CALL_NOTICE % {"year": story_year(2022)},
            required_documents=REQUIRED_DOCUMENTS,
        )
        award_services.add_publication_outlet(
            round,
            actor=office,
            notice=NoticeKind.CALL,
            outlet="赣州市人民政府网站",
            published_on=day(2023, 3, 1),
            url="https://www.ganzhou.gov.cn/",
        )
        round = award_services.approve_review_rules(
            round, actor=leader, note=f"领导小组{story_year(2023)}年第1次会议审定"
        )
    apps: list[Application] = []
    with clock(at(2023, 4, 20)):
        for name, _base in WINNERS_2022:
            org, user = orgs[name]
            apps.append(dossier(round, org, user, people["recommender"]))
        award_services.sign_commitment(round, user=people["recommender"])  # Art. 31
    with clock(at(2023, 5, 10)):
        for app in apps:
            if not app.recommended_at:
                paper_recommendation(app)
        apps = [submit(app, orgs[app.organisation.name][1]) for app in apps]
    with clock(at(2023, 5, 31, 17) + timedelta(minutes=1)):
        award_services.close_application_window(round)
    with clock(at(2023, 6, 25)):
        round.refresh_from_db()
        award_services.sign_commitment(round, user=office)
        for app in apps:
            app.refresh_from_db()
            _decide_leader_tag(app, office)
            for condition in applicable_conditions(app):
                application_services.record_eligibility_check(
                    app,
                    actor=office,
                    condition=condition,
                    met=True,
                    evidence="核查营业执照、体系认证证书及财务报表。",
                )
            application_services.decide_eligibility(
                app, actor=office, eligible=True, reason="符合申报条件。"
            )
        round.refresh_from_db()
        award_services.start_material_review(round, actor=office)
    experts = [people["expert2"], people["expert3"], people["expert4"]]
    with clock(at(2023, 7, 5)):
        _set_up_review(round, office, experts, apps)
    bases = dict(WINNERS_2022)
    feedback = _feedback_2022(round)
    with clock(at(2023, 7, 25)):
        for app in apps:
            for expert in experts:
                _score(
                    app, expert, ReviewStage.MATERIAL, bases[app.organisation.name], rng, feedback
                )
        round.refresh_from_db()
        review_services.select_for_site_review(round, actor=office)
    with clock(at(2023, 9, 20)):
        for app in apps:
            for expert in experts:
                _score(
                    app, expert, ReviewStage.SITE, bases[app.organisation.name] - 5, rng, feedback
                )
        round.refresh_from_db()
        review_services.complete_composite_evaluation(round, actor=office)
        round.refresh_from_db()
        review_services.submit_candidate_list(round, actor=office)
    with clock(at(2023, 11, 20)):
        round.refresh_from_db()
        award_services.sign_commitment(round, user=leader)
        candidates = list(round.applications.filter(status=ApplicationStatus.CANDIDATE))
        publicity_services.record_plenary(
            round,
            actor=leader,
            held_on=day(2023, 11, 20),
            members_total=11,
            members_present=10,
            minutes=f"市质量强市工作领导小组全体会议审议{story_year(2022)}年度候选名单。",
            decisions=[
                {
                    "application_id": app.pk,
                    "level": app.proposed_level or PrizeLevel.NOMINATION,
                    "outcome": "passed",
                    "agree": 10,
                    "disagree": 0,
                    "abstain": 0,
                }
                for app in candidates
            ],
        )
    with clock(at(2023, 11, 27)):
        round.refresh_from_db()
        period = publicity_services.open_publicity(
            round,
            actor=office,
            starts_on=day(2023, 11, 28),
            outlet="赣州市人民政府网站",
            outlet_published_on=day(2023, 11, 28),
            outlet_url="https://www.ganzhou.gov.cn/",
        )
    # Closed on the morning after its end (a weekend at its end moves it on, Civil Code
    # Art. 203).
    with clock(period.ends_at + timedelta(hours=9)):
        publicity_services.close_publicity(period)
    with clock(at(2024, 1, 19)):
        round.refresh_from_db()
        grant_services.record_approval(
            round,
            actor=office,
            approved_on=day(2024, 1, 18),
            meeting="市政府第35次常务会议",
            document_number=f"赣市府字〔{story_year(2024)}〕6号",
        )
    round.refresh_from_db()
    return round


def _county_2026(
    county: AwardProgramme, people: dict[str, User], orgs: dict[str, tuple[Organisation, User]]
) -> Round:
    """A county award run the same way, in material review: experts have work to do."""
    office = people["zg_office"]
    with clock(at(2026, 8, 1)):
        round = award_services.create_round(
            county,
            actor=office,
            year=story_year(2026),
            title=f"{story_year(2026)}年度章贡区区长质量奖",
            applications_open_at=at(2026, 8, 10, 9),
            applications_close_at=at(2026, 9, 30, 17),
            prize_quota=3,
            prize_quota_manufacturing=2,
            prize_quota_service=1,
            nomination_quota=3,
            nomination_quota_manufacturing=2,
            nomination_quota_service=1,
            prize_amount=Decimal("200000"),
        )
        round = award_services.publish_call(
            round,
            actor=office,
            call_notice="章贡区区长质量奖评审通知（全文）。",
            required_documents=REQUIRED_DOCUMENTS,
        )
        round = award_services.approve_review_rules(round, actor=people["zg_leader"])
    apps = []
    with clock(at(2026, 9, 20)):
        for name in ("赣州华坤电子科技有限公司", "江西青峰药业有限公司", "江西理工大学"):
            org, user = orgs[name]
            app = dossier(round, org, user, people["recommender"])
            if not app.recommended_at:
                paper_recommendation(app)
            apps.append(submit(app, user))
        award_services.sign_commitment(round, user=people["recommender"])  # Art. 31
    with clock(at(2026, 9, 30, 17) + timedelta(minutes=1)):
        award_services.close_application_window(round)
    with clock(at(2026, 10, 15)):
        award_services.sign_commitment(round, user=office)
        for app in apps:
            app.refresh_from_db()
            for condition in applicable_conditions(app):
                application_services.record_eligibility_check(
                    app, actor=office, condition=condition, met=True, evidence="材料核查通过。"
                )
            application_services.decide_eligibility(
                app, actor=office, eligible=True, reason="符合条件。"
            )
        round.refresh_from_db()
        award_services.start_material_review(round, actor=office)
    with clock(at(2026, 11, 5)):
        for app in apps:
            app.refresh_from_db()
            for username in ("expert1", "expert2"):
                review_services.assign_expert(app, people[username].expert_profile, actor=office)
    return round


CALL_NOTICE = (
    "根据《赣州市市长质量奖管理办法》（赣市府发〔2022〕15号），现启动%(year)d年度赣州市市长质量奖评审工作。\n"
    "一、申报条件：在赣州市行政区域内依法注册登记、具有法人资格、从事合法生产经营3年以上，"
    "符合办法第十三条规定的组织，均可自愿申报。\n"
    "二、名额：市长质量奖和提名奖各不超过5个，其中制造业不超过3个，服务业（含医疗、教育）、工程等行业不超过2个。\n"
    "三、评审不收取任何费用。\n"
    "四、申报方式：登录本门户注册组织账号，在线填写申报材料并提交。"
)
REQUIRED_DOCUMENTS = (
    "1. 申报表（签字盖章扫描件）\n2. 自评报告（按 GB/T 19580 类目撰写）\n3. 营业执照\n"
    "4. 管理体系认证证书\n5. 近三年经审计的财务报表及纳税证明\n6. 相关部门出具的守法证明\n7. 其他证明材料"
)


DEMO_MARKER_TITLE = "年度赣州市市长质量奖"


def loaded_story_day() -> date | None:
    """The day the stored demo was told as of (its 2024 round's publicity was opened five days
    before), or None when no demo is stored."""
    period = (
        PublicityPeriod.objects.filter(
            round__programme__slug="ganzhou-mayor", round__title__endswith=DEMO_MARKER_TITLE
        )
        .order_by("-round__year")
        .first()
    )
    if period is None:
        return None
    return timezone.localdate(period.opened_at) + (STORY_DAY - date(2026, 11, 23))


def drift_note() -> str:
    """What a newcomer needs to know when the stored demo was loaded some time ago: its rounds
    have moved on from the stages the README describes, and how to load it afresh."""
    told = loaded_story_day()
    today = timezone.localdate()
    if told is None or (today - told).days <= DEMO_FRESH_DAYS:
        return ""
    return (
        f"The demo was loaded on {told.isoformat()}, {(today - told).days} days ago: its rounds "
        "have moved on from the stages the README describes (the publicity has ended). To load "
        "it afresh as of today, stop the portal, remove the embedded data (rm -rf var) and run "
        "make run again."
    )


# The 2024 round's publicity, opened five days before the story's day, ends five days after it.
DEMO_FRESH_DAYS = 5


@transaction.atomic
def load_demo() -> str:
    """The people, the organisations and the four rounds, and the demo authenticator for
    everyone whose role needs a second factor, told as of today; nothing if the demo is
    already there."""
    if Round.objects.filter(
        programme__slug="ganzhou-mayor", title__endswith=DEMO_MARKER_TITLE
    ).exists():
        return "Demo data already loaded."
    with telling():
        mayor = AwardProgramme.objects.get(slug="ganzhou-mayor")
        county, _ = AwardProgramme.objects.get_or_create(
            slug="zhanggong-district",
            defaults={
                "name": "章贡区区长质量奖",
                "awarding_body": "章贡区人民政府",
                "office_name": "章贡区质量强区工作领导小组办公室",
            },
        )
        people = add_people(mayor, county)
        orgs = add_organisations()
        _leading_industries(mayor, people["office"])
        _registration_area(mayor, people)
        _mayor_2024(mayor, people, orgs)
        _mayor_2026(mayor, people, orgs)
        _county_2026(county, people, orgs)
        add_work_plan_and_guidance(mayor, county, people)
        # Last, though it happened first: see its docstring (the matrix's lowest ids).
        _mayor_2022(mayor, people, orgs)
        enrol_demo_second_factors()  # office staff and experts log in with the demo authenticator
    return (
        f"Demo data loaded: {Organisation.objects.count()} organisations, "
        f"{Round.objects.count()} rounds, {ExpertProfile.objects.count()} experts."
    )


def _set_up_review(
    round: Round, office: User, experts: list[User], apps: list[Application]
) -> None:
    """A review group per sector led by the first expert; each expert signs the round's
    commitment (R12), is assigned every application and declares no conflict."""
    round.refresh_from_db()
    for sector, name in (("manufacturing", "制造业评审组"), ("service", "服务业评审组")):
        review_services.create_review_group(
            round,
            actor=office,
            name=name,
            sector=sector,
            leader=experts[0].expert_profile,
            members=[e.expert_profile for e in experts],
        )
    for expert in experts:
        award_services.sign_commitment(round, user=expert)
    for app in apps:
        app.refresh_from_db()
        group = round.review_groups.get(sector=app.sector)
        for expert in experts:
            review_services.assign_expert(app, expert.expert_profile, actor=office, group=group)
            review_services.declare_conflict(
                app, expert.expert_profile, actor=expert, has_conflict=False
            )
