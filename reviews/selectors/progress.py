"""Review progress of a round for the office's review hub: per review group and per
reviewer, for the material and the site stage, the assignments, the reviews submitted, the
drafts, those not started and those overdue against the stage's due date, with the
conflicts of interest declared (R12) and the assignments declined.

Counts only, never an application: the section names no organisation, so a conflicted expert's
dossiers are never listed here (R12). Two queries whatever the number of applications, groups
and reviewers (one more each for the due dates and the groups when the caller has not read them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Q
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.enums import ApplicationStatus
from awards.models import Round
from decisionlog.models import DecisionLogEntry
from reviews.enums import ReviewStage, ReviewStatus
from reviews.models import Assignment, ConflictDeclaration, Review, ReviewDeadline, ReviewGroup
from reviews.permissions import STAGE_STATES, standing_assignments
from reviews.selectors.review import REVIEWED_STATUSES, review_deadlines

# The applications each stage reviews: every application that reached material review, and
# those selected for site review (with what became of them later).
STAGE_APPLICATION_STATUSES: dict[str, tuple[str, ...]] = {
    ReviewStage.MATERIAL: tuple(REVIEWED_STATUSES),
    ReviewStage.SITE: tuple(
        s
        for s in REVIEWED_STATUSES
        if s not in (ApplicationStatus.ELIGIBLE, ApplicationStatus.NOT_SELECTED)
    ),
}

# The office's review hub (reviews:round_review) keeps its progress card and its two long
# tables in the page cache (common.page_cache), rendered once per change of what they show.
# Saves and deletes of assignments, reviews, declarations, groups, due dates, organisations,
# rounds, programmes and experts move this scope on, an application's its round's scope
# (``round_hub_scope``; reviews.registrations);
# writes by update() move it themselves (reviews.services.review.end_assignment, the
# rescoring of reviews.services.rescoring). Overdue counts change with the day alone: the day
# is in the key.
REVIEW_HUB_SCOPE = "review-hub"


def round_hub_scope(round_id: int) -> str:
    """The review hub's scope of one round: an application's save moves its round's hub on
    only (an applicant's autosave in a round open for applications leaves the others)."""
    return f"{REVIEW_HUB_SCOPE}:{round_id}"


def application_hub_scope(application: Any) -> str:
    return round_hub_scope(application.round_id)


# The stages' values, read once (ReviewStage.values builds its list on every access, and a
# round's progress makes a row per group and per reviewer).
STAGES: tuple[str, ...] = tuple(ReviewStage.values)


@dataclass
class StageCounts:
    """One stage's numbers for a group, a reviewer or the round."""

    assignments: int = 0
    submitted: int = 0
    drafts: int = 0
    overdue: int = 0

    @property
    def not_started(self) -> int:
        return self.assignments - self.submitted - self.drafts

    def add(self, other: StageCounts) -> None:
        self.assignments += other.assignments
        self.submitted += other.submitted
        self.drafts += other.drafts
        self.overdue += other.overdue


@dataclass
class ProgressRow:
    """A review group, a reviewer or the round's total."""

    key: int | None
    label: str
    stages: dict[str, StageCounts] = field(
        default_factory=lambda: {stage: StageCounts() for stage in STAGES}
    )
    conflicts: int = 0
    declined: int = 0

    @property
    def material(self) -> StageCounts:
        return self.stages[ReviewStage.MATERIAL]

    @property
    def site(self) -> StageCounts:
        return self.stages[ReviewStage.SITE]

    @property
    def ordered(self) -> list[tuple[str, StageCounts]]:
        """(stage, counts) in the order of the stages, for the table's columns."""
        return [(stage, self.stages[stage]) for stage in STAGES]

    def add(self, other: ProgressRow) -> None:
        for stage, counts in other.stages.items():
            self.stages[stage].add(counts)
        self.conflicts += other.conflicts
        self.declined += other.declined


@dataclass
class ReviewProgress:
    groups: list[ProgressRow]
    reviewers: list[ProgressRow]
    total: ProgressRow
    # Per stage: the due date (None when not set).
    due: dict[str, dt.date | None]

    def chart_data(self) -> dict[str, Any]:
        """For static/js/review-progress.js: one stacked bar per group and stage (submitted,
        drafts, not started). The table beside it holds the same numbers."""
        kinds = (
            ("submitted", _("submitted")),
            ("drafts", _("drafts")),
            ("not_started", _("not started")),
        )
        datasets = []
        for stage in ReviewStage:
            for kind, name in kinds:
                datasets.append(
                    {
                        "label": f"{stage.label} · {name}",
                        "stack": stage.value,
                        "kind": kind,
                        "data": [getattr(row.stages[stage.value], kind) for row in self.groups],
                    }
                )
        return {"labels": [row.label for row in self.groups], "datasets": datasets}


def _review_exists(stage: str, status: str) -> Exists:
    return Exists(
        Review.objects.filter(
            application_id=OuterRef("application_id"),
            expert_id=OuterRef("expert_id"),
            stage=stage,
            status=status,
        )
    )


def _active_counts(round: Round) -> list[dict[str, Any]]:
    """One query: per (group, reviewer), each stage's assignments in good standing (withdrawn
    and conflicted ones left out, R12), submitted reviews, drafts, and those not submitted on
    applications still in the stage (what the reminder sweep counts as due)."""
    aggregates: dict[str, Any] = {}
    for stage in ReviewStage.values:
        in_stage = Q(application__status__in=STAGE_APPLICATION_STATUSES[stage])
        submitted = _review_exists(stage, ReviewStatus.SUBMITTED)
        aggregates[f"{stage}_assignments"] = Count("pk", filter=in_stage)
        aggregates[f"{stage}_submitted"] = Count("pk", filter=in_stage & Q(submitted))
        aggregates[f"{stage}_drafts"] = Count(
            "pk", filter=in_stage & Q(_review_exists(stage, ReviewStatus.DRAFT))
        )
        aggregates[f"{stage}_pending"] = Count(
            "pk", filter=Q(application__status=STAGE_STATES[stage][0]) & ~Q(submitted)
        )
    return list(
        standing_assignments()
        .filter(application__round_id=round.pk, application__status__in=REVIEWED_STATUSES)
        .order_by()
        .values("group_id", "group__name", "expert_id", "expert__name")
        .annotate(**aggregates)
    )


def _withdrawn_counts(round: Round) -> list[dict[str, Any]]:
    """One query: per (group, reviewer), the applications whose assignment ended with a
    conflict of interest (declared, named or recorded, R12) or was declined by the expert
    (the ``review.decline`` decision-log row names the assignment)."""
    declined = Exists(
        DecisionLogEntry.objects.filter(round_id=round.pk, action="review.decline")
        .annotate(assignment_id=Cast(KT("data__assignment"), IntegerField()))
        .filter(assignment_id=OuterRef("pk"))
    )
    conflicted = Exists(
        ConflictDeclaration.objects.filter(
            application_id=OuterRef("application_id"),
            expert_id=OuterRef("expert_id"),
            has_conflict=True,
        )
    )
    return list(
        Assignment.objects.filter(application__round_id=round.pk, withdrawn_at__isnull=False)
        .order_by()
        .values("group_id", "group__name", "expert_id", "expert__name")
        .annotate(
            conflicts=Count("application_id", distinct=True, filter=Q(conflicted)),
            declined=Count("application_id", distinct=True, filter=Q(declined)),
        )
    )


def review_progress(
    round: Round,
    *,
    deadlines: dict[tuple[int, str], ReviewDeadline] | None = None,
    groups_of_round: list[ReviewGroup] | None = None,
    today: dt.date | None = None,
) -> ReviewProgress:
    """The round's review progress per group and per reviewer.

    Overdue (as :func:`reviews.services.deadlines.sweep_review_reminders` reckons
    it): the stage's due date has passed (Beijing time: from the day after ``due_on``), the
    round is in that stage, and the review of an application still in the stage is not
    submitted. ``deadlines``: :func:`reviews.selectors.review.review_deadlines` of the round when
    the caller already has them (saves a query); ``groups_of_round``: the round's review
    groups, shown even before any assignment (:func:`reviews.selectors.review.review_groups`)."""
    if deadlines is None:
        deadlines = review_deadlines([round.pk])
    today = today or timezone.localdate()
    due: dict[str, dt.date | None] = {}
    counted: dict[str, bool] = {}
    for stage in ReviewStage.values:
        deadline = deadlines.get((round.pk, stage))
        due[stage] = deadline.due_on if deadline else None
        counted[stage] = (
            deadline is not None
            and today > deadline.due_on
            and round.stage == STAGE_STATES[stage][1]
        )

    no_group = _("No group")
    if groups_of_round is None:
        groups_of_round = list(ReviewGroup.objects.filter(round=round).only("pk", "name"))
    groups: dict[int | None, ProgressRow] = {
        g.pk: ProgressRow(g.pk, g.name) for g in groups_of_round
    }
    reviewers: dict[int, ProgressRow] = {}

    def add(values: dict[str, Any], part: ProgressRow) -> None:
        group_id, expert_id = values["group_id"], values["expert_id"]
        if group_id not in groups:
            groups[group_id] = ProgressRow(group_id, values["group__name"] or no_group)
        if expert_id not in reviewers:
            reviewers[expert_id] = ProgressRow(expert_id, values["expert__name"])
        groups[group_id].add(part)
        reviewers[expert_id].add(part)

    for values in _active_counts(round):
        part = ProgressRow(None, "")
        for stage in STAGES:
            part.stages[stage] = StageCounts(
                assignments=values[f"{stage}_assignments"],
                submitted=values[f"{stage}_submitted"],
                drafts=values[f"{stage}_drafts"],
                overdue=values[f"{stage}_pending"] if counted[stage] else 0,
            )
        add(values, part)
    for values in _withdrawn_counts(round):
        if not values["conflicts"] and not values["declined"]:
            continue  # withdrawn by the office for another reason: left out
        part = ProgressRow(None, "")
        part.conflicts, part.declined = values["conflicts"], values["declined"]
        add(values, part)

    total = ProgressRow(None, _("All reviewers"))
    for row in reviewers.values():
        total.add(row)
    return ReviewProgress(
        # Named groups by name, then the assignments made without a group.
        groups=sorted(groups.values(), key=lambda r: (r.key is None, r.label)),
        reviewers=sorted(reviewers.values(), key=lambda r: (r.label, r.key or 0)),
        total=total,
        due=due,
    )
