"""The winner's annual reports due (Art. 24, R9) in its work queue, each with its own link to
file it: the reports still to file whose due date is near (the first reminder's window) or
past, and those the office returned. One query whatever the number of grants."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import APPLICANT
from accounts.models import User
from accounts.workqueue import WorkItem
from applications.permissions.application import organisation_id_of
from grants.enums import GrantStatus
from monitoring.enums import ReportStatus
from monitoring.models import AnnualReport
from monitoring.services.annual_reports import reminder_days


def winner_items(user: User) -> list[WorkItem]:
    org_id = organisation_id_of(user)
    if org_id is None:
        return []
    today = timezone.localdate()
    reports = (
        AnnualReport.objects.filter(grant__organisation_id=org_id)
        .exclude(grant__status=GrantStatus.REVOKED)
        .filter(
            Q(status=ReportStatus.RETURNED)
            | Q(status=ReportStatus.DUE, due_on__lte=today + timedelta(days=reminder_days()))
        )
        .select_related("grant__round__programme")
        # What the item says: the report's, grant's, round's and programme's whole rows cost
        # more to ask for than the few reports they return.
        .only("year", "status", "due_on", "grant__round__programme__name")
        .order_by("due_on", "pk")
    )
    return [
        WorkItem(
            role=APPLICANT,
            what=(
                _("Annual quality performance report %(year)d: returned by the office, revise it.")
                if report.status == ReportStatus.RETURNED
                else _("Annual quality performance report %(year)d is due.")
            )
            % {"year": report.year},
            on_whom=_("Your organisation"),
            url=reverse("monitoring:annual_report_file", args=[report.pk]),
            action=_("Submit the report"),
            programme=report.grant.round.programme.name,
            until=report.due_on,
            overdue=report.due_on < today,
        )
        for report in reports
    ]
