"""R8: an imported ban that starts in the future stops applications in progress on its first
day (Asia/Shanghai), by the deadline sweep, once; not a second before."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from applications.enums import ApplicationStatus
from awards.tasks import sweep_deadlines
from common.dates import day_text
from decisionlog.models import DecisionLogEntry
from grants.enums import BanReason
from notifications.models import Notification
from sanctions.models import Ban
from sanctions.services.bans import sweep_begun_bans
from tests.factories import ApplicationFactory, OrganisationFactory, applicant_user, programme
from tests.grants.test_history import ban_row, run_import, workbook

pytestmark = pytest.mark.django_db

SH = ZoneInfo("Asia/Shanghai")
STARTS = date(2099, 3, 1)
FIRST_MOMENT = datetime(2099, 3, 1, 0, 0, tzinfo=SH)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def future_ban():
    """An organisation with a draft and a submitted application, and a ban imported in
    January starting on 1 March (the import itself stops nothing: not barred yet)."""
    org = OrganisationFactory()
    user = applicant_user(org)
    draft = ApplicationFactory(organisation=org)
    submitted = ApplicationFactory(organisation=org, status=ApplicationStatus.SUBMITTED)
    bystander = ApplicationFactory(status=ApplicationStatus.SUBMITTED)
    with time_machine.travel(datetime(2099, 1, 10, 9, 0, tzinfo=SH), tick=False):
        run_import(
            workbook(
                bans=[
                    ban_row(
                        org.credit_code,
                        starts=STARTS.isoformat(),
                        ends=date(2105, 3, 1).isoformat(),
                    )
                ]
            )
        )
    for app in (draft, submitted):
        app.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT
    assert submitted.status == ApplicationStatus.SUBMITTED
    return org, user, draft, submitted, bystander


def _statuses(*apps):
    for app in apps:
        app.refresh_from_db()
    return [app.status for app in apps]


def test_one_second_before_the_ban_begins_nothing_is_stopped(future_ban) -> None:
    org, user, draft, submitted, bystander = future_ban
    with time_machine.travel(FIRST_MOMENT - timedelta(seconds=1), tick=False):
        assert sweep_begun_bans() == 0
    assert _statuses(draft, submitted) == [ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED]
    assert not Notification.objects.filter(user=user).exists()


def test_one_second_after_it_begins_the_sweep_stops_them_once(future_ban) -> None:
    org, user, draft, submitted, bystander = future_ban
    with time_machine.travel(FIRST_MOMENT + timedelta(seconds=1), tick=False):
        first = sweep_begun_bans()
        second = sweep_begun_bans()
    assert (first, second) == (2, 0)
    assert _statuses(draft, submitted, bystander) == [
        ApplicationStatus.WITHDRAWN,
        ApplicationStatus.DISQUALIFIED,
        ApplicationStatus.SUBMITTED,
    ]
    entries = DecisionLogEntry.objects.filter(
        object_type="applications.Application", object_id__in=[str(draft.pk), str(submitted.pk)]
    ).exclude(to_state__in=["draft", "submitted"])
    assert entries.count() == 2
    for entry in entries:
        assert entry.actor_id is None and entry.actor_label == "system"
        assert (
            day_text(date(2105, 3, 1)) in entry.reason
            and "Art. 28 and 30 of the Measures" in entry.reason
        )
    assert (
        Notification.objects.filter(user=user, body__contains=day_text(date(2105, 3, 1))).count()
        == 2
    )


def test_a_ban_that_has_ended_stops_nothing(future_ban) -> None:
    org, user, draft, submitted, bystander = future_ban
    with time_machine.travel(datetime(2105, 3, 2, 0, 0, 1, tzinfo=SH), tick=False):
        assert sweep_begun_bans() == 0
    assert _statuses(draft, submitted) == [ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED]


def test_a_portal_ban_in_force_is_also_enforced_by_the_sweep() -> None:
    org = OrganisationFactory()
    submitted = ApplicationFactory(organisation=org, status=ApplicationStatus.SUBMITTED)
    Ban.objects.create(
        organisation=org,
        programme=programme(),
        reason=BanReason.REVOCATION,
        starts_on=date(2099, 3, 1),
        ends_on=date(2104, 3, 1),
    )
    with time_machine.travel(FIRST_MOMENT - timedelta(seconds=1), tick=False):
        assert sweep_begun_bans() == 0
    with time_machine.travel(FIRST_MOMENT + timedelta(seconds=1), tick=False):
        assert sweep_begun_bans() == 1
        assert sweep_begun_bans() == 0
    assert _statuses(submitted) == [ApplicationStatus.DISQUALIFIED]


def test_the_sweep_costs_one_query_when_nothing_is_due(django_assert_num_queries) -> None:
    ApplicationFactory(status=ApplicationStatus.SUBMITTED)
    with django_assert_num_queries(1):
        assert sweep_begun_bans() == 0


def test_the_beat_deadline_sweep_runs_it(future_ban) -> None:
    org, user, draft, submitted, bystander = future_ban
    with time_machine.travel(FIRST_MOMENT + timedelta(seconds=1), tick=False):
        first = sweep_deadlines()
        second = sweep_deadlines()
    assert first["applications_stopped_by_bans"] >= 1  # the draft may have lapsed first
    assert second["applications_stopped_by_bans"] == 0
    assert _statuses(submitted) == [ApplicationStatus.DISQUALIFIED]
