"""A provincial-scale data set built with bulk inserts: seconds, not minutes.

    .venv/bin/python bench/seed_province.py                  # 5,000 organisations, 1,000
                                                             # applications, 300 experts ...
    .venv/bin/python bench/seed_province.py --organisations 500 --applications 100 --experts 30
    .venv/bin/python bench/seed_province.py --programmes 1     # the Mayor's award alone

Builds, in a throw-away SQLite database (or the empty database DATABASE_URL names):
  * ``--organisations`` organisations across the divisions, each with an applicant user;
  * a current round in material review with ``--applications`` eligible applications, each
    assigned to ``--reviews`` experts of a pool of ``--experts`` (assignment,
    "no conflict" declaration, commitment signed: the real access rules apply) and scored by
    them over every item of GB/T 19580 (23 items): submitted reviews, except the bench
    expert's own, left as drafts so that the scoring page is editable;
  * ``--past-rounds`` published rounds with ranked applications, winners, certificates and
    their closed publicity.
  * ``--programmes`` programmes in all (150 by default; the Mayor's award above is one of
    them): Jiangxi's provincial award, its eleven cities' and their counties' and zones'
    (a county's guided by its city, Art. 11(9)), each with its office and leading group, a
    published round with winners, certificates and its closed publicity, and a current round
    in a stage that varies (call open, material review, publicity open), a few applications
    each: the public pages list them all.
Users (password ``bench-pass-2026``): bench-office, bench-leader, bench-expert (one of the
pool), bench-applicant (an applicant of the current round); each further programme's
``<slug>-office`` and ``<slug>-leader`` (``Seeded.users["county-office"]``: a county's office).
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import partial
from typing import Any

BATCH = 2000
PASSWORD = "bench-pass-2026"
SECTIONS = ["C", "C", "C", "I", "L", "M", "E", "F"]


# The province's eleven cities with their county-level divisions (districts, counties and
# county-level cities, as of 2024): 100 in all. 赣州 comes first: its Mayor's award is the
# programme the portal started with (slug "ganzhou-mayor").
CITIES: list[tuple[str, str, str]] = [
    (
        "赣州",
        "ganzhou",
        "章贡区 南康区 赣县区 信丰县 大余县 上犹县 崇义县 安远县 龙南市 定南县 全南县 宁都县 "
        "于都县 兴国县 瑞金市 会昌县 寻乌县 石城县",
    ),
    (
        "南昌",
        "nanchang",
        "东湖区 西湖区 青云谱区 青山湖区 新建区 红谷滩区 南昌县 安义县 进贤县",
    ),
    ("景德镇", "jingdezhen", "昌江区 珠山区 浮梁县 乐平市"),
    ("萍乡", "pingxiang", "安源区 湘东区 莲花县 上栗县 芦溪县"),
    (
        "九江",
        "jiujiang",
        "濂溪区 浔阳区 柴桑区 武宁县 修水县 永修县 德安县 都昌县 湖口县 彭泽县 瑞昌市 "
        "共青城市 庐山市",
    ),
    ("新余", "xinyu", "渝水区 分宜县"),
    ("鹰潭", "yingtan", "月湖区 余江区 贵溪市"),
    (
        "吉安",
        "jian",
        "吉州区 青原区 吉安县 吉水县 峡江县 新干县 永丰县 泰和县 遂川县 万安县 安福县 永新县 "
        "井冈山市",
    ),
    (
        "宜春",
        "yichun",
        "袁州区 奉新县 万载县 上高县 宜丰县 靖安县 铜鼓县 丰城市 樟树市 高安市",
    ),
    (
        "抚州",
        "fuzhou",
        "临川区 东乡区 南城县 黎川县 南丰县 崇仁县 乐安县 宜黄县 金溪县 资溪县 广昌县",
    ),
    (
        "上饶",
        "shangrao",
        "信州区 广丰区 广信区 玉山县 铅山县 横峰县 弋阳县 余干县 鄱阳县 万年县 婺源县 德兴市",
    ),
]
# 赣州's two zones that recommend like counties (organisations.Division); other cities' zones
# beyond their counties are numbered plainly.
GANZHOU_ZONES = ["赣州经济技术开发区", "赣州蓉江新区"]
BIG_PROGRAMME = "ganzhou-mayor"


@dataclass(frozen=True)
class ProgrammeSpec:
    place: str
    name: str
    slug: str
    awarding_body: str
    office_name: str
    guide: str | None = None  # the guiding (city) programme's slug


def _city(city: str, pinyin: str) -> ProgrammeSpec:
    return ProgrammeSpec(
        place=f"{city}市",
        name=f"{city}市市长质量奖",
        slug=BIG_PROGRAMME if pinyin == "ganzhou" else f"{pinyin}-mayor",
        awarding_body=f"{city}市人民政府",
        office_name=f"{city}市质量强市工作领导小组办公室",
    )


def _county(county: str, slug: str, guide: str) -> ProgrammeSpec:
    kind = county[-1]  # 区, 县 or 市: 章贡区区长质量奖, 信丰县县长质量奖, 瑞金市市长质量奖
    return ProgrammeSpec(
        place=county,
        name=f"{county}{kind}长质量奖",
        slug=slug,
        awarding_body=f"{county}人民政府",
        office_name=f"{county}质量强{kind}工作领导小组办公室",
        guide=guide,
    )


def _zone(zone: str, slug: str, guide: str) -> ProgrammeSpec:
    return ProgrammeSpec(
        place=zone,
        name=f"{zone}质量奖",
        slug=slug,
        awarding_body=f"{zone}管理委员会",
        office_name=f"{zone}质量工作领导小组办公室",
        guide=guide,
    )


def programme_specs(count: int) -> list[ProgrammeSpec]:
    """``count`` programmes of one province: the provincial award, the eleven cities', then
    the counties' round the cities (each city's first county, then each one's second ...),
    then zones (赣州's two, then one numbered industrial park a city at a time)."""
    specs = [
        ProgrammeSpec(
            place="江西省",
            name="江西省井冈质量奖",
            slug="jiangxi-jinggang",
            awarding_body="江西省人民政府",
            office_name="江西省质量强省工作领导小组办公室",
        )
    ]
    cities = [_city(city, pinyin) for city, pinyin, _counties in CITIES]
    specs += cities
    counties = {pinyin: names.split() for _city_name, pinyin, names in CITIES}
    for k in range(max(len(names) for names in counties.values())):
        for (_city_name, pinyin, _names), city in zip(CITIES, cities, strict=True):
            if k < len(counties[pinyin]):
                specs.append(_county(counties[pinyin][k], f"{pinyin}-{k + 1:02d}", city.slug))
    specs += [
        _zone(zone, f"ganzhou-zone-{k:02d}", BIG_PROGRAMME)
        for k, zone in enumerate(GANZHOU_ZONES, start=1)
    ]
    k = 0
    while len(specs) < count:
        k += 1
        for (city_name, pinyin, _counties), city in zip(CITIES, cities, strict=True):
            specs.append(_zone(f"{city_name}工业园区{k}", f"{pinyin}-park-{k:02d}", city.slug))
    return specs[:count]


def _bulk(counts: dict[str, int], model: Any, rows: list[Any]) -> list[Any]:
    created = model.objects.bulk_create(rows, batch_size=BATCH)
    counts[model._meta.label] = counts.get(model._meta.label, 0) + len(rows)
    return created  # type: ignore[no-any-return]


def _credit_code(series: str, n: int) -> str:
    """A valid credit code (GB 32100) of the bench's ``series`` (B: the Mayor's award's
    organisations, P: the other programmes')."""
    from organisations.validators import credit_code_check_character

    first17 = f"91360799{series}{n:08d}"
    return first17 + credit_code_check_character(first17)


def _prizes_with_certificates(
    bulk: Callable[[Any, list[Any]], list[Any]],
    winners: list[Any],
    approvals: dict[int, Any],
    *,
    amount: Decimal,
    past_year: int,
    number: Callable[[int, Any], str],
) -> None:
    """The prize of each of ``winners`` (applications), approved by its round's decision in
    ``approvals``, and its certificate numbered ``number(n, grant)``."""
    from awards.enums import PrizeLevel
    from grants.models import AwardGrant, Certificate

    bulk(
        AwardGrant,
        [
            AwardGrant(
                round_id=a.round_id,
                application=a,
                organisation_id=a.organisation_id,
                approval=approvals[a.round_id],
                level=PrizeLevel.PRIZE,
                amount=amount,
                approved_on=approvals[a.round_id].approved_on,
                valid_until=date(past_year + 4, 1, 15),
            )
            for a in winners
        ],
    )
    grants = AwardGrant.objects.filter(application__in=winners).select_related("round")
    bulk(
        Certificate,
        [Certificate(grant=g, number=number(n, g)) for n, g in enumerate(grants.order_by("pk"), 1)],
    )


@dataclass
class Seeded:
    round_id: int
    past_round_ids: list[int]
    application_ids: list[int]
    bench_expert_application_ids: list[int]
    users: dict[str, str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    # The further programmes (seed_programmes): a county's current round, the one its office
    # ("county-office" in users) works in.
    county_round_id: int | None = None


def seed(
    *,
    organisations: int = 5000,
    applications: int = 1000,
    experts: int = 300,
    reviews: int = 5,
    past_rounds: int = 2,
    past_applications: int = 100,
    winners_per_round: int = 10,
    year: int = 2040,
    programmes: int = 150,
    rng: random.Random | None = None,
) -> Seeded:
    """Insert the data set; returns what the load script and the tests need to find it."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from accounts.enums import Role
    from accounts.models import ProgrammeRole, User
    from applications.enums import ApplicationStatus
    from applications.models import Application
    from awards.enums import PrizeLevel, RoundStage
    from awards.models import (
        AwardProgramme,
        ConfidentialityCommitment,
        Round,
        ScoringItem,
        ScoringScheme,
    )
    from experts.models import ExpertProfile
    from grants.models import ApprovalDecision
    from organisations.models import Division, Organisation, OrganisationMembership
    from publicity.models import PublicityPeriod
    from reviews.enums import ReviewStage, ReviewStatus
    from reviews.models import Assignment, ConflictDeclaration, ItemScore, Review

    rng = rng or random.Random(2026)
    assert applications <= organisations and reviews <= experts
    programme = AwardProgramme.objects.get(slug="ganzhou-mayor")
    scheme = ScoringScheme.objects.get(code="gbt19580-2012")
    items = list(ScoringItem.objects.filter(category__scheme=scheme))
    divisions = list(Division.objects.all())
    password = make_password(PASSWORD)
    now = timezone.now()
    counts: dict[str, int] = {}

    bulk = partial(_bulk, counts)
    code = partial(_credit_code, "B")

    with transaction.atomic():
        # People with a role.
        staff = bulk(
            User,
            [
                User(username="bench-office", full_name="基准办公室", password=password),
                User(username="bench-leader", full_name="基准领导小组成员", password=password),
            ],
        )
        office, leader = (User.objects.get(username=u.username) for u in staff)
        roles = [
            ProgrammeRole(user=office, programme=programme, role=Role.OFFICE),
            ProgrammeRole(user=leader, programme=programme, role=Role.LEADING_GROUP),
        ]

        # Organisations, each with an applicant user.
        orgs = bulk(
            Organisation,
            [
                Organisation(
                    name=f"赣州基准企业{n:05d}有限公司",
                    credit_code=code(n),
                    legal_representative="张三",
                    address=f"江西省赣州市基准路{n}号",
                    division=divisions[n % len(divisions)],
                    founded_on=date(2000 + n % 20, 1 + n % 12, 1),
                    industry_section=SECTIONS[n % len(SECTIONS)],
                    contact_name="李四",
                    contact_phone="0797-8888888",
                    contact_email=f"org{n}@bench.example.cn",
                )
                for n in range(organisations)
            ],
        )
        orgs = list(Organisation.objects.filter(credit_code__startswith="91360799B").order_by("pk"))
        bulk(
            User,
            [
                User(username=f"bench-applicant-{n}", full_name=f"申报联系人{n}", password=password)
                for n in range(len(orgs))
            ],
        )
        applicants = {
            u.username: u for u in User.objects.filter(username__startswith="bench-applicant-")
        }
        bulk(
            OrganisationMembership,
            [
                OrganisationMembership(user=applicants[f"bench-applicant-{n}"], organisation=org)
                for n, org in enumerate(orgs)
            ],
        )

        # The expert pool.
        bulk(
            User,
            [
                User(username=f"bench-expert-{n}", full_name=f"基准专家{n}", password=password)
                for n in range(experts)
            ],
        )
        expert_users = list(
            User.objects.filter(username__startswith="bench-expert-").order_by("pk")
        )
        bulk(
            ExpertProfile,
            [
                ExpertProfile(user=u, name=u.full_name, employer="江西理工大学", title="教授")
                for u in expert_users
            ],
        )
        profiles = list(ExpertProfile.objects.filter(user__in=expert_users).order_by("pk"))
        ExpertProfile.programmes.through.objects.bulk_create(
            [
                ExpertProfile.programmes.through(
                    expertprofile_id=p.pk, awardprogramme_id=programme.pk
                )
                for p in profiles
            ],
            batch_size=BATCH,
        )
        roles += [
            ProgrammeRole(user=u, programme=programme, role=Role.EXPERT) for u in expert_users
        ]
        bulk(ProgrammeRole, roles)

        # The current round, in material review.
        round = Round.objects.create(
            programme=programme,
            year=year,
            title=f"{year}年度赣州市市长质量奖（基准）",
            stage=RoundStage.MATERIAL_REVIEW,
            scheme=scheme,
            call_published_at=now - timedelta(days=60),
            applications_open_at=now - timedelta(days=60),
            applications_close_at=now - timedelta(days=30),
            window_closed_at=now - timedelta(days=30),
            rules_approved_at=now - timedelta(days=40),
            rules_approved_by=leader,
        )
        chosen = orgs[:applications]
        bulk(
            Application,
            [
                Application(
                    round=round,
                    organisation=org,
                    status=ApplicationStatus.ELIGIBLE,
                    sector=org.sector,
                    sector_confirmed=True,
                    submitted_at=now - timedelta(days=31),
                    declaration_accepted_at=now - timedelta(days=31),
                    main_products="稀土永磁材料",
                    quality_summary="质量管理成效显著",
                    self_assessment="按 GB/T 19580 自评",
                )
                for org in chosen
            ],
        )
        apps = list(Application.objects.filter(round=round).order_by("pk"))
        bulk(
            ConfidentialityCommitment,
            [
                ConfidentialityCommitment(round=round, user=u, text="保密承诺（基准）")
                for u in [office, leader, *expert_users]
            ],
        )

        # Assignments with their declarations; reviews with every item scored.
        bench_expert = profiles[0]
        assignments, declarations, review_rows = [], [], []
        for n, app in enumerate(apps):
            panel = [profiles[(n * reviews + k) % len(profiles)] for k in range(reviews)]
            for expert in panel:
                assignments.append(Assignment(application=app, expert=expert, assigned_by=office))
                declarations.append(
                    ConflictDeclaration(
                        expert=expert, application=app, has_conflict=False, recorded_by=office
                    )
                )
                mine = expert.pk == bench_expert.pk
                review_rows.append(
                    Review(
                        application=app,
                        expert=expert,
                        stage=ReviewStage.MATERIAL,
                        status=ReviewStatus.DRAFT if mine else ReviewStatus.SUBMITTED,
                        summary="总体良好",
                        submitted_at=None if mine else now - timedelta(days=2),
                    )
                )
        bulk(Assignment, assignments)
        bulk(ConflictDeclaration, declarations)
        bulk(Review, review_rows)
        review_list = list(
            Review.all_reviews.filter(application__round=round).only("pk").order_by("pk")
        )
        scores, totals = [], []
        for review in review_list:
            total = Decimal(0)
            for item in items:
                percent = rng.choice((40, 50, 60, 70, 80))
                total += Decimal(item.points) * percent / 100
                scores.append(ItemScore(review=review, item=item, percent=percent))
                if len(scores) >= 20000:
                    bulk(ItemScore, scores)
                    scores = []
            review.total = total
            totals.append(review)
        bulk(ItemScore, scores)
        Review.all_reviews.bulk_update(totals, ["total"], batch_size=BATCH)

        # Past rounds: ranked, approved, winners with certificates.
        past_ids = []
        for k in range(past_rounds):
            past_year = year - 2 * (k + 1)
            past = Round.objects.create(
                programme=programme,
                year=past_year,
                title=f"{past_year}年度赣州市市长质量奖（基准）",
                stage=RoundStage.PUBLISHED,
                scheme=scheme,
                call_published_at=now - timedelta(days=800 * (k + 1)),
                applications_open_at=now - timedelta(days=800 * (k + 1)),
                applications_close_at=now - timedelta(days=770 * (k + 1)),
                window_closed_at=now - timedelta(days=770 * (k + 1)),
            )
            past_ids.append(past.pk)
            bulk(
                ConfidentialityCommitment,
                [
                    ConfidentialityCommitment(round=past, user=u, text="保密承诺（基准）")
                    for u in (office, leader)
                ],
            )
            entrants = orgs[organisations - past_applications * (k + 1) :][:past_applications]
            rows = []
            for rank, org in enumerate(entrants, start=1):
                won = rank <= winners_per_round
                score = Decimal(800 - rank * 3)
                rows.append(
                    Application(
                        round=past,
                        organisation=org,
                        status=ApplicationStatus.AWARDED
                        if won
                        else ApplicationStatus.NOT_CANDIDATE,
                        sector=org.sector,
                        submitted_at=now - timedelta(days=780 * (k + 1)),
                        material_score=score,
                        site_score=score,
                        composite_score=score,
                        sector_rank=rank,
                        proposed_level=PrizeLevel.PRIZE if won else "",
                    )
                )
            bulk(Application, rows)
            approval = ApprovalDecision.objects.create(
                round=past,
                approved_on=date(past_year + 1, 1, 15),
                meeting="市政府常务会议",
                document_number=f"赣市府字〔{past_year + 1}〕1号",
                recorded_by=office,
            )
            winners = list(
                Application.objects.filter(round=past, status=ApplicationStatus.AWARDED)
                .select_related("organisation")
                .order_by("sector_rank")
            )
            _prizes_with_certificates(
                bulk,
                winners,
                {past.pk: approval},
                amount=Decimal("500000"),
                past_year=past_year,
                number=lambda n, g: f"GZZLJ-{g.round.year}-ZL-{n:03d}-BNCH",
            )
            # Its publicity (Art. 21), closed: the public notice page.
            publicity = PublicityPeriod.objects.create(
                round=past,
                starts_at=timezone.make_aware(datetime(past_year, 12, 1)),
                ends_at=timezone.make_aware(datetime(past_year, 12, 11)),
                closed_at=timezone.make_aware(datetime(past_year, 12, 11)),
                notice="经评审，现将拟奖名单予以公示（基准）。",
                objection_contact="市质量强市工作领导小组办公室（基准）",
                opened_by=office,
            )
            publicity.applications.set(winners)

    users = {
        "office": "bench-office",
        "leader": "bench-leader",
        "expert": bench_expert.user.username,
        "applicant": "bench-applicant-0",
    }
    county_round_id = None
    if programmes > 1:
        others = seed_programmes(programmes, year=year)
        for label, n in others.counts.items():
            counts[label] = counts.get(label, 0) + n
        users["county-office"] = others.county_office
        county_round_id = others.county_round_id

    # Bulk inserts leave PostgreSQL without table statistics until autovacuum gets to
    # them; the planner then nests loops over "1-row" tables (the reviewers' standing-assignment
    # query took 600 ms instead of 2 ms). A loaded production database has statistics: so
    # must the benchmark's.
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    mine_ids = list(
        Assignment.objects.filter(expert=bench_expert, application__round=round)
        .order_by("application_id")
        .values_list("application_id", flat=True)
    )
    return Seeded(
        round_id=round.pk,
        past_round_ids=past_ids,
        application_ids=[a.pk for a in apps],
        bench_expert_application_ids=mine_ids,
        users=users,
        counts=counts,
        county_round_id=county_round_id,
    )


@dataclass
class ProgrammesSeeded:
    programme_ids: list[int]
    county_office: str
    county_round_id: int
    counts: dict[str, int] = field(default_factory=dict)


# The current round's stage, by programme: the call open, material review, publicity open.
CURRENT_STAGES = ["application", "material_review", "publicity"]
PAST_APPLICATIONS = 4
PAST_WINNERS = 2
CURRENT_APPLICATIONS = 3


def seed_programmes(count: int = 150, *, year: int = 2040) -> ProgrammesSeeded:
    """The province's other programmes (``programme_specs``), ``count`` with the Mayor's award
    (which is left as it is): each with its office and leading-group user, a published round
    (``year`` - 2) with winners, certificates and its closed publicity, and a current round
    (``year``) in one of ``CURRENT_STAGES``, a handful of applications in each. Bulk inserts:
    some twenty queries whatever ``count``."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from accounts.enums import Role
    from accounts.models import ProgrammeRole, User
    from applications.enums import ApplicationStatus
    from applications.models import Application
    from awards.enums import PrizeLevel, RoundStage
    from awards.models import AwardProgramme, ConfidentialityCommitment, Round, ScoringScheme
    from grants.models import ApprovalDecision
    from organisations.models import Division, Organisation
    from publicity.models import PublicityPeriod

    every = programme_specs(count)
    present = set(
        AwardProgramme.objects.filter(slug__in=[s.slug for s in every]).values_list(
            "slug", flat=True
        )
    )
    # Those not yet in the database: seeding 3 then 30 adds 27 (the tests compare the two).
    numbered = [(n, s) for n, s in enumerate(every) if s.slug not in present]
    specs = [s for _n, s in numbered]
    place = {s.slug: s.place for s in specs}
    scheme = ScoringScheme.objects.get(code="gbt19580-2012")
    divisions = list(Division.objects.all())
    password = make_password(PASSWORD)
    now = timezone.now()
    past_year = year - 2
    counts: dict[str, int] = {}

    bulk = partial(_bulk, counts)
    code = partial(_credit_code, "P")

    with transaction.atomic():
        # The programmes: those that guide none first, then the counties and zones their city
        # guides (Art. 11(9)).
        guides: dict[str | None, int | None] = {None: None}
        for guided in (False, True):
            bulk(
                AwardProgramme,
                [
                    AwardProgramme(
                        name=s.name,
                        slug=s.slug,
                        awarding_body=s.awarding_body,
                        office_name=s.office_name,
                        guided_by_id=guides[s.guide],
                    )
                    for s in specs
                    if (s.guide is not None) == guided
                ],
            )
            guides |= dict(
                AwardProgramme.objects.filter(
                    slug__in={s.guide for s in specs if s.guide}
                ).values_list("slug", "pk")
            )
        by_slug = {
            p.slug: p for p in AwardProgramme.objects.filter(slug__in=[s.slug for s in specs])
        }
        programmes = [by_slug[s.slug] for s in specs]

        # Each programme's office and leading group.
        bulk(
            User,
            [
                User(username=f"{s.slug}-{role}", full_name=f"{s.place}{title}", password=password)
                for s in specs
                for role, title in (("office", "质量办"), ("leader", "领导小组成员"))
            ],
        )
        users = {
            u.username: u
            for u in User.objects.filter(
                username__in=[f"{s.slug}-{r}" for s in specs for r in ("office", "leader")]
            )
        }
        bulk(
            ProgrammeRole,
            [
                ProgrammeRole(user=users[f"{p.slug}-{name}"], programme=p, role=role)
                for p in programmes
                for name, role in (("office", Role.OFFICE), ("leader", Role.LEADING_GROUP))
            ],
        )

        # A published round and a current one a programme.
        def window(days_ago: int, days: int = 30) -> dict[str, Any]:
            opened = now - timedelta(days=days_ago)
            return {
                "call_published_at": opened,
                "applications_open_at": opened,
                "applications_close_at": opened + timedelta(days=days),
            }

        rounds = []
        for (n, _s), p in zip(numbered, programmes, strict=True):
            leader = users[f"{p.slug}-leader"]
            stage = CURRENT_STAGES[n % len(CURRENT_STAGES)]
            rounds.append(
                Round(
                    programme=p,
                    year=past_year,
                    title=f"{past_year}年度{p.name}",
                    stage=RoundStage.PUBLISHED,
                    scheme=scheme,
                    window_closed_at=now - timedelta(days=770),
                    rules_approved_at=now - timedelta(days=780),
                    rules_approved_by=leader,
                    **window(800),
                )
            )
            current = window(10 if stage == RoundStage.APPLICATION else 120)
            approved = stage != RoundStage.APPLICATION
            rounds.append(
                Round(
                    programme=p,
                    year=year,
                    title=f"{year}年度{p.name}",
                    stage=stage,
                    scheme=scheme,
                    call_notice=f"{p.office_name}关于组织申报{year}年度{p.name}的通知（基准）",
                    window_closed_at=current["applications_close_at"] if approved else None,
                    rules_approved_at=now - timedelta(days=80) if approved else None,
                    rules_approved_by=leader if approved else None,
                    **current,
                )
            )
        bulk(Round, rounds)
        rounds = list(
            Round.objects.filter(programme__in=programmes, year__in=(past_year, year))
            .select_related("programme")
            .order_by("programme_id", "year")
        )
        bulk(
            ConfidentialityCommitment,
            [
                ConfidentialityCommitment(round=r, user=users[f"{r.programme.slug}-{u}"], text="")
                for r in rounds
                for u in ("office", "leader")
            ],
        )

        # A few organisations a programme, applying to both rounds.
        bulk(
            Organisation,
            [
                Organisation(
                    name=f"{s.place}基准企业{k}有限公司",
                    credit_code=code(n * PAST_APPLICATIONS + k),
                    legal_representative="张三",
                    address=f"江西省{s.place}基准路{k}号",
                    division=divisions[(n + k) % len(divisions)],
                    founded_on=date(2005 + k, 3, 1),
                    industry_section=SECTIONS[(n + k) % len(SECTIONS)],
                    contact_name="李四",
                    contact_phone="0791-8888888",
                    contact_email=f"p{n}-{k}@bench.example.cn",
                )
                for n, s in numbered
                for k in range(PAST_APPLICATIONS)
            ],
        )
        orgs = {
            o.credit_code: o
            for o in Organisation.objects.filter(
                credit_code__in=[
                    code(n * PAST_APPLICATIONS + k)
                    for n, _s in numbered
                    for k in range(PAST_APPLICATIONS)
                ]
            )
        }
        entrants = {
            p.pk: [orgs[code(n * PAST_APPLICATIONS + k)] for k in range(PAST_APPLICATIONS)]
            for (n, _s), p in zip(numbered, programmes, strict=True)
        }
        current_status = {
            RoundStage.APPLICATION: ApplicationStatus.SUBMITTED,
            RoundStage.MATERIAL_REVIEW: ApplicationStatus.ELIGIBLE,
            RoundStage.PUBLICITY: ApplicationStatus.PROPOSED,
        }
        rows = []
        for r in rounds:
            past = r.stage == RoundStage.PUBLISHED
            for rank, org in enumerate(entrants[r.programme_id], start=1):
                if not past and rank > CURRENT_APPLICATIONS:
                    break
                won = rank <= PAST_WINNERS
                score = Decimal(780 - rank * 20)
                status = current_status.get(r.stage, ApplicationStatus.SUBMITTED)
                if past:
                    status = ApplicationStatus.AWARDED if won else ApplicationStatus.NOT_CANDIDATE
                elif r.stage == RoundStage.PUBLICITY and not won:
                    status = ApplicationStatus.NOT_PROPOSED
                scored = past or r.stage == RoundStage.PUBLICITY
                rows.append(
                    Application(
                        round=r,
                        organisation=org,
                        status=status,
                        sector=org.sector,
                        sector_confirmed=r.stage != RoundStage.APPLICATION,
                        submitted_at=r.applications_open_at + timedelta(days=5),
                        declaration_accepted_at=r.applications_open_at + timedelta(days=5),
                        main_products="精密机械零部件",
                        quality_summary="质量管理成效显著",
                        material_score=score if scored else None,
                        site_score=score if scored else None,
                        composite_score=score if scored else None,
                        sector_rank=rank if scored else None,
                        proposed_level=PrizeLevel.PRIZE if scored and won else "",
                    )
                )
        bulk(Application, rows)

        # The published rounds' approval, winners and certificates.
        past_rounds = [r for r in rounds if r.stage == RoundStage.PUBLISHED]
        bulk(
            ApprovalDecision,
            [
                ApprovalDecision(
                    round=r,
                    approved_on=date(past_year + 1, 1, 15),
                    meeting=f"{r.programme.awarding_body}常务会议",
                    document_number=f"{place[r.programme.slug]}府字〔{past_year + 1}〕1号",
                    recorded_by=users[f"{r.programme.slug}-office"],
                )
                for r in past_rounds
            ],
        )
        approvals = {a.round_id: a for a in ApprovalDecision.objects.filter(round__in=past_rounds)}
        winners = list(
            Application.objects.filter(round__in=past_rounds, status=ApplicationStatus.AWARDED)
            .select_related("round")
            .order_by("round_id", "sector_rank")
        )
        _prizes_with_certificates(
            bulk,
            winners,
            approvals,
            amount=Decimal("200000"),
            past_year=past_year,
            number=lambda n, g: f"JX{g.round.programme_id:04d}-{g.round.year}-{n:03d}",
        )

        # Publicity (Art. 21): the published rounds' closed, the current ones' open.
        periods = [
            PublicityPeriod(
                round=r,
                starts_at=timezone.make_aware(datetime(past_year, 12, 1)),
                ends_at=timezone.make_aware(datetime(past_year, 12, 11)),
                closed_at=timezone.make_aware(datetime(past_year, 12, 11)),
                notice=f"经评审，现将{past_year}年度{r.programme.name}拟奖名单予以公示（基准）。",
                objection_contact=r.programme.office_name,
                opened_by=users[f"{r.programme.slug}-office"],
            )
            for r in past_rounds
        ] + [
            PublicityPeriod(
                round=r,
                starts_at=now - timedelta(days=2),
                ends_at=now + timedelta(days=9),
                notice=f"经评审，现将{year}年度{r.programme.name}拟奖名单予以公示（基准）。",
                objection_contact=r.programme.office_name,
                opened_by=users[f"{r.programme.slug}-office"],
            )
            for r in rounds
            if r.stage == RoundStage.PUBLICITY
        ]
        bulk(PublicityPeriod, periods)
        listed = Application.objects.filter(
            round__in=[p.round_id for p in periods],
            status__in=(ApplicationStatus.AWARDED, ApplicationStatus.PROPOSED),
        ).values_list("pk", "round_id")
        period_of = {p.round_id: p.pk for p in PublicityPeriod.objects.filter(round__in=rounds)}
        PublicityPeriod.applications.through.objects.bulk_create(
            [
                PublicityPeriod.applications.through(
                    publicityperiod_id=period_of[round_id], application_id=pk
                )
                for pk, round_id in listed
            ],
            batch_size=BATCH,
        )

    # A county's office (with fewer programmes than a county needs, the province's).
    county = next((s for s in every if s.guide is not None), every[0])
    return ProgrammesSeeded(
        programme_ids=[p.pk for p in programmes],
        county_office=f"{county.slug}-office",
        county_round_id=Round.objects.get(programme__slug=county.slug, year=year).pk,
        counts=counts,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--organisations", type=int, default=5000)
    parser.add_argument("--applications", type=int, default=1000)
    parser.add_argument("--experts", type=int, default=300)
    parser.add_argument("--reviews", type=int, default=5)
    parser.add_argument("--past-rounds", type=int, default=2)
    parser.add_argument(
        "--programmes", type=int, default=150, help="programmes in all, the Mayor's award one"
    )
    args = parser.parse_args()
    from _setup import django_with_fresh_database

    django_with_fresh_database()
    started = time.perf_counter()
    seeded = seed(
        organisations=args.organisations,
        applications=args.applications,
        experts=args.experts,
        reviews=args.reviews,
        past_rounds=args.past_rounds,
        programmes=args.programmes,
    )
    elapsed = time.perf_counter() - started
    for label, n in sorted(seeded.counts.items()):
        print(f"{label:<45} {n:>8}")
    print(f"seeded in {elapsed:.1f} s (round {seeded.round_id}, past {seeded.past_round_ids})")


if __name__ == "__main__":
    main()
