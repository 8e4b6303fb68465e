"""Every (from, to) pair of REVIEW_TRANSITIONS: allowed iff in the table; otherwise a domain
error and no decision-log row. A submitted review never goes back (R14)."""

from __future__ import annotations

import itertools

import pytest

from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import TransitionRefused
from reviews.enums import REVIEW_TRANSITIONS, ReviewStatus
from reviews.models import Review
from reviews.services.review import transition_review
from tests.factories import ApplicationFactory, ExpertFactory, office_user

PAIRS = list(itertools.product(ReviewStatus.values, repeat=2))


def test_the_table_names_every_status() -> None:
    assert set(REVIEW_TRANSITIONS) == set(ReviewStatus.values)


@pytest.mark.django_db
@pytest.mark.parametrize(("current", "target"), PAIRS)
def test_review_status_moves_follow_the_table(current: str, target: str) -> None:
    actor = office_user()
    review = Review.objects.create(
        application=ApplicationFactory(), expert=ExpertFactory(), stage="material", status=current
    )
    before = DecisionLogEntry.objects.count()
    if current == target:
        # Idempotent: moving to the state it is in changes and logs nothing.
        assert transition_review(review, target, actor=actor).status == current
        assert DecisionLogEntry.objects.count() == before
    elif target in REVIEW_TRANSITIONS[current]:
        moved = transition_review(review, target, actor=actor, reason="test")
        assert moved.status == target
        entry = DecisionLogEntry.objects.get(object_type="reviews.Review", object_id=str(review.pk))
        assert (entry.from_state, entry.to_state, entry.actor_id, entry.round_id) == (
            current,
            target,
            actor.pk,
            review.application.round_id,
        )
    else:
        with pytest.raises(TransitionRefused):
            transition_review(review, target, actor=actor)
        review.refresh_from_db()
        assert review.status == current
        assert DecisionLogEntry.objects.count() == before
