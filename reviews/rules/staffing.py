"""When the office may staff the review: form groups, draw and withdraw reviewers.

R1 (Art. 18-19): experts are staffed while the dossiers are checked and reviewed. From the
composite evaluation on, the submitted scores are the round's record: no new group, no draw,
no withdrawal (a disqualified expert's assignments are ended by the leading group's decision,
``withdraw_assignments_of_expert``, and a late conflict by its own path). The pages offer these
actions only while they can succeed."""

from __future__ import annotations

from django.utils.translation import gettext as _

from awards.enums import RoundStage
from awards.models import Round
from decisionlog.workflow import DomainError

STAFFING_STAGES = frozenset(
    {
        RoundStage.APPLICATION,
        RoundStage.ELIGIBILITY,
        RoundStage.MATERIAL_REVIEW,
        RoundStage.DEFENCE,
        RoundStage.SITE_REVIEW,
    }
)


def staffing_open(round: Round) -> bool:
    return round.stage in STAFFING_STAGES


def check_staffing_open(round: Round) -> None:
    if not staffing_open(round):
        raise DomainError(
            _(
                "Review groups and reviewers can no longer be changed: the round is at the "
                "stage “%(stage)s” and the submitted scores are its record."
            )
            % {"stage": round.get_stage_display()},
            rule="R1",
        )
