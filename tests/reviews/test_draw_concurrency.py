"""Two acceptances of the same draw at once on PostgreSQL: exactly one assigns (one
decision-log row, each expert assigned once); the other is refused."""

from __future__ import annotations

import pytest

from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from reviews.enums import DrawMethod, DrawStatus
from reviews.models import Assignment, AssignmentDraw
from reviews.services import draw as services_draw
from tests.factories import expert_user, office_user
from tests.reviews.helpers import eligible, review_round
from tests.reviews.test_concurrency import race

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_two_acceptances_of_a_draw_at_once_assign_once() -> None:
    office = office_user()
    round = review_round()
    apps = [eligible(round) for _n in range(2)]
    for _n in range(4):
        expert_user()
    made = services_draw.propose_draw(
        round, actor=office, method=DrawMethod.RANDOM, per_application=2, seed=99
    )
    results = race(lambda: services_draw.accept_draw(made, actor=office))
    assert sum(isinstance(r, DomainError) for r in results) == 1
    assert sum(isinstance(r, AssignmentDraw) for r in results) == 1
    assert AssignmentDraw.objects.get().status == DrawStatus.ACCEPTED
    assert DecisionLogEntry.objects.filter(action="review.draw_accept").count() == 1
    assert Assignment.objects.count() == 4
    for app in apps:
        assert set(
            Assignment.objects.filter(application=app).values_list("expert_id", flat=True)
        ) == set(made.result[str(app.pk)])
