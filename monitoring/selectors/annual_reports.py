"""Reads about a winner's obligations (Art. 24, R9): the winner's page, the office's overview
and single reports for filing and review."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from accounts.permissions import AnyUser, office_programme_ids
from grants.models import AwardGrant
from grants.rules.grant import grant_state
from monitoring.enums import ReportStatus
from monitoring.models import AnnualReport
from monitoring.permissions.annual_reports import (
    can_view_report_as_office,
    can_view_report_as_winner,
)

OVERDUE = "overdue"
_OPEN = (ReportStatus.DUE, ReportStatus.RETURNED)


def report_state(status: str, due_on: date, today: date) -> str:
    """Art. 24: a report still to be filed (due or returned) after its due date is overdue."""
    if status in _OPEN and due_on < today:
        return OVERDUE
    return status


def _reports_prefetch() -> Prefetch:
    return Prefetch("annual_reports", queryset=AnnualReport.objects.order_by("due_on", "year"))


def _rows(grants: list[AwardGrant], today: date) -> list[dict[str, Any]]:
    rows = []
    for grant in grants:
        reports = [
            {"report": r, "state": report_state(r.status, r.due_on, today)}
            for r in grant.annual_reports.all()
        ]
        rows.append(
            {
                "grant": grant,
                "state": grant_state(grant.status, grant.valid_until, today),
                "reports": reports,
                "n_overdue": sum(1 for r in reports if r["state"] == OVERDUE),
                "n_due": sum(1 for r in reports if r["state"] in _OPEN),
                "n_submitted": sum(1 for r in reports if r["state"] == ReportStatus.SUBMITTED),
                "n_done": sum(1 for r in reports if r["state"] == ReportStatus.ACCEPTED),
            }
        )
    return rows


def office_obligations(user: AnyUser, today: date | None = None) -> list[dict[str, Any]]:
    """All grants of the office's programmes with counts of reports due, overdue, awaiting
    review and done (Art. 24); overdue grants first."""
    programme_ids = office_programme_ids(user)
    if not programme_ids:
        return []
    today = today or timezone.localdate()
    grants = list(
        AwardGrant.objects.filter(round__programme_id__in=programme_ids)
        .select_related("round__programme", "organisation")
        .prefetch_related(_reports_prefetch())
        .order_by("-round__year", "organisation__name", "pk")
    )
    rows = _rows(grants, today)
    rows.sort(key=lambda row: row["n_overdue"] == 0)
    return rows


def report_for_winner(user: AnyUser, pk: int) -> AnnualReport | None:
    """The report if the user belongs to the winning organisation; else None (404)."""
    if not user.is_authenticated:
        return None
    report = (
        AnnualReport.objects.select_related("grant__organisation", "grant__round__programme")
        .filter(pk=pk)
        .first()
    )
    if report is None or not can_view_report_as_winner(user, report):
        return None
    return report


def report_for_office(user: AnyUser, pk: int) -> AnnualReport | None:
    """The report if the user is the office of its programme; else None (404)."""
    if not user.is_authenticated:
        return None
    report = (
        AnnualReport.objects.select_related(
            "grant__organisation", "grant__round__programme", "submitted_by", "reviewed_by"
        )
        .filter(pk=pk)
        .first()
    )
    if report is None or not can_view_report_as_office(user, report):
        return None
    return report
