"""Reads of the calibrated view (advice to the office, reviews.rules.calibration): per reviewer
its mean and spread, per application each reviewer's official and calibrated totals beside the
group's consensus. The official scores are only read. Four queries whatever the size, three
while the submitted reviews are as they were (the calibration is kept in the cache)."""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.cache import cache

from awards.models import Round
from reviews.enums import ReviewStatus
from reviews.models import ItemScore, Review
from reviews.permissions import standing_assignments
from reviews.rules.calibration import (
    CALIBRATION_MIN_ITEMS,
    Calibration,
    ScoredItem,
    calibrate,
)
from reviews.rules.scoring import mean_score
from reviews.selectors.feedback import consensus_totals

# The z-scores over every item score of the round (115,000 at provincial scale) are computed
# once per state of its submitted reviews: the key names each review with its last save
# (write_scores replaces a review's item scores and the review is saved with them).
CALIBRATION_CACHE_SECONDS = 3600


def _calibration(round: Round, stage: str, reviews: list[Review]) -> Calibration:
    state = ",".join(f"{r.pk}:{r.updated_at.isoformat()}" for r in reviews)
    digest = hashlib.sha256(f"{round.scheme_id}|{stage}|{state}".encode()).hexdigest()
    key = f"calibration:{round.pk}:{digest}"
    result = cache.get(key)
    if result is None:
        by_id = {r.pk: r for r in reviews}
        items = [
            ScoredItem(
                reviewer=by_id[review_id].expert_id, review=review_id, points=points, percent=p
            )
            for review_id, points, p in ItemScore.objects.filter(review_id__in=list(by_id))
            .values_list("review_id", "item__points", "percent")
            .order_by("review_id", "item_id")
        ]
        result = calibrate(items)
        cache.set(key, result, CALIBRATION_CACHE_SECONDS)
    return result


def calibration_view(round: Round, stage: str) -> dict[str, Any]:
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
        # R12: a conflicted or withdrawn expert's review is left out of every list.
        if (r.application_id, r.expert_id) in standing
    ]
    result = _calibration(round, stage, reviews)
    applications: dict[int, dict[str, Any]] = {}
    per_app: dict[int, list[Review]] = defaultdict(list)
    for r in reviews:
        per_app[r.application_id].append(r)
        applications.setdefault(r.application_id, {"application": r.application})
    consensus = consensus_totals(list(applications), stage)
    rows = []
    for app_id, entry in applications.items():
        app_reviews = per_app[app_id]
        calibrated = [result.totals.get(r.pk) for r in app_reviews]
        known = [c for c in calibrated if c is not None]
        rows.append(
            {
                **entry,
                "reviews": [
                    {"review": r, "calibrated": c}
                    for r, c in zip(app_reviews, calibrated, strict=True)
                ],
                "official_mean": mean_score([r.total for r in app_reviews]),
                "calibrated_mean": mean_score(known) if known else None,
                "consensus": consensus.get(app_id),
            }
        )
    experts = {r.expert_id: r.expert for r in reviews}
    review_counts = Counter(r.expert_id for r in reviews)
    reviewers = []
    for expert_id, stats in sorted(result.reviewers.items(), key=lambda kv: experts[kv[0]].name):
        leniency = result.leniency(expert_id)
        reviewers.append(
            {
                "expert": experts[expert_id],
                "reviews": review_counts[expert_id],
                "items": stats.items,
                "mean": _one(stats.mean),
                "sd": _one(stats.sd),
                "enough": stats.enough,
                "leniency": _one(leniency) if leniency is not None else None,
            }
        )
    return {
        "round_mean": _one(result.round_mean) if result.round_mean is not None else None,
        "round_sd": _one(result.round_sd) if result.round_sd is not None else None,
        "reviewers": reviewers,
        "rows": rows,
        "min_items": CALIBRATION_MIN_ITEMS,
    }


def _one(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
