"""Who may see, file and review a winner's annual quality performance reports (Art. 24).
Predicates only: no writes here."""

from __future__ import annotations

from accounts.permissions import AnyUser, is_office_of
from grants.enums import GrantStatus
from grants.permissions.approval import is_winner_user
from monitoring.enums import ReportStatus
from monitoring.models import AnnualReport

# Art. 24: the winner files (or refiles after a return) only these.
FILEABLE_REPORT_STATUSES = frozenset({ReportStatus.DUE, ReportStatus.RETURNED})


def can_view_report_as_winner(user: AnyUser, report: AnnualReport) -> bool:
    """The winning organisation's users only (an outsider gets 404)."""
    return is_winner_user(user, report.grant)


def can_file_report(user: AnyUser, report: AnnualReport) -> bool:
    """Art. 24: the winner files a due or returned report of a grant not revoked."""
    return (
        can_view_report_as_winner(user, report)
        and report.status in FILEABLE_REPORT_STATUSES
        and report.grant.status != GrantStatus.REVOKED
    )


def can_view_report_as_office(user: AnyUser, report: AnnualReport) -> bool:
    """The office of the grant's programme only (another programme's office gets 404)."""
    return is_office_of(user, report.grant.round.programme_id)


def can_review_report(user: AnyUser, report: AnnualReport) -> bool:
    """Art. 24: the office accepts or returns a submitted report."""
    return can_view_report_as_office(user, report) and report.status == ReportStatus.SUBMITTED


def can_change_due_date(user: AnyUser, report: AnnualReport) -> bool:
    """Art. 24: the office sets the due date of a report not yet accepted."""
    return can_view_report_as_office(user, report) and report.status != ReportStatus.ACCEPTED
