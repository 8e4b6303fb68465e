"""What grants adds to the registries of the apps below it (called from ``GrantsConfig.ready``)."""

from __future__ import annotations

from django.db.models.signals import post_save

from awards import history as award_history
from awards import sweeps
from grants.models import Certificate
from grants.receivers import on_certificate_saved
from grants.rules import history
from grants.services.approval import sweep_expired_grants
from grants.services.bans import sweep_begun_bans
from grants.services.obligations import sweep_annual_report_reminders


def register() -> None:
    award_history.register(history)
    sweeps.register("grants_expired", sweep_expired_grants, order=30)
    sweeps.register("annual_report_reminders", sweep_annual_report_reminders, order=40)
    sweeps.register("applications_stopped_by_bans", sweep_begun_bans, order=50)
    post_save.connect(
        on_certificate_saved, sender=Certificate, dispatch_uid="grants.certificate_ready"
    )
