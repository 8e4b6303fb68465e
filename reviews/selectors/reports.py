"""Reads of the review exports: every score per application, reviewer and item, and the
material review report. R12: only reviews of experts in good standing for the application
(never a conflicted or withdrawn expert), only submitted reviews, only this round. A fixed
number of queries whatever the size."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from applications.enums import ApplicationStatus
from applications.models import Application
from awards.models import Round
from awards.selectors import with_round
from decisionlog.models import DecisionLogEntry
from reviews.enums import ReviewStage, ReviewStatus
from reviews.models import ItemScore, Review
from reviews.permissions import standing_assignments
from reviews.rules.scoring import mean_score
from reviews.selectors.review import REVIEWED_STATUSES


def _standing_pairs(round: Round) -> set[tuple[int, int]]:
    return set(
        standing_assignments()
        .filter(application__round=round)
        .values_list("application_id", "expert_id")
    )


def visible_reviews(round: Round, stage: str | None = None) -> list[Review]:
    """Submitted reviews (independent and consensus) of the round whose expert is in good
    standing for the application (R12)."""
    standing = _standing_pairs(round)
    reviews = Review.all_reviews.filter(
        application__round=round, status=ReviewStatus.SUBMITTED
    ).select_related("expert", "application__organisation")
    if stage is not None:
        reviews = reviews.filter(stage=stage)
    visible = [
        r
        for r in reviews.order_by(
            "stage",
            "application__sector",
            "application__organisation__name",
            "is_consensus",
            "expert__name",
        )
        if (r.application_id, r.expert_id) in standing
    ]
    # R2: the applications' sector names from the round's rules, worked out once.
    with_round((r.application for r in visible), round)
    return visible


@dataclass(frozen=True)
class ScoreRow:
    review: Review
    item: Any
    percent: int
    comment: str

    @property
    def points(self) -> Decimal:
        return (Decimal(self.item.points) * Decimal(self.percent) / Decimal(100)).quantize(
            Decimal("0.1")
        )


def score_rows(round: Round) -> list[ScoreRow]:
    """Every item score of the visible reviews, in report order. Three queries."""
    reviews = visible_reviews(round)
    by_id = {r.pk: r for r in reviews}
    scores: dict[int, list[ItemScore]] = defaultdict(list)
    for s in (
        ItemScore.objects.filter(review_id__in=list(by_id))
        .select_related("item__category")
        .order_by("item__category__order", "item__order")
    ):
        scores[s.review_id].append(s)
    return [
        ScoreRow(review=r, item=s.item, percent=s.percent, comment=s.comment)
        for r in reviews
        for s in scores[r.pk]
    ]


def material_report(round: Round) -> dict[str, Any]:
    """Art. 18: each application that reached material review with its reviewers' totals
    (good standing only), their mean, the group's consensus, the material score used and
    whether it went on to site review; the threshold and the logged reason of the selection.
    Four queries."""
    applications = with_round(
        Application.objects.filter(round=round, status__in=REVIEWED_STATUSES)
        .select_related("organisation")
        .order_by("sector", "organisation__name"),
        round,
    )
    reviews: dict[int, list[Review]] = defaultdict(list)
    consensus: dict[int, Review] = {}
    for r in visible_reviews(round, ReviewStage.MATERIAL):
        if r.is_consensus:
            consensus[r.application_id] = r
        else:
            reviews[r.application_id].append(r)
    selection = (
        DecisionLogEntry.objects.filter(round_id=round.pk, action="review.select_for_site_review")
        .order_by("-pk")
        .first()
    )
    rows: list[dict[str, Any]] = []
    for app in applications:
        own = reviews[app.pk]
        mean = mean_score([r.total for r in own]) if own else None
        agreed = consensus.get(app.pk)
        score = app.material_score
        if score is None:
            score = agreed.total if agreed is not None else mean
        decided = app.status != ApplicationStatus.ELIGIBLE
        rows.append(
            {
                "application": app,
                "reviews": own,
                "mean": mean,
                "consensus": agreed.total if agreed is not None else None,
                "score": score,
                "decided": decided,
                "selected": decided and app.status != ApplicationStatus.NOT_SELECTED,
            }
        )
    ranked = sorted(
        (row for row in rows if row["score"] is not None),
        key=lambda row: (-row["score"], row["application"].organisation.name),
    )
    for n, row in enumerate(ranked, start=1):
        row["rank"] = n
    return {
        "rows": rows,
        "threshold": round.site_review_min_score,
        "selection_reason": selection.reason if selection else "",
        "selected_at": selection.created_at if selection else None,
        "max_reviewers": max((len(r["reviews"]) for r in rows), default=0),
    }
