"""The demo's people: one log-in per role (office staff, leading-group members, a recommender,
a department liaison, experts), the recommending units, the expert pool, and the fifteen
organisations with their applicant users. Everyone's password is DEMO_PASSWORD."""

from __future__ import annotations

import random
from datetime import date

from accounts.enums import Role
from accounts.models import ProgrammeRole, User
from awards.models import AwardProgramme
from experts.models import ExpertProfile
from organisations.models import (
    Department,
    Division,
    Organisation,
    OrganisationMembership,
    Recommender,
)
from organisations.validators import credit_code_check_character

DEMO_PASSWORD = "demo-pass-2026"

# (username, label shown at start-up, role)
DEMO_USERS: list[tuple[str, str, str]] = [
    ("office", "市领导小组办公室 office staff (市长质量奖)", Role.OFFICE),
    (
        "admin",
        "平台管理员 portal administrator (sets up programmes and invites their first accounts)",
        "operator",
    ),
    ("leader", "领导小组成员 leading-group member", Role.LEADING_GROUP),
    ("expert1", "评审专家 expert reviewer (组长 group leader)", Role.EXPERT),
    ("expert2", "评审专家 expert reviewer", Role.EXPERT),
    ("recommender", "推荐单位 recommender (章贡区人民政府)", Role.RECOMMENDER),
    ("liaison", "部门联络员 department liaison (市税务局)", Role.LIAISON),
    ("applicant", "申报组织 applicant (赣州华坤电子科技有限公司)", "applicant"),
    ("zg_office", "章贡区区长质量奖 county office (sees only its programme)", Role.OFFICE),
    (
        "org2",
        "获奖组织 current winner (江西金力永磁科技股份有限公司, 市长质量奖, in its last months of "
        "validity): 获奖后义务 obligations in progress",
        "applicant",
    ),
    (
        "org7",
        "获奖组织 winner, nomination prize (江西青峰药业有限公司, 提名奖)",
        "applicant",
    ),
]

ORGANISATIONS: list[tuple[str, str, str, str]] = [
    # (name, county, GB/T 4754 section, class)
    ("赣州华坤电子科技有限公司", "章贡区", "C", "C3982 电子电路制造"),
    ("江西金力永磁科技股份有限公司", "赣州经济技术开发区", "C", "C3985 电子专用材料制造"),
    ("赣州腾远钴业新材料股份有限公司", "赣县区", "C", "C3213 钴冶炼"),
    ("崇义章源钨业股份有限公司", "崇义县", "C", "C3240 有色金属合金制造"),
    ("南康区家具产业智能制造有限公司", "南康区", "C", "C2110 木质家具制造"),
    ("孚能科技（赣州）股份有限公司", "赣州经济技术开发区", "C", "C3841 锂离子电池制造"),
    ("江西青峰药业有限公司", "章贡区", "C", "C2720 化学药品制剂制造"),
    ("赣州市人民医院", "章贡区", "Q", "Q8411 综合医院"),
    ("江西理工大学", "章贡区", "P", "P8341 普通高等教育"),
    ("赣州银行股份有限公司", "章贡区", "J", "J6621 商业银行服务"),
    ("中交赣州城市建设有限公司", "赣州蓉江新区", "E", "E4812 城市道路工程建筑"),
    ("瑞金红色旅游服务有限公司", "瑞金市", "L", "L7291 旅行社服务"),
    ("中国稀土集团赣州新材料有限公司", "龙南市", "C", "C3232 稀土金属冶炼"),
    ("于都县纺织服装产业有限公司", "于都县", "C", "C1810 机织服装制造"),
    ("赣州市第五人民医院", "章贡区", "Q", "Q8415 专科医院"),
]

EXPERTS: list[tuple[str, str, str, str]] = [
    # (username or "", name, employer, title)
    ("expert1", "刘建华", "江西理工大学", "教授、卓越绩效评审员"),
    ("expert2", "陈晓梅", "赣州市质量技术监督检验所", "高级工程师"),
    ("expert3", "王志强", "江西省标准化研究院", "研究员"),
    ("expert4", "黄丽娟", "赣南师范大学", "副教授"),
    ("", "赵国平", "江西省质量协会", "高级经济师"),
    ("", "孙文斌", "南昌大学", "教授"),
]


def credit_code(seed: int) -> str:
    """A valid unified social credit code (GB 32100) made from ``seed``."""
    first17 = f"913607{seed:04d}MA35{seed * 7 % 1000:03d}"
    return first17 + credit_code_check_character(first17)


def _user(username: str, full_name: str = "", email: str = "") -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"full_name": full_name, "email": email or f"{username}@demo.gz.gov.cn"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _role(user: User, programme: AwardProgramme, role: str, **extra: object) -> None:
    ProgrammeRole.objects.get_or_create(user=user, programme=programme, role=role, defaults=extra)


def add_people(mayor: AwardProgramme, county: AwardProgramme) -> dict[str, User]:
    """Office staff, leading-group members, the recommender, the liaison and the experts of
    both programmes with their roles, and every recommending unit; the users by user name."""
    people: dict[str, User] = {}
    people["office"] = _user("office", "钟敏")
    people["leader"] = _user("leader", "李卫东")
    people["leader2"] = _user("leader2", "周海燕")
    people["recommender"] = _user("recommender", "刘建华")
    people["liaison"] = _user("liaison", "吴涛")
    people["zg_office"] = _user("zg_office", "肖琳")
    people["zg_leader"] = _user("zg_leader", "温振华")
    # The installation's operator: a staff user without any programme role.
    people["admin"] = _user("admin", "邱志远")
    User.objects.filter(pk=people["admin"].pk).update(is_staff=True)
    _role(people["office"], mayor, Role.OFFICE)
    _role(people["leader"], mayor, Role.LEADING_GROUP)
    _role(people["leader2"], mayor, Role.LEADING_GROUP)
    zhanggong = Recommender.objects.get_or_create(
        name="章贡区人民政府",
        defaults={"kind": "county", "division": Division.objects.get(name="章贡区")},
    )[0]
    for division in Division.objects.exclude(name="章贡区"):
        Recommender.objects.get_or_create(
            name=f"{division.name}{'管委会' if division.kind == 'zone' else '人民政府'}",
            defaults={"kind": "county", "division": division},
        )
    Recommender.objects.get_or_create(
        name="赣州市工业和信息化局", defaults={"kind": "department", "industry_sections": "C"}
    )
    Recommender.objects.get_or_create(
        name="赣州市质量协会",
        defaults={"kind": "association", "industry_sections": "ABCDEFGHIJKLMNOPQRS"},
    )
    # The Mayor's office keeps every unit; 章贡区人民政府 recommends for the county award too.
    for unit in Recommender.objects.all():
        unit.programmes.add(mayor)
    zhanggong.programmes.add(county)
    _role(people["recommender"], mayor, Role.RECOMMENDER, recommender=zhanggong)
    _role(people["recommender"], county, Role.RECOMMENDER, recommender=zhanggong)
    tax = Department.objects.get(code="tax")
    _role(people["liaison"], mayor, Role.LIAISON, department=tax)
    _role(people["liaison"], county, Role.LIAISON, department=tax)
    _role(people["zg_office"], county, Role.OFFICE)
    _role(people["zg_leader"], county, Role.LEADING_GROUP)
    for username, name, employer, title in EXPERTS:
        user = _user(username, name) if username else None
        profile = ExpertProfile.objects.filter(name=name).first() or ExpertProfile.objects.create(
            user=user,
            owner=mayor,
            name=name,
            employer=employer,
            employer_credit_code=credit_code(900 + len(name) * 7 + len(employer)),
            title=title,
            specialties="卓越绩效模式、质量管理体系",
            industries="制造业、服务业",
        )
        profile.programmes.add(mayor, county)
        if user is not None:
            people[username] = user
            _role(user, mayor, Role.EXPERT)
            _role(user, county, Role.EXPERT)
    return people


def add_organisations() -> dict[str, tuple[Organisation, User]]:
    """The organisations, each with its applicant user (``applicant``, then ``org2`` to
    ``org15``), by name."""
    result = {}
    for index, (name, county, section, klass) in enumerate(ORGANISATIONS, start=1):
        org = Organisation.objects.filter(name=name).first()
        if org is None:
            org = Organisation.objects.create(
                name=name,
                credit_code=credit_code(index),
                legal_representative=random.Random(index).choice(["王海", "张伟", "刘芳", "陈刚"]),
                address=f"江西省赣州市{county}示范路{index * 11}号",
                division=Division.objects.get(name=county),
                founded_on=date(1998 + index % 12, 1 + index % 12, 1 + index),
                industry_section=section,
                industry_class=klass,
                staff_count=300 + index * 137,
                contact_name="质量部 联系人",
                contact_phone=f"0797-83{index:05d}",
                contact_email=f"quality{index}@demo-company.cn",
            )
        username = "applicant" if index == 1 else f"org{index}"
        user = _user(username, f"{name} 申报联系人")
        OrganisationMembership.objects.get_or_create(user=user, defaults={"organisation": org})
        result[name] = (org, user)
    return result
