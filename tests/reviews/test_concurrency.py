"""Two requests at once on PostgreSQL (pitfall 1 in docs/architecture.md: select_for_update does
nothing on SQLite): exactly one acts, one decision-log row, the quotas never exceeded (R2)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from applications.enums import ApplicationStatus
from awards.enums import RoundStage
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from reviews.models import Assignment
from reviews.services import review as services
from tests.factories import expert_user, office_user
from tests.reviews.helpers import MATERIAL, SITE, eligible, profile, ready, review_round, score

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


def test_two_composite_evaluations_at_once_act_once() -> None:
    office = office_user()
    reviewer = expert_user()
    round = review_round(RoundStage.MATERIAL_REVIEW, prize_quota_manufacturing=1)
    apps = [eligible(round) for _n in range(3)]
    for app in apps:
        ready(app, reviewer, office)
        score(app, reviewer, MATERIAL, 80)
    services.select_for_site_review(round, actor=office)
    for app in apps:
        score(app, reviewer, SITE, 80)
    results = race(lambda: services.complete_composite_evaluation(round, actor=office))
    assert sum(isinstance(r, DomainError) for r in results) == 1
    assert sum(getattr(r, "stage", None) == RoundStage.COMPOSITE for r in results) == 1
    assert DecisionLogEntry.objects.filter(action="review.composite").count() == 1
    assert (
        round.applications.filter(
            status=ApplicationStatus.CANDIDATE, proposed_level="prize"
        ).count()
        == 1
    )


def test_two_assignments_of_the_same_expert_at_once_make_one() -> None:
    office = office_user()
    reviewer = expert_user()
    app = eligible(review_round())
    results = race(lambda: services.assign_expert(app, profile(reviewer), actor=office))
    assert [type(r) for r in results] == [Assignment, Assignment]
    assert results[0].pk == results[1].pk
    assert Assignment.objects.count() == 1
    assert DecisionLogEntry.objects.filter(action="review.assign").count() == 1
