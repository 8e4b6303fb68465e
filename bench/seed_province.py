"""A provincial-scale data set built with bulk inserts: seconds, not minutes.

    .venv/bin/python bench/seed_province.py                  # 5,000 organisations, 1,000
                                                             # applications, 300 experts ...
    .venv/bin/python bench/seed_province.py --organisations 500 --applications 100 --experts 30

Builds, in a throw-away SQLite database (or the empty database DATABASE_URL names):
  * ``--organisations`` organisations across the divisions, each with an applicant user;
  * a current round in material review with ``--applications`` eligible applications, each
    assigned to ``--reviews`` experts of a pool of ``--experts`` (assignment,
    "no conflict" declaration, commitment signed: the real access rules apply) and scored by
    them over every item of GB/T 19580 (23 items): submitted reviews, except the bench
    expert's own, left as drafts so that the scoring page is editable;
  * ``--past-rounds`` published rounds with ranked applications, winners, certificates and
    their closed publicity.
Users (password ``bench-pass-2026``): bench-office, bench-leader, bench-expert (one of the
pool), bench-applicant (an applicant of the current round).
"""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

BATCH = 2000
PASSWORD = "bench-pass-2026"
SECTIONS = ["C", "C", "C", "I", "L", "M", "E", "F"]


@dataclass
class Seeded:
    round_id: int
    past_round_ids: list[int]
    application_ids: list[int]
    bench_expert_application_ids: list[int]
    users: dict[str, str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


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
    from grants.models import ApprovalDecision, AwardGrant, Certificate
    from organisations.models import Division, Organisation, OrganisationMembership
    from organisations.validators import credit_code_check_character
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

    def bulk(model: Any, rows: list[Any]) -> list[Any]:
        created = model.objects.bulk_create(rows, batch_size=BATCH)
        counts[model._meta.label] = counts.get(model._meta.label, 0) + len(rows)
        return created  # type: ignore[no-any-return]

    def code(n: int) -> str:
        first17 = f"91360799B{n:08d}"
        return first17 + credit_code_check_character(first17)

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
            bulk(
                AwardGrant,
                [
                    AwardGrant(
                        round=past,
                        application=a,
                        organisation=a.organisation,
                        approval=approval,
                        level=PrizeLevel.PRIZE,
                        amount=Decimal("500000"),
                        approved_on=approval.approved_on,
                        valid_until=date(past_year + 4, 1, 15),
                    )
                    for a in winners
                ],
            )
            bulk(
                Certificate,
                [
                    Certificate(grant=g, number=f"GZZLJ-{past_year}-ZL-{n:03d}-BNCH")
                    for n, g in enumerate(
                        AwardGrant.objects.filter(round=past).order_by("pk"), start=1
                    )
                ],
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
        users={
            "office": "bench-office",
            "leader": "bench-leader",
            "expert": bench_expert.user.username,
            "applicant": "bench-applicant-0",
        },
        counts=counts,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--organisations", type=int, default=5000)
    parser.add_argument("--applications", type=int, default=1000)
    parser.add_argument("--experts", type=int, default=300)
    parser.add_argument("--reviews", type=int, default=5)
    parser.add_argument("--past-rounds", type=int, default=2)
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
    )
    elapsed = time.perf_counter() - started
    for label, n in sorted(seeded.counts.items()):
        print(f"{label:<45} {n:>8}")
    print(f"seeded in {elapsed:.1f} s (round {seeded.round_id}, past {seeded.past_round_ids})")


if __name__ == "__main__":
    main()
