"""The question-and-defence stage (问询答辩; R1, Art. 18-20): in a round whose programme holds
it, closing the material review opens the round's DEFENCE stage; the office records the
defence panel's score of each application going on during it (and only then), starts the site
review once every score is recorded, and the composite is the weighted sum of the three held
stages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from accounts.workqueue import items_for
from applications.enums import ApplicationStatus
from applications.models import Application
from awards.enums import RoundStage
from awards.models import Round
from awards.rulesets import rule_settings_snapshot
from awards.services import sign_commitment
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from reviews.models import DefenceScore
from reviews.services import review as services
from reviews.services.defence import open_defence_stage, record_defence_score, start_site_review
from tests.awards.helpers import other_programme_office
from tests.factories import programme
from tests.reviews.helpers import MATERIAL, SITE, eligible, ready, score
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


def run_to_defence(round, office, user, spec) -> dict[str, Application]:
    """spec: name -> (section, material %): each application scored in material review and
    selected; the round is then in its question-and-defence stage."""
    apps = {}
    for name, (section, material) in spec.items():
        app = eligible(round, name=name, section=section)
        ready(app, user, office)
        score(app, user, MATERIAL, material)
        apps[name] = app
    services.select_for_site_review(
        round, actor=office, application_ids=[a.pk for a in apps.values()], reason="全部"
    )
    for app in apps.values():
        app.refresh_from_db()
    return apps


def test_the_composite_weighs_material_defence_and_site(round, office, reviewer) -> None:
    round = _hold_defence_stage(round)
    apps = run_to_defence(round, office, reviewer, {"甲": ("C", 80), "乙": ("C", 60)})
    # 甲: 800 x 0.3 + 700 x 0.2 + 900 x 0.5 = 830.0; 乙: 600 x 0.3 + 900 x 0.2 + 500 x 0.5 = 610.0
    record_defence_score(
        apps["甲"], actor=office, score=Decimal("700"), panel="张三、李四", held_on=HELD_ON
    )
    record_defence_score(
        apps["乙"], actor=office, score=Decimal("900"), panel="张三、李四", held_on=HELD_ON
    )
    round = start_site_review(round, actor=office)
    score(apps["甲"], reviewer, SITE, 90)
    score(apps["乙"], reviewer, SITE, 50)
    services.complete_composite_evaluation(round, actor=office)
    for app in apps.values():
        app.refresh_from_db()
    assert (apps["甲"].composite_score, apps["乙"].composite_score) == (
        Decimal("830.0"),
        Decimal("610.0"),
    )
    entry = DecisionLogEntry.objects.get(action="review.composite")
    assert entry.data["defence_weight"] == "0.20"


def test_a_held_round_goes_from_material_review_to_the_defence_stage(
    round, office, reviewer
) -> None:
    # R1: closing the material review of a round holding the stage opens it, not the site
    # review; the round's log says so.
    round = _hold_defence_stage(round)
    run_to_defence(round, office, reviewer, {"甲": ("C", 80)})
    round.refresh_from_db()
    assert round.stage == RoundStage.DEFENCE
    entry = DecisionLogEntry.objects.get(action="round.defence")
    assert (entry.from_state, entry.to_state) == ("material_review", "defence")


def test_the_site_review_waits_for_every_defence_score_naming_who_is_missing(
    round, office, reviewer
) -> None:
    # R1: the stage closes only once every organisation going on has its score.
    round = _hold_defence_stage(round)
    apps = run_to_defence(round, office, reviewer, {"甲": ("C", 80), "乙": ("C", 70)})
    record_defence_score(
        apps["甲"], actor=office, score=Decimal("700"), panel="张三", held_on=HELD_ON
    )
    with pytest.raises(DomainError) as refused:
        start_site_review(round, actor=office)
    assert refused.value.user_message == (
        "The question-and-defence stage is not complete: no score is recorded yet for 乙. "
        "(Art. 19 of the Measures)"
    )
    round.refresh_from_db()
    assert round.stage == RoundStage.DEFENCE
    with translation.override("zh-hans"):
        with pytest.raises(DomainError) as refused:
            start_site_review(round, actor=office)
        assert refused.value.user_message == (
            "问询答辩环节尚未完成：乙尚未录入问询答辩得分。（《管理办法》第十九条）"
        )
    record_defence_score(
        apps["乙"], actor=office, score=Decimal("650"), panel="张三", held_on=HELD_ON
    )
    assert start_site_review(round, actor=office).stage == RoundStage.SITE_REVIEW


def test_the_composite_still_refuses_an_application_without_a_defence_score(
    round, office, reviewer
) -> None:
    # R1 / Art. 20: an application without a defence score (none going on while the stage
    # ran, so none was asked) cannot be weighed.
    round = _hold_defence_stage(round)
    apps = run_to_defence(round, office, reviewer, {"甲": ("C", 80)})
    Round.objects.filter(pk=round.pk).update(stage=RoundStage.SITE_REVIEW)
    score(apps["甲"], reviewer, SITE, 90)
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
    app = run_to_defence(round, office, reviewer, {"甲": ("C", 80)})["甲"]
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


def test_a_score_is_refused_out_of_range(round, office, reviewer) -> None:
    round = _hold_defence_stage(round)
    app = run_to_defence(round, office, reviewer, {"甲": ("C", 80)})["甲"]
    with pytest.raises(DomainError):
        record_defence_score(
            app, actor=office, score=Decimal("1000.5"), panel="张三", held_on=HELD_ON
        )
    with pytest.raises(DomainError):
        record_defence_score(app, actor=office, score=Decimal("700"), panel=" ", held_on=HELD_ON)
    assert not DefenceScore.objects.exists()


def test_scores_are_recorded_only_during_the_defence_stage(round, office, reviewer) -> None:
    # R1: not in material review (no list yet), and fixed once the site review starts.
    round = _hold_defence_stage(round)
    early = eligible(round, name="丙")
    with pytest.raises(DomainError) as refused:
        record_defence_score(
            early, actor=office, score=Decimal("700"), panel="张三", held_on=HELD_ON
        )
    assert refused.value.user_message == (
        "A question-and-defence score is recorded while the round is in its "
        "question-and-defence stage, for an application going on after the material review. "
        "(Art. 18 and 20 of the Measures)"
    )
    early.delete()
    app = run_to_defence(round, office, reviewer, {"甲": ("C", 80)})["甲"]
    record_defence_score(app, actor=office, score=Decimal("700"), panel="张三", held_on=HELD_ON)
    start_site_review(round, actor=office)
    with pytest.raises(DomainError, match="question-and-defence stage"):
        record_defence_score(app, actor=office, score=Decimal("800"), panel="张三", held_on=HELD_ON)
    assert DefenceScore.objects.get(application=app).score == Decimal("700.0")


def test_the_office_opens_the_stage_and_starts_the_site_review_from_the_round_page(
    client, round, office, reviewer
) -> None:
    # R1: each button only when it can succeed.
    round = _hold_defence_stage(round)
    app = eligible(round, name="甲")
    ready(app, reviewer, office)
    sign_commitment(round, user=office)
    client.force_login(office)
    page = reverse("awards:round_detail", args=[round.pk])
    shown = client.get(page).content.decode()
    assert 'id="open-defence"' not in shown
    assert 'id="defence-waiting"' in shown
    score(app, reviewer, MATERIAL, 80)
    shown = client.get(page).content.decode()
    assert reverse("reviews:open_defence", args=[round.pk]) in shown
    response = client.post(reverse("reviews:open_defence", args=[round.pk]))
    assert response.status_code == 302
    round.refresh_from_db()
    assert round.stage == RoundStage.DEFENCE
    shown = client.get(page).content.decode()
    assert 'id="start-site-review"' not in shown
    assert "甲" in shown and 'id="defence-missing"' in shown
    detail = client.get(reverse("applications:office_detail", args=[app.pk])).content.decode()
    assert reverse("reviews:record_defence", args=[app.pk]) in detail
    response = client.post(
        reverse("reviews:record_defence", args=[app.pk]),
        {"score": "705.5", "panel": "张三、李四", "held_on": "2041-05-12"},
    )
    assert response.status_code == 302
    assert DefenceScore.objects.get(application=app).score == Decimal("705.5")
    shown = client.get(page).content.decode()
    assert "705.5" in shown and 'id="start-site-review"' in shown
    response = client.post(reverse("reviews:start_site_review", args=[round.pk]))
    assert response.status_code == 302
    round.refresh_from_db()
    assert round.stage == RoundStage.SITE_REVIEW
    detail = client.get(reverse("applications:office_detail", args=[app.pk])).content.decode()
    assert reverse("reviews:record_defence", args=[app.pk]) not in detail
    assert "705.5" in detail
    # Once the site review has started, the round page keeps the scores the stage recorded.
    shown = client.get(page).content.decode()
    assert "705.5" in shown and 'id="start-site-review"' not in shown


def test_a_refused_start_of_the_site_review_says_who_is_missing(
    client, round, office, reviewer
) -> None:
    round = _hold_defence_stage(round)
    run_to_defence(round, office, reviewer, {"甲": ("C", 80)})
    client.force_login(office)
    response = client.post(reverse("reviews:start_site_review", args=[round.pk]), follow=True)
    assert "问询答辩环节尚未完成：甲尚未录入问询答辩得分。" in response.content.decode()
    round.refresh_from_db()
    assert round.stage == RoundStage.DEFENCE


def test_a_round_without_the_stage_shows_no_defence_section_and_no_empty_step(
    client, round, office
) -> None:
    # R1: the 2022 template's round looks as it always did: ten stages, no defence section.
    sign_commitment(round, user=office)
    client.force_login(office)
    shown = client.get(reverse("awards:round_detail", args=[round.pk]))
    assert [s["value"] for s in shown.context["stages"]] == [
        "draft",
        "application",
        "eligibility",
        "material_review",
        "site_review",
        "composite",
        "deliberation",
        "publicity",
        "approval",
        "published",
    ]
    assert 'id="round-hub-defence"' not in shown.content.decode()
    with translation.override("en"), pytest.raises(DomainError, match="holds no question-and"):
        open_defence_stage(round, actor=office)


def test_a_held_round_shows_eleven_stages(client, round, office) -> None:
    round = _hold_defence_stage(round)
    sign_commitment(round, user=office)
    client.force_login(office)
    shown = client.get(reverse("awards:round_detail", args=[round.pk]))
    values = [s["value"] for s in shown.context["stages"]]
    assert values[3:6] == ["material_review", "defence", "site_review"]
    assert len(values) == 11
    assert shown.context["progress"] == 36  # the 4th of 11 stages


@pytest.mark.parametrize("url", ["reviews:open_defence", "reviews:start_site_review"])
def test_another_programmes_office_gets_404_on_the_stage_buttons(
    client, round, office, reviewer, url
) -> None:
    round = _hold_defence_stage(round)
    app = eligible(round, name="甲")
    ready(app, reviewer, office)
    score(app, reviewer, MATERIAL, 80)
    outsider = other_programme_office()
    client.force_login(outsider)
    assert client.post(reverse(url, args=[round.pk])).status_code == 404
    round.refresh_from_db()
    assert round.stage == RoundStage.MATERIAL_REVIEW
    with pytest.raises(DomainError):
        open_defence_stage(round, actor=outsider)
    services.select_for_site_review(round, actor=office)
    with pytest.raises(DomainError):
        start_site_review(round, actor=outsider)
    round.refresh_from_db()
    assert round.stage == RoundStage.DEFENCE


def test_another_programmes_office_gets_404_and_records_nothing(
    client, round, office, reviewer
) -> None:
    round = _hold_defence_stage(round)
    app = run_to_defence(round, office, reviewer, {"甲": ("C", 80)})["甲"]
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


def _round_page_queries(client, round: Round) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("awards:round_detail", args=[round.pk])).status_code == 200
    return len(captured.captured_queries)


def test_the_round_pages_defence_list_costs_the_same_for_1_and_4_applications(
    client, round, office, settings
) -> None:
    settings.KEPT_PAGES = False  # the render's queries, not a kept page's (common.kept_pages)
    # R1: the section lists every organisation going on, in a fixed number of queries.
    round = _hold_defence_stage(round)
    Round.objects.filter(pk=round.pk).update(stage=RoundStage.DEFENCE)
    round.refresh_from_db()
    sign_commitment(round, user=office)
    client.force_login(office)

    def going_on(name: str, scored: bool) -> None:
        app = eligible(round, name=name, status=ApplicationStatus.SITE_REVIEW)
        if scored:
            DefenceScore.objects.create(
                application=app,
                score=Decimal("700"),
                panel="张三",
                held_on=HELD_ON,
                recorded_by=office,
            )

    going_on("甲", True)
    _round_page_queries(client, round)  # warm the caches a first request fills
    small = _round_page_queries(client, round)
    going_on("乙", True)
    going_on("丙", False)
    going_on("丁", True)
    shown = client.get(reverse("awards:round_detail", args=[round.pk])).content.decode()
    assert all(name in shown for name in "甲乙丙丁") and 'id="defence-missing"' in shown
    assert _round_page_queries(client, round) == small


def test_the_office_work_queue_shows_a_round_in_its_defence_stage(round, office) -> None:
    round = _hold_defence_stage(round)
    Round.objects.filter(pk=round.pk).update(stage=RoundStage.DEFENCE)
    sign_commitment(round, user=office)
    items = [i for i in items_for(office) if "#round-hub-defence" in i.url]
    assert [i.what for i in items] == [
        f"{round.title}: the question-and-defence stage is open: record each organisation's "
        "score, then start the site review."
    ]
