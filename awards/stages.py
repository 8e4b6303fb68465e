"""What the office does next at each stage of a round (Art. 16-22), as data.

The hub page and the office dashboard both read this table, so the two never disagree.
Stages run by other apps (review, publicity, approval) point at their section of the hub.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from awards.enums import RoundStage
from awards.models import Round

STAGE_ORDER: list[str] = [stage.value for stage in RoundStage]


@dataclass(frozen=True)
class Step:
    label: str | Promise
    url: str
    method: str = "get"  # "post" renders a button inside a form with the CSRF token
    style: str = "primary"


# What happens at each stage, shown beside the progress bar.
STAGE_GUIDE: dict[str, Promise] = {
    RoundStage.DRAFT: _(
        "Set the window, quotas and review rules; the leading group approves the review rules; "
        "then publish the call notice (Art. 16)."
    ),
    RoundStage.APPLICATION: _(
        "Organisations apply. The window closes by itself at the deadline; before it passes you "
        "may extend it with a reason. Record where else the notice was published."
    ),
    RoundStage.ELIGIBILITY: _(
        "Check each submitted application against the six conditions of Art. 13, consult the "
        "departments and decide eligibility; then start the material review (Art. 17-18)."
    ),
    RoundStage.MATERIAL_REVIEW: _(
        "Expert groups score the eligible dossiers; then select the organisations for site "
        "review (Art. 18). See the review section below."
    ),
    RoundStage.SITE_REVIEW: _(
        "Review groups visit and score each selected organisation; then compute the composite "
        "evaluation (Art. 19-20). See the review section below."
    ),
    RoundStage.COMPOSITE: _(
        "Check the composite scores and the candidate list within the quotas, then submit it "
        "to the leading group (Art. 20). See the review section below."
    ),
    RoundStage.DELIBERATION: _(
        "The leading group's plenary decides the proposed list; then open the publicity "
        "(Art. 21). See the publicity section below."
    ),
    RoundStage.PUBLICITY: _(
        "The proposed list is public; objections are handled. Publicity closes by itself at "
        "its end (Art. 21)."
    ),
    RoundStage.APPROVAL: _(
        "Record the municipal government's approval; winners are published and certificates "
        "issued (Art. 22). See the approval section below."
    ),
    RoundStage.PUBLISHED: _("The winners are published. The round is complete."),
}


def stage_progress(round: Round) -> list[dict[str, object]]:
    """The ten stages with whether each is done, current or to come."""
    current = STAGE_ORDER.index(round.stage)
    return [
        {
            "value": value,
            "label": RoundStage(value).label,
            "number": index + 1,
            "state": "done" if index < current else "current" if index == current else "todo",
        }
        for index, value in enumerate(STAGE_ORDER)
    ]


def progress_percent(round: Round) -> int:
    return round_half_up((STAGE_ORDER.index(round.stage) + 1) * 100 / len(STAGE_ORDER))


def round_half_up(value: float) -> int:
    return int(value + 0.5)


def next_steps(round: Round, *, now: datetime | None = None) -> list[Step]:
    """The office's buttons and links for the round's current stage."""
    now = now or timezone.now()
    pk = round.pk
    steps: list[Step] = []
    if round.stage == RoundStage.DRAFT:
        steps.append(Step(_("Publish the call notice"), reverse("awards:publish_call", args=[pk])))
        steps.append(
            Step(_("Edit settings"), reverse("awards:round_edit", args=[pk]), style="secondary")
        )
    elif round.stage == RoundStage.APPLICATION:
        if now < round.applications_close_at:
            steps.append(
                Step(_("Extend the deadline"), reverse("awards:extend_deadline", args=[pk]))
            )
        steps.append(
            Step(
                _("Record where the notice was published"),
                reverse("awards:add_outlet", args=[pk]),
                style="secondary",
            )
        )
        steps.append(
            Step(
                _("Applications"),
                reverse("applications:office_list", args=[pk]),
                style="secondary",
            )
        )
    elif round.stage == RoundStage.ELIGIBILITY:
        steps.append(Step(_("Check eligibility"), reverse("applications:office_list", args=[pk])))
        steps.append(
            Step(
                _("Start the material review"),
                reverse("awards:start_material_review", args=[pk]),
                method="post",
                style="success",
            )
        )
    else:
        steps.append(
            Step(
                _("Applications"),
                reverse("applications:office_list", args=[pk]),
                style="secondary",
            )
        )
    if round.stage not in (RoundStage.DRAFT, RoundStage.PUBLISHED):
        steps.append(
            Step(_("Edit settings"), reverse("awards:round_edit", args=[pk]), style="secondary")
        )
    return steps
