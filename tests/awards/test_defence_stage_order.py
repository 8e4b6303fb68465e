"""R1 / Art. 18-19: a round whose rules hold the question-and-defence stage (问询答辩) passes
through it between the material and the site review, and one whose rules do not skips it:
``awards.services.transition_round`` refuses the other move (awards.rules.check_stage_passage)
with a message citing the measures' articles, in Chinese and English, and changes nothing."""

from __future__ import annotations

import pytest
from django.utils import translation

from awards.enums import ROUND_TRANSITIONS, RoundStage
from awards.models import Round
from awards.rules import stage_after_material_review, stages_of
from awards.services import transition_round
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from tests.factories import RoundFactory, office_user

pytestmark = pytest.mark.django_db

NOT_HELD = {
    "en": "Under its programme's rules this round holds no question-and-defence stage: the site "
    "review follows the material review. (Art. 18 and 19 of the Measures)",
    "zh-hans": "按照本奖项的评审规则，本届评审不设问询答辩环节，材料评审后即进入现场评审。"
    "（《管理办法》第十八条、第十九条）",
}
HELD = {
    "en": "Under its programme's rules this round holds a question-and-defence stage after the "
    "material review: the site review starts once it is complete. (Art. 18 and 19 of the "
    "Measures)",
    "zh-hans": "按照本奖项的评审规则，本届评审在材料评审后设问询答辩环节，问询答辩完成后方可进入现场评审。"
    "（《管理办法》第十八条、第十九条）",
}


def _round(stage: str, *, held: bool) -> Round:
    return RoundFactory(stage=stage, rule_settings={"holds_defence_stage": held})


def test_the_table_allows_both_ways_out_of_material_review() -> None:
    assert ROUND_TRANSITIONS[RoundStage.MATERIAL_REVIEW] == {
        RoundStage.DEFENCE,
        RoundStage.SITE_REVIEW,
    }
    assert ROUND_TRANSITIONS[RoundStage.DEFENCE] == {RoundStage.SITE_REVIEW}


def test_a_round_holding_the_stage_passes_through_it() -> None:
    office = office_user()
    round = _round(RoundStage.MATERIAL_REVIEW, held=True)
    assert stage_after_material_review(round) == RoundStage.DEFENCE
    round = transition_round(round, RoundStage.DEFENCE, actor=office)
    assert round.stage == RoundStage.DEFENCE
    round = transition_round(round, RoundStage.SITE_REVIEW, actor=office)
    assert round.stage == RoundStage.SITE_REVIEW
    assert list(
        DecisionLogEntry.objects.filter(round_id=round.pk)
        .order_by("pk")
        .values_list("from_state", "to_state")
    ) == [("material_review", "defence"), ("defence", "site_review")]


def test_a_round_without_the_stage_skips_it() -> None:
    office = office_user()
    round = _round(RoundStage.MATERIAL_REVIEW, held=False)
    assert stage_after_material_review(round) == RoundStage.SITE_REVIEW
    assert transition_round(round, RoundStage.SITE_REVIEW, actor=office).stage == (
        RoundStage.SITE_REVIEW
    )


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_round_holding_the_stage_cannot_skip_it(language: str) -> None:
    round = _round(RoundStage.MATERIAL_REVIEW, held=True)
    with translation.override(language):
        with pytest.raises(DomainError) as refused:
            transition_round(round, RoundStage.SITE_REVIEW, actor=office_user())
        assert refused.value.rule == "R1"
        assert refused.value.user_message == HELD[language]
    round.refresh_from_db()
    assert round.stage == RoundStage.MATERIAL_REVIEW
    assert not DecisionLogEntry.objects.filter(round_id=round.pk).exists()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_round_without_the_stage_cannot_enter_it(language: str) -> None:
    round = _round(RoundStage.MATERIAL_REVIEW, held=False)
    with translation.override(language):
        with pytest.raises(DomainError) as refused:
            transition_round(round, RoundStage.DEFENCE, actor=office_user())
        assert refused.value.rule == "R1"
        assert refused.value.user_message == NOT_HELD[language]
    round.refresh_from_db()
    assert round.stage == RoundStage.MATERIAL_REVIEW
    assert not DecisionLogEntry.objects.filter(round_id=round.pk).exists()


def test_the_stages_a_round_runs_through() -> None:
    held = stages_of(_round(RoundStage.DRAFT, held=True))
    not_held = stages_of(_round(RoundStage.DRAFT, held=False))
    assert held == RoundStage.values
    assert not_held == [s for s in RoundStage.values if s != RoundStage.DEFENCE]
    assert held.index(RoundStage.DEFENCE) == held.index(RoundStage.MATERIAL_REVIEW) + 1
