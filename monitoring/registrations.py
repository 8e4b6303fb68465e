"""What monitoring adds to the registries of the apps below it (called from
``MonitoringConfig.ready``)."""

from __future__ import annotations

from accounts.dashboard import register_section
from accounts.models import User
from accounts.workqueue import register_provider
from awards import sweeps
from common.built_documents import register_kind
from common.page_cache import change_on_save
from decisionlog.labels import register_state_enum
from grants import hooks as grant_hooks
from grants.models import AwardGrant
from monitoring.circular_pdf import CIRCULAR_PDF
from monitoring.enums import FundReportStatus, ReassessmentResult, ReportStatus, VisitStatus
from monitoring.models import (
    AnnualReport,
    FundUseReport,
    ImprovementAction,
    PracticeSummary,
    ReAssessment,
    ReturnVisit,
    SharingActivity,
)
from monitoring.selectors import monitoring as selectors
from monitoring.selectors import workqueue as work
from monitoring.services.annual_reports import (
    schedule_annual_reports,
    sweep_annual_report_reminders,
)
from reviews.models import Assignment, ConflictDeclaration, Review


def _schedule_annual_reports(grant: AwardGrant, actor: User) -> None:
    schedule_annual_reports(grant, actor=actor)


def register() -> None:
    register_kind(CIRCULAR_PDF)
    # What the office dashboard's numbers of obligations count (selectors.OBLIGATIONS_SCOPE):
    # the grants, their obligations' rows, and the reviews (with their experts' standing) that
    # give the opportunities for improvement (a review's feedback is written with the review,
    # which is saved).
    change_on_save(
        selectors.OBLIGATIONS_SCOPE,
        AwardGrant,
        AnnualReport,
        ReAssessment,
        FundUseReport,
        PracticeSummary,
        ImprovementAction,
        SharingActivity,
        ReturnVisit,
        Review,
        Assignment,
        ConflictDeclaration,
    )
    register_state_enum("annual_report", ReportStatus)
    register_state_enum("reassessment", ReassessmentResult)
    grant_hooks.grant_created.connect(_schedule_annual_reports)
    sweeps.register("annual_report_reminders", sweep_annual_report_reminders, order=40)
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
    register_provider("applicant", "monitoring", work.winner_items)
