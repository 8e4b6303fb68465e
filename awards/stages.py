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
from awards.rules import stages_of


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
    RoundStage.DEFENCE: _(
        "The question-and-defence panel questions each organisation going on; record its score "
        "on each application's page; once every score is recorded, start the site review "
        "(the programme's rules). See the question-and-defence section below."
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


# R1: a round holding the question-and-defence stage closes its material review into it.
MATERIAL_REVIEW_BEFORE_DEFENCE: Promise = _(
    "Expert groups score the eligible dossiers; then fix the list of the organisations going "
    "on, which opens the question-and-defence stage (Art. 18 and the programme's rules). See "
    "the question-and-defence section below."
)


def stage_guide(round: Round) -> Promise:
    """What happens at the round's current stage, as its rules run it (R1)."""
    if round.stage == RoundStage.MATERIAL_REVIEW and round.holds_defence_stage:
        return MATERIAL_REVIEW_BEFORE_DEFENCE
    return STAGE_GUIDE[round.stage]


def stage_progress(round: Round) -> list[dict[str, object]]:
    """The round's stages (ten, eleven with a question-and-defence stage: R1, ``stages_of``)
    with whether each is done, current or to come."""
    order = stages_of(round)
    current = order.index(round.stage)
    return [
        {
            "value": value,
            "label": RoundStage(value).label,
            "number": index + 1,
            "state": "done" if index < current else "current" if index == current else "todo",
        }
        for index, value in enumerate(order)
    ]


def progress_percent(round: Round) -> int:
    order = stages_of(round)
    return round_half_up((order.index(round.stage) + 1) * 100 / len(order))


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
