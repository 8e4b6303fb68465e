"""Simultaneous writes of the monitoring (PostgreSQL row locks): two submissions of the same
prize-money report, two circulars at once, two flag sweeps at once — each happens once."""

from __future__ import annotations

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from monitoring.enums import FundCheckResult, FundPurpose, FundReportStatus
from monitoring.models import FundUseCircular, ObligationFlag
from monitoring.services import monitoring as services
from tests.factories import applicant_user, office_user
from tests.monitoring.helpers import grant_on, pdf

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _run_twice(target) -> list[object]:  # type: ignore[no-untyped-def]
    results: list[object] = []
    barrier = threading.Barrier(2)

    def run() -> None:
        barrier.wait()
        try:
            results.append(target())
        except DomainError as error:
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def _report(grant, winner):  # type: ignore[no-untyped-def]
    report = services.fund_report_of(grant, actor=winner)
    services.add_fund_item(
        report,
        actor=winner,
        purpose=FundPurpose.TRAINING,
        amount=Decimal("1000"),
        description="培训",
        upload=pdf(),
    )
    return report


def test_two_simultaneous_submissions_submit_once() -> None:
    grant = grant_on(timezone.localdate() - timedelta(days=100))
    winner = applicant_user(grant.organisation)
    report = _report(grant, winner)
    _run_twice(lambda: services.submit_fund_report(report, actor=winner, summary=""))
    report.refresh_from_db()
    assert report.status == FundReportStatus.SUBMITTED
    assert DecisionLogEntry.objects.filter(action="fund_use.submitted").count() == 1


def test_two_simultaneous_circulars_publish_once() -> None:
    office = office_user()
    grant = grant_on(timezone.localdate() - timedelta(days=100))
    winner = applicant_user(grant.organisation)
    report = services.submit_fund_report(_report(grant, winner), actor=winner, summary="")
    services.check_fund_report(report, actor=office, result=FundCheckResult.COMPLIANT, comment="")
    results = _run_twice(
        lambda: services.publish_circular(
            actor=office,
            programme_id=grant.round.programme_id,
            title="通报",
            document_number="",
            body="正文",
        )
    )
    assert FundUseCircular.objects.count() == 1
    assert sum(isinstance(r, DomainError) for r in results) == 1


def test_two_simultaneous_flag_sweeps_flag_once() -> None:
    office_user()
    grant_on(timezone.localdate() - timedelta(days=2 * 365 + 30), amount=Decimal(0))
    _run_twice(services.sweep_obligation_flags)
    assert ObligationFlag.objects.filter(kind="reassessment").count() == 1
    assert DecisionLogEntry.objects.filter(action="monitoring.flag").count() == (
        ObligationFlag.objects.count()
    )
