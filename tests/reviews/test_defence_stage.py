"""The question-and-defence stage (问询答辩; R1, Art. 18-20): in a round whose programme holds
it, the office records the defence panel's score of each application going on after the
material review, and the composite is the weighted sum of the three held stages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from applications.enums import ApplicationStatus
from awards.models import Round
from awards.rulesets import rule_settings_snapshot
from awards.services import sign_commitment
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from reviews.models import DefenceScore
from reviews.services import review as services
from reviews.services.defence import record_defence_score
from tests.awards.helpers import other_programme_office
from tests.factories import programme
from tests.reviews.test_services import run_to_site_review

pytestmark = pytest.mark.django_db

HELD_ON = date(2041, 5, 12)


def _hold_defence_stage(round: Round) -> Round:
    """The round kept rules with a defence stage: material 30 %, defence 20 %, site 50 %."""
    kept = {
        **rule_settings_snapshot(programme()),
        "holds_defence_stage": True,
        "material_weight_percent": 30,
        "defence_weight_percent": 20,
        "site_weight_percent": 50,
    }
    Round.objects.filter(pk=round.pk).update(
        rule_settings=kept,
        rule_settings_version=1,
        material_weight=Decimal("0.30"),
        defence_weight=Decimal("0.20"),
        site_weight=Decimal("0.50"),
    )
    round.refresh_from_db()
    return round


def test_the_composite_weighs_material_defence_and_site(round, office, reviewer) -> None:
    round = _hold_defence_stage(round)
    apps = run_to_site_review(
        round,
        office,
        reviewer,
        {
            "甲": ("C", 80, 90, ()),  # 800 x 0.3 + 700 x 0.2 + 900 x 0.5 = 830.0
            "乙": ("C", 60, 50, ()),  # 600 x 0.3 + 900 x 0.2 + 500 x 0.5 = 610.0
        },
    )
    record_defence_score(
        apps["甲"], actor=office, score=Decimal("700"), panel="张三、李四", held_on=HELD_ON
    )
    record_defence_score(
        apps["乙"], actor=office, score=Decimal("900"), panel="张三、李四", held_on=HELD_ON
    )
    services.complete_composite_evaluation(round, actor=office)
    for app in apps.values():
        app.refresh_from_db()
    assert (apps["甲"].composite_score, apps["乙"].composite_score) == (
        Decimal("830.0"),
        Decimal("610.0"),
    )
    entry = DecisionLogEntry.objects.get(action="review.composite")
    assert entry.data["defence_weight"] == "0.20"


def test_the_composite_waits_for_every_defence_score(round, office, reviewer) -> None:
    round = _hold_defence_stage(round)
    apps = run_to_site_review(round, office, reviewer, {"甲": ("C", 80, 90, ())})
    with pytest.raises(DomainError) as refused:
        services.complete_composite_evaluation(round, actor=office)
    assert refused.value.user_message.startswith("甲 has no question-and-defence score.")
    apps["甲"].refresh_from_db()
    assert apps["甲"].status == ApplicationStatus.SITE_REVIEW


def test_the_2022_template_composite_has_no_defence_stage(round, office, reviewer) -> None:
    apps = run_to_site_review(round, office, reviewer, {"己": ("L", 50, 60, ())})
    with pytest.raises(DomainError) as refused:
        record_defence_score(
            apps["己"], actor=office, score=Decimal("700"), panel="张三", held_on=HELD_ON
        )
    assert "holds no question-and-defence stage" in refused.value.user_message
    services.complete_composite_evaluation(round, actor=office)
    apps["己"].refresh_from_db()
    # 500 x 0.4 + 600 x 0.6
    assert apps["己"].composite_score == Decimal("560.0")


def test_recording_is_logged_and_a_correction_keeps_the_replaced_score(
    round, office, reviewer
) -> None:
    round = _hold_defence_stage(round)
    app = run_to_site_review(round, office, reviewer, {"甲": ("C", 80, 90, ())})["甲"]
    record_defence_score(app, actor=office, score=Decimal("700"), panel="张三", held_on=HELD_ON)
    record_defence_score(
        app, actor=office, score=Decimal("720.5"), panel="张三、李四", held_on=HELD_ON
    )
    kept = DefenceScore.objects.get(application=app)
    assert (kept.score, kept.panel, kept.held_on) == (Decimal("720.5"), "张三、李四", HELD_ON)
    logged = DecisionLogEntry.objects.filter(action="review.defence_score").order_by("pk")
    assert [(e.data["score"], e.data["replaced"]) for e in logged] == [
        ("700.0", None),
        ("720.5", "700.0"),
    ]


def test_a_score_is_refused_out_of_range_or_outside_the_window(round, office, reviewer) -> None:
    round = _hold_defence_stage(round)
    app = run_to_site_review(round, office, reviewer, {"甲": ("C", 80, 90, ())})["甲"]
    with pytest.raises(DomainError):
        record_defence_score(
            app, actor=office, score=Decimal("1000.5"), panel="张三", held_on=HELD_ON
        )
    with pytest.raises(DomainError):
        record_defence_score(app, actor=office, score=Decimal("700"), panel=" ", held_on=HELD_ON)
    record_defence_score(app, actor=office, score=Decimal("700"), panel="张三", held_on=HELD_ON)
    services.complete_composite_evaluation(round, actor=office)
    with pytest.raises(DomainError) as refused:
        record_defence_score(app, actor=office, score=Decimal("800"), panel="张三", held_on=HELD_ON)
    assert "until the composite evaluation" in refused.value.user_message


def test_the_office_records_the_score_on_the_application_page(
    client, round, office, reviewer
) -> None:
    round = _hold_defence_stage(round)
    app = run_to_site_review(round, office, reviewer, {"甲": ("C", 80, 90, ())})["甲"]
    sign_commitment(round, user=office)
    client.force_login(office)
    page = reverse("applications:office_detail", args=[app.pk])
    assert reverse("reviews:record_defence", args=[app.pk]) in client.get(page).content.decode()
    response = client.post(
        reverse("reviews:record_defence", args=[app.pk]),
        {"score": "705.5", "panel": "张三、李四", "held_on": "2041-05-12"},
    )
    assert response.status_code == 302
    assert DefenceScore.objects.get(application=app).score == Decimal("705.5")
    assert "张三、李四" in client.get(page).content.decode()


def test_another_programmes_office_gets_404_and_records_nothing(
    client, round, office, reviewer
) -> None:
    round = _hold_defence_stage(round)
    app = run_to_site_review(round, office, reviewer, {"甲": ("C", 80, 90, ())})["甲"]
    outsider = other_programme_office()
    client.force_login(outsider)
    response = client.post(
        reverse("reviews:record_defence", args=[app.pk]),
        {"score": "705.5", "panel": "张三", "held_on": "2041-05-12"},
    )
    assert response.status_code == 404
    with pytest.raises(DomainError):
        record_defence_score(app, actor=outsider, score=Decimal("1"), panel="张三", held_on=HELD_ON)
    assert not DefenceScore.objects.exists()
