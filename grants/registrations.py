"""What grants adds to the registries of the apps below it (called from ``GrantsConfig.ready``)."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _

from accounts.dashboard import register_section
from accounts.workqueue import register_provider
from awards import history as award_history
from awards import hooks as round_hooks
from awards import sweeps
from awards.models import AwardProgramme, Round
from common.page_cache import change_on_save
from decisionlog.labels import register_state_enum
from grants.enums import GrantStatus
from grants.models import ApprovalDecision, AwardGrant, Certificate
from grants.receivers import on_certificate_saved
from grants.rules import history
from grants.selectors import approval as approval_selectors
from grants.selectors import workqueue as work
from grants.selectors.approval import WINNERS_SCOPE
from grants.services.approval import sweep_expired_grants
from organisations.models import Organisation


def register() -> None:
    # What the public winners and verification pages read (grants.selectors.approval).
    change_on_save(
        WINNERS_SCOPE,
        AwardGrant,
        Certificate,
        ApprovalDecision,
        Round,
        AwardProgramme,
        Organisation,
    )
    round_hooks.round_page_partials.add("grants/_round_hub_office.html")
    round_hooks.oversight_counts.add(
        round_hooks.RoundCount(
            "winners", _("Winners (awards granted)"), approval_selectors.grants_per_round
        )
    )
    register_state_enum("grant", GrantStatus)
    award_history.register_wins(history)
    sweeps.register("grants_expired", sweep_expired_grants, order=30)
    post_save.connect(
        on_certificate_saved, sender=Certificate, dispatch_uid="grants.certificate_ready"
    )
    register_section(
        "applicant",
        "grants/_dashboard_applicant.html",
        approval_selectors.dashboard_applicant,
        order=90,
    )
    register_provider("office", "grants", work.office_items)
