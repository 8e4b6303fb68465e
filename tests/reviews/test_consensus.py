"""The group leader's consensus ("How reviews are run" in docs/rules.md) and the release
of the feedback report: services and selectors (R12, R14)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import override_settings

from applications.enums import ApplicationStatus
from awards.enums import RoundStage
from awards.services import sign_commitment
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from reviews.enums import ReviewStatus
from reviews.models import Review
from reviews.selectors.feedback import (
    consensus_group,
    consensus_table,
    feedback_released,
    feedback_report,
    group_progress,
)
from reviews.services import review as services
from reviews.services.consensus import release_feedback, save_consensus
from tests.factories import expert_user
from tests.reviews.helpers import (
    MATERIAL,
    SITE,
    all_scores,
    categories_of,
    eligible,
    items_of,
    profile,
    review_round,
    score,
)


def form_group(application, office, leader, *members):
    """A review group led by ``leader``; every expert assigned through it, commitment signed
    and "no conflict" declared."""
    group = services.create_review_group(
        application.round,
        actor=office,
        name="第一评审组",
        sector=application.sector,
        leader=profile(leader),
        members=[profile(u) for u in (leader, *members)],
    )
    for user in (leader, *members):
        services.assign_expert(application, profile(user), actor=office, group=group)
        sign_commitment(application.round, user=user)
        services.declare_conflict(application, profile(user), actor=user, has_conflict=False)
    return group


@pytest.fixture
def member(db):
    return expert_user(username="member", full_name="李专家")


def test_the_consensus_replaces_the_mean_as_material_score(
    round, application, office, reviewer, member
) -> None:
    form_group(application, office, reviewer, member)
    score(application, reviewer, MATERIAL, 60)  # 600.0
    score(application, member, MATERIAL, 80)  # 800.0 -> mean 700.0
    review = save_consensus(
        application, MATERIAL, actor=reviewer, scores=all_scores(round, 50, "组内讨论"), submit=True
    )
    assert (review.is_consensus, review.status, review.total) == (
        True,
        ReviewStatus.SUBMITTED,
        Decimal("500.0"),
    )
    # The leader's own independent review stays beside it.
    assert Review.objects.get(application=application, expert=profile(reviewer)).total == Decimal(
        "600.0"
    )
    services.select_for_site_review(round, actor=office, application_ids=[application.pk])
    application.refresh_from_db()
    assert application.material_score == Decimal("500.0")
    assert DecisionLogEntry.objects.filter(action="review.submitted").count() == 3


def test_without_a_consensus_the_mean_stays_the_material_score(
    round, application, office, reviewer, member
) -> None:
    form_group(application, office, reviewer, member)
    score(application, reviewer, MATERIAL, 60)
    score(application, member, MATERIAL, 80)
    save_consensus(application, MATERIAL, actor=reviewer, scores=all_scores(round, 50))  # a draft
    services.select_for_site_review(round, actor=office, application_ids=[application.pk])
    application.refresh_from_db()
    assert application.material_score == Decimal("700.0")


def test_the_site_consensus_replaces_the_mean_in_the_composite(
    round, application, office, reviewer, member
) -> None:
    form_group(application, office, reviewer, member)
    score(application, reviewer, MATERIAL, 80)
    score(application, member, MATERIAL, 80)
    services.select_for_site_review(round, actor=office, application_ids=[application.pk])
    application.refresh_from_db()
    score(application, reviewer, SITE, 70)
    score(application, member, SITE, 90)  # mean 800.0
    save_consensus(application, SITE, actor=reviewer, scores=all_scores(round, 75), submit=True)
    services.complete_composite_evaluation(round, actor=office)
    application.refresh_from_db()
    assert application.site_score == Decimal("750.0")
    round.refresh_from_db()
    expected = Decimal("800.0") * round.material_weight + Decimal("750.0") * round.site_weight
    assert application.composite_score == expected.quantize(Decimal("0.1"))


def test_the_consensus_waits_for_every_member(round, application, office, reviewer, member) -> None:
    form_group(application, office, reviewer, member)
    score(application, reviewer, MATERIAL, 60)
    with pytest.raises(DomainError) as refused:
        save_consensus(application, MATERIAL, actor=reviewer, scores=all_scores(round, 50))
    assert refused.value.message == (
        "Every member submits an independent review first; missing: 李专家."
    )
    assert not Review.all_reviews.filter(is_consensus=True).exists()


def test_only_the_group_leader_records_the_consensus(
    round, application, office, reviewer, member
) -> None:
    # R12: a member of the group is not its leader.
    form_group(application, office, reviewer, member)
    score(application, reviewer, MATERIAL, 60)
    score(application, member, MATERIAL, 80)
    assert consensus_group(member, application) is None
    with pytest.raises(DomainError, match="Only the leader"):
        save_consensus(application, MATERIAL, actor=member, scores=all_scores(round, 50))


def test_a_leader_of_another_group_is_an_outsider(
    round, application, office, reviewer, member
) -> None:
    form_group(application, office, reviewer, member)
    other_app = eligible(round, name="另一家公司")
    outsider = expert_user(username="outsider", full_name="赵专家")
    form_group_named = services.create_review_group(
        round, actor=office, name="第二评审组", sector=other_app.sector, leader=profile(outsider)
    )
    assert form_group_named.leader == profile(outsider)
    assert consensus_group(outsider, application) is None


def test_the_leader_must_declare_no_conflict_first(round, application, office, reviewer) -> None:
    group = services.create_review_group(
        round, actor=office, name="组", sector=application.sector, leader=profile(reviewer)
    )
    services.assign_expert(application, profile(reviewer), actor=office, group=group)
    sign_commitment(round, user=reviewer)
    assert consensus_group(reviewer, application) is None
    services.declare_conflict(application, profile(reviewer), actor=reviewer, has_conflict=False)
    assert consensus_group(reviewer, application) == group


def test_a_submitted_consensus_can_no_longer_change(
    round, application, office, reviewer, member
) -> None:
    form_group(application, office, reviewer, member)
    score(application, reviewer, MATERIAL, 60)
    score(application, member, MATERIAL, 80)
    save_consensus(application, MATERIAL, actor=reviewer, scores=all_scores(round, 50), submit=True)
    with pytest.raises(DomainError, match="can no longer change"):
        save_consensus(application, MATERIAL, actor=reviewer, scores=all_scores(round, 90))


def test_submit_needs_every_item(round, application, office, reviewer, member) -> None:
    form_group(application, office, reviewer, member)
    score(application, reviewer, MATERIAL, 60)
    score(application, member, MATERIAL, 80)
    first = items_of(round)[0]
    with pytest.raises(DomainError, match="Score every item before submitting"):
        save_consensus(
            application, MATERIAL, actor=reviewer, scores={first.pk: (50, "")}, submit=True
        )
    assert not Review.all_reviews.filter(is_consensus=True).exists()


@pytest.mark.parametrize(("low", "high", "flagged"), [(60, 80, True), (60, 75, False)])
def test_items_are_flagged_at_a_spread_of_20_points(
    round, application, office, reviewer, member, low, high, flagged
) -> None:
    form_group(application, office, reviewer, member)
    score(application, reviewer, MATERIAL, low)
    score(application, member, MATERIAL, high)
    group = consensus_group(reviewer, application)
    rows = consensus_table(application, group_progress(application, group, MATERIAL), None)
    lines = [line for row in rows for line in row.items]
    assert len(lines) == len(items_of(round))
    assert {(line.spread, line.flagged) for line in lines} == {(high - low, flagged)}


@override_settings(CONSENSUS_SPREAD_FLAG=10)
def test_the_spread_flag_is_a_setting(round, application, office, reviewer, member) -> None:
    form_group(application, office, reviewer, member)
    score(application, reviewer, MATERIAL, 60)
    score(application, member, MATERIAL, 70)
    group = consensus_group(reviewer, application)
    rows = consensus_table(application, group_progress(application, group, MATERIAL), None)
    assert all(line.flagged for row in rows for line in row.items)


def test_release_feedback_is_logged_once(round, office, reviewer) -> None:
    assert not feedback_released(round)
    entry = release_feedback(round, actor=office, note="提前发布")
    assert (entry.action, entry.reason, entry.round_id) == (
        "review.release_feedback",
        "提前发布",
        round.pk,
    )
    assert release_feedback(round, actor=office) == entry
    assert feedback_released(round)
    with pytest.raises(DomainError, match="Only the award office"):
        release_feedback(round, actor=reviewer)


def test_feedback_is_released_when_the_winners_are_published(office) -> None:
    published = review_round(RoundStage.PUBLISHED)
    assert feedback_released(published)
    with pytest.raises(DomainError, match="already out"):
        release_feedback(published, actor=office)
    with pytest.raises(DomainError, match="only once material review started"):
        release_feedback(review_round(RoundStage.ELIGIBILITY), actor=office)


def test_feedback_report_uses_the_consensus_when_submitted(
    round, application, office, reviewer, member
) -> None:
    form_group(application, office, reviewer, member)
    first = categories_of(round)[0]
    for user, text in ((reviewer, "甲优势"), (member, "乙优势")):
        review = services.save_review(
            application,
            profile(user),
            MATERIAL,
            actor=user,
            scores=all_scores(round, 60),
            feedback={first.pk: (text, "改进" + text)},
        )
        services.submit_review(review, actor=user)
    merged = feedback_report(application)
    assert [s.from_consensus for s in merged] == [False]
    assert merged[0].categories[0].strengths == ["甲优势", "乙优势"]
    assert merged[0].categories[0].band == "50–65%"
    save_consensus(
        application,
        MATERIAL,
        actor=reviewer,
        scores=all_scores(round, 90),
        feedback={first.pk: ("组优势", "组改进")},
        submit=True,
    )
    report = feedback_report(application)
    row = report[0].categories[0]
    assert (report[0].from_consensus, row.strengths, row.opportunities, row.band) == (
        True,
        ["组优势"],
        ["组改进"],
        "90–100%",
    )
    assert application.status == ApplicationStatus.ELIGIBLE
