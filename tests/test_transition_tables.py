"""Every transition table of the portal, every (from, to) pair of its states: the app's
transition service makes the move iff the table lists it; otherwise it raises a domain error,
leaves the state as it was and writes no decision-log row (docs/architecture.md). Moving to
the state an object is already in changes and logs nothing.

A ``*_TRANSITIONS`` table added anywhere fails ``test_every_transition_table_is_covered`` until
it has a case here (and it must live in its app's ``enums.py``).
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db.models import Model, TextChoices
from django.utils import timezone

from accounts.models import User
from applications.enums import (
    ADVERSE_RECORD_TRANSITIONS,
    APPLICATION_TRANSITIONS,
    AdverseRecordStatus,
    AdverseSource,
    ApplicationStatus,
)
from applications.models import AdverseRecord
from applications.services.adverse import transition_adverse_record
from applications.services.application import transition_application
from archives.enums import ARCHIVE_TRANSITIONS, ArchiveState
from archives.models import RoundArchive
from archives.services.archive import transition_archive
from awards.enums import ROUND_TRANSITIONS, WORK_PLAN_TRANSITIONS, RoundStage, WorkPlanStatus
from awards.models import WorkPlan
from awards.services import transition_round, transition_work_plan
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError, transition_state
from grants.enums import GRANT_TRANSITIONS, GrantStatus
from grants.models import AwardGrant
from grants.services.approval import transition_grant
from monitoring.enums import (
    FUND_REPORT_TRANSITIONS,
    REASSESSMENT_TRANSITIONS,
    REPORT_TRANSITIONS,
    VISIT_TRANSITIONS,
    FundReportStatus,
    ReassessmentResult,
    ReportStatus,
    VisitStatus,
)
from monitoring.models import AnnualReport, FundUseReport, ReAssessment, ReturnVisit
from monitoring.services.annual_reports import transition_report
from notifications.enums import DELIVERY_TRANSITIONS, DeliveryState
from notifications.models import OutboxMessage
from notifications.services import (
    deliver,
    max_attempts,
    release_stale,
    retry_failed_of_programme,
    retry_message,
)
from publicity.enums import OBJECTION_TRANSITIONS, ObjectionStatus
from publicity.services.publicity import transition_objection
from reviews.enums import DRAW_TRANSITIONS, REVIEW_TRANSITIONS, DrawMethod, DrawStatus, ReviewStatus
from reviews.models import AssignmentDraw, Review
from reviews.services.review import transition_review
from sanctions.enums import (
    FRAUD_BAR_TRANSITIONS,
    INCIDENT_TRANSITIONS,
    REVOCATION_TRANSITIONS,
    FraudBarStatus,
    IncidentKind,
    IncidentSource,
    IncidentStatus,
    RevocationGround,
    RevocationStatus,
)
from sanctions.models import FraudBarCase, Incident, Revocation
from sanctions.services.revocation import transition_revocation
from tests.factories import (
    ApplicationFactory,
    ExpertFactory,
    RoundFactory,
    UserFactory,
    office_user,
    programme,
)
from tests.notifications.backends import FlakyBackend
from tests.notifications.helpers import message
from tests.publicity.helpers import manufacturer, objection
from tests.publicity.helpers import past_prize as _past_prize

Table = Mapping[str, set[str]]
Move = Callable[[Any, str, User], Any]


@dataclass(frozen=True)
class Workflow:
    table: Table
    states: type[TextChoices]
    make: Callable[[str], Model]  # an object in the given state
    move: Move  # the app's transition service
    field: str = "status"
    logged: bool = True  # an archive's build states are not decisions: never logged


def through_transition_state(table: Table, action: str, field: str = "status") -> Move:
    """The services of these workflows call decisionlog.workflow.transition_state with the
    table directly (one call per named action)."""

    def move(obj: Any, to: str, actor: User) -> Any:
        return transition_state(
            obj, to, table=table, actor=actor, action=f"{action}.{to}", reason="test", field=field
        )

    return move


def grant() -> AwardGrant:
    return _past_prize(manufacturer(), 2020)


def application(status: str) -> Model:
    return ApplicationFactory(status=status)


def adverse_record(status: str) -> Model:
    return AdverseRecord.objects.create(
        application=ApplicationFactory(status=ApplicationStatus.ELIGIBLE),
        source=AdverseSource.CONSULTATION,
        reported_by="市税务局",
        details="行政处罚",
        status=status,
    )


def round_(stage: str) -> Model:
    return RoundFactory(stage=stage)


def _move_round(obj: Any, to: str, actor: User) -> Any:
    """R1: a round passes through the question-and-defence stage exactly when its rules hold
    it (awards.rules.check_stage_passage, tested in tests/awards/test_defence_stage_order.py):
    the table's moves into and out of that stage are tried on a round whose rules hold it,
    every other move on one whose rules do not."""
    if RoundStage.DEFENCE in (obj.stage, to):
        obj.rule_settings = {"holds_defence_stage": True}
        obj.save(update_fields=["rule_settings"])
    return transition_round(obj, to, actor=actor, reason="test")


def review(status: str) -> Model:
    return Review.objects.create(
        application=ApplicationFactory(), expert=ExpertFactory(), stage="material", status=status
    )


def draw(status: str) -> Model:
    return AssignmentDraw.objects.create(
        round=RoundFactory(stage=RoundStage.MATERIAL_REVIEW),
        method=DrawMethod.RANDOM,
        seed=1,
        per_application=2,
        inputs={},
        result={},
        created_by=UserFactory(),
        status=status,
    )


def grant_in(status: str) -> Model:
    made = grant()
    AwardGrant.objects.filter(pk=made.pk).update(status=status)
    made.refresh_from_db()
    return made


def fraud_bar(status: str) -> Model:
    return FraudBarCase.objects.create(
        application=ApplicationFactory(status=ApplicationStatus.DISQUALIFIED), status=status
    )


def incident(status: str) -> Model:
    return Incident.objects.create(
        grant=grant(),
        programme=programme(),
        source=IncidentSource.OFFICE,
        kind=IncidentKind.PENALTY,
        description="行政处罚",
        receipt_number="JB-TEST-1",
        status=status,
    )


def revocation(status: str) -> Model:
    return Revocation.objects.create(
        grant=grant(),
        ground=RevocationGround.FRAUD,
        evidence="证据",
        proposed_by=UserFactory(),
        status=status,
    )


def annual_report(status: str) -> Model:
    return AnnualReport.objects.create(
        grant=grant(), year=1, due_on=date(2022, 1, 10), status=status
    )


def reassessment(result: str) -> Model:
    return ReAssessment.objects.create(grant=grant(), scheduled_on=date(2022, 6, 1), result=result)


def fund_report(status: str) -> Model:
    return FundUseReport.objects.create(grant=grant(), status=status)


def visit(status: str) -> Model:
    return ReturnVisit.objects.create(
        grant=grant(),
        planned_on=date(2022, 6, 1),
        visitors="质量奖办公室",
        planned_by=UserFactory(),
        status=status,
    )


def archive(state: str) -> Model:
    return RoundArchive.objects.create(
        round=RoundFactory(stage=RoundStage.PUBLISHED), requested_by=UserFactory(), state=state
    )


def work_plan(status: str) -> Model:
    return WorkPlan.objects.create(
        programme=programme(), year=2030, title="2030年度工作计划", status=status
    )


def _reason(move: Callable[..., Any]) -> Move:
    return lambda obj, to, actor: move(obj, to, actor=actor, reason="test")


# Keyed by where the table lives ("app.enums.NAME"); DELIVERY_TRANSITIONS is checked apart
# (test_outbox_moves_are_the_delivery_table): the outbox moves by conditional updates.
WORKFLOWS: dict[str, Workflow] = {
    "awards.enums.ROUND_TRANSITIONS": Workflow(
        ROUND_TRANSITIONS, RoundStage, round_, _move_round, field="stage"
    ),
    # Art. 11(3): the annual work plan.
    "awards.enums.WORK_PLAN_TRANSITIONS": Workflow(
        WORK_PLAN_TRANSITIONS, WorkPlanStatus, work_plan, _reason(transition_work_plan)
    ),
    "applications.enums.APPLICATION_TRANSITIONS": Workflow(
        APPLICATION_TRANSITIONS, ApplicationStatus, application, _reason(transition_application)
    ),
    "applications.enums.ADVERSE_RECORD_TRANSITIONS": Workflow(
        ADVERSE_RECORD_TRANSITIONS,
        AdverseRecordStatus,
        adverse_record,
        _reason(transition_adverse_record),
    ),
    "reviews.enums.REVIEW_TRANSITIONS": Workflow(
        REVIEW_TRANSITIONS, ReviewStatus, review, _reason(transition_review)
    ),
    "reviews.enums.DRAW_TRANSITIONS": Workflow(
        DRAW_TRANSITIONS, DrawStatus, draw, through_transition_state(DRAW_TRANSITIONS, "draw")
    ),
    "publicity.enums.OBJECTION_TRANSITIONS": Workflow(
        OBJECTION_TRANSITIONS, ObjectionStatus, objection, _reason(transition_objection)
    ),
    "grants.enums.GRANT_TRANSITIONS": Workflow(
        GRANT_TRANSITIONS, GrantStatus, grant_in, _reason(transition_grant)
    ),
    "monitoring.enums.REPORT_TRANSITIONS": Workflow(
        REPORT_TRANSITIONS, ReportStatus, annual_report, _reason(transition_report)
    ),
    "monitoring.enums.REASSESSMENT_TRANSITIONS": Workflow(
        REASSESSMENT_TRANSITIONS,
        ReassessmentResult,
        reassessment,
        through_transition_state(REASSESSMENT_TRANSITIONS, "reassessment", field="result"),
        field="result",
    ),
    "sanctions.enums.REVOCATION_TRANSITIONS": Workflow(
        REVOCATION_TRANSITIONS, RevocationStatus, revocation, _reason(transition_revocation)
    ),
    "sanctions.enums.FRAUD_BAR_TRANSITIONS": Workflow(
        FRAUD_BAR_TRANSITIONS,
        FraudBarStatus,
        fraud_bar,
        through_transition_state(FRAUD_BAR_TRANSITIONS, "fraud_bar"),
    ),
    "sanctions.enums.INCIDENT_TRANSITIONS": Workflow(
        INCIDENT_TRANSITIONS,
        IncidentStatus,
        incident,
        through_transition_state(INCIDENT_TRANSITIONS, "incident"),
    ),
    "monitoring.enums.FUND_REPORT_TRANSITIONS": Workflow(
        FUND_REPORT_TRANSITIONS,
        FundReportStatus,
        fund_report,
        through_transition_state(FUND_REPORT_TRANSITIONS, "fund_use"),
    ),
    "monitoring.enums.VISIT_TRANSITIONS": Workflow(
        VISIT_TRANSITIONS, VisitStatus, visit, through_transition_state(VISIT_TRANSITIONS, "visit")
    ),
    "archives.enums.ARCHIVE_TRANSITIONS": Workflow(
        ARCHIVE_TRANSITIONS,
        ArchiveState,
        archive,
        lambda obj, to, actor: transition_archive(obj, to),
        field="state",
        logged=False,
    ),
}
DELIVERY = "notifications.enums.DELIVERY_TRANSITIONS"

PAIRS = [
    pytest.param(name, current, target, id=f"{name.rsplit('.', 1)[1]}:{current}->{target}")
    for name, workflow in WORKFLOWS.items()
    for current, target in itertools.product(workflow.states.values, repeat=2)
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "current", "target"), PAIRS)
def test_moves_follow_the_table(name: str, current: str, target: str) -> None:
    workflow = WORKFLOWS[name]
    actor = office_user()
    obj = workflow.make(current)
    before = DecisionLogEntry.objects.count()
    if current == target:
        moved = workflow.move(obj, target, actor)
        assert getattr(moved, workflow.field) == current
        assert DecisionLogEntry.objects.count() == before
    elif target in workflow.table[current]:
        moved = workflow.move(obj, target, actor)
        assert getattr(moved, workflow.field) == target
        obj.refresh_from_db()
        assert getattr(obj, workflow.field) == target
        if workflow.logged:
            entry = DecisionLogEntry.objects.order_by("-pk").first()
            assert DecisionLogEntry.objects.count() == before + 1
            assert entry is not None
            assert (
                entry.object_type,
                entry.object_id,
                entry.from_state,
                entry.to_state,
                entry.actor_id,
            ) == (obj._meta.label, str(obj.pk), current, target, actor.pk)
        else:
            assert DecisionLogEntry.objects.count() == before
    else:
        with pytest.raises(DomainError):
            workflow.move(obj, target, actor)
        obj.refresh_from_db()
        assert getattr(obj, workflow.field) == current
        assert DecisionLogEntry.objects.count() == before


@pytest.mark.parametrize("name", [*WORKFLOWS, DELIVERY])
def test_the_table_names_every_state_and_only_states(name: str) -> None:
    table, states = (
        (DELIVERY_TRANSITIONS, DeliveryState)
        if name == DELIVERY
        else (WORKFLOWS[name].table, WORKFLOWS[name].states)
    )
    assert set(table) == set(states.values)
    assert set().union(*table.values()) <= set(states.values)


# --- the outbox -------------------------------------------------------------------------------


def _outbox_moves(state: str, operation: str, office: User) -> set[tuple[str, str]]:
    """The moves one outbox operation makes on a message in ``state``. ``deliver`` claims the
    message (QUEUED -> SENDING, counting the attempt) and records the outcome in one call."""
    long_ago = timezone.now() - timedelta(days=1)
    row = message(
        state=state,
        attempts=max_attempts() - 1 if operation == "deliver_gives_up" else 0,
        next_attempt_at=long_ago,
        claimed_at=long_ago if state == DeliveryState.SENDING else None,
    )
    FlakyBackend.failures_left = 0 if operation == "deliver" else 1
    if operation.startswith("deliver"):
        deliver(row.pk)
    elif operation == "release_stale":
        release_stale()
    elif operation == "retry_message":
        try:
            retry_message(row, actor=office)
        except DomainError:
            assert state != DeliveryState.FAILED
    elif operation == "retry_failed_of_programme":
        retry_failed_of_programme(row.programme_id, actor=office)
    after = OutboxMessage.objects.get(pk=row.pk)
    if after.attempts > row.attempts:  # claimed, then sent, queued again or failed for good
        return {(state, DeliveryState.SENDING), (DeliveryState.SENDING, after.state)}
    return {(state, after.state)} if after.state != state else set()


@pytest.mark.django_db
def test_outbox_moves_are_the_delivery_table(settings) -> None:  # type: ignore[no-untyped-def]
    # notifications.services moves a message by conditional updates (a claim, not a locking
    # transition), and an outbox message is not a decision: nothing is logged.
    settings.EMAIL_BACKEND = "tests.notifications.backends.FlakyBackend"
    office = office_user()
    operations = (
        "deliver",
        "deliver_retries",
        "deliver_gives_up",
        "release_stale",
        "retry_message",
        "retry_failed_of_programme",
    )
    made: set[tuple[str, str]] = set()
    try:
        for state, operation in itertools.product(DeliveryState.values, operations):
            made |= _outbox_moves(state, operation, office)
    finally:
        FlakyBackend.failures_left = 0
    assert made == {(a, b) for a, targets in DELIVERY_TRANSITIONS.items() for b in targets}
    assert DecisionLogEntry.objects.count() == 0


# --- no table escapes this module ------------------------------------------------------------

SKIPPED_DIRS = {"tests", "migrations", "node_modules", "var", ".venv", ".git"}


def _transition_tables() -> dict[str, Path]:
    """Every module-level ``*_TRANSITIONS`` assignment in the project's source."""
    root = Path(settings.BASE_DIR)
    found: dict[str, Path] = {}
    for path in root.rglob("*.py"):
        if SKIPPED_DIRS & set(path.relative_to(root).parts):
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            targets = (
                node.targets
                if isinstance(node, ast.Assign)
                else [node.target]
                if isinstance(node, ast.AnnAssign)
                else []
            )
            for target in targets:
                if isinstance(target, ast.Name) and target.id.endswith("_TRANSITIONS"):
                    module = ".".join(path.relative_to(root).with_suffix("").parts)
                    found[f"{module}.{target.id}"] = path
    return found


def test_every_transition_table_is_covered_and_lives_in_an_enums_module() -> None:
    tables = _transition_tables()
    assert {name: path.name for name, path in tables.items()} == dict.fromkeys(tables, "enums.py")
    assert set(tables) == {*WORKFLOWS, DELIVERY}
