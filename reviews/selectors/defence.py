"""R1 / Art. 18-20: the question-and-defence scores of a round's applications."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from reviews.models import DefenceScore


def defence_scores(application_ids: Iterable[int]) -> dict[int, Decimal]:
    """The recorded defence score of each application among ``application_ids`` that has one."""
    return dict(
        DefenceScore.objects.filter(application_id__in=list(application_ids)).values_list(
            "application_id", "score"
        )
    )


def defence_score_of(application_id: int) -> DefenceScore | None:
    """The application's defence score with who recorded it, or None."""
    return (
        DefenceScore.objects.select_related("recorded_by")
        .filter(application_id=application_id)
        .first()
    )
