"""The review stages as programme rules (R1; Art. 18-20): whether a question-and-defence stage
(问询答辩) is held and each scored stage's weight in percent, summing to 100; a new round takes
them as its weights and keeps them when the programme's rules change later."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from awards import services
from awards.enums import RoundStage
from awards.rules import round_proposal
from awards.rulesets import RuleSettings, round_rule_settings
from decisionlog.workflow import DomainError
from tests.awards.helpers import in_english  # noqa: F401  (autouse: messages in English)
from tests.awards.views.test_programme_rules_pages import RULES
from tests.factories import RoundFactory, leading_group_user, office_user, programme

pytestmark = pytest.mark.django_db

OPENS = timezone.now() + timedelta(days=1)
CLOSES = OPENS + timedelta(days=30)


def _with_defence_stage() -> None:
    """The office's rules with a defence stage: material 30 %, defence 20 %, site 50 %."""
    services.update_programme_rules(
        programme(),
        actor=office_user(),
        holds_defence_stage=True,
        material_weight_percent=30,
        defence_weight_percent=20,
        site_weight_percent=50,
    )
    services.approve_programme_rules(programme(), actor=leading_group_user())


def _create(year: int = 2041):  # type: ignore[no-untyped-def]
    return services.create_round(
        programme(),
        actor=office_user(),
        year=year,
        title=f"{year}年度赣州市市长质量奖",
        applications_open_at=OPENS,
        applications_close_at=CLOSES,
    )


def test_the_2022_template_weighs_material_40_and_site_60_without_a_defence_stage() -> None:
    settings = RuleSettings()
    assert (
        settings.holds_defence_stage,
        settings.material_weight_percent,
        settings.defence_weight_percent,
        settings.site_weight_percent,
    ) == (False, 40, 0, 60)
    round = _create()
    assert (round.material_weight, round.defence_weight, round.site_weight) == (
        Decimal("0.40"),
        Decimal("0"),
        Decimal("0.60"),
    )
    assert round.holds_defence_stage is False


def test_weights_that_do_not_add_up_to_100_are_refused_on_the_rules_page(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(office_user())
    url = reverse("awards:programme_rules", args=[programme().pk])
    response = client.post(url, {**RULES, "material_weight_percent": "50"})
    assert response.status_code == 200
    assert response.context["form"].errors["site_weight_percent"] == [
        "The weights of the review stages (50 + 0 + 60) must add up to 100 %."
    ]
    assert programme().rules_version == 1


def test_a_defence_stage_without_weight_and_a_weight_without_the_stage_are_refused(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(office_user())
    url = reverse("awards:programme_rules", args=[programme().pk])
    held = client.post(url, {**RULES, "holds_defence_stage": "on"})
    assert held.context["form"].errors["defence_weight_percent"] == [
        "Give the question-and-defence stage a weight."
    ]
    not_held = client.post(
        url, {**RULES, "defence_weight_percent": "20", "site_weight_percent": "40"}
    )
    assert not_held.context["form"].errors["defence_weight_percent"] == [
        "Without a question-and-defence stage its weight is 0."
    ]
    with pytest.raises(DomainError):
        services.update_programme_rules(
            programme(), actor=office_user(), material_weight_percent=30
        )
    assert programme().rules_version == 1


def test_the_rules_page_saves_a_defence_stage_with_its_weights(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(office_user())
    url = reverse("awards:programme_rules", args=[programme().pk])
    posted = {
        **RULES,
        "holds_defence_stage": "on",
        "material_weight_percent": "30",
        "defence_weight_percent": "20",
        "site_weight_percent": "50",
    }
    client.post(url, posted)
    fresh = programme()
    assert (fresh.rules_version, fresh.holds_defence_stage) == (2, True)
    assert (fresh.material_weight_percent, fresh.defence_weight_percent) == (30, 20)


def test_a_new_round_takes_the_programmes_stage_weights() -> None:
    _with_defence_stage()
    proposal = round_proposal(programme(), timezone.localdate())
    assert (
        proposal["material_weight"],
        proposal["defence_weight"],
        proposal["site_weight"],
    ) == (Decimal("0.3"), Decimal("0.2"), Decimal("0.5"))
    round = _create()
    assert round.holds_defence_stage is True
    assert (round.material_weight, round.defence_weight, round.site_weight) == (
        Decimal("0.30"),
        Decimal("0.20"),
        Decimal("0.50"),
    )


def test_a_round_keeps_its_stages_and_weights_when_the_programme_changes() -> None:
    _with_defence_stage()
    now = timezone.now()
    round = RoundFactory(
        stage=RoundStage.DRAFT,
        call_notice="",
        call_published_at=None,
        applications_open_at=now,
        applications_close_at=now + timedelta(days=30),
        material_weight=Decimal("0.30"),
        defence_weight=Decimal("0.20"),
        site_weight=Decimal("0.50"),
    )
    round = services.publish_call(round, actor=office_user(), call_notice="通知")
    services.update_programme_rules(
        programme(),
        actor=office_user(),
        holds_defence_stage=False,
        material_weight_percent=40,
        defence_weight_percent=0,
        site_weight_percent=60,
    )
    services.approve_programme_rules(programme(), actor=leading_group_user())
    round.refresh_from_db()
    kept = round_rule_settings(round)
    assert (kept.holds_defence_stage, kept.defence_weight_percent) == (True, 20)
    assert round.holds_defence_stage is True
    assert (round.material_weight, round.defence_weight, round.site_weight) == (
        Decimal("0.30"),
        Decimal("0.20"),
        Decimal("0.50"),
    )


def test_a_round_without_the_stage_cannot_weigh_it() -> None:
    round = _create()
    with pytest.raises(DomainError) as refused:
        services.update_round_settings(
            round,
            actor=office_user(),
            material_weight=Decimal("0.30"),
            defence_weight=Decimal("0.20"),
            site_weight=Decimal("0.50"),
        )
    assert "exactly when the round holds it" in refused.value.user_message


def test_a_draft_weighing_the_stages_otherwise_than_the_rules_it_would_keep_cannot_open() -> None:
    now = timezone.now()
    draft = RoundFactory(
        stage=RoundStage.DRAFT,
        call_notice="",
        call_published_at=None,
        applications_open_at=now,
        applications_close_at=now + timedelta(days=30),
    )
    _with_defence_stage()
    with pytest.raises(DomainError) as refused:
        services.publish_call(draft, actor=office_user(), call_notice="通知")
    assert "set the round's review-stage weights first" in refused.value.user_message
    draft.refresh_from_db()
    assert draft.stage == RoundStage.DRAFT
