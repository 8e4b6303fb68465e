"""What publicity adds to the registries of the apps below it (called from
``PublicityConfig.ready``)."""

from __future__ import annotations

from accounts.dashboard import register_section
from accounts.workqueue import register_provider
from applications.models import Application
from awards import hooks as round_hooks
from awards import sweeps
from awards.models import AwardProgramme, PublicationOutlet, Round
from common.built_documents import register_kind
from common.page_cache import change_on_save
from decisionlog.labels import register_state_enum
from organisations.models import Organisation
from publicity.enums import ObjectionStatus
from publicity.models import ListDecision, PublicityPeriod
from publicity.packet import MEETING_PACKET
from publicity.selectors import workqueue as work
from publicity.selectors.publicity import (
    PUBLICITY_NOTICE_SCOPE,
    PUBLICITY_SCOPE,
    dashboard_leading_group,
)
from publicity.selectors.voting import plenary_taken_up
from publicity.services.publicity import sweep_due_publicities
from reviews import hooks as review_hooks


def register() -> None:
    register_kind(MEETING_PACKET)
    # What the public list of publicities reads (publicity.selectors.public_publicities).
    change_on_save(
        PUBLICITY_SCOPE,
        PublicityPeriod,
        PublicityPeriod.applications.through,
        ListDecision,
        Round,
        AwardProgramme,
    )
    # What a publicity notice reads besides (publicity.views.publicity.notice).
    change_on_save(PUBLICITY_NOTICE_SCOPE, Application, Organisation, PublicationOutlet)
    round_hooks.round_page_partials.add("publicity/_round_hub_office.html")
    register_state_enum("objection", ObjectionStatus)
    sweeps.register("publicities_closed", sweep_due_publicities, order=20)
    register_section(
        "leading_group",
        "publicity/_dashboard_leading_group.html",
        dashboard_leading_group,
        order=80,
    )
    register_provider("office", "publicity", work.office_items)
    # A late conflict of interest re-ranks the round only before the plenary takes it up.
    review_hooks.composite_recompute_refusals.add(plenary_taken_up)
    register_provider("leading_group", "publicity", work.leading_group_items)
