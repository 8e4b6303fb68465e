"""The provincial-scale seed (bench/seed_province.py) at a small size: its bulk-inserted rows
satisfy the real access rules, so every page the load script drives answers 200."""

from __future__ import annotations

import sys

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.models import User
from applications.models import Application
from awards.models import AwardProgramme
from reviews.models import ItemScore, Review

pytestmark = pytest.mark.django_db

sys.path.insert(0, str(settings.BASE_DIR / "bench"))
from seed_province import seed  # noqa: E402


def test_the_seed_builds_a_round_every_role_can_work_in() -> None:
    seeded = seed(
        organisations=40,
        applications=12,
        experts=6,
        reviews=3,
        past_applications=8,
        programmes=14,
    )
    assert AwardProgramme.objects.count() == 14
    assert Application.objects.filter(round_id=seeded.round_id).count() == 12
    reviews = Review.all_reviews.filter(application__round_id=seeded.round_id)
    assert reviews.count() == 12 * 3
    assert ItemScore.objects.filter(review__in=reviews).count() == 12 * 3 * 23
    assert all(r.total > 0 for r in reviews)
    assert seeded.bench_expert_application_ids

    def client(role: str) -> Client:
        c = Client()
        c.force_login(User.objects.get(username=seeded.users[role]))
        return c

    office, expert, applicant = client("office"), client("expert"), client("applicant")
    county = client("county-office")
    pages = [
        (office, reverse("awards:round_detail", args=[seeded.round_id])),
        (office, reverse("applications:office_list", args=[seeded.round_id])),
        (office, reverse("reviews:round_review", args=[seeded.round_id])),
        (office, reverse("reviews:composite_report", args=[seeded.past_round_ids[0]])),
        (expert, reverse("accounts:dashboard")),
        (
            expert,
            reverse("reviews:score", args=[seeded.bench_expert_application_ids[0], "material"]),
        ),
        (applicant, reverse("accounts:dashboard")),
        (county, reverse("awards:round_list")),
        (county, reverse("awards:round_detail", args=[seeded.county_round_id])),
        (county, reverse("applications:office_list", args=[seeded.county_round_id])),
        (county, reverse("accounts:dashboard")),
        (Client(), reverse("publicity:public_list")),
        (Client(), reverse("grants:winners")),
        (Client(), reverse("awards:call_list")),
    ]
    for c, url in pages:
        assert c.get(url).status_code == 200, url
