"""Every message written through ``notify`` belongs to the programme of the object it is
about: its outbox row carries that programme, the programme's office sees it on its outbox
page (``notifications:outbox``) and another programme's office does not.

The services are driven as their own tests drive them (same builders). The fallback that
guesses a programme from the recipients is switched off here, so only the programme the
caller names counts: a call that forgot it would leave the row without a programme.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from accounts.enums import Role
from accounts.models import User
from applications.enums import ApplicationStatus
from applications.models import Consultation
from applications.services.application import submit_application, sweep_consultation_reminders
from awards import services as award_services
from awards.enums import RoundStage
from awards.models import AwardProgramme
from monitoring.models import AnnualReport
from monitoring.services import annual_reports as obligations
from monitoring.services import monitoring as monitoring_services
from notifications import services as notification_services
from notifications.models import OutboxMessage
from notifications.services import notify
from reviews.services import review as review_services
from sanctions.enums import IncidentKind, RevocationGround
from sanctions.services.fraud_bars import propose_bar, record_bar_decision
from sanctions.services.incidents import report_by_public, report_unmatched_by_public
from sanctions.services.revocation import decide_revocation, open_revocation
from tests.applications.test_services_applicant import complete_draft
from tests.awards.helpers import eligibility_round, other_programme, submitted_application
from tests.factories import (
    ApplicationFactory,
    RoundFactory,
    UserFactory,
    applicant_user,
    department,
    grant_role,
    leading_group_user,
    liaison_user,
    programme,
)
from tests.monitoring.annual_report_helpers import scheduled_grant
from tests.monitoring.helpers import grant_on, pool_expert
from tests.reviews.helpers import review_round
from tests.sanctions.test_fraud_bars import _disqualified_for_fraud
from tests.sanctions.test_revocation import valid_grant

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _only_the_named_programme(monkeypatch: pytest.MonkeyPatch) -> None:
    """No guessing from the recipients: the row's programme is the one the caller passed."""
    monkeypatch.setattr(notification_services, "_programme_of", lambda users: None)


def office_of(prog: AwardProgramme) -> User:
    return grant_role(UserFactory(), Role.OFFICE, prog=prog)


def other_office_than(prog: AwardProgramme) -> User:
    other = other_programme() if prog == programme() else programme()
    return office_of(other)


def assert_only_its_office_sees(subject: str, prog: AwardProgramme) -> list[OutboxMessage]:
    """The rows whose subject begins with ``subject`` carry ``prog``; its office sees each on
    the outbox page, another programme's office sees none of them."""
    rows = list(OutboxMessage.objects.filter(subject__startswith=subject))
    assert rows, f"no outbox row for {subject!r}"
    assert {row.programme_id for row in rows} == {prog.pk}, subject
    for user, visible in ((office_of(prog), True), (other_office_than(prog), False)):
        client = Client()
        client.force_login(user)
        page = client.get(reverse("notifications:outbox"))
        assert page.status_code == 200
        html = page.content.decode()
        for row in rows:
            link = reverse("notifications:outbox_message", args=[row.pk])
            assert (link in html) is visible, (subject, user)
    return rows


# --- applications/services/application.py ------------------------------------------------------------------


def test_submission_belongs_to_the_programme_of_the_round() -> None:
    application, user = complete_draft()
    submit_application(application, actor=user, declaration=True)
    assert_only_its_office_sees("Application submitted", application.round.programme)


def test_overdue_consultation_belongs_to_the_programme_of_the_application() -> None:
    liaison_user(department("tax"))
    application = submitted_application(eligibility_round())
    office = office_of(application.round.programme)
    Consultation.objects.create(
        application=application,
        department=department("tax"),
        question="?",
        sent_by=office,
        due_on=timezone.localdate() - timedelta(days=1),
    )
    assert sweep_consultation_reminders() == {"reminded": 0, "overdue": 1}
    prog = application.round.programme
    assert_only_its_office_sees("Overdue: a consultation awaits your reply", prog)
    assert_only_its_office_sees("A department's reply is overdue", prog)


# --- awards/services.py ------------------------------------------------------------------------


def test_extended_deadline_belongs_to_the_programme_of_the_round() -> None:
    prog = other_programme()
    round = RoundFactory(programme=prog, stage=RoundStage.APPLICATION)
    applicant = applicant_user()
    ApplicationFactory(round=round, organisation=applicant.organisation_membership.organisation)
    award_services.extend_deadline(
        round,
        actor=office_of(prog),
        new_close_at=round.applications_close_at + timedelta(days=7),
        reason="系统维护",
    )
    assert_only_its_office_sees("Application deadline extended", prog)


# --- sanctions/services/fraud_bars.py and sanctions/services/bans.py ---------------------------------------------------


def test_a_fraud_bar_and_the_applications_it_stops_belong_each_to_its_programme() -> None:
    """R8: the bar notice belongs to the programme of the disqualified application; an
    application it stops in another programme (one that honours the first one's bars) is that
    programme's message."""
    application, office, case = _disqualified_for_fraud()
    honouring = other_programme()
    honouring.honoured_bar_programmes = [application.round.programme_id]
    honouring.save(update_fields=["honoured_bar_programmes"])
    elsewhere = ApplicationFactory(
        organisation=application.organisation,
        round=RoundFactory(programme=other_programme()),
        status=ApplicationStatus.DRAFT,
    )
    applicant_user(application.organisation)
    propose_bar(case, actor=office)
    record_bar_decision(
        case, actor=office, decided_on=timezone.localdate(), document_number="赣府字〔2026〕1号"
    )
    elsewhere.refresh_from_db()
    assert elsewhere.status == ApplicationStatus.WITHDRAWN
    assert_only_its_office_sees("Barred from applying until", application.round.programme)
    assert_only_its_office_sees("Application stopped", other_programme())


# --- sanctions/services/incidents.py -----------------------------------------------------------------------


def test_a_public_report_belongs_to_the_programme_of_the_grant() -> None:
    grant = valid_grant()
    office_of(grant.round.programme)
    report_by_public(
        grant, name="张先生", contact="13800000000", kind="misuse", description="冒用获奖标识"
    )
    assert_only_its_office_sees("Incident reported", grant.round.programme)


def test_a_report_naming_no_winner_belongs_to_the_programme_addressed() -> None:
    prog = other_programme()
    office_of(prog)
    report_unmatched_by_public(
        prog,
        name="王先生",
        contact="13900000000",
        kind=IncidentKind.FORGERY,
        description="宣传册上印有伪造的获奖证书",
        named_organisation="赣州假冒企业有限公司",
    )
    assert_only_its_office_sees("Report of forgery or misuse", prog)


# --- monitoring/services/annual_reports.py ---------------------------------------------------------------------


def test_annual_report_filed_and_accepted_belong_to_the_programme_of_the_grant() -> None:
    grant = scheduled_grant()
    office = office_of(grant.round.programme)
    user = applicant_user(grant.organisation)
    report = AnnualReport.objects.filter(grant=grant).order_by("due_on").first()
    assert report is not None
    filed = obligations.file_annual_report(
        report, actor=user, key_indicators="合格率99.8%", improvements="改进", body="年度报告"
    )
    obligations.review_annual_report(filed, actor=office, accept=True)
    assert_only_its_office_sees("Annual report filed", grant.round.programme)
    assert_only_its_office_sees("Annual report accepted", grant.round.programme)


# --- sanctions/services/revocation.py ----------------------------------------------------------------------


def test_revocation_proposed_and_decided_belong_to_the_programme_of_the_grant() -> None:
    grant = valid_grant()
    applicant_user(grant.organisation)
    office = office_of(grant.round.programme)
    case = open_revocation(
        grant,
        actor=office,
        ground=RevocationGround.TAX,
        evidence="市税务局通报",
        occurred_on=timezone.localdate(),
    )
    decide_revocation(
        case,
        actor=office,
        revoked=True,
        decided_on=timezone.localdate(),
        document_number="赣府字〔2032〕9号",
    )
    assert_only_its_office_sees("Revocation proposed", grant.round.programme)
    assert_only_its_office_sees("Award revoked", grant.round.programme)


# --- monitoring/services/monitoring.py --------------------------------------------------------------------


def test_reassessment_and_visit_belong_to_the_programme_of_the_grant() -> None:
    grant = grant_on(timezone.localdate() - timedelta(days=200))
    applicant_user(grant.organisation)
    office = office_of(grant.round.programme)
    day = timezone.localdate() + timedelta(days=30)
    monitoring_services.schedule_reassessment(
        grant, actor=office, scheduled_on=day, team=[pool_expert(), pool_expert()]
    )
    monitoring_services.plan_visit(grant, actor=office, planned_on=day, visitors="市质量办 王五")
    prog = grant.round.programme
    assert_only_its_office_sees("You are on a re-assessment team", prog)
    assert_only_its_office_sees("Re-assessment scheduled", prog)
    assert_only_its_office_sees("Return visit planned", prog)


# --- reviews/services/review.py -----------------------------------------------------------------------


def test_candidate_list_belongs_to_the_programme_of_the_round() -> None:
    round = review_round(RoundStage.COMPOSITE)
    leading_group_user()
    review_services.submit_candidate_list(round, actor=office_of(round.programme))
    assert_only_its_office_sees("Candidate list for the plenary", round.programme)


# --- the parameter cannot be forgotten ---------------------------------------------------------


def test_notify_without_a_programme_is_refused() -> None:
    with pytest.raises(TypeError, match="programme_id"):
        notify([applicant_user()], subject="主题", body="正文")  # type: ignore[call-arg]


def test_every_call_in_the_portal_names_its_programme() -> None:
    """Even a call no test reaches: every ``notify(...)`` and ``notify_event(...)`` in the
    portal's code passes ``programme_id`` (``None`` only for a message of no programme)."""
    root = Path(settings.BASE_DIR)
    missing: list[str] = []
    for path in root.rglob("*.py"):
        parts = path.relative_to(root).parts
        if parts[0] in {".venv", "node_modules", "tests"} or "migrations" in parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = getattr(func, "id", None) or getattr(func, "attr", None)
            if name not in {"notify", "notify_event"}:
                continue
            keywords = {k.arg for k in node.keywords}
            if "programme_id" not in keywords and None not in keywords:  # None: **kwargs
                missing.append(f"{path.relative_to(root)}:{node.lineno}")
    assert missing == []
