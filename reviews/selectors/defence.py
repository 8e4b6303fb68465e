"""R1 / Art. 18-20: the question-and-defence scores of a round's applications."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from applications.enums import ApplicationStatus
from applications.models import Application
from awards.enums import RoundStage
from awards.models import Round
from reviews.enums import ReviewStage
from reviews.models import DefenceScore
from reviews.selectors.review import stage_progress

BEFORE_MATERIAL_REVIEW = (RoundStage.DRAFT, RoundStage.APPLICATION, RoundStage.ELIGIBILITY)


def defence_scores(application_ids: Iterable[int]) -> dict[int, Decimal]:
    """The recorded defence score of each application among ``application_ids`` that has one."""
    return dict(
        DefenceScore.objects.filter(application_id__in=list(application_ids)).values_list(
            "application_id", "score"
        )
    )


def defence_score_of(application_id: int) -> DefenceScore | None:
    """The application's defence score with who recorded it, or None."""
    return (
        DefenceScore.objects.select_related("recorded_by")
        .filter(application_id=application_id)
        .first()
    )


def going_on(round: Round) -> list[Application]:
    """The applications of ``round`` going on after the material review (the list the
    question-and-defence panel questions), each with ``defence`` (its DefenceScore or None),
    by organisation. Two queries."""
    applications = list(
        round.applications.filter(status=ApplicationStatus.SITE_REVIEW)
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    )
    scores = {
        score.application_id: score
        for score in DefenceScore.objects.filter(application_id__in=[a.pk for a in applications])
    }
    for application in applications:
        application.defence = scores.get(application.pk)  # type: ignore[attr-defined]
    return applications


def missing_defence_scores(round: Round) -> list[str]:
    """R1: the organisations going on in ``round`` without a question-and-defence score."""
    return [
        application.organisation.name
        for application in going_on(round)
        if application.defence is None  # type: ignore[attr-defined]
    ]


def defence_section(round: Round) -> dict[str, Any] | None:
    """What the office's round page shows of the question-and-defence stage (R1): nothing for
    a round whose rules hold none; in material review whether the stage can open now (every
    material review submitted, ``can_open``) and how many applications still wait for one
    (``material_waiting``); from the stage on, the applications going on with their scores
    (``applications``), the organisations still without one (``missing``) and whether the
    site review can start (``can_start_site_review``); after it, the scores it recorded. At
    most three queries."""
    if not round.holds_defence_stage or round.stage in BEFORE_MATERIAL_REVIEW:
        return None
    if round.stage == RoundStage.MATERIAL_REVIEW:
        eligible = list(round.applications.filter(status=ApplicationStatus.ELIGIBLE).only("pk"))
        waiting = len(stage_progress(eligible, ReviewStage.MATERIAL).missing)
        return {"stage": round.stage, "can_open": not waiting, "material_waiting": waiting}
    if round.stage != RoundStage.DEFENCE:
        # After the stage: the scores it recorded (the applications have moved on since).
        scored = list(
            round.applications.filter(defence_score__isnull=False)
            .select_related("organisation", "defence_score")
            .order_by("organisation__name", "pk")
        )
        for application in scored:
            application.defence = application.defence_score  # type: ignore[attr-defined]
        return {"stage": round.stage, "applications": scored, "missing": []}
    applications = going_on(round)
    missing = [
        a.organisation.name
        for a in applications
        if a.defence is None  # type: ignore[attr-defined]
    ]
    return {
        "stage": round.stage,
        "applications": applications,
        "missing": missing,
        "can_start_site_review": not missing,
    }
