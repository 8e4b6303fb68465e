"""After ``manage.py load_demo`` the demo has a current winner of the mayor's programme (R9: the
2022 round, approved on 18 January 2024, is valid until 18 January 2027) whose obligations are
in progress (Art. 24-26, 29, R10), which the office's monitoring dashboard shows; and a
pre-award fraud disqualification whose bar decision is pending (R8, Art. 28)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from applications.permissions.application import organisation_id_of
from demo.clock import day, story_year
from demo.people import DEMO_PASSWORD, DEMO_USERS
from demo.rounds import MONITORED_WINNER
from grants.enums import GrantStatus
from grants.models import AwardGrant
from monitoring.enums import ActionStatus, FundReportStatus, ObligationState
from monitoring.models import FundUseReport, ReturnVisit
from monitoring.selectors.monitoring import winner_grants
from sanctions.enums import FraudBarStatus
from sanctions.models import FraudBarCase

pytestmark = pytest.mark.django_db

KINDS = {"annual_report", "reassessment", "fund_use", "improvement", "summary", "sharing", "visit"}


@pytest.fixture
def demo() -> None:
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_a_mayor_grant_is_valid_today_with_every_obligation_in_progress(demo: None) -> None:
    today = timezone.localdate()
    grant = AwardGrant.objects.get(
        organisation__name=MONITORED_WINNER, round__programme__slug="ganzhou-mayor"
    )
    assert grant.status == GrantStatus.VALID
    assert grant.approved_on <= today <= grant.valid_until == day(2027, 1, 18)
    assert grant.amount > 0  # R4: a first-time prize, so a prize-money report (R10)

    winner = User.objects.get(username="org2")
    assert organisation_id_of(winner) == grant.organisation_id
    (row,) = [r for r in winner_grants(winner) if r.grant.pk == grant.pk]
    states: dict[str, list[str]] = {}
    for obligation in row.obligations:
        states.setdefault(obligation.kind, []).append(obligation.state)
    assert set(states) == KINDS
    # Art. 24: the reports already due are filed (and accepted); the next one is due.
    assert ObligationState.DONE in states["annual_report"]
    assert ObligationState.DUE in states["annual_report"]
    assert states["fund_use"] == [ObligationState.AWAITING]  # R10: evidence awaits the check
    assert states["reassessment"] == [ObligationState.PLANNED]
    assert states["visit"] == [ObligationState.PLANNED]
    assert states["summary"] == [ObligationState.DONE]
    assert states["sharing"] == [ObligationState.DONE]
    assert states["improvement"] == [ObligationState.DONE]  # every opportunity has an action
    actions = set(grant.improvement_actions.values_list("status", flat=True))
    assert actions == {ActionStatus.DONE, ActionStatus.IN_PROGRESS}
    assert grant.fund_use_report.status == FundReportStatus.SUBMITTED
    assert grant.fund_use_report.items.count() >= 2
    assert grant.return_visits.filter(status="done").exists()

    # manage.py load_demo again adds nothing.
    counts = (AwardGrant.objects.count(), FraudBarCase.objects.count())
    visits, reports = ReturnVisit.objects.count(), FundUseReport.objects.count()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert out.getvalue().splitlines() == [
        "Demo data already loaded.",
        "Screening demo already loaded.",
        "Records demo data already loaded.",
        "Monitoring demo already loaded.",
        "Integrations demo already loaded.",
        "Nanchang's and the zone's awards already loaded.",
    ]
    assert (AwardGrant.objects.count(), FraudBarCase.objects.count()) == counts
    assert (ReturnVisit.objects.count(), FundUseReport.objects.count()) == (visits, reports)


def test_the_office_sees_the_winner_and_the_fraud_case_and_the_winner_logs_in(
    demo: None,
) -> None:
    grant = AwardGrant.objects.get(organisation__name=MONITORED_WINNER)
    office = Client()
    office.force_login(User.objects.get(username="office"))
    page = office.get(reverse("monitoring:office_dashboard")).content.decode()
    assert MONITORED_WINNER in page
    assert reverse("monitoring:office_grant", args=[grant.pk]) in page
    detail = office.get(reverse("monitoring:office_grant", args=[grant.pk]))
    assert detail.status_code == 200
    assert reverse("monitoring:fund_check", args=[grant.fund_use_report.pk]) in (
        detail.content.decode()
    )

    assert "org2" in {username for username, *_ in DEMO_USERS}
    user = User.objects.get(username="org2")
    assert user.is_active and user.check_password(DEMO_PASSWORD)
    winner = Client()
    response = winner.post(
        reverse("accounts:login"), {"username": "org2", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    page = winner.get(reverse("monitoring:winner_grant", args=[grant.pk]))
    assert page.status_code == 200
    assert MONITORED_WINNER in page.content.decode()

    # R8: a pre-award fraud disqualification whose bar decision is pending, on the bans page.
    case = FraudBarCase.objects.get()
    assert case.status == FraudBarStatus.PENDING
    assert case.application.round.year == story_year(2026)
    bans = office.get(reverse("sanctions:bans")).content.decode()
    assert case.application.organisation.name in bans
