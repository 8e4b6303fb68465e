"""What grants adds to the registries of the apps below it (called from ``GrantsConfig.ready``)."""

from __future__ import annotations

from django.db.models.signals import post_save

from accounts.dashboard import register_section
from accounts.models import User
from applications import hooks as application_hooks
from applications.models import Application
from awards import history as award_history
from awards import hooks as round_hooks
from awards import sweeps
from decisionlog.labels import register_state_enum
from grants.enums import (
    GrantStatus,
    IncidentStatus,
    ReassessmentResult,
    ReportStatus,
    RevocationStatus,
)
from grants.models import Certificate
from grants.receivers import on_certificate_saved
from grants.rules import history
from grants.selectors import approval as approval_selectors
from grants.selectors import incidents as incident_selectors
from grants.services.approval import sweep_expired_grants
from grants.services.bans import sweep_begun_bans
from grants.services.fraud_bars import open_fraud_bar_case
from grants.services.obligations import sweep_annual_report_reminders
from grants.views.fraud_bars import office_page_section


def _open_fraud_bar_case(application: Application, actor: User, reason: str) -> None:
    open_fraud_bar_case(application, actor=actor, reason=reason)


def register() -> None:
    round_hooks.round_page_partials.add("grants/_round_hub_office.html")
    register_state_enum("grant", GrantStatus)
    register_state_enum("annual_report", ReportStatus)
    register_state_enum("revocation", RevocationStatus)
    register_state_enum("reassessment", ReassessmentResult)
    register_state_enum("incident", IncidentStatus)
    application_hooks.fraud_found.connect(_open_fraud_bar_case)
    application_hooks.office_page_sections.add(office_page_section)
    award_history.register(history)
    sweeps.register("grants_expired", sweep_expired_grants, order=30)
    sweeps.register("annual_report_reminders", sweep_annual_report_reminders, order=40)
    sweeps.register("applications_stopped_by_bans", sweep_begun_bans, order=50)
    post_save.connect(
        on_certificate_saved, sender=Certificate, dispatch_uid="grants.certificate_ready"
    )
    register_section(
        "applicant",
        "grants/_dashboard_applicant.html",
        approval_selectors.dashboard_applicant,
        order=90,
    )
    register_section(
        "liaison",
        "grants/_dashboard_liaison.html",
        incident_selectors.dashboard_liaison,
        order=100,
    )
