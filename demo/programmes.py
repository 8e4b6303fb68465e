"""Two more programmes, on top of demo.rounds.load_demo, set up only through their rule
settings (nothing in the portal's code knows them), each with its own office and leading
group and a round at a stage of its own:

- 南昌市市长质量奖: a round every two years; at most 2 prizes of 500,000 yuan and at most 3
  nomination prizes, honour only (no money). Its 2025—2026 round's window has closed and the
  office is checking eligibility (one dossier decided, two waiting, and the chief quality
  officer one of them nominates for the individual award).
- 赣州经开区主任质量奖 (a zone award guided by the Mayor's programme, Art. 11(9)): every year,
  at most 3 prizes of 150,000 yuan, no nomination prize, for units of the zone operating for 3
  years or more; publicity counted in working days on the zone's holiday calendar. Set up by
  the Mayor's office from the 2022 template; its 2025 round is approved and its certificates
  issued.

Written by the services, each step as of when it would have happened (demo.clock), so the
decision log holds the programmes' set-up, their rules' approval and every step of the rounds.
Idempotent.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction

from accounts.enums import Role
from accounts.models import User
from applications.eligibility import applicable_conditions
from applications.enums import ApplicationStatus
from applications.models import Application
from applications.services import application as application_services
from awards import services as award_services
from awards.enums import CalendarDayKind, NoticeKind, PrizeLevel, ProgrammeTemplate
from awards.models import AwardProgramme, Round
from awards.rules import round_proposal
from demo.clock import at, clock, day, story_year, telling
from demo.dossiers import dossier, paper_recommendation, submit
from demo.individual import INDIVIDUAL_AWARD_SETTINGS, individual_nominee_demo
from demo.people import _role, _user, credit_code
from demo.rounds import REQUIRED_DOCUMENTS, _score, _set_up_review
from demo.second_factor import enrol_demo_second_factors
from experts.services.pool import add_expert_to_programme
from grants.services import approval as grant_services
from organisations.models import Division, Organisation, OrganisationMembership, Recommender
from publicity.services import publicity as publicity_services
from reviews.enums import ReviewStage
from reviews.services import review as review_services

NANCHANG = "nanchang-mayor"
ZONE = "gz-zone"

# (username, label shown at start-up): the two programmes' log-ins (password DEMO_PASSWORD).
PROGRAMME_USERS: list[tuple[str, str]] = [
    ("nc_office", "南昌市市长质量奖 office staff (sees only its programme)"),
    ("nc_leader", "南昌市市长质量奖 leading-group member"),
    ("kz_office", "赣州经开区主任质量奖 zone office (sees only its programme)"),
    ("kz_leader", "赣州经开区主任质量奖 leading-group member"),
]

# Nanchang's applicants (name, GB/T 4754 section, class), in 红谷滩区, with their users
# nc_org1 to nc_org3.
NANCHANG_ORGANISATIONS: list[tuple[str, str, str]] = [
    ("南昌示范光电科技有限公司", "C", "C3976 光电子器件制造"),
    ("南昌示范生物医药有限公司", "C", "C2720 化学药品制剂制造"),
    ("南昌示范软件服务有限公司", "I", "I6513 应用软件开发"),
]
# The zone's applicants (name, GB/T 4754 section, class, the share of each item its experts
# give), registered in the zone, with their users kz_org1 to kz_org3: two manufacturers and a
# service unit, for the zone's 2 manufacturing places and 1 service place.
ZONE_ORGANISATIONS: list[tuple[str, str, str, int]] = [
    ("赣州经开区示范精密制造有限公司", "C", "C3484 机械零部件加工", 90),
    ("赣州经开区示范新能源材料有限公司", "C", "C3985 电子专用材料制造", 85),
    ("赣州经开区示范供应链服务有限公司", "L", "L7221 供应链管理服务", 80),
]


def load_programmes_demo() -> str:
    mayor = AwardProgramme.objects.filter(slug="ganzhou-mayor").first()
    office = User.objects.filter(username="office").first()
    if mayor is None or office is None:
        return "Load the demo first."
    if AwardProgramme.objects.filter(slug__in=(NANCHANG, ZONE)).exists():
        return "Nanchang's and the zone's awards already loaded."
    with telling(), transaction.atomic():
        nanchang = _nanchang_programme()
        _nanchang_round(nanchang)
        zone = _zone_programme(mayor, office)
        _zone_round(zone)
        enrol_demo_second_factors()  # the new offices log in with the demo authenticator
    return "Loaded 南昌市市长质量奖 (eligibility check) and 赣州经开区主任质量奖 (certificates issued)."


def _people(programme: AwardProgramme, prefix: str, office: str, leader: str) -> dict[str, User]:
    """The programme's office staff and leading-group member."""
    people = {
        "office": _user(f"{prefix}_office", office),
        "leader": _user(f"{prefix}_leader", leader),
    }
    _role(people["office"], programme, Role.OFFICE)
    _role(people["leader"], programme, Role.LEADING_GROUP)
    return people


# --- 南昌市市长质量奖 -----------------------------------------------------------------------


def _nanchang_programme() -> AwardProgramme:
    """The programme as the installation creates it (from the 2022 template: the model's
    defaults, with Nanchang's cadence and places), then its rules as its office sets them on
    the rules page and its leading group approves them (Art. 10)."""
    with clock(at(2026, 5, 10)):
        nanchang = AwardProgramme.objects.create(
            slug=NANCHANG,
            name="南昌市市长质量奖",
            awarding_body="南昌市人民政府",
            office_name="南昌市质量强市工作领导小组办公室",
            round_interval_years=2,
            # R2: at most 2 prizes and 3 nomination prizes; Nanchang does not split them by
            # sector, so either sector may take both prizes.
            prize_places_limit=2,
            nomination_places_limit=3,
            manufacturing_places_limit=2,
            service_places_limit=2,
            rules_approved_version=0,
        )
    people = _people(nanchang, "nc", "熊晓燕", "万国强")
    area = _nanchang_divisions()
    with clock(at(2026, 5, 20)):
        nanchang = award_services.update_programme_rules(
            nanchang,
            actor=people["office"],
            reason="按《南昌市市长质量奖管理办法》设置奖项等级和奖金。",
            prize_amount=Decimal("500000"),
            nomination_amount=Decimal("0"),
            nomination_name="南昌市市长质量奖提名奖",
            # R2: no split by sector: one bucket of every section.
            sector_buckets=[
                {
                    "code": "all",
                    "name": "全部行业",
                    "sections": [],
                    "prize_places": 2,
                    "nomination_places": 3,
                }
            ],
            # R5: organisations registered in 南昌市 (its nine counties and districts).
            registration_area=[division.code for division in area],
            # R4 / Art. 8: at most 2 people (e.g. a company's chief quality officer), 10,000
            # yuan each, scored on the individual scoring sheet.
            **INDIVIDUAL_AWARD_SETTINGS,
        )
    with clock(at(2026, 5, 28)):
        award_services.approve_programme_rules(
            nanchang, actor=people["leader"], note="领导小组2026年第1次会议审定"
        )
    return nanchang


# 南昌市's county-level divisions (GB/T 2260), in their official order after Ganzhou's.
NANCHANG_DIVISIONS: list[tuple[str, str, str]] = [
    ("360102", "东湖区", "district"),
    ("360103", "西湖区", "district"),
    ("360104", "青云谱区", "district"),
    ("360111", "青山湖区", "district"),
    ("360112", "新建区", "district"),
    ("360113", "红谷滩区", "district"),
    ("360121", "南昌县", "county"),
    ("360123", "安义县", "county"),
    ("360124", "进贤县", "county"),
]


def _nanchang_divisions() -> list[Division]:
    """南昌市's divisions (named with the city: 南昌市红谷滩区), where its award's applicants
    are registered (R5 / Art. 13(1))."""
    return [
        Division.objects.update_or_create(
            code=code,
            defaults={
                "name": f"南昌市{name}",
                "kind": kind,
                "order": 900 + index,
                "city": "南昌市",
            },
        )[0]
        for index, (code, name, kind) in enumerate(NANCHANG_DIVISIONS)
    ]


def _nanchang_organisations() -> list[tuple[Organisation, User]]:
    """Nanchang's applicants, registered in 红谷滩区, with the district's government as their
    recommending unit for the Nanchang award."""
    district = Division.objects.get(code="360113")
    unit, _ = Recommender.objects.get_or_create(
        name="南昌市红谷滩区人民政府", defaults={"kind": "county", "division": district}
    )
    unit.programmes.add(AwardProgramme.objects.get(slug=NANCHANG))
    return [
        _organisation(
            f"nc_org{index}",
            name,
            section,
            klass,
            district,
            f"江西省南昌市红谷滩区丰和中大道{index}00号",
            700 + index,
        )
        for index, (name, section, klass) in enumerate(NANCHANG_ORGANISATIONS, start=1)
    ]


def _organisation(
    username: str,
    name: str,
    section: str,
    klass: str,
    division: Division,
    address: str,
    seed: int,
) -> tuple[Organisation, User]:
    """An organisation as it registers (founded in 2010: operating for well over 3 years) and
    its applicant user."""
    org = Organisation.objects.filter(name=name).first() or Organisation.objects.create(
        name=name,
        credit_code=credit_code(seed),
        legal_representative=random.Random(seed).choice(["胡斌", "罗静", "涂明", "邹平"]),
        address=address,
        division=division,
        founded_on=date(2010, 4, 1),
        industry_section=section,
        industry_class=klass,
        staff_count=300 + seed % 100 * 7,
        contact_name="质量部 联系人",
        contact_phone=f"{'0791' if '南昌' in address else '0797'}-86{seed:06d}",
        contact_email=f"quality{seed}@demo-company.cn",
    )
    user = _user(username, f"{name} 申报联系人")
    OrganisationMembership.objects.get_or_create(user=user, defaults={"organisation": org})
    return org, user


def _nanchang_round(nanchang: AwardProgramme) -> Round:
    """The 2025—2026 round, proposed by the programme's cadence and places: its window has
    closed, one dossier is found eligible and two wait for the office's check."""
    office = User.objects.get(username="nc_office")
    leader = User.objects.get(username="nc_leader")
    with clock(at(2026, 7, 1)):
        proposal = round_proposal(nanchang, day(2026, 7, 1))
        round = award_services.create_round(
            nanchang,
            actor=office,
            year=proposal["year"],
            title=proposal["title"],
            applications_open_at=at(2026, 7, 10, 9),
            applications_close_at=at(2026, 9, 30, 17),
            **_places_and_money(proposal),
        )
        round = award_services.publish_call(
            round,
            actor=office,
            call_notice=(
                f"根据《南昌市市长质量奖管理办法》，现启动{round.title}评审工作。市长质量奖不超过2个，"
                "每个奖励50万元；提名奖不超过3个，授予荣誉，不发奖金。"
            ),
            required_documents=REQUIRED_DOCUMENTS,
        )
        award_services.add_publication_outlet(
            round,
            actor=office,
            notice=NoticeKind.CALL,
            outlet="南昌市人民政府网站",
            published_on=day(2026, 7, 1),
            url="https://www.nc.gov.cn/",
        )
        round = award_services.approve_review_rules(round, actor=leader)
    applicants = _nanchang_organisations()
    apps: list[Application] = []
    with clock(at(2026, 9, 15)):
        for org, user in applicants:
            app = dossier(round, org, user, None)
            paper_recommendation(app)
            apps.append(submit(app, user))
        # R4: the first applicant also nominates its chief quality officer, recommended by
        # the same unit.
        org, user = applicants[0]
        nominee = individual_nominee_demo(round, org, user)
        application_services.update_dossier(nominee, actor=user, recommender=apps[0].recommender)
        paper_recommendation(nominee)
        submit(nominee, user)
    with clock(at(2026, 9, 30, 17) + timedelta(minutes=1)):
        award_services.close_application_window(round)
    with clock(at(2026, 10, 20)):
        award_services.sign_commitment(round, user=office)
        first = apps[0]
        first.refresh_from_db()
        for condition in applicable_conditions(first):
            application_services.record_eligibility_check(
                first, actor=office, condition=condition, met=True, evidence="材料核查通过。"
            )
        application_services.decide_eligibility(
            first, actor=office, eligible=True, reason="符合申报条件。"
        )
    round.refresh_from_db()
    return round


def _places_and_money(proposal: dict[str, Any]) -> dict[str, Any]:
    """What a new round takes from ``awards.rules.round_proposal``: its places and money."""
    return {
        key: value
        for key, value in proposal.items()
        if key.endswith(("_quota", "_manufacturing", "_service", "_amount"))
    }


# --- 赣州经开区主任质量奖 -------------------------------------------------------------------


def _zone_programme(mayor: AwardProgramme, mayor_office: User) -> AwardProgramme:
    """Set up by the Mayor's office from the 2022 template with the zone's cadence, places
    and money (Art. 11(9)); the zone's office counts publicity in working days and enters the
    National Day holiday; its leading group approves the rules."""
    with clock(at(2025, 2, 20)):
        zone = award_services.create_guided_programme(
            mayor,
            actor=mayor_office,
            template=ProgrammeTemplate.MEASURES,
            name="赣州经开区主任质量奖",
            slug=ZONE,
            awarding_body="赣州经济技术开发区管理委员会",
            office_name="赣州经开区质量强区工作领导小组办公室",
            validity_years=3,
            round_interval_years=1,
            prize_places_limit=3,
            nomination_places_limit=0,
            manufacturing_places_limit=2,
            service_places_limit=1,
            prize_amount=Decimal("150000"),
        )
    people = _people(zone, "kz", "邱慧", "谢永生")
    unit = Recommender.objects.get(division__code="GZETDZ", kind="county")
    unit.programmes.add(zone)
    with clock(at(2025, 2, 25)):
        zone = award_services.update_programme_rules(
            zone,
            actor=people["office"],
            reason="公示期按工作日计算；申报单位须在经开区注册并依法经营3年以上。",
            publicity_day_unit="working",
            min_operation_years=3,
            # R5: the zone's measures: units registered in the zone.
            registration_area=["GZETDZ"],
        )
        for offset in range(7):
            award_services.add_calendar_day(
                zone,
                actor=people["office"],
                day=day(2025, 10, 1) + timedelta(days=offset),
                kind=CalendarDayKind.HOLIDAY,
                name="国庆节、中秋节",
            )
    with clock(at(2025, 2, 28)):
        zone = award_services.approve_programme_rules(
            zone, actor=people["leader"], note="经开区领导小组2025年第1次会议审定"
        )
    return zone


def _zone_round(zone: AwardProgramme) -> Round:
    """The zone's 2025 round carried through to its certificates: three of the zone's units
    win (two manufacturers and a service unit), publicised for 10 working days across the
    National Day holiday."""
    office = User.objects.get(username="kz_office")
    leader = User.objects.get(username="kz_leader")
    rng = random.Random(2025)
    with clock(at(2025, 3, 1)):
        proposal = round_proposal(zone, day(2025, 3, 1))
        round = award_services.create_round(
            zone,
            actor=office,
            year=proposal["year"],
            title=proposal["title"],
            applications_open_at=at(2025, 3, 10, 9),
            applications_close_at=at(2025, 5, 31, 17),
            **_places_and_money(proposal),
        )
        round = award_services.publish_call(
            round,
            actor=office,
            call_notice=(
                f"现启动{round.title}评审工作。在赣州经开区注册登记、依法经营3年以上的单位均可申报；"
                "主任质量奖不超过3个，每个奖励15万元。"
            ),
            required_documents=REQUIRED_DOCUMENTS,
        )
        round = award_services.approve_review_rules(round, actor=leader)
    zone_division = Division.objects.get(code="GZETDZ")
    bases = {name: base for name, _section, _klass, base in ZONE_ORGANISATIONS}
    apps: list[Application] = []
    with clock(at(2025, 4, 20)):
        for index, (name, section, klass, _base) in enumerate(ZONE_ORGANISATIONS, start=1):
            org, user = _organisation(
                f"kz_org{index}",
                name,
                section,
                klass,
                zone_division,
                f"江西省赣州经济技术开发区金岭西路{index}8号",
                720 + index,
            )
            app = dossier(round, org, user, None)
            paper_recommendation(app)
            apps.append(submit(app, user))
    with clock(at(2025, 5, 31, 17) + timedelta(minutes=1)):
        award_services.close_application_window(round)
    with clock(at(2025, 6, 20)):
        round.refresh_from_db()
        award_services.sign_commitment(round, user=office)
        for app in apps:
            app.refresh_from_db()
            for condition in applicable_conditions(app):
                application_services.record_eligibility_check(
                    app,
                    actor=office,
                    condition=condition,
                    met=True,
                    evidence="经开区注册，经营3年以上。",
                )
            application_services.decide_eligibility(
                app, actor=office, eligible=True, reason="符合申报条件。"
            )
        round.refresh_from_db()
        award_services.start_material_review(round, actor=office)
    experts = [User.objects.get(username=name) for name in ("expert3", "expert4")]
    with clock(at(2025, 7, 5)):
        for expert in experts:
            add_expert_to_programme(expert.expert_profile, zone, actor=office)
        _set_up_review(round, office, experts, apps)
    with clock(at(2025, 7, 25)):
        for app in apps:
            for expert in experts:
                _score(app, expert, ReviewStage.MATERIAL, bases[app.organisation.name], rng)
        round.refresh_from_db()
        review_services.select_for_site_review(round, actor=office)
    with clock(at(2025, 8, 20)):
        for app in apps:
            app.refresh_from_db()
            for expert in experts:
                _score(app, expert, ReviewStage.SITE, bases[app.organisation.name] - 5, rng)
        round.refresh_from_db()
        review_services.complete_composite_evaluation(round, actor=office)
        round.refresh_from_db()
        review_services.submit_candidate_list(round, actor=office)
    with clock(at(2025, 9, 10)):
        round.refresh_from_db()
        award_services.sign_commitment(round, user=leader)
        candidates = list(round.applications.filter(status=ApplicationStatus.CANDIDATE))
        publicity_services.record_plenary(
            round,
            actor=leader,
            held_on=day(2025, 9, 10),
            members_total=7,
            members_present=7,
            minutes=f"经开区质量强区工作领导小组全体会议审议{round.title}候选名单。",
            decisions=[
                {
                    "application_id": app.pk,
                    "level": PrizeLevel.PRIZE,
                    "outcome": "passed",
                    "agree": 7,
                    "disagree": 0,
                    "abstain": 0,
                }
                for app in candidates
            ],
        )
    with clock(at(2025, 9, 24)):
        round.refresh_from_db()
        period = publicity_services.open_publicity(
            round,
            actor=office,
            starts_on=day(2025, 9, 25),
            outlet="赣州经开区管委会网站",
            outlet_published_on=day(2025, 9, 25),
        )
    with clock(period.ends_at + timedelta(hours=9)):
        publicity_services.close_publicity(period)
    with clock(at(2025, 11, 10)):
        round.refresh_from_db()
        grant_services.record_approval(
            round,
            actor=office,
            approved_on=day(2025, 11, 7),
            meeting="经开区党工委管委会联席会议",
            document_number=f"赣经开管字〔{story_year(2025)}〕30号",
        )
    round.refresh_from_db()
    return round
