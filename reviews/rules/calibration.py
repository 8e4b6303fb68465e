"""The calibrated view of review scores (advice to the office, never an official score).

Each reviewer's item percentages become z-scores against that reviewer's own mean and spread
over every item it scored in the round (at one stage), are mapped back to the round's mean and
spread of all item percentages, and are summed to the 1000-point scale with the items' points:

    z = (p - mean_reviewer) / sd_reviewer
    calibrated p = mean_round + z * sd_round        (kept within 0-100)
    calibrated total = sum(points x calibrated p / 100), one decimal

Spreads are population standard deviations. A reviewer with fewer than ``min_items`` scored
items, or with no spread at all, has "not enough data" (None). Lenient reviewers have a mean
above the round's, severe ones below.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

# Two complete reviews of the 23-item GB/T 19580 scheme: with fewer items a reviewer's own
# mean and spread say too little about its leniency.
CALIBRATION_MIN_ITEMS = 46


class ScoredItem(NamedTuple):
    """One item percentage of one review (a tuple: a round holds 115,000 at provincial
    scale)."""

    reviewer: int
    review: int
    points: int
    percent: int


@dataclass(frozen=True)
class ReviewerStats:
    items: int
    mean: float
    sd: float
    enough: bool


@dataclass(frozen=True)
class Calibration:
    round_mean: float | None
    round_sd: float | None
    reviewers: dict[int, ReviewerStats]
    totals: dict[int, Decimal | None]  # review id -> calibrated total (None: not enough data)

    def leniency(self, reviewer: int) -> float | None:
        """The reviewer's mean percentage less the round's (positive: lenient)."""
        stats = self.reviewers.get(reviewer)
        if stats is None or self.round_mean is None:
            return None
        return stats.mean - self.round_mean


def _mean_sd(values: list[int]) -> tuple[float, float]:
    mean = sum(values) / len(values)
    return mean, math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))


def calibrated_percent(
    percent: float, *, mean: float, sd: float, round_mean: float, round_sd: float
) -> float:
    """One item: the z-score against the reviewer, mapped to the round, kept within 0-100."""
    z = (percent - mean) / sd
    return min(100.0, max(0.0, round_mean + z * round_sd))


def calibrate(
    scores: Iterable[ScoredItem], *, min_items: int = CALIBRATION_MIN_ITEMS
) -> Calibration:
    rows = list(scores)
    if not rows:
        return Calibration(None, None, {}, {})
    round_mean, round_sd = _mean_sd([r.percent for r in rows])
    by_reviewer: dict[int, list[int]] = defaultdict(list)
    for r in rows:
        by_reviewer[r.reviewer].append(r.percent)
    stats: dict[int, ReviewerStats] = {}
    for reviewer, values in by_reviewer.items():
        mean, sd = _mean_sd(values)
        stats[reviewer] = ReviewerStats(
            items=len(values), mean=mean, sd=sd, enough=len(values) >= min_items and sd > 0
        )
    sums: dict[int, float] = defaultdict(float)
    enough: dict[int, bool] = {}
    for r in rows:
        s = stats[r.reviewer]
        enough[r.review] = s.enough
        if s.enough:
            p = calibrated_percent(
                r.percent, mean=s.mean, sd=s.sd, round_mean=round_mean, round_sd=round_sd
            )
            sums[r.review] += r.points * p / 100
    totals: dict[int, Decimal | None] = {
        review: (
            Decimal(repr(sums[review])).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            if ok
            else None
        )
        for review, ok in enough.items()
    }
    return Calibration(round_mean, round_sd, stats, totals)
