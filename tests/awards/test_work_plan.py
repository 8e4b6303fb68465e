"""The annual work plan (Art. 11(3)): the office drafts the year's plan (milestones, training,
budget, tracking research with its documents), the leading group approves it or returns it,
each write locked and logged; progress is counted against its milestones."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from awards import services
from awards.enums import RoundStage, TrainingAudience, WorkPlanStatus
from awards.models import WorkPlan, WorkPlanResearchNote
from awards.selectors import plan_progress
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from tests.awards.helpers import (
    in_english,  # noqa: F401  (autouse: messages in English)
    other_programme_leader,
    other_programme_office,
)
from tests.factories import RoundFactory, leading_group_user, office_user, programme

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _plan(office=None, year: int = 2026) -> WorkPlan:  # type: ignore[no-untyped-def]
    return services.create_work_plan(
        programme(), actor=office or office_user(), year=year, title=f"{year}年度工作计划"
    )


def _submitted(office=None) -> WorkPlan:  # type: ignore[no-untyped-def]
    office = office or office_user()
    plan = _plan(office)
    services.add_milestone(plan, actor=office, title="发布评审通知", due_on=date(2026, 3, 1))
    return services.submit_work_plan(plan, actor=office)


def test_the_office_drafts_a_plan_with_every_kind_of_item_logged(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    office = office_user()
    plan = _plan(office)
    round = RoundFactory(year=2026)
    services.add_milestone(
        plan,
        actor=office,
        title="启动材料评审",
        due_on=date(2026, 6, 1),
        round=round,
        stage=RoundStage.MATERIAL_REVIEW,
    )
    services.add_training(
        plan,
        actor=office,
        title="评审员培训",
        audience=TrainingAudience.EXPERTS,
        planned_on=date(2026, 4, 10),
        participants=40,
    )
    services.add_budget_line(plan, actor=office, item="评审费", amount=Decimal("120000"))
    note = services.add_research_note(
        plan,
        actor=office,
        source="江西省",
        title="井冈质量奖评审办法",
        text="现场评审两天",
        upload=SimpleUploadedFile("井冈质量奖办法.pdf", PDF),
    )
    assert note.document_name == "井冈质量奖办法.pdf"
    assert note.document.name.startswith(f"work-plans/{plan.pk}/")
    actions = list(
        DecisionLogEntry.objects.filter(object_id=str(plan.pk), action__startswith="work_plan.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "work_plan.create",
        "work_plan.milestone_add",
        "work_plan.training_add",
        "work_plan.budget_add",
        "work_plan.research_add",
    ]


def test_one_plan_per_programme_and_year() -> None:
    office = office_user()
    _plan(office)
    with pytest.raises(DomainError, match="already has a work plan for 2026"):
        _plan(office)


def test_another_programmes_office_cannot_draft_or_add() -> None:
    """Art. 11(3): an outsider of the same role (another programme's office) is refused."""
    plan = _plan()
    outsider = other_programme_office()
    with pytest.raises(DomainError, match="Only the office of this award programme"):
        services.create_work_plan(programme(), actor=outsider, year=2027, title="x")
    with pytest.raises(DomainError, match="drafts its work plan"):
        services.add_budget_line(plan, actor=outsider, item="x", amount=Decimal("1"))


def test_a_milestone_names_a_round_of_the_programme_and_its_stage_together() -> None:
    office = office_user()
    plan = _plan(office)
    round = RoundFactory()
    with pytest.raises(DomainError, match="together, or neither"):
        services.add_milestone(plan, actor=office, title="x", due_on=date(2026, 1, 2), round=round)


def test_submit_needs_a_milestone_then_the_plan_is_locked() -> None:
    office = office_user()
    plan = _plan(office)
    with pytest.raises(DomainError, match="at least one milestone"):
        services.submit_work_plan(plan, actor=office)
    services.add_milestone(plan, actor=office, title="发布通知", due_on=date(2026, 3, 1))
    submitted = services.submit_work_plan(plan, actor=office)
    assert submitted.status == WorkPlanStatus.SUBMITTED
    assert submitted.submitted_at is not None
    with pytest.raises(DomainError, match="changes only as a draft"):
        services.add_training(
            submitted,
            actor=office,
            title="x",
            audience=TrainingAudience.APPLICANTS,
            planned_on=date(2026, 5, 1),
        )


def test_the_leading_group_approves_and_the_approval_is_logged() -> None:
    plan = _submitted()
    member = leading_group_user()
    approved = services.approve_work_plan(plan, actor=member, note="同意")
    assert (approved.status, approved.approved_by) == (WorkPlanStatus.APPROVED, member)
    entry = DecisionLogEntry.objects.get(action="work_plan.approved")
    assert (entry.from_state, entry.to_state, entry.reason) == ("submitted", "approved", "同意")


def test_only_the_programmes_own_leading_group_decides() -> None:
    """Art. 11(3), 10: another programme's leading group and the office are refused."""
    plan = _submitted()
    for outsider in (other_programme_leader(), office_user()):
        with pytest.raises(DomainError, match="Only a leading-group member of this programme"):
            services.approve_work_plan(plan, actor=outsider)
    plan.refresh_from_db()
    assert plan.status == WorkPlanStatus.SUBMITTED


def test_returned_with_a_reason_the_draft_changes_again() -> None:
    office = office_user()
    plan = _submitted(office)
    member = leading_group_user()
    with pytest.raises(DomainError, match="Say why"):
        services.return_work_plan(plan, actor=member, reason=" ")
    returned = services.return_work_plan(plan, actor=member, reason="补充预算")
    assert returned.status == WorkPlanStatus.DRAFT
    services.add_budget_line(returned, actor=office, item="培训费", amount=Decimal("30000"))


def test_an_approved_plan_cannot_be_approved_twice_or_changed() -> None:
    office = office_user()
    plan = _submitted(office)
    approved = services.approve_work_plan(plan, actor=leading_group_user())
    # Moving to the state it is in changes and logs nothing.
    services.approve_work_plan(approved, actor=leading_group_user())
    assert DecisionLogEntry.objects.filter(action="work_plan.approved").count() == 1
    with pytest.raises(DomainError):
        services.return_work_plan(approved, actor=leading_group_user(), reason="x")
    milestone = approved.milestones.get()
    with pytest.raises(DomainError, match="changes only as a draft"):
        services.remove_plan_item(milestone, actor=office)


def test_progress_counts_done_overdue_and_stages_reached() -> None:
    """Art. 11(3): done by the office's record or by the round reaching the stage; overdue
    once the due day has ended (Civil Code Art. 203: the day counts to 24:00)."""
    office = office_user()
    plan = _plan(office)
    today = timezone.localdate()
    round = RoundFactory(stage=RoundStage.MATERIAL_REVIEW)
    services.add_milestone(
        plan,
        actor=office,
        title="窗口关闭",
        due_on=today - timedelta(days=30),
        round=round,
        stage=RoundStage.ELIGIBILITY,
    )
    overdue = services.add_milestone(
        plan, actor=office, title="培训", due_on=today - timedelta(days=1)
    )
    services.add_milestone(plan, actor=office, title="今天到期", due_on=today)
    services.add_milestone(
        plan,
        actor=office,
        title="公示",
        due_on=today + timedelta(days=60),
        round=round,
        stage=RoundStage.PUBLICITY,
    )
    plan = WorkPlan.objects.get(pk=plan.pk)
    progress = plan_progress(plan, today)
    assert (progress["total"], progress["done"], progress["overdue"]) == (4, 1, 1)
    services.mark_milestone_done(overdue, actor=office, done_on=today)
    progress = plan_progress(WorkPlan.objects.get(pk=plan.pk), today)
    assert (progress["done"], progress["overdue"], progress["percent"]) == (2, 0, 50)
    with pytest.raises(DomainError, match="still to come"):
        services.mark_milestone_done(overdue, actor=office, done_on=today + timedelta(days=1))


def test_a_removed_research_note_loses_its_file_after_commit(
    settings, tmp_path, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    office = office_user()
    plan = _plan(office)
    note = services.add_research_note(
        plan,
        actor=office,
        source="深圳市",
        title="市长质量奖管理办法",
        upload=SimpleUploadedFile("a.pdf", PDF),
    )
    path = tmp_path / note.document.name
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_plan_item(note, actor=office)
    assert not path.exists()
    assert not WorkPlanResearchNote.objects.exists()
    assert DecisionLogEntry.objects.filter(action="work_plan.research_remove").exists()


def test_a_refused_upload_stores_nothing(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    office = office_user()
    plan = _plan(office)
    with pytest.raises(DomainError):
        services.add_research_note(
            plan,
            actor=office,
            source="x",
            title="y",
            upload=SimpleUploadedFile("a.pdf", b"MZ not a pdf"),
        )
    assert not WorkPlanResearchNote.objects.exists()
