"""Two requests at once on PostgreSQL (docs/architecture.md, pitfall 1): exactly one acts and one
decision-log row is written, for the round and eligibility decisions of the office and the
leading group (R1, R5, R14)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from applications.enums import ApplicationStatus
from applications.services import application as application_services
from awards import services
from awards.enums import RoundStage
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from notifications.models import Notification
from tests.awards.helpers import check_all_conditions, eligibility_round, submitted_application
from tests.factories import RecommenderFactory, applicant_user, leading_group_user, office_user

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def race(action: Callable[[], Any], runners: int = 2) -> list[Any]:
    """Run ``action`` in ``runners`` threads released together; results or exceptions."""
    barrier = threading.Barrier(runners)
    results: list[Any] = []

    def run() -> None:
        try:
            barrier.wait()
            results.append(action())
        except Exception as error:
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _n in range(runners)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_approvals_of_the_review_rules_at_once_log_once() -> None:
    leader = leading_group_user()
    round = eligibility_round()
    results = race(lambda: services.approve_review_rules(round, actor=leader))
    assert [type(r).__name__ for r in results] == ["Round", "Round"]
    assert DecisionLogEntry.objects.filter(action="round.approve_rules").count() == 1


def test_two_material_review_starts_at_once_move_the_round_once() -> None:
    office = office_user()
    round = eligibility_round()
    services.approve_review_rules(round, actor=leading_group_user())
    submitted_application(round, status=ApplicationStatus.ELIGIBLE)
    results = race(lambda: services.start_material_review(round, actor=office))
    assert sum(isinstance(r, DomainError) for r in results) == 1
    assert sum(getattr(r, "stage", None) == RoundStage.MATERIAL_REVIEW for r in results) == 1
    assert DecisionLogEntry.objects.filter(action="round.material_review").count() == 1


def test_two_eligibility_decisions_at_once_decide_and_notify_once() -> None:
    office = office_user()
    application = submitted_application(
        eligibility_round(),
        recommender=RecommenderFactory(),
        recommendation_opinion="同意",
        recommended_at=timezone.now(),
    )
    check_all_conditions(application, office)
    applicant = applicant_user(application.organisation)
    results = race(
        lambda: application_services.decide_eligibility(
            application, actor=office, eligible=True, sector="manufacturing"
        )
    )
    assert sum(isinstance(r, DomainError) for r in results) == 1
    assert DecisionLogEntry.objects.filter(action="application.eligible").count() == 1
    assert Notification.objects.filter(user=applicant).count() == 1
