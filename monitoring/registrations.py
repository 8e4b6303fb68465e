"""What monitoring adds to the registries of the apps below it (called from
``MonitoringConfig.ready``)."""

from __future__ import annotations

from accounts.dashboard import register_section
from decisionlog.labels import register_state_enum
from monitoring import selectors
from monitoring.enums import FundReportStatus, VisitStatus


def register() -> None:
    register_state_enum("fund_use", FundReportStatus)
    register_state_enum("visit", VisitStatus)
    register_section(
        "applicant",
        "monitoring/_dashboard_applicant.html",
        selectors.dashboard_applicant,
        order=110,
    )
    register_section(
        "office", "monitoring/_dashboard_office.html", selectors.dashboard_office, order=120
    )
    register_section(
        "expert", "monitoring/_dashboard_expert.html", selectors.dashboard_expert, order=130
    )
