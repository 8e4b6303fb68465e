"""The calibrated view (advice only): the z-score arithmetic against hand-computed values, "not
enough data", and the office page beside the official scores (R12: conflicted reviewers left
out; outsiders 404; constant queries)."""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from accounts.enums import Role
from awards.models import ConfidentialityCommitment
from awards.services import sign_commitment
from reviews.enums import ConflictKind, ReviewStatus
from reviews.models import ItemScore, Review
from reviews.permissions import standing_assignments
from reviews.rules.calibration import ScoredItem, calibrate, calibrated_percent
from reviews.rules.scoring import mean_score
from reviews.selectors.calibration import calibration_view
from reviews.selectors.feedback import consensus_totals
from reviews.services import review as services
from tests.factories import UserFactory, expert_user, grant_role, leading_group_user
from tests.reviews.helpers import MATERIAL, eligible, items_of, other_programme, profile, ready
from tests.reviews.views.test_expert import count_queries, logged_in

# --- the arithmetic ------------------------------------------------------------------------------

# Two items worth 100 and 50 points. Reviewer 1 (review 1): 40, 60. Reviewer 2 (review 2): 80,
# 80 (no spread). Reviewer 3: review 3 50, 70; review 4 30, 50.
ROWS = [
    ScoredItem(reviewer=1, review=1, points=100, percent=40),
    ScoredItem(reviewer=1, review=1, points=50, percent=60),
    ScoredItem(reviewer=2, review=2, points=100, percent=80),
    ScoredItem(reviewer=2, review=2, points=50, percent=80),
    ScoredItem(reviewer=3, review=3, points=100, percent=50),
    ScoredItem(reviewer=3, review=3, points=50, percent=70),
    ScoredItem(reviewer=3, review=4, points=100, percent=30),
    ScoredItem(reviewer=3, review=4, points=50, percent=50),
]


def test_z_scores_against_hand_computed_values() -> None:
    result = calibrate(ROWS, min_items=2)
    # Round: 8 percentages summing to 460, mean 57.5; squared deviations sum to 2350, so the
    # population variance is 293.75 and the spread sqrt(293.75) = 17.139.
    assert result.round_mean == 57.5
    assert result.round_sd == pytest.approx(math.sqrt(293.75))
    s = math.sqrt(293.75)
    # Reviewer 1: mean 50, spread 10; z = -1, +1 -> 57.5 - s, 57.5 + s;
    # 100 x 0.40361 + 50 x 0.74639 = 77.68 -> 77.7.
    assert result.reviewers[1].mean == 50 and result.reviewers[1].sd == 10
    assert (57.5 - s) + 0.5 * (57.5 + s) == pytest.approx(77.6804, abs=1e-4)
    assert result.totals[1] == Decimal("77.7")
    # Reviewer 2: no spread -> not enough data.
    assert not result.reviewers[2].enough
    assert result.totals[2] is None
    # Reviewer 3: mean 50, spread sqrt(200) = 14.142. Review 3: z = 0, sqrt(2) -> 57.5,
    # 57.5 + 1.41421 x 17.139 = 81.739; 57.5 + 50 x 0.81739 = 98.37 -> 98.4.
    # Review 4: z = -sqrt(2), 0 -> 33.261, 57.5; 33.261 + 28.75 = 62.01 -> 62.0.
    assert result.reviewers[3].sd == pytest.approx(math.sqrt(200))
    assert result.totals[3] == Decimal("98.4")
    assert result.totals[4] == Decimal("62.0")
    # Leniency: the reviewer's mean against the round's.
    assert result.leniency(2) == pytest.approx(22.5)
    assert result.leniency(3) == pytest.approx(-7.5)


def test_too_few_items_is_not_enough_data() -> None:
    result = calibrate(ROWS, min_items=3)
    assert result.totals[1] is None  # reviewer 1 scored two items only
    assert result.totals[3] == Decimal("98.4")


def test_calibrated_percentages_stay_within_0_and_100() -> None:
    assert calibrated_percent(100, mean=10, sd=5, round_mean=60, round_sd=20) == 100
    assert calibrated_percent(0, mean=90, sd=5, round_mean=40, round_sd=20) == 0


def test_no_scores_no_calibration() -> None:
    result = calibrate([])
    assert result.round_mean is None and result.totals == {}


# --- the office page -----------------------------------------------------------------------------


def varied(application, user, base: int) -> Review:
    """Submit a review whose percentages vary by item (base, base+5, base+10, ...)."""
    scores = {
        item.pk: (min(100, base + 5 * (n % 5)), "依据")
        for n, item in enumerate(items_of(application.round))
    }
    review = services.save_review(application, profile(user), MATERIAL, actor=user, scores=scores)
    return services.submit_review(review, actor=user)


def url(round) -> str:
    return reverse("reviews:calibration", args=[round.pk, MATERIAL])


def test_the_office_sees_official_and_calibrated_totals(round, office, reviewer) -> None:
    apps = [eligible(round, name=f"{n}号公司") for n in range(2)]
    lenient = expert_user(full_name="宽松专家")
    for app in apps:
        ready(app, reviewer, office)
        ready(app, lenient, office)
    reviews = [varied(apps[0], reviewer, 30), varied(apps[1], reviewer, 50)]
    reviews += [varied(apps[0], lenient, 60), varied(apps[1], lenient, 75)]
    before = {r.pk: r.total for r in Review.all_reviews.all()}
    sign_commitment(round, user=office)
    body = logged_in(office).get(url(round)).content.decode()
    assert 'id="calibration-advice"' in body
    assert "宽松专家" in body and "lenient" in body and "severe" in body
    assert body.count('class="calibration-row"') == 4
    for review in reviews:
        assert str(review.total) in body
    # The page only reads: every official total is unchanged.
    assert {r.pk: r.total for r in Review.all_reviews.all()} == before


def test_a_conflicted_reviewer_is_left_out(round, office, reviewer) -> None:
    app = eligible(round)
    other = expert_user(full_name="冲突专家")
    ready(app, reviewer, office)
    ready(app, other, office)
    varied(app, reviewer, 40)
    varied(app, other, 40)
    services.declare_conflict(
        app, profile(other), actor=office, has_conflict=True, kind=ConflictKind.FAMILY
    )
    sign_commitment(round, user=office)
    body = logged_in(office).get(url(round)).content.decode()
    assert "冲突专家" not in body
    assert body.count('class="calibration-row"') == 1


def test_the_calibrated_view_needs_the_commitment_and_is_office_only(round, office) -> None:
    response = logged_in(office).get(url(round))
    assert response.status_code == 302 and "commitment" in response.url
    county = grant_role(UserFactory(), Role.OFFICE, prog=other_programme())
    for outsider in (county, leading_group_user(), expert_user()):
        ConfidentialityCommitment.objects.create(round=round, user=outsider, text="承诺")
        assert logged_in(outsider).get(url(round)).status_code == 404
    assert (
        logged_in(office).get(reverse("reviews:calibration", args=[round.pk, "x"])).status_code
        == 404
    )


def test_the_round_review_page_links_the_calibrated_view(round, office) -> None:
    body = logged_in(office).get(reverse("reviews:round_review", args=[round.pk])).content.decode()
    assert url(round) in body


@pytest.mark.parametrize("size", [2, 12])
def test_calibration_query_count_does_not_grow(
    size, round, office, reviewer, django_assert_num_queries
) -> None:
    sign_commitment(round, user=office)
    client = logged_in(office)

    def add(n: int) -> None:
        for i in range(n):
            app = eligible(round)
            ready(app, reviewer, office)
            varied(app, reviewer, 20 + 5 * (i % 10))

    add(2)
    two = count_queries(client, url(round), 'class="calibration-row"', 2)
    add(size - 2)
    cache.clear()  # computed afresh at both sizes (size 2: the same reviews as before)
    with django_assert_num_queries(two):
        count_queries(client, url(round), 'class="calibration-row"', size)


def test_the_calibration_is_computed_once_per_state_of_the_submitted_reviews(
    round, office, reviewer
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    apps = [eligible(round, name=f"{n}号公司") for n in range(2)]
    ready(apps[0], reviewer, office)
    varied(apps[0], reviewer, 30)
    sign_commitment(round, user=office)
    client = logged_in(office)

    def item_score_reads() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(url(round))
        return sum('FROM "reviews_itemscore"' in q["sql"] for q in queries.captured_queries)

    assert item_score_reads() == 1
    assert item_score_reads() == 0  # the same submitted reviews: from the cache
    ready(apps[1], reviewer, office)
    varied(apps[1], reviewer, 60)
    assert item_score_reads() == 1  # a review more: computed again, and shown
    assert logged_in(office).get(url(round)).content.decode().count('class="calibration-row"') == 2


# --- the same result as the computation it replaced ------------------------------------------


def _one(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _reference_view(round, stage: str) -> dict:
    """The calibrated view as computed before its reviews were read as rows of values: every
    submitted review as a model object with its expert, application and organisation. Kept
    here as the yardstick of the values the page shows."""
    standing = set(
        standing_assignments()
        .filter(application__round=round)
        .values_list("application_id", "expert_id")
    )
    reviews = [
        r
        for r in Review.objects.filter(
            application__round=round, stage=stage, status=ReviewStatus.SUBMITTED
        )
        .select_related("expert", "application__organisation")
        .order_by("application__sector", "application__organisation__name", "expert__name")
        if (r.application_id, r.expert_id) in standing
    ]
    by_id = {r.pk: r for r in reviews}
    result = calibrate(
        ScoredItem(reviewer=by_id[review_id].expert_id, review=review_id, points=points, percent=p)
        for review_id, points, p in ItemScore.objects.filter(review_id__in=list(by_id))
        .values_list("review_id", "item__points", "percent")
        .order_by("review_id", "item_id")
    )
    applications: dict = {}
    per_app: dict = defaultdict(list)
    for r in reviews:
        per_app[r.application_id].append(r)
        applications.setdefault(r.application_id, r.application)
    consensus = consensus_totals(list(applications), stage)
    rows = []
    for app_id, application in applications.items():
        app_reviews = per_app[app_id]
        calibrated = [result.totals.get(r.pk) for r in app_reviews]
        known = [c for c in calibrated if c is not None]
        rows.append(
            (
                app_id,
                application.organisation.name,
                application.get_sector_display(),
                [
                    (r.pk, r.expert.name, r.total, c)
                    for r, c in zip(app_reviews, calibrated, strict=True)
                ],
                mean_score([r.total for r in app_reviews]),
                mean_score(known) if known else None,
                consensus.get(app_id),
            )
        )
    experts = {r.expert_id: r.expert for r in reviews}
    counts = Counter(r.expert_id for r in reviews)
    reviewers = [
        (
            expert_id,
            experts[expert_id].name,
            counts[expert_id],
            stats.items,
            _one(stats.mean),
            _one(stats.sd),
            stats.enough,
            _one(result.leniency(expert_id)) if result.leniency(expert_id) is not None else None,
        )
        for expert_id, stats in sorted(result.reviewers.items(), key=lambda kv: experts[kv[0]].name)
    ]
    return {
        "round_mean": _one(result.round_mean) if result.round_mean is not None else None,
        "round_sd": _one(result.round_sd) if result.round_sd is not None else None,
        "reviewers": reviewers,
        "rows": rows,
    }


def _as_reference(view: dict) -> dict:
    return {
        "round_mean": view["round_mean"],
        "round_sd": view["round_sd"],
        "reviewers": [
            (
                r["expert_id"],
                r["name"],
                r["reviews"],
                r["items"],
                r["mean"],
                r["sd"],
                r["enough"],
                r["leniency"],
            )
            for r in view["reviewers"]
        ],
        "rows": [
            (
                row["application_id"],
                row["organisation"],
                row["sector"],
                [
                    (e["review_id"], e["expert"], e["total"], e["calibrated"])
                    for e in row["reviews"]
                ],
                row["official_mean"],
                row["calibrated_mean"],
                row["consensus"],
            )
            for row in view["rows"]
        ],
    }


def test_the_calibrated_view_equals_the_computation_it_replaced_on_random_scores(
    round, office
) -> None:
    rng = random.Random(20261207)
    experts = [expert_user(full_name=f"{name}专家") for name in "甲乙丙丁戊"]
    items = items_of(round)
    for n in range(8):
        app = eligible(round, name=f"{rng.randint(0, 99):02d}号公司{n}", section=rng.choice("CIL"))
        for user in rng.sample(experts, rng.randint(2, 4)):
            ready(app, user, office)
            scores = {item.pk: (5 * rng.randint(0, 20), "依据") for item in items}
            review = services.save_review(app, profile(user), MATERIAL, actor=user, scores=scores)
            if rng.random() < 0.8:  # some stay drafts: not counted
                services.submit_review(review, actor=user)
    # R12: a conflict recorded after scoring takes the expert's review out of both.
    conflicted = Review.objects.filter(status=ReviewStatus.SUBMITTED).order_by("pk").first()
    services.declare_conflict(
        conflicted.application,
        conflicted.expert,
        actor=office,
        has_conflict=True,
        kind=ConflictKind.FAMILY,
    )
    cache.clear()
    expected = _reference_view(round, MATERIAL)
    assert len(expected["rows"]) >= 6 and any(r[6] for r in expected["reviewers"])
    assert _as_reference(calibration_view(round, MATERIAL)) == expected
    assert _as_reference(calibration_view(round, MATERIAL)) == expected  # from the cache
