"""Reads of the calibrated view (advice to the office, reviews.rules.calibration): per reviewer
its mean and spread, per application each reviewer's official and calibrated totals beside the
group's consensus. The official scores are only read. Four queries whatever the size, three
while the submitted reviews are as they were (the calibration is kept in the cache); the reviews
are read as rows of values, so that a page of a round with thousands costs little more than
one with ten."""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

from django.core.cache import cache
from django.db.models import CharField
from django.db.models.functions import Cast

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


class _Submitted(NamedTuple):
    """A submitted review as the page needs it: read as a row of values, not as four model
    objects (the reviews of a round at provincial scale are 5,000)."""

    pk: int
    expert_id: int
    application_id: int
    saved: str  # the last save, as the database writes it (the cache key's part)
    total: Decimal
    expert_name: str
    organisation_name: str
    sector: str


def _calibration(round: Round, stage: str, reviews: list[_Submitted]) -> Calibration:
    state = ",".join(f"{r.pk}:{r.saved}" for r in reviews)
    digest = hashlib.sha256(f"{round.scheme_id}|{stage}|{state}".encode()).hexdigest()
    key = f"calibration:{round.pk}:{digest}"
    result = cache.get(key)
    if result is None:
        reviewer_of = {r.pk: r.expert_id for r in reviews}
        items = [
            ScoredItem(reviewer_of[review_id], review_id, points, p)
            for review_id, points, p in ItemScore.objects.filter(review_id__in=list(reviewer_of))
            .values_list("review_id", "item__points", "percent")
            .order_by("review_id", "item_id")
        ]
        result = calibrate(items)
        cache.set(key, result, CALIBRATION_CACHE_SECONDS)
    return result


def calibration_view(round: Round, stage: str) -> dict[str, Any]:
    """The reviewers' table and, per application, each reviewer's official and calibrated
    total, the means and the consensus. Rows of values: the reviewer, organisation and sector
    are named (``expert``, ``organisation``, ``sector``), no model object is built."""
    standing = set(
        standing_assignments()
        .filter(application__round=round)
        .values_list("application_id", "expert_id")
    )
    reviews = [
        r
        for r in map(
            _Submitted._make,
            Review.objects.filter(
                application__round=round, stage=stage, status=ReviewStatus.SUBMITTED
            )
            .order_by("application__sector", "application__organisation__name", "expert__name")
            .values_list(
                "pk",
                "expert_id",
                "application_id",
                # Text, not a datetime: 5,000 timestamps need no conversion to name a state.
                Cast("updated_at", CharField()),
                "total",
                "expert__name",
                "application__organisation__name",
                "application__sector",
            ),
        )
        # R12: a conflicted or withdrawn expert's review is left out of every list.
        if (r.application_id, r.expert_id) in standing
    ]
    result = _calibration(round, stage, reviews)
    per_app: dict[int, list[_Submitted]] = defaultdict(list)
    for r in reviews:
        per_app[r.application_id].append(r)
    consensus = consensus_totals(list(per_app), stage)
    rows = []
    for app_id, app_reviews in per_app.items():
        first = app_reviews[0]
        calibrated = [result.totals.get(r.pk) for r in app_reviews]
        known = [c for c in calibrated if c is not None]
        rows.append(
            {
                "application_id": app_id,
                "organisation": first.organisation_name,
                # R2: the bucket by its name in the rules the round kept.
                "sector": round.sector_label(first.sector),
                "reviews": [
                    {"review_id": r.pk, "expert": r.expert_name, "total": r.total, "calibrated": c}
                    for r, c in zip(app_reviews, calibrated, strict=True)
                ],
                "official_mean": mean_score([r.total for r in app_reviews]),
                "calibrated_mean": mean_score(known) if known else None,
                "consensus": consensus.get(app_id),
            }
        )
    names = {r.expert_id: r.expert_name for r in reviews}
    review_counts = Counter(r.expert_id for r in reviews)
    reviewers = []
    for expert_id, stats in sorted(result.reviewers.items(), key=lambda kv: names[kv[0]]):
        leniency = result.leniency(expert_id)
        reviewers.append(
            {
                "expert_id": expert_id,
                "name": names[expert_id],
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
