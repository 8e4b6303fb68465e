"""What sanctions adds to the registries of the apps below it (called from
``SanctionsConfig.ready``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from accounts.dashboard import register_section
from accounts.models import User
from accounts.workqueue import register_provider
from applications import hooks as application_hooks
from applications.models import Application
from awards import history as award_history
from awards import hooks as round_hooks
from awards import sweeps
from decisionlog.labels import register_state_enum
from grants import hooks as grant_hooks
from grants.models import AwardGrant
from sanctions import rules
from sanctions.enums import IncidentStatus, RevocationStatus
from sanctions.selectors import incidents as incident_selectors
from sanctions.selectors import revocation as revocation_selectors
from sanctions.selectors import workqueue as work
from sanctions.services.bans import stop_applications_of_barred, sweep_begun_bans
from sanctions.services.fraud_bars import open_fraud_bar_case
from sanctions.views.fraud_bars import office_page_section


def _open_fraud_bar_case(application: Application, actor: User, reason: str) -> None:
    open_fraud_bar_case(application, actor=actor, reason=reason)


def _stop_applications_of_imported_bans(credit_codes: Iterable[str], actor: User, on: date) -> None:
    stop_applications_of_barred(credit_codes, actor=actor, on=on)


def _grant_incidents(grant: AwardGrant) -> dict[str, Any]:
    return {"incidents": incident_selectors.grant_incidents(grant)}


def register() -> None:
    register_state_enum("revocation", RevocationStatus)
    register_state_enum("incident", IncidentStatus)
    application_hooks.fraud_found.connect(_open_fraud_bar_case)
    application_hooks.office_page_sections.add(office_page_section)
    award_history.register_bars(rules)
    grant_hooks.bans_imported.connect(_stop_applications_of_imported_bans)
    grant_hooks.grant_record_sections.add(
        grant_hooks.GrantRecordSection("sanctions/_grant_records_incidents.html", _grant_incidents)
    )
    sweeps.register("applications_stopped_by_bans", sweep_begun_bans, order=50)
    round_hooks.oversight_counts.add(
        round_hooks.RoundCount(
            "revocations", _("Awards revoked"), revocation_selectors.revoked_per_round
        )
    )
    register_section(
        "liaison",
        "sanctions/_dashboard_liaison.html",
        incident_selectors.dashboard_liaison,
        order=100,
    )
    register_provider("office", "sanctions", work.office_items)
