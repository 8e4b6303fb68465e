"""What awards adds to its own registries (called from ``AwardsConfig.ready``)."""

from __future__ import annotations

import json

from accounts.dashboard import register_section
from accounts.enums import Role
from accounts.models import User
from accounts.workqueue import register_provider
from awards import selectors, sweeps
from awards.enums import RoundStage, WorkPlanStatus
from awards.models import AwardProgramme, Round
from awards.services import sweep_due_windows
from common.page_cache import change_on_save
from decisionlog.anchor import public_pem, trusted_keys
from decisionlog.checkpoints import checkpoint_record, checkpoint_signed
from decisionlog.labels import register_state_enum
from decisionlog.models import DecisionLogCheckpoint
from notifications.services import notify_event


def email_checkpoint(checkpoint: DecisionLogCheckpoint) -> None:
    """A round's stage change signed a checkpoint of the decision log (R14): e-mail it with
    its public key to the programme's office, a copy outside the database (docs/security.md)."""
    if checkpoint.round_id is None:
        return
    round = Round.objects.select_related("programme").get(pk=checkpoint.round_id)
    office = User.objects.filter(
        programme_roles__programme_id=round.programme_id,
        programme_roles__role=Role.OFFICE,
        programme_roles__active=True,
        is_active=True,
    ).distinct()
    notify_event(
        "log_checkpoint",
        users=office,
        context={
            "round": str(round),
            "stage": round.get_stage_display(),
            "key_id": checkpoint.key_id,
            "public_key": public_pem(trusted_keys()[checkpoint.key_id]),
            "checkpoint": json.dumps(checkpoint_record(checkpoint), ensure_ascii=False),
        },
        programme_id=round.programme_id,
        in_portal=False,
    )


def register() -> None:
    change_on_save(selectors.CALLS_SCOPE, Round, AwardProgramme)
    register_state_enum("round", RoundStage)
    register_state_enum("work_plan", WorkPlanStatus)
    checkpoint_signed.connect(email_checkpoint)
    sweeps.register("windows_closed", sweep_due_windows, order=10)
    register_section(
        "office", "awards/_dashboard_office.html", selectors.dashboard_office, order=10
    )
    register_section(
        "leading_group",
        "awards/_dashboard_leading_group.html",
        selectors.dashboard_leading_group,
        order=20,
    )
    register_section(
        "office", "awards/_dashboard_work_plans.html", selectors.dashboard_work_plans, order=12
    )
    register_section(
        "office", "awards/_dashboard_guidance.html", selectors.dashboard_guidance, order=14
    )
    register_provider("office", "awards", selectors.workqueue_office)
    register_provider("leading_group", "awards", selectors.workqueue_leading_group)
    # Art. 11(3): the annual work plan.
    register_provider("office", "work_plans", selectors.work_plan_items_office)
    register_provider("leading_group", "work_plans", selectors.work_plan_items_leading_group)
