"""R13: the round's required attachment types change only before the call is out."""

from __future__ import annotations

import pytest

from awards.enums import RoundStage
from awards.services import update_round_settings
from decisionlog.workflow import DomainError
from tests.factories import RoundFactory, office_user

pytestmark = pytest.mark.django_db


def test_required_types_can_change_on_a_draft_round() -> None:
    office = office_user()
    round = RoundFactory(stage=RoundStage.DRAFT)
    changed = update_round_settings(
        round, actor=office, required_attachment_kinds=["form", "licence"], reason="通知要求"
    )
    assert changed.required_attachment_kinds == ["form", "licence"]


def test_required_types_are_fixed_once_the_call_is_published() -> None:
    office = office_user()
    round = RoundFactory(stage=RoundStage.APPLICATION)
    with pytest.raises(DomainError) as refused:
        update_round_settings(round, actor=office, required_attachment_kinds=["form", "tax"])
    assert refused.value.rule == "R1"
    round.refresh_from_db()
    assert round.required_attachment_kinds == ["form"]
