"""R2 / Art. 6: the composite ranking fills the places of each sector bucket of the round's
rules: three buckets (制造业 C, 建筑业 E, 服务业 the rest) and one bucket (a zone award's 3
places, no split)."""

from __future__ import annotations

import pytest

from applications.models import Application
from awards.enums import PrizeLevel
from awards.rulesets import round_bucket_places
from decisionlog.workflow import DomainError
from organisations.enums import Sector
from reviews.rules.scoring import Quotas, check_quotas
from reviews.selectors.draw import draw_applications
from reviews.selectors.review import composite_report
from reviews.services import review as services
from tests.factories import expert_user
from tests.factories.buckets import one_bucket, three_buckets
from tests.reviews.helpers import eligible, profile, review_round
from tests.reviews.test_services import run_to_site_review

THREE_BUCKETS = three_buckets(nomination=(1, 1, 1))
ONE_BUCKET = one_bucket()


def _levels(apps: dict[str, Application]) -> dict[str, tuple[str, str, int | None]]:
    for app in apps.values():
        app.refresh_from_db()
    return {name: (a.sector, a.proposed_level, a.sector_rank) for name, a in apps.items()}


def test_three_buckets_each_fill_their_own_places(office, reviewer) -> None:  # type: ignore[no-untyped-def]
    round = review_round(
        rule_settings={"sector_buckets": THREE_BUCKETS},
        prize_quota=5,
        prize_quota_manufacturing=2,
        prize_quota_service=2,
        nomination_quota=3,
        nomination_quota_manufacturing=1,
        nomination_quota_service=1,
    )
    assert round_bucket_places(round) == {
        "prize": {"manufacturing": 2, "construction": 1, "service": 2},
        "nomination": {"manufacturing": 1, "construction": 1, "service": 1},
    }
    apps = run_to_site_review(
        round,
        office,
        reviewer,
        {
            "甲": ("C", 90, 90, ()),  # 900: manufacturing prize
            "乙": ("C", 80, 80, ()),  # 800: manufacturing prize
            "丙": ("C", 70, 70, ()),  # 700: manufacturing nomination (prize places full)
            "丁": ("E", 65, 65, ()),  # 650: construction prize
            "戊": ("E", 60, 60, ()),  # 600: construction nomination
            "己": ("E", 55, 55, ()),  # 550: nothing (construction places full)
            "庚": ("L", 60, 60, ()),  # 600: service prize
        },
    )
    Application.objects.filter(organisation__industry_section="E").update(sector="construction")
    services.complete_composite_evaluation(round, actor=office)
    assert _levels(apps) == {
        "甲": ("manufacturing", "prize", 1),
        "乙": ("manufacturing", "prize", 2),
        "丙": ("manufacturing", "nomination", 3),
        "丁": ("construction", "prize", 1),
        "戊": ("construction", "nomination", 2),
        "己": ("construction", "", 3),
        "庚": ("service", "prize", 1),
    }
    report = composite_report(round)
    assert [block["sector"].label for block in report["sectors"]] == [
        Sector.MANUFACTURING.label,
        "建筑业",
        "服务业",
    ]
    prize_use = report["quota_use"][0]["sectors"]
    assert [(s["sector"].label, s["used"], s["quota"]) for s in prize_use] == [
        (Sector.MANUFACTURING.label, 2, 2),
        ("建筑业", 1, 1),
        ("服务业", 1, 2),
    ]
    # A list with two construction prizes breaks that bucket's places, named by its name.
    quotas = Quotas.from_round(round)
    assert check_quotas(quotas, [("construction", "prize", False)] * 2) == [
        f"{PrizeLevel.PRIZE.label}, 建筑业: 2 places used, the quota is 1."
    ]


def test_one_bucket_fills_the_levels_places_with_no_split(office, reviewer) -> None:  # type: ignore[no-untyped-def]
    round = review_round(
        rule_settings={"sector_buckets": ONE_BUCKET},
        prize_quota=3,
        prize_quota_manufacturing=0,
        prize_quota_service=0,
        nomination_quota=0,
        nomination_quota_manufacturing=0,
        nomination_quota_service=0,
    )
    apps = run_to_site_review(
        round,
        office,
        reviewer,
        {
            "甲": ("C", 90, 90, ()),
            "乙": ("C", 80, 80, ()),
            "丙": ("L", 70, 70, ()),
            "丁": ("E", 65, 65, ()),
        },
    )
    Application.objects.filter(round=round).update(sector="all")
    services.complete_composite_evaluation(round, actor=office)
    assert _levels(apps) == {
        "甲": ("all", "prize", 1),
        "乙": ("all", "prize", 2),
        "丙": ("all", "prize", 3),
        "丁": ("all", "", 4),
    }


def test_a_review_group_serves_a_bucket_of_the_rounds_rules(office) -> None:  # type: ignore[no-untyped-def]
    round = review_round(rule_settings={"sector_buckets": THREE_BUCKETS})
    builder = eligible(round, name="赣州建工集团有限公司", section="E", sector="construction")
    eligible(round, name="赣州稀土新材料股份有限公司", section="C")
    member = profile(expert_user())
    group = services.create_review_group(
        round, actor=office, name="建筑业组", sector="construction", members=[member]
    )
    assert group.get_sector_display() == "建筑业"
    assert list(draw_applications(round, group)) == [builder]
    with pytest.raises(DomainError):
        services.create_review_group(
            round, actor=office, name="教育组", sector="education", members=[member]
        )
