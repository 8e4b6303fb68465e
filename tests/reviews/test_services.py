"""Every review service, with its refusals (R1, R2, R6, R7, R12, R14)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from accounts.enums import Role
from accounts.models import User
from applications.enums import ApplicationStatus, LeaderTagDecision
from applications.models import Application
from awards.enums import RoundStage, TiltRule
from awards.services import sign_commitment
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from grants.models import ApprovalDecision, AwardGrant
from notifications.models import Notification
from reviews.enums import ConflictKind, ConflictSource, ReviewStatus
from reviews.models import Assignment, ConflictDeclaration, Review, ReviewGroup
from reviews.permissions import is_assigned_without_conflict
from reviews.services import review as services
from tests.factories import (
    ExpertFactory,
    expert_user,
    grant_role,
    leading_group_user,
)
from tests.reviews.helpers import (
    MATERIAL,
    SITE,
    all_scores,
    categories_of,
    eligible,
    expert_in,
    items_of,
    other_programme,
    profile,
    ready,
    review_round,
    score,
)


def actions(obj_id: int, action_prefix: str = "review.") -> list[str]:
    return list(
        DecisionLogEntry.objects.filter(action__startswith=action_prefix, object_id=str(obj_id))
        .order_by("id")
        .values_list("action", flat=True)
    )


# --- create_review_group ---------------------------------------------------------------------


def test_office_creates_a_group_with_its_leader_among_the_members(round, office) -> None:
    leader, member = expert_user(), expert_user()
    group = services.create_review_group(
        round,
        actor=office,
        name="制造业第一组",
        sector="manufacturing",
        leader=profile(leader),
        members=[profile(member)],
    )
    assert set(group.members.all()) == {profile(leader), profile(member)}
    assert group.leader == profile(leader)
    entry = DecisionLogEntry.objects.get(action="review.group_create")
    assert entry.data["members"] == sorted([profile(leader).pk, profile(member).pk])


def test_group_refuses_an_expert_outside_the_pool(round, office) -> None:
    outsider = expert_in(other_programme(), full_name="外地专家")
    with pytest.raises(DomainError, match="Not in the programme's active expert pool: 外地专家"):
        services.create_review_group(
            round, actor=office, name="组", sector="service", members=[profile(outsider)]
        )
    assert not ReviewGroup.objects.exists()


def test_group_refuses_a_duplicate_name_no_members_and_a_non_office_actor(round, office) -> None:
    member = profile(expert_user())
    services.create_review_group(round, actor=office, name="组", sector="service", members=[member])
    with pytest.raises(DomainError, match="already has a group named"):
        services.create_review_group(
            round, actor=office, name="组", sector="service", members=[member]
        )
    with pytest.raises(DomainError, match="Choose the group's members"):
        services.create_review_group(round, actor=office, name="二组", sector="service")
    with pytest.raises(DomainError, match="Only the office"):
        services.create_review_group(
            round, actor=leading_group_user(), name="三组", sector="service", members=[member]
        )
    assert ReviewGroup.objects.count() == 1


# --- assign_expert -----------------------------------------------------------------------------


def test_assign_expert_grants_the_object_permission_and_logs(application, office, reviewer) -> None:
    assert is_assigned_without_conflict(reviewer, application) is False
    assignment = services.assign_expert(application, profile(reviewer), actor=office)
    assert (assignment.application, assignment.expert, assignment.assigned_by) == (
        application,
        profile(reviewer),
        office,
    )
    assert is_assigned_without_conflict(reviewer, application) is True
    entry = DecisionLogEntry.objects.get(action="review.assign")
    assert (entry.actor, entry.round_id, entry.data["expert"]) == (
        office,
        application.round_id,
        profile(reviewer).pk,
    )
    note = Notification.objects.get(user=reviewer)
    assert note.url == f"/review/{application.pk}/declare/"
    # One message, from the "review_assigned" template in the expert's language.
    from notifications.models import OutboxMessage

    (row,) = OutboxMessage.objects.filter(recipient=reviewer)
    assert (row.event, row.language) == ("review_assigned", "zh-hans")
    assert application.organisation.name in row.body


def test_assign_expert_is_idempotent(application, office, reviewer) -> None:
    first = services.assign_expert(application, profile(reviewer), actor=office)
    second = services.assign_expert(application, profile(reviewer), actor=office)
    assert first.pk == second.pk
    assert Assignment.objects.count() == 1
    assert actions(application.pk) == ["review.assign"]


def test_assign_expert_to_an_application_in_site_review(office, reviewer) -> None:
    application = eligible(
        review_round(RoundStage.SITE_REVIEW), status=ApplicationStatus.SITE_REVIEW
    )
    services.assign_expert(application, profile(reviewer), actor=office)
    assert is_assigned_without_conflict(reviewer, application) is True


@pytest.mark.parametrize(
    "status",
    [ApplicationStatus.SUBMITTED, ApplicationStatus.NOT_SELECTED, ApplicationStatus.CANDIDATE],
)
def test_assign_expert_refuses_an_application_outside_review(
    round, office, reviewer, status
) -> None:
    application = eligible(round, status=status)
    with pytest.raises(DomainError, match="only to applications in material or site review"):
        services.assign_expert(application, profile(reviewer), actor=office)
    assert not Assignment.objects.exists()


def test_only_the_programmes_office_assigns(application, reviewer) -> None:
    other_office = User.objects.create(username="county-office")
    grant_role(other_office, Role.OFFICE, prog=other_programme())
    for actor in (other_office, leading_group_user(), reviewer):
        with pytest.raises(DomainError, match="Only the office of this programme"):
            services.assign_expert(application, profile(reviewer), actor=actor)
    assert not Assignment.objects.exists()
    assert is_assigned_without_conflict(reviewer, application) is False


def test_detected_conflict_refuses_the_assignment(application, office) -> None:
    # R12: an expert employed by the applicant is never assigned to it.
    insider = expert_user(full_name="李工")
    expert = profile(insider)
    expert.employer_credit_code = application.organisation.credit_code.lower()
    expert.save()
    with pytest.raises(DomainError) as refused:
        services.assign_expert(application, expert, actor=office)
    assert refused.value.rule == "R12"
    assert refused.value.message == (
        "李工 works for 赣州稀土新材料股份有限公司: a conflict of interest, the expert cannot "
        "review this application."
    )
    assert not Assignment.objects.exists()
    assert is_assigned_without_conflict(insider, application) is False
    assert DecisionLogEntry.objects.filter(action="review.assign").count() == 0


def test_declared_conflict_refuses_a_new_assignment(application, office, reviewer) -> None:
    services.assign_expert(application, profile(reviewer), actor=office)
    services.declare_conflict(
        application,
        profile(reviewer),
        actor=reviewer,
        has_conflict=True,
        kind=ConflictKind.ADVISORY,
    )
    with pytest.raises(DomainError, match=r"has a conflict of interest .*Consultancy or advisory"):
        services.assign_expert(application, profile(reviewer), actor=office)
    assert Assignment.objects.filter(withdrawn_at__isnull=True).count() == 0


def test_assign_refuses_experts_outside_the_active_pool(application, office) -> None:
    foreign = expert_in(other_programme())
    with pytest.raises(DomainError, match="not in the programme's active expert pool"):
        services.assign_expert(application, profile(foreign), actor=office)
    retired = expert_user()
    profile(retired).__class__.objects.filter(user=retired).update(active=False)
    with pytest.raises(DomainError, match="not in the programme's active expert pool"):
        services.assign_expert(application, profile(retired), actor=office)
    no_login = ExpertFactory(user=None, name="纸面专家")
    with pytest.raises(DomainError, match="has no log-in"):
        services.assign_expert(application, no_login, actor=office)
    assert not Assignment.objects.exists()


def test_assign_with_a_group_checks_round_and_membership(application, office, reviewer) -> None:
    member = profile(reviewer)
    group = services.create_review_group(
        application.round, actor=office, name="一组", sector="manufacturing", members=[member]
    )
    elsewhere = services.create_review_group(
        review_round(), actor=office, name="一组", sector="manufacturing", members=[member]
    )
    stranger = profile(expert_user())
    with pytest.raises(DomainError, match="belongs to another round"):
        services.assign_expert(application, member, actor=office, group=elsewhere)
    with pytest.raises(DomainError, match="is not a member of 一组"):
        services.assign_expert(application, stranger, actor=office, group=group)
    assignment = services.assign_expert(application, member, actor=office, group=group)
    assert assignment.group == group


# --- withdraw_assignment -----------------------------------------------------------------------


def test_office_withdraws_an_assignment_with_its_grant(application, office, reviewer) -> None:
    assignment = services.assign_expert(application, profile(reviewer), actor=office)
    with pytest.raises(DomainError, match="Give the reason"):
        services.withdraw_assignment(assignment, actor=office, reason=" ")
    withdrawn = services.withdraw_assignment(assignment, actor=office, reason="出差无法参加")
    assert withdrawn.withdrawn_at is not None
    assert withdrawn.withdrawn_reason == "出差无法参加"
    assert is_assigned_without_conflict(reviewer, application) is False
    again = services.withdraw_assignment(assignment, actor=office, reason="再次")
    assert again.withdrawn_reason == "出差无法参加"
    assert actions(application.pk) == ["review.assign", "review.withdraw"]
    with pytest.raises(DomainError, match="Only the office"):
        services.withdraw_assignment(assignment, actor=reviewer, reason="x")


def test_r1_no_group_and_no_withdrawal_once_the_composite_evaluation_started(
    application, office, reviewer
) -> None:
    """Art. 18-19: from the composite evaluation on, the scores are the record."""
    assignment = services.assign_expert(application, profile(reviewer), actor=office)
    round = application.round
    for stage in (RoundStage.COMPOSITE, RoundStage.PUBLICITY):
        round.stage = stage
        round.save(update_fields=["stage"])
        with pytest.raises(DomainError, match="can no longer be changed") as refused:
            services.withdraw_assignment(assignment, actor=office, reason="出差")
        assert refused.value.rule == "R1"
        with pytest.raises(DomainError, match="can no longer be changed"):
            services.create_review_group(
                round, actor=office, name="新组", sector="service", members=[profile(reviewer)]
            )
    assignment.refresh_from_db()
    assert assignment.withdrawn_at is None
    assert not ReviewGroup.objects.filter(name="新组").exists()


# --- declare_conflict --------------------------------------------------------------------------


def test_no_conflict_declaration_after_signing_the_commitment(
    application, office, reviewer
) -> None:
    expert = profile(reviewer)
    services.assign_expert(application, expert, actor=office)
    with pytest.raises(DomainError, match="Sign the round's confidentiality commitment first"):
        services.declare_conflict(application, expert, actor=reviewer, has_conflict=False)
    sign_commitment(application.round, user=reviewer)
    first = services.declare_conflict(application, expert, actor=reviewer, has_conflict=False)
    second = services.declare_conflict(application, expert, actor=reviewer, has_conflict=False)
    assert first.pk == second.pk
    assert (first.has_conflict, first.kind, first.source, first.recorded_by) == (
        False,
        "",
        ConflictSource.DECLARED,
        reviewer,
    )
    assert actions(application.pk) == ["review.assign", "review.no_conflict"]


def test_declared_conflict_withdraws_the_assignment_and_the_grant_at_once(
    application, office, reviewer
) -> None:
    # R12: a declared conflict removes the expert from that application.
    expert = ready(application, reviewer, office)
    assert is_assigned_without_conflict(reviewer, application) is True
    declaration = services.declare_conflict(
        application,
        expert,
        actor=reviewer,
        has_conflict=True,
        kind=ConflictKind.FORMER_EMPLOYER,
        note="2023 年前在该公司任职",
    )
    assert (declaration.has_conflict, declaration.kind) == (True, ConflictKind.FORMER_EMPLOYER)
    assignment = Assignment.objects.get(application=application, expert=expert)
    assert assignment.withdrawn_at is not None
    assert assignment.withdrawn_reason == "Conflict of interest: Former employer within 3 years"
    assert is_assigned_without_conflict(reviewer, application) is False
    entry = DecisionLogEntry.objects.get(action="review.conflict")
    assert (entry.actor, entry.reason, entry.data["kind"], entry.data["assignment_withdrawn"]) == (
        reviewer,
        "2023 年前在该公司任职",
        ConflictKind.FORMER_EMPLOYER,
        assignment.pk,
    )
    # Declaring it again changes nothing; "no conflict" can no longer be declared.
    assert (
        services.declare_conflict(
            application,
            expert,
            actor=reviewer,
            has_conflict=True,
            kind=ConflictKind.OTHER,
            note="x",
        )
        == declaration
    )
    with pytest.raises(DomainError, match="is not assigned to this application"):
        services.declare_conflict(application, expert, actor=reviewer, has_conflict=False)


def test_conflict_needs_a_kind_and_other_needs_a_note(application, office, reviewer) -> None:
    expert = ready(application, reviewer, office)
    with pytest.raises(DomainError, match="Choose the kind"):
        services.declare_conflict(application, expert, actor=reviewer, has_conflict=True)
    with pytest.raises(DomainError, match="Describe the conflict"):
        services.declare_conflict(
            application, expert, actor=reviewer, has_conflict=True, kind=ConflictKind.OTHER
        )
    assert ConflictDeclaration.objects.filter(has_conflict=True).count() == 0
    assert is_assigned_without_conflict(reviewer, application) is True


def test_only_the_expert_declares_but_the_office_may_record_a_conflict(
    application, office, reviewer
) -> None:
    expert = profile(reviewer)
    services.assign_expert(application, expert, actor=office)
    colleague = expert_user()
    with pytest.raises(DomainError, match="Only the expert can declare"):
        services.declare_conflict(application, expert, actor=colleague, has_conflict=False)
    with pytest.raises(DomainError, match="Only the expert can declare"):
        services.declare_conflict(application, expert, actor=office, has_conflict=False)
    recorded = services.declare_conflict(
        application,
        expert,
        actor=office,
        has_conflict=True,
        kind=ConflictKind.COMPETITOR,
        note="申报单位来函",
    )
    assert (recorded.source, recorded.recorded_by) == (ConflictSource.OFFICE, office)
    assert is_assigned_without_conflict(reviewer, application) is False


def test_an_unassigned_expert_cannot_declare(application, reviewer) -> None:
    sign_commitment(application.round, user=reviewer)
    with pytest.raises(DomainError, match="is not assigned to this application"):
        services.declare_conflict(
            application, profile(reviewer), actor=reviewer, has_conflict=False
        )
    assert not ConflictDeclaration.objects.exists()


def test_no_conflict_is_refused_when_a_conflict_is_detected(application, office, reviewer) -> None:
    expert = profile(reviewer)
    services.assign_expert(application, expert, actor=office)
    sign_commitment(application.round, user=reviewer)
    expert.employer_credit_code = application.organisation.credit_code
    expert.save()
    with pytest.raises(DomainError, match="A conflict of interest is on record"):
        services.declare_conflict(application, expert, actor=reviewer, has_conflict=False)


# --- save_review / submit_review ---------------------------------------------------------------


def test_save_review_stores_scores_feedback_and_the_total(application, office, reviewer) -> None:
    expert = ready(application, reviewer, office)
    items = items_of(application.round)
    categories = categories_of(application.round)
    review = services.save_review(
        application,
        expert,
        MATERIAL,
        actor=reviewer,
        scores={items[0].pk: (35, "有方法，展开不足"), items[1].pk: (50, "")},
        feedback={categories[0].pk: ("高层重视质量", "治理结构待完善")},
        summary="初评",
    )
    # 4.1.2 is 50 points x 35% = 17.5; 4.1.3 is 30 points x 50% = 15.0
    assert (review.status, review.total, review.summary) == (
        ReviewStatus.DRAFT,
        Decimal("32.5"),
        "初评",
    )
    assert {(s.item.code, s.percent, s.comment) for s in review.item_scores.all()} == {
        ("4.1.2", 35, "有方法，展开不足"),
        ("4.1.3", 50, ""),
    }
    feedback = review.feedback.get()
    assert (feedback.category, feedback.strengths, feedback.opportunities) == (
        categories[0],
        "高层重视质量",
        "治理结构待完善",
    )
    # A later save holds exactly the new scores.
    review = services.save_review(
        application, expert, MATERIAL, actor=reviewer, scores={items[2].pk: (100, "")}
    )
    assert [s.item.code for s in review.item_scores.all()] == ["4.1.4"]
    assert review.total == Decimal("30.0")
    assert review.feedback.count() == 1  # feedback None leaves it as it was
    assert Review.objects.count() == 1


def test_total_rounds_half_up_to_one_decimal(application, office, reviewer) -> None:
    expert = ready(application, reviewer, office)
    financial = next(i for i in items_of(application.round) if i.code == "4.4.3")  # 15 points
    review = services.save_review(
        application, expert, MATERIAL, actor=reviewer, scores={financial.pk: (5, "")}
    )
    assert review.total == Decimal("0.8")  # 0.75


@pytest.mark.parametrize("percent", [33, 101, -5, 7])
def test_save_review_refuses_percentages_off_the_steps(
    application, office, reviewer, percent
) -> None:
    expert = ready(application, reviewer, office)
    item = items_of(application.round)[0]
    with pytest.raises(DomainError) as refused:
        services.save_review(
            application, expert, MATERIAL, actor=reviewer, scores={item.pk: (percent, "")}
        )
    assert refused.value.message == (
        f"Percentages go in steps of 5 from 0 to 100; not allowed: 4.1.2 ({percent})."
    )
    assert not Review.objects.exists()


def test_save_review_refuses_items_and_categories_of_another_scheme(
    application, office, reviewer
) -> None:
    expert = ready(application, reviewer, office)
    with pytest.raises(DomainError, match="not in the round's scoring scheme: 999999"):
        services.save_review(
            application, expert, MATERIAL, actor=reviewer, scores={999999: (5, "")}
        )
    with pytest.raises(DomainError, match="categories are not in the round's scoring scheme"):
        services.save_review(
            application, expert, MATERIAL, actor=reviewer, scores={}, feedback={999999: ("a", "b")}
        )
    assert not Review.objects.exists()


def test_submit_needs_every_item_then_the_review_is_final(application, office, reviewer) -> None:
    expert = ready(application, reviewer, office)
    items = items_of(application.round)
    partial = {item.pk: (60, "") for item in items[:-1]}
    review = services.save_review(application, expert, MATERIAL, actor=reviewer, scores=partial)
    with pytest.raises(
        DomainError, match=r"Score every item before submitting; missing: 4\.7\.7\."
    ):
        services.submit_review(review, actor=reviewer)
    review = services.save_review(
        application, expert, MATERIAL, actor=reviewer, scores=all_scores(application.round, 60)
    )
    submitted = services.submit_review(review, actor=reviewer)
    assert (submitted.status, submitted.total) == (ReviewStatus.SUBMITTED, Decimal("600.0"))
    assert submitted.submitted_at is not None
    entry = DecisionLogEntry.objects.get(action="review.submitted")
    assert (entry.round_id, entry.from_state, entry.to_state) == (
        application.round_id,
        "draft",
        "submitted",
    )
    assert entry.data["percent"]["4.7.7"] == 60
    assert entry.data["total"] == "600.0"
    # Submitted reviews can no longer change; submitting again changes nothing.
    with pytest.raises(DomainError, match="submitted and can no longer change"):
        services.save_review(
            application, expert, MATERIAL, actor=reviewer, scores=all_scores(application.round, 90)
        )
    assert services.submit_review(review, actor=reviewer).total == Decimal("600.0")
    assert DecisionLogEntry.objects.filter(action="review.submitted").count() == 1


def test_save_and_submit_writes_nothing_when_the_submission_is_refused(
    application, office, reviewer
) -> None:
    expert = ready(application, reviewer, office)
    first = items_of(application.round)[0]
    with pytest.raises(DomainError, match="Score every item"):
        services.save_review(
            application, expert, MATERIAL, actor=reviewer, scores={first.pk: (50, "")}, submit=True
        )
    assert not Review.objects.exists()
    review = services.save_review(
        application,
        expert,
        MATERIAL,
        actor=reviewer,
        scores=all_scores(application.round, 50),
        submit=True,
    )
    assert review.status == ReviewStatus.SUBMITTED


def test_the_office_can_never_enter_or_change_an_experts_scores(
    application, office, reviewer
) -> None:
    expert = ready(application, reviewer, office)
    with pytest.raises(DomainError, match="Only the expert can enter or change its own scores"):
        services.save_review(
            application, expert, MATERIAL, actor=office, scores=all_scores(application.round, 90)
        )
    review = services.save_review(
        application, expert, MATERIAL, actor=reviewer, scores=all_scores(application.round, 40)
    )
    with pytest.raises(DomainError, match="Only the expert can enter or change its own scores"):
        services.submit_review(review, actor=office)
    review.refresh_from_db()
    assert (review.status, review.total) == (ReviewStatus.DRAFT, Decimal("400.0"))


def test_another_assigned_expert_cannot_score_for_a_colleague(
    application, office, reviewer
) -> None:
    expert = ready(application, reviewer, office)
    colleague = expert_user()
    ready(application, colleague, office)
    with pytest.raises(DomainError, match="Only the expert"):
        services.save_review(
            application, expert, MATERIAL, actor=colleague, scores=all_scores(application.round, 90)
        )


def test_scoring_needs_the_declaration(application, office, reviewer) -> None:
    expert = profile(reviewer)
    services.assign_expert(application, expert, actor=office)
    sign_commitment(application.round, user=reviewer)
    with pytest.raises(DomainError, match="not an assigned reviewer of this application"):
        services.save_review(application, expert, MATERIAL, actor=reviewer, scores={})


def test_a_conflicted_expert_can_no_longer_score(application, office, reviewer) -> None:
    expert = ready(application, reviewer, office)
    review = services.save_review(
        application, expert, MATERIAL, actor=reviewer, scores=all_scores(application.round, 70)
    )
    services.declare_conflict(
        application, expert, actor=reviewer, has_conflict=True, kind=ConflictKind.GROUP_COMPANY
    )
    with pytest.raises(DomainError) as refused:
        services.submit_review(review, actor=reviewer)
    assert refused.value.rule == "R12"
    review.refresh_from_db()
    assert review.status == ReviewStatus.DRAFT


def test_each_stage_is_scored_only_in_its_own_stage(office, reviewer) -> None:
    material_round = review_round(RoundStage.MATERIAL_REVIEW)
    app = eligible(material_round)
    expert = ready(app, reviewer, office)
    with pytest.raises(DomainError, match="This application is not in Site review now"):
        services.save_review(app, expert, SITE, actor=reviewer, scores={})
    site_round = review_round(RoundStage.SITE_REVIEW)
    site_app = eligible(site_round, status=ApplicationStatus.SITE_REVIEW)
    ready(site_app, reviewer, office)
    with pytest.raises(DomainError, match="This application is not in Material review now"):
        services.save_review(site_app, expert, MATERIAL, actor=reviewer, scores={})
    assert services.save_review(site_app, expert, SITE, actor=reviewer, scores={}).stage == SITE
    # Material review of an application not selected (round moved on) is closed too.
    not_selected = eligible(site_round, status=ApplicationStatus.NOT_SELECTED)
    with pytest.raises(DomainError):
        services.save_review(not_selected, expert, MATERIAL, actor=reviewer, scores={})


# --- select_for_site_review ------------------------------------------------------------------


def test_selection_is_refused_while_reviews_are_missing(round, office, reviewer) -> None:
    strong = eligible(round, name="A甲公司")
    unassigned = eligible(round, name="B乙公司")
    ready(strong, reviewer, office)
    with pytest.raises(DomainError) as refused:
        services.select_for_site_review(round, actor=office)
    assert refused.value.message == (
        "Material review is not complete. A甲公司: 王专家 has not submitted; "
        "B乙公司: no reviewer assigned"
    )
    round.refresh_from_db()
    strong.refresh_from_db()
    assert (round.stage, strong.status, strong.material_score) == (
        RoundStage.MATERIAL_REVIEW,
        ApplicationStatus.ELIGIBLE,
        None,
    )
    assert unassigned.pk


def test_selection_by_threshold_stores_the_mean_material_score(round, office, reviewer) -> None:
    second = expert_user(full_name="赵专家")
    strong = eligible(round, name="甲公司")
    weak = eligible(round, name="乙公司")
    for app, percents in ((strong, (80, 70)), (weak, (30, 45))):
        for user, percent in zip((reviewer, second), percents, strict=True):
            ready(app, user, office)
            score(app, user, MATERIAL, percent)
    result = services.select_for_site_review(round, actor=office)
    assert result.stage == RoundStage.SITE_REVIEW
    strong.refresh_from_db()
    weak.refresh_from_db()
    assert (strong.status, strong.material_score) == (
        ApplicationStatus.SITE_REVIEW,
        Decimal("750.0"),
    )
    assert (weak.status, weak.material_score) == (ApplicationStatus.NOT_SELECTED, Decimal("375.0"))
    entry = DecisionLogEntry.objects.get(action="review.select_for_site_review")
    assert entry.data == {
        "threshold": "400.0",
        "manual": False,
        "scores": {str(strong.pk): "750.0", str(weak.pk): "375.0"},
        "selected": [strong.pk],
    }
    assert set(
        DecisionLogEntry.objects.filter(action__startswith="application.").values_list(
            "action", "object_id"
        )
    ) == {("application.site_review", str(strong.pk)), ("application.not_selected", str(weak.pk))}


def test_a_conflicted_experts_review_does_not_count(round, office, reviewer) -> None:
    # R12: a conflict removes the expert from the application, its scores too.
    second = expert_user()
    app = eligible(round)
    ready(app, reviewer, office)
    ready(app, second, office)
    score(app, reviewer, MATERIAL, 80)
    score(app, second, MATERIAL, 40)
    services.declare_conflict(
        app, profile(reviewer), actor=reviewer, has_conflict=True, kind=ConflictKind.FAMILY
    )
    services.select_for_site_review(round, actor=office)
    app.refresh_from_db()
    assert (app.material_score, app.status) == (Decimal("400.0"), ApplicationStatus.SITE_REVIEW)


def test_manual_selection_overrides_the_threshold_and_is_logged(round, office, reviewer) -> None:
    strong, weak = eligible(round), eligible(round)
    for app, percent in ((strong, 80), (weak, 20)):
        ready(app, reviewer, office)
        score(app, reviewer, MATERIAL, percent)
    with pytest.raises(DomainError, match="Only applications of this round in material review"):
        services.select_for_site_review(round, actor=office, application_ids=[strong.pk, 999999])
    services.select_for_site_review(
        round, actor=office, application_ids=[weak.pk], reason="领导小组意见：行业代表性"
    )
    strong.refresh_from_db()
    weak.refresh_from_db()
    assert (strong.status, weak.status) == (
        ApplicationStatus.NOT_SELECTED,
        ApplicationStatus.SITE_REVIEW,
    )
    entry = DecisionLogEntry.objects.get(action="review.select_for_site_review")
    assert (entry.reason, entry.data["manual"], entry.data["selected"]) == (
        "领导小组意见：行业代表性",
        True,
        [weak.pk],
    )


def test_selection_is_refused_to_others_and_outside_material_review(
    round, office, reviewer
) -> None:
    with pytest.raises(DomainError, match="Only the office"):
        services.select_for_site_review(round, actor=reviewer)
    site_round = review_round(RoundStage.SITE_REVIEW)
    with pytest.raises(DomainError, match="The round is not in material review"):
        services.select_for_site_review(site_round, actor=office)


# --- complete_composite_evaluation -----------------------------------------------------------


def run_to_site_review(round, office, user, spec) -> dict[str, Application]:
    """spec: name -> (section, material %, site %, tags), tags a set of "sme", "digital" (Art. 14),
    "leader" (Art. 15, confirmed by the office) and "leader?" (Art. 15, claimed only). Every
    application goes to site review."""
    apps = {}
    for name, (section, material, _site, tags) in spec.items():
        app = eligible(round, name=name, section=section)
        app.tag_sme_innovation = "sme" in tags
        app.tag_digital_economy = "digital" in tags
        app.tag_key_industry_leader = bool({"leader", "leader?"} & set(tags))
        if "leader" in tags:
            app.leader_tag_decision = LeaderTagDecision.CONFIRMED
        app.save()
        ready(app, user, office)
        score(app, user, MATERIAL, material)
        apps[name] = app
    services.select_for_site_review(
        round, actor=office, application_ids=[a.pk for a in apps.values()], reason="全部"
    )
    for name, (_section, _material, site, _tags) in spec.items():
        score(apps[name], user, SITE, site)
    for app in apps.values():
        app.refresh_from_db()
    return apps


def test_composite_evaluation_fills_places_within_the_quotas(round, office, reviewer) -> None:
    # R2: 3 manufacturing prizes; the 4th qualifying gets a nomination; below 450 nothing.
    apps = run_to_site_review(
        round,
        office,
        reviewer,
        {
            "甲": ("C", 90, 90, ()),  # 900.0
            "乙": ("C", 80, 80, ()),  # 800.0
            "丙": ("C", 70, 70, ()),  # 700.0
            "丁": ("C", 60, 60, ()),  # 600.0 -> nomination (prize places full)
            "戊": ("C", 40, 40, ()),  # 400.0 -> nothing
            "己": ("L", 50, 60, ()),  # 200 + 360 = 560.0 -> service prize
        },
    )
    result = services.complete_composite_evaluation(round, actor=office)
    assert result.stage == RoundStage.COMPOSITE
    for app in apps.values():
        app.refresh_from_db()
    got = {
        name: (a.composite_score, a.site_score, a.sector_rank, a.proposed_level, a.status)
        for name, a in apps.items()
    }
    assert got == {
        "甲": (Decimal("900.0"), Decimal("900.0"), 1, "prize", ApplicationStatus.CANDIDATE),
        "乙": (Decimal("800.0"), Decimal("800.0"), 2, "prize", ApplicationStatus.CANDIDATE),
        "丙": (Decimal("700.0"), Decimal("700.0"), 3, "prize", ApplicationStatus.CANDIDATE),
        "丁": (Decimal("600.0"), Decimal("600.0"), 4, "nomination", ApplicationStatus.CANDIDATE),
        "戊": (Decimal("400.0"), Decimal("400.0"), 5, "", ApplicationStatus.NOT_CANDIDATE),
        "己": (Decimal("560.0"), Decimal("600.0"), 1, "prize", ApplicationStatus.CANDIDATE),
    }
    entry = DecisionLogEntry.objects.get(action="review.composite")
    assert [row["name"] for row in entry.data["ranking"]] == ["甲", "乙", "丙", "丁", "己", "戊"]
    assert entry.data["tie_breaks"] == []


def test_precedence_at_equal_scores_is_applied_and_logged(office, reviewer) -> None:
    # R6: precedence at equal composite scores (the default rule).
    round = review_round(prize_quota_manufacturing=1)
    apps = run_to_site_review(
        round, office, reviewer, {"甲": ("C", 60, 60, ()), "乙": ("C", 60, 60, ("leader",))}
    )
    services.complete_composite_evaluation(round, actor=office)
    for app in apps.values():
        app.refresh_from_db()
    assert (apps["乙"].sector_rank, apps["乙"].proposed_level) == (1, "prize")
    assert (apps["甲"].sector_rank, apps["甲"].proposed_level) == (2, "nomination")
    entry = DecisionLogEntry.objects.get(action="review.composite")
    assert entry.data["tie_breaks"] == [
        {
            "sector": "manufacturing",
            "composite": "600.0",
            "before": apps["乙"].pk,
            "after": apps["甲"].pk,
            "decided_by": "priority_tags",
        }
    ]


def test_bonus_rule_adds_points_to_the_composite(office, reviewer) -> None:
    round = review_round(tilt_rule=TiltRule.BONUS_POINTS, tilt_bonus_points=Decimal("7.5"))
    apps = run_to_site_review(
        round, office, reviewer, {"甲": ("C", 50, 50, ("sme", "digital", "leader"))}
    )
    services.complete_composite_evaluation(round, actor=office)
    apps["甲"].refresh_from_db()
    # R6 / Art. 15: only the confirmed leader tag adds points; the Art. 14 tags add none.
    assert apps["甲"].composite_score == Decimal("507.5")  # 500 + 7.5
    assert apps["甲"].proposed_level == "nomination"


def test_art14_tags_do_not_outrank_a_confirmed_art15_leader_at_equal_scores(
    office, reviewer
) -> None:
    # R6: Art. 14 only encourages SMEs and digital-economy organisations to apply; only Art. 15
    # (a leading enterprise of a leading industry) carries "重点支持和倾斜" in review.
    round = review_round(prize_quota_manufacturing=1)
    apps = run_to_site_review(
        round,
        office,
        reviewer,
        {"中小": ("C", 60, 60, ("sme", "digital")), "龙头": ("C", 60, 60, ("leader",))},
    )
    services.complete_composite_evaluation(round, actor=office)
    for app in apps.values():
        app.refresh_from_db()
    assert (apps["龙头"].sector_rank, apps["龙头"].proposed_level) == (1, "prize")
    assert (apps["中小"].sector_rank, apps["中小"].proposed_level) == (2, "nomination")


def test_a_leader_tag_not_confirmed_by_the_office_carries_no_tilt(office, reviewer) -> None:
    # R6 / Art. 15: the office confirms a claimed tag at eligibility; an unconfirmed claim
    # adds nothing, and the Art. 14 tags add nothing either.
    round = review_round(tilt_rule=TiltRule.BONUS_POINTS, tilt_bonus_points=Decimal("7.5"))
    apps = run_to_site_review(
        round,
        office,
        reviewer,
        {"申报": ("C", 50, 50, ("leader?",)), "数字": ("C", 50, 50, ("sme", "digital"))},
    )
    services.complete_composite_evaluation(round, actor=office)
    for app in apps.values():
        app.refresh_from_db()
    assert [apps[n].composite_score for n in ("申报", "数字")] == [Decimal("500.0")] * 2


def test_repeat_prize_winner_is_a_candidate_outside_the_quota(office, reviewer) -> None:
    # R7: an earlier prize winner qualifying for the prize uses no place.
    round = review_round(prize_quota_manufacturing=1)
    apps = run_to_site_review(
        round, office, reviewer, {"老牌": ("C", 80, 80, ()), "新秀": ("C", 70, 70, ())}
    )
    earlier = review_round(RoundStage.PUBLISHED, year=round.year - 6)
    won = eligible(earlier, status=ApplicationStatus.AWARDED)
    won.organisation = apps["老牌"].organisation
    won.save()
    approval = ApprovalDecision.objects.create(
        round=earlier,
        approved_on=date(earlier.year, 12, 1),
        meeting="常务会议",
        document_number="赣市府字〔2020〕1号",
        recorded_by=office,
    )
    AwardGrant.objects.create(
        round=earlier,
        application=won,
        organisation=won.organisation,
        approval=approval,
        level="prize",
        approved_on=approval.approved_on,
        valid_until=approval.approved_on + timedelta(days=3 * 365),
    )
    services.complete_composite_evaluation(round, actor=office)
    for app in apps.values():
        app.refresh_from_db()
    assert (apps["老牌"].proposed_level, apps["新秀"].proposed_level) == ("prize", "prize")
    ranking = DecisionLogEntry.objects.get(action="review.composite").data["ranking"]
    assert [(r["name"], r["repeat"], r["outside_quota"]) for r in ranking] == [
        ("老牌", True, True),
        ("新秀", False, False),
    ]


def test_composite_is_refused_while_site_reviews_are_missing(round, office, reviewer) -> None:
    app = eligible(round, name="甲公司")
    ready(app, reviewer, office)
    score(app, reviewer, MATERIAL, 80)
    services.select_for_site_review(round, actor=office)
    with pytest.raises(DomainError) as refused:
        services.complete_composite_evaluation(round, actor=office)
    assert refused.value.message == "Site review is not complete. 甲公司: 王专家 has not submitted"
    round.refresh_from_db()
    assert round.stage == RoundStage.SITE_REVIEW


def test_composite_is_refused_to_others_and_outside_site_review(round, office, reviewer) -> None:
    with pytest.raises(DomainError, match="The round is not in site review"):
        services.complete_composite_evaluation(round, actor=office)
    with pytest.raises(DomainError, match="Only the office"):
        services.complete_composite_evaluation(review_round(RoundStage.SITE_REVIEW), actor=reviewer)


def test_an_empty_site_review_completes_with_every_place_vacant(round, office, reviewer) -> None:
    app = eligible(round)
    ready(app, reviewer, office)
    score(app, reviewer, MATERIAL, 10)
    services.select_for_site_review(round, actor=office)
    result = services.complete_composite_evaluation(round, actor=office)
    assert result.stage == RoundStage.COMPOSITE
    app.refresh_from_db()
    assert (app.status, app.composite_score) == (ApplicationStatus.NOT_SELECTED, None)


# --- submit_candidate_list -------------------------------------------------------------------


def test_submit_candidate_list_notifies_the_leading_group(office) -> None:
    round = review_round(RoundStage.COMPOSITE)
    member = leading_group_user()
    inactive = leading_group_user()
    inactive.programme_roles.update(active=False)
    foreign = User.objects.create(username="foreign-leader")
    grant_role(foreign, Role.LEADING_GROUP, prog=other_programme())
    result = services.submit_candidate_list(round, actor=office)
    assert result.stage == RoundStage.DELIBERATION
    assert list(Notification.objects.values_list("user", "url")) == [
        (member.pk, f"/rounds/{round.pk}/composite/")
    ]
    entry = DecisionLogEntry.objects.get(action="round.deliberation")
    assert (entry.actor, entry.from_state) == (office, RoundStage.COMPOSITE)


def test_submit_candidate_list_is_refused_before_the_composite_and_to_others(office) -> None:
    with pytest.raises(DomainError, match="once the composite evaluation is complete"):
        services.submit_candidate_list(review_round(RoundStage.SITE_REVIEW), actor=office)
    composite = review_round(RoundStage.COMPOSITE)
    county_office = User.objects.create(username="county-office")
    grant_role(county_office, Role.OFFICE, prog=other_programme())
    for actor in (leading_group_user(), county_office):
        with pytest.raises(DomainError, match="Only the office"):
            services.submit_candidate_list(composite, actor=actor)
    composite.refresh_from_db()
    assert composite.stage == RoundStage.COMPOSITE
    assert not Notification.objects.exists()
