"""Obligations that become overdue or unplanned are notified once (beat sweep, idempotent):
the office always, the winner for what it must do."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from monitoring.models import ObligationFlag
from monitoring.services import monitoring as services
from monitoring.tasks import sweep_obligation_flags
from notifications.models import Notification
from tests.factories import applicant_user, office_user
from tests.monitoring.helpers import grant_on, pool_expert

pytestmark = pytest.mark.django_db


def test_missing_reassessment_in_the_last_year_is_notified_once() -> None:
    today = timezone.localdate()
    office = office_user()
    late = grant_on(today - timedelta(days=2 * 365 + 30), amount=0)
    winner = applicant_user(late.organisation)
    early = grant_on(today - timedelta(days=30), amount=0)
    services.save_practice_summary(late, actor=winner, body="总结")
    services.add_sharing_activity(late, actor=winner, held_on=today, event="e", audience="a")
    raised = sweep_obligation_flags.delay().get()
    assert raised > 0
    assert ObligationFlag.objects.filter(grant=late, kind="reassessment", state="missing").exists()
    assert not ObligationFlag.objects.filter(grant=early, kind="reassessment").exists()
    office_subjects = list(
        Notification.objects.filter(user=office).values_list("subject", flat=True)
    )
    assert any(late.organisation.name in s for s in office_subjects)
    # The re-assessment and the visits are the office's: the winner, whose own obligations
    # are done or not applicable, is told nothing.
    assert not Notification.objects.filter(user=winner).exists()
    before = Notification.objects.count()
    assert sweep_obligation_flags.delay().get() == 0
    assert Notification.objects.count() == before


def test_winner_told_about_its_overdue_summary_not_about_a_planned_reassessment() -> None:
    today = timezone.localdate()
    office = office_user()
    grant = grant_on(today.replace(year=today.year - 1) - timedelta(days=40), amount=0)
    winner = applicant_user(grant.organisation)
    services.schedule_reassessment(
        grant,
        actor=office,
        scheduled_on=today + timedelta(days=10),
        team=[pool_expert(), pool_expert()],
    )
    services.sweep_obligation_flags()
    kinds = set(ObligationFlag.objects.filter(grant=grant).values_list("kind", flat=True))
    assert "summary" in kinds and "reassessment" not in kinds
    assert Notification.objects.filter(user=winner, url__endswith=f"/grants/{grant.pk}/").exists()
