"""Reads of expert review: the expert's dashboard (conflicted assignments left out, R12), the
office's assignment table, the composite report; each in a fixed number of queries."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from applications.enums import ApplicationStatus
from applications.rules import is_repeat_prize_winner
from awards.enums import RoundStage
from awards.services import sign_commitment
from grants.models import ApprovalDecision, AwardGrant
from reviews.enums import ConflictKind, ReviewStatus
from reviews.selectors import review as selectors
from reviews.services import review as services
from tests.factories import expert_user
from tests.reviews.helpers import MATERIAL, eligible, profile, ready, review_round, score


def test_dashboard_lists_assignments_with_their_next_step(round, office, reviewer) -> None:
    to_sign = eligible(round, name="A待签署")
    services.assign_expert(to_sign, profile(reviewer), actor=office)
    tasks = selectors.expert_tasks(reviewer)
    assert [(t.application.pk, t.next_step) for t in tasks] == [(to_sign.pk, "sign")]
    sign_commitment(round, user=reviewer)
    assert [t.next_step for t in selectors.expert_tasks(reviewer)] == ["declare"]
    services.declare_conflict(to_sign, profile(reviewer), actor=reviewer, has_conflict=False)
    (task,) = selectors.expert_tasks(reviewer)
    assert (task.next_step, task.stage, task.review) == ("score", MATERIAL, None)
    review = score(to_sign, reviewer, MATERIAL, 50)
    (task,) = selectors.expert_tasks(reviewer)
    assert (task.next_step, task.review, task.reviews) == ("submitted", review, [review])
    section = selectors.dashboard_expert(reviewer)
    assert section["is_expert"] is True
    assert [(e["round"], e["must_sign"], len(e["tasks"])) for e in section["rounds"]] == [
        (round, False, 1)
    ]


def test_dashboard_leaves_conflicted_assignments_out(round, office, reviewer) -> None:
    kept = eligible(round, name="A保留")
    conflicted = eligible(round, name="B回避")
    detected = eligible(round, name="C本单位")
    for app in (kept, conflicted, detected):
        ready(app, reviewer, office)
    services.declare_conflict(
        conflicted, profile(reviewer), actor=reviewer, has_conflict=True, kind=ConflictKind.FAMILY
    )
    expert = profile(reviewer)
    expert.employer_credit_code = detected.organisation.credit_code
    expert.save()
    assert [t.application.pk for t in selectors.expert_tasks(reviewer)] == [kept.pk]


def test_dashboard_of_a_user_without_an_expert_profile(office) -> None:
    assert selectors.dashboard_expert(office) == {
        "rounds": [],
        "is_expert": False,
        "profile": None,
    }


@pytest.mark.parametrize("size", [1, 5])
def test_dashboard_expert_takes_five_queries_whatever_the_size(
    size, office, reviewer, django_assert_num_queries
) -> None:
    for n in range(size):
        round = review_round() if n % 2 else review_round(RoundStage.SITE_REVIEW)
        status = ApplicationStatus.ELIGIBLE if n % 2 else ApplicationStatus.SITE_REVIEW
        ready(eligible(round, status=status), reviewer, office)
    # Four for the tasks, one for the rounds' review due dates.
    with django_assert_num_queries(5):
        section = selectors.dashboard_expert(reviewer)
    assert sum(len(e["tasks"]) for e in section["rounds"]) == size


def test_assignment_table_shows_declarations_and_reviews(round, office, reviewer) -> None:
    app = eligible(round)
    other = expert_user(full_name="赵专家")
    ready(app, reviewer, office)
    services.assign_expert(app, profile(other), actor=office)
    sign_commitment(round, user=other)
    services.declare_conflict(
        app, profile(other), actor=other, has_conflict=True, kind=ConflictKind.COMPETITOR
    )
    score(app, reviewer, MATERIAL, 60)
    (entry,) = selectors.assignment_table(round)
    assert entry["application"] == app
    rows = {row.assignment.expert.name: row for row in entry["rows"]}
    assert rows["王专家"].declaration.has_conflict is False
    assert rows["王专家"].reviews["material"].status == ReviewStatus.SUBMITTED
    assert rows["赵专家"].declaration.kind == ConflictKind.COMPETITOR
    assert rows["赵专家"].assignment.withdrawn_at is not None


def test_site_review_candidates_show_scores_and_the_threshold(round, office, reviewer) -> None:
    done = eligible(round, name="A已评")
    pending = eligible(round, name="B未评")
    ready(done, reviewer, office)
    ready(pending, reviewer, office)
    score(done, reviewer, MATERIAL, 45)
    rows = {r["application"].pk: r for r in selectors.site_review_candidates(round)}
    assert (rows[done.pk]["score"], rows[done.pk]["reaches"]) == (Decimal("450.0"), True)
    assert (rows[pending.pk]["score"], rows[pending.pk]["missing"]) == (
        None,
        ["王专家 has not submitted"],
    )


def _prize(organisation, office, year: int) -> None:
    earlier = review_round(RoundStage.PUBLISHED, year=year)
    won = eligible(earlier, status=ApplicationStatus.AWARDED)
    won.organisation = organisation
    won.save()
    approval = ApprovalDecision.objects.create(
        round=earlier,
        approved_on=date(year, 12, 1),
        meeting="常务会议",
        document_number=f"赣市府字〔{year}〕1号",
        recorded_by=office,
    )
    AwardGrant.objects.create(
        round=earlier,
        application=won,
        organisation=organisation,
        approval=approval,
        level="prize",
        approved_on=approval.approved_on,
        valid_until=approval.approved_on + timedelta(days=1095),
    )


def test_repeat_winner_batch_agrees_with_the_rule(round, office) -> None:
    # R7: the composite report's batch read must say what applications.rules says.
    winner = eligible(round)
    newcomer = eligible(round)
    _prize(winner.organisation, office, round.year - 6)
    ids = selectors.repeat_prize_winner_ids(
        round, [winner.organisation_id, newcomer.organisation_id]
    )
    assert ids == {winner.organisation_id}
    for app in (winner, newcomer):
        assert is_repeat_prize_winner(app.organisation, round) is (app.organisation_id in ids)


def test_composite_report_rows_and_quota_use(office, reviewer) -> None:
    round = review_round(RoundStage.COMPOSITE)
    a = eligible(
        round,
        status=ApplicationStatus.CANDIDATE,
        section="C",
        composite_score=Decimal("700.0"),
        sector_rank=1,
        proposed_level="prize",
        tag_digital_economy=True,
    )
    b = eligible(
        round,
        status=ApplicationStatus.NOT_CANDIDATE,
        section="L",
        composite_score=Decimal("300.0"),
        sector_rank=1,
    )
    _prize(a.organisation, office, round.year - 6)
    report = selectors.composite_report(round)
    assert report["computed"] is True
    by_sector = {s["sector"].value: s["rows"] for s in report["sectors"]}
    assert [
        (r["application"], r["is_repeat"], r["outside_quota"]) for r in by_sector["manufacturing"]
    ] == [(a, True, True)]
    assert [r["application"] for r in by_sector["service"]] == [b]
    prize = report["quota_use"][0]
    assert (prize["total"], prize["outside_quota"], prize["total_quota"]) == (0, 1, 5)
