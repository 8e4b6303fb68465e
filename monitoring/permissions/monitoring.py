"""Who may see and act on a winner's obligations (Art. 24-26, 29). Predicates only.

The winning organisation's users see and file their own grant's obligations; the office of the
grant's programme sees every winner of its programme and records its checks, re-assessments
and visits. Anyone else gets 404."""

from __future__ import annotations

from accounts.permissions import AnyUser, is_office_of
from grants.enums import GrantStatus
from grants.models import AwardGrant
from grants.permissions.approval import is_winner_user
from monitoring.enums import EDITABLE_FUND_STATUSES, FundReportStatus, VisitStatus
from monitoring.models import FundUseReport, ReturnVisit


def can_view_as_winner(user: AnyUser, grant: AwardGrant) -> bool:
    return is_winner_user(user, grant)


def can_view_as_office(user: AnyUser, grant: AwardGrant) -> bool:
    return is_office_of(user, grant.round.programme_id)


def winner_may_act(user: AnyUser, grant: AwardGrant) -> bool:
    """The winner records its obligations while the grant is not revoked."""
    return can_view_as_winner(user, grant) and grant.status != GrantStatus.REVOKED


def office_may_act(user: AnyUser, grant: AwardGrant) -> bool:
    """The office schedules and records while the grant is not revoked."""
    return can_view_as_office(user, grant) and grant.status != GrantStatus.REVOKED


def has_prize_money(grant: AwardGrant) -> bool:
    """R10: a fund-use report is required only where prize money was paid."""
    return grant.amount > 0


def can_edit_fund_report(user: AnyUser, report: FundUseReport) -> bool:
    """R10: the winner changes and submits a report being prepared or returned."""
    return (
        winner_may_act(user, report.grant)
        and has_prize_money(report.grant)
        and report.status in EDITABLE_FUND_STATUSES
    )


def can_check_fund_report(user: AnyUser, report: FundUseReport) -> bool:
    """R10: the office checks a submitted report."""
    return can_view_as_office(user, report.grant) and report.status == FundReportStatus.SUBMITTED


def can_record_visit(user: AnyUser, visit: ReturnVisit) -> bool:
    return office_may_act(user, visit.grant) and visit.status == VisitStatus.PLANNED
