"""Reads for the group consensus and the applicant's feedback report (docs/rules.md, Scoring:
strengths and opportunities for improvement per category; R12: never the reviewers' names)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q

from accounts.permissions import AnyUser, is_office_of
from applications.models import Application
from applications.permissions.application import is_applicant_of
from awards.enums import RoundStage
from awards.models import Round, ScoringCategory, ScoringItem
from awards.permissions import has_signed_commitment
from decisionlog.models import DecisionLogEntry
from reviews.enums import ReviewStage, ReviewStatus
from reviews.models import ConflictDeclaration, ItemScore, Review, ReviewGroup
from reviews.permissions import (
    detected_conflict_reason,
    expert_profile_of,
    standing_assignments,
)
from reviews.rules.scoring import band_for, mean_score
from reviews.selectors.review import REVIEWED_STATUSES

FEEDBACK_RELEASE_ACTION = "review.release_feedback"
ONE_DECIMAL = Decimal("0.1")


def spread_flag() -> int:
    """Items whose members' percentages spread by this many points or more are flagged for
    the consensus discussion (docs/rules.md, Scoring; setting CONSENSUS_SPREAD_FLAG, default
    20)."""
    return int(getattr(settings, "CONSENSUS_SPREAD_FLAG", 20))


# --- who leads the consensus (R12) --------------------------------------------------------


def consensus_group(user: AnyUser, application: Application) -> ReviewGroup | None:
    """The review group ``user`` leads and ``application`` is assigned through, when the user
    may record its consensus: commitment signed, "no conflict" declared, no conflict declared
    or detected (R12). None otherwise."""
    if not user.is_authenticated:
        return None
    profile = expert_profile_of(user)
    if profile is None or not has_signed_commitment(user, application.round):
        return None
    declarations = ConflictDeclaration.objects.filter(expert=profile, application=application)
    if declarations.filter(has_conflict=True).exists():
        return None
    if not declarations.filter(has_conflict=False).exists():
        return None
    if detected_conflict_reason(profile, application.organisation.credit_code):
        return None
    through = standing_assignments().filter(application_id=application.pk, group_id=OuterRef("pk"))
    return (
        ReviewGroup.objects.filter(leader=profile, round_id=application.round_id)
        .filter(Exists(through))
        .select_related("leader")
        .order_by("pk")
        .first()
    )


# --- the consensus page -----------------------------------------------------------------------


@dataclass
class GroupProgress:
    """The group's members' submitted independent reviews and who has not submitted."""

    reviews: list[Review]
    missing: list[str]


def group_progress(application: Application, group: ReviewGroup, stage: str) -> GroupProgress:
    """Members in good standing assigned through ``group``, their submitted reviews of
    ``stage`` (item scores and feedback prefetched) and the names still missing."""
    assignments = list(
        standing_assignments()
        .filter(application_id=application.pk, group=group)
        .select_related("expert")
        .order_by("expert__name")
    )
    submitted = {
        r.expert_id: r
        for r in Review.objects.filter(
            application_id=application.pk,
            stage=stage,
            status=ReviewStatus.SUBMITTED,
            expert_id__in=[a.expert_id for a in assignments],
        )
        .select_related("expert")
        .prefetch_related("item_scores", "feedback")
    }
    reviews = [submitted[a.expert_id] for a in assignments if a.expert_id in submitted]
    missing = [a.expert.name for a in assignments if a.expert_id not in submitted]
    return GroupProgress(reviews=reviews, missing=missing)


@dataclass
class ConsensusItemRow:
    item: ScoringItem
    members: list[tuple[Review, ItemScore | None]]
    spread: int | None
    flagged: bool
    consensus: ItemScore | None


@dataclass
class ConsensusCategoryRow:
    category: ScoringCategory
    items: list[ConsensusItemRow] = field(default_factory=list)
    member_feedback: list[tuple[Review, Any]] = field(default_factory=list)


def consensus_review(application: Application, stage: str) -> Review | None:
    return (
        Review.all_reviews.filter(application_id=application.pk, stage=stage, is_consensus=True)
        .prefetch_related("item_scores", "feedback")
        .first()
    )


def consensus_table(
    application: Application, progress: GroupProgress, consensus: Review | None
) -> list[ConsensusCategoryRow]:
    """Per category and item: every member's percentage and comment side by side, the
    spread (max - min) flagged at CONSENSUS_SPREAD_FLAG points, and the consensus so far."""
    threshold = spread_flag()
    scores = {r.pk: {s.item_id: s for s in r.item_scores.all()} for r in progress.reviews}
    feedback = {r.pk: {f.category_id: f for f in r.feedback.all()} for r in progress.reviews}
    agreed = {s.item_id: s for s in consensus.item_scores.all()} if consensus else {}
    rows = []
    categories = ScoringCategory.objects.filter(
        scheme_id=application.scheme_in_use_id
    ).prefetch_related(Prefetch("items", queryset=ScoringItem.objects.order_by("order")))
    for category in categories.order_by("order"):
        row = ConsensusCategoryRow(category)
        for item in category.items.all():
            members = [(r, scores[r.pk].get(item.pk)) for r in progress.reviews]
            percents = [s.percent for _r, s in members if s is not None]
            spread = max(percents) - min(percents) if percents else None
            row.items.append(
                ConsensusItemRow(
                    item=item,
                    members=members,
                    spread=spread,
                    flagged=spread is not None and spread >= threshold,
                    consensus=agreed.get(item.pk),
                )
            )
        row.member_feedback = [
            (r, feedback[r.pk][category.pk])
            for r in progress.reviews
            if category.pk in feedback[r.pk]
        ]
        rows.append(row)
    return rows


def consensus_totals(application_ids: list[int], stage: str) -> dict[int, Decimal]:
    """Application id -> the submitted consensus total at ``stage``: it replaces the mean of
    the members' totals as the material or site score (docs/rules.md, Scoring)."""
    return dict(
        Review.all_reviews.filter(
            application_id__in=application_ids,
            stage=stage,
            is_consensus=True,
            status=ReviewStatus.SUBMITTED,
        ).values_list("application_id", "total")
    )


# --- the feedback report ----------------------------------------------------------------------


def feedback_released(round: Round) -> bool:
    """The feedback report is out once the winners are published, or earlier when the office
    released it (a decision-log row, consensus.release_feedback)."""
    if round.stage == RoundStage.PUBLISHED:
        return True
    return DecisionLogEntry.objects.filter(
        action=FEEDBACK_RELEASE_ACTION, round_id=round.pk
    ).exists()


def reached_review(application: Application) -> bool:
    return application.status in REVIEWED_STATUSES


def can_view_feedback(user: AnyUser, application: Application) -> bool:
    """The organisation's users and the programme's office see the page (others 404)."""
    if not reached_review(application):
        return False
    return is_applicant_of(user, application) or is_office_of(user, application.round.programme_id)


@dataclass
class FeedbackCategory:
    category: ScoringCategory
    points: int
    score: Decimal | None
    band: str
    strengths: list[str]
    opportunities: list[str]


@dataclass
class FeedbackSection:
    stage: str
    stage_label: str
    from_consensus: bool
    categories: list[FeedbackCategory]


def _band_label(score: Decimal, points: int) -> str:
    if points <= 0:
        return ""
    percent = score * Decimal(100) / Decimal(points)
    stepped = int((percent / Decimal(5)).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * 5
    return band_for(max(0, min(100, stepped))).label


def _lines(texts: list[str]) -> list[str]:
    seen: list[str] = []
    for text in texts:
        text = text.strip()
        if text and text not in seen:
            seen.append(text)
    return seen


def feedback_report(application: Application) -> list[FeedbackSection]:
    """Per review stage with submitted reviews: per GB/T 19580 category the strengths and
    opportunities for improvement (the group's consensus when submitted, otherwise the
    members' feedback merged) and the category's score band. No reviewer is named (R12)."""
    standing = standing_assignments().filter(application_id=application.pk)
    reviews = list(
        Review.all_reviews.filter(application_id=application.pk, status=ReviewStatus.SUBMITTED)
        .filter(Q(is_consensus=True) | Q(Exists(standing.filter(expert_id=OuterRef("expert_id")))))
        .prefetch_related("item_scores", "feedback")
        .order_by("pk")
    )
    categories = list(
        ScoringCategory.objects.filter(scheme_id=application.scheme_in_use_id)
        .prefetch_related("items")
        .order_by("order")
    )
    sections = []
    for stage in ReviewStage.values:
        at_stage = [r for r in reviews if r.stage == stage]
        consensus = next((r for r in at_stage if r.is_consensus), None)
        used = [consensus] if consensus else [r for r in at_stage if not r.is_consensus]
        if not used:
            continue
        rows = []
        for category in categories:
            items = {i.pk: i.points for i in category.items.all()}
            points = sum(items.values())
            totals = [
                sum(
                    (Decimal(items[s.item_id]) * s.percent / Decimal(100))
                    for s in r.item_scores.all()
                    if s.item_id in items
                )
                for r in used
            ]
            score = mean_score([Decimal(t) for t in totals]) if totals else None
            notes = [f for r in used for f in r.feedback.all() if f.category_id == category.pk]
            rows.append(
                FeedbackCategory(
                    category=category,
                    points=points,
                    score=score,
                    band=_band_label(score, points) if score is not None else "",
                    strengths=_lines([f.strengths for f in notes]),
                    opportunities=_lines([f.opportunities for f in notes]),
                )
            )
        sections.append(
            FeedbackSection(
                stage=stage,
                stage_label=str(ReviewStage(stage).label),
                from_consensus=consensus is not None,
                categories=rows,
            )
        )
    return sections
