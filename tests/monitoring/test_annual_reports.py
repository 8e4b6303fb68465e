"""Art. 24 obligations: the schedule of annual reports, filing and review, due-date changes and
the reminders sent once each (before, on, after the due date)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.utils.translation import gettext as _

from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from grants.enums import GrantStatus
from grants.models import AwardGrant
from monitoring.enums import ReportStatus
from monitoring.models import AnnualReport
from monitoring.selectors.annual_reports import OVERDUE, office_obligations, report_state
from monitoring.services import annual_reports as obligations
from notifications.models import Notification
from tests.factories import applicant_user, office_user
from tests.monitoring.annual_report_helpers import scheduled_grant
from tests.publicity.helpers import approval_round

pytestmark = pytest.mark.django_db


def _reports(grant: AwardGrant) -> list[AnnualReport]:
    return list(grant.annual_reports.order_by("due_on"))


def _file(report: AnnualReport, user) -> AnnualReport:  # type: ignore[no-untyped-def]
    return obligations.file_annual_report(
        report, actor=user, key_indicators="合格率99.8%", improvements="改进", body="年度报告"
    )


def test_schedule_creates_one_report_per_year_due_on_each_anniversary() -> None:
    """Art. 24, R9: three reports, due on the anniversaries of the approval date."""
    grant = scheduled_grant(2101)
    assert [(r.year, r.due_on, r.status) for r in _reports(grant)] == [
        (2103, date(2103, 1, 10), ReportStatus.DUE),
        (2104, date(2104, 1, 10), ReportStatus.DUE),
        (2105, date(2105, 1, 10), ReportStatus.DUE),
    ]


def test_schedule_is_idempotent() -> None:
    grant = scheduled_grant()
    assert obligations.schedule_annual_reports(grant) == []
    assert grant.annual_reports.count() == 3
    assert DecisionLogEntry.objects.filter(action="annual_report.schedule").count() == 1


def test_schedule_nothing_for_a_revoked_grant() -> None:
    grant = scheduled_grant()
    grant.annual_reports.all().delete()
    AwardGrant.objects.filter(pk=grant.pk).update(status=GrantStatus.REVOKED)
    grant.refresh_from_db()
    assert obligations.schedule_annual_reports(grant) == []
    assert grant.annual_reports.count() == 0


def test_record_approval_schedules_the_reports(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Art. 22 + 24: the approval creates the grant with its three reports."""
    from grants.services.approval import record_approval
    from grants.tasks import render_certificate

    monkeypatch.setattr(render_certificate, "delay", lambda pk: None)
    round, (app,) = approval_round(n_prize=1)
    record_approval(
        round,
        actor=office_user(),
        approved_on=date(2032, 2, 29),
        meeting="常务会议",
        document_number="赣府〔2032〕1号",
    )
    grant = AwardGrant.objects.get(application=app)
    # 29 February falls back to 28 February in years without it.
    assert [r.due_on for r in _reports(grant)] == [
        date(2033, 2, 28),
        date(2034, 2, 28),
        date(2035, 2, 28),
    ]


def test_sweep_schedules_reports_for_grants_without_them() -> None:
    """Existing grants (approved before the schedule existed) get their reports lazily."""
    grant = scheduled_grant()
    grant.annual_reports.all().delete()
    obligations.sweep_annual_report_reminders(today=date(2000, 1, 1))
    assert grant.annual_reports.count() == 3


def test_winner_files_a_due_report_and_the_office_is_notified() -> None:
    grant = scheduled_grant()
    office = office_user()
    user = applicant_user(grant.organisation)
    report = _reports(grant)[0]
    filed = _file(report, user)
    assert (filed.status, filed.body, filed.key_indicators, filed.submitted_by_id) == (
        ReportStatus.SUBMITTED,
        "年度报告",
        "合格率99.8%",
        user.pk,
    )
    assert filed.submitted_at is not None
    assert Notification.objects.filter(user=office).count() == 1
    entry = DecisionLogEntry.objects.get(action="annual_report.submitted")
    assert (entry.from_state, entry.to_state, entry.actor_id) == ("due", "submitted", user.pk)


def test_filing_needs_indicators_and_body() -> None:
    grant = scheduled_grant()
    user = applicant_user(grant.organisation)
    report = _reports(grant)[0]
    with pytest.raises(DomainError):
        obligations.file_annual_report(
            report, actor=user, key_indicators=" ", improvements="", body="x"
        )
    report.refresh_from_db()
    assert report.status == ReportStatus.DUE


def test_another_organisation_cannot_file() -> None:
    grant = scheduled_grant()
    outsider = applicant_user()
    with pytest.raises(DomainError):
        _file(_reports(grant)[0], outsider)


def test_a_submitted_report_cannot_be_filed_again() -> None:
    grant = scheduled_grant()
    user = applicant_user(grant.organisation)
    report = _file(_reports(grant)[0], user)
    with pytest.raises(DomainError):
        _file(report, user)


def test_office_returns_with_comments_and_the_winner_refiles_then_it_is_accepted() -> None:
    grant = scheduled_grant()
    office = office_user()
    user = applicant_user(grant.organisation)
    report = _file(_reports(grant)[0], user)
    with pytest.raises(DomainError):
        obligations.review_annual_report(report, actor=office, accept=False, comment="  ")
    returned = obligations.review_annual_report(
        report, actor=office, accept=False, comment="补充质量损失率"
    )
    assert (returned.status, returned.office_comment, returned.reviewed_by_id) == (
        ReportStatus.RETURNED,
        "补充质量损失率",
        office.pk,
    )
    assert (
        Notification.objects.filter(
            user=user, subject=_("Annual report returned for revision")
        ).count()
        == 1
    )
    refiled = _file(returned, user)
    accepted = obligations.review_annual_report(refiled, actor=office, accept=True)
    assert accepted.status == ReportStatus.ACCEPTED
    assert Notification.objects.filter(user=user, subject=_("Annual report accepted")).count() == 1


def test_only_the_programmes_office_reviews() -> None:
    from awards.models import AwardProgramme
    from tests.factories import UserFactory, grant_role

    grant = scheduled_grant()
    report = _file(_reports(grant)[0], applicant_user(grant.organisation))
    county = AwardProgramme.objects.create(name="某县质量奖", slug="county-x")
    other_office = grant_role(UserFactory(), "office", prog=county)
    with pytest.raises(DomainError):
        obligations.review_annual_report(report, actor=other_office, accept=True)


def test_office_changes_a_due_date_with_a_reason_logged() -> None:
    grant = scheduled_grant(2121)
    office = office_user()
    report = _reports(grant)[0]
    with pytest.raises(DomainError):
        obligations.change_report_due_date(
            report, actor=office, due_on=date(2123, 3, 1), reason=" "
        )
    changed = obligations.change_report_due_date(
        report, actor=office, due_on=date(2123, 3, 1), reason="春节顺延"
    )
    assert changed.due_on == date(2123, 3, 1)
    entry = DecisionLogEntry.objects.get(action="annual_report.due_date")
    assert (entry.reason, entry.data) == ("春节顺延", {"from": "2123-01-10", "to": "2123-03-01"})


@pytest.fixture
def reminded():  # type: ignore[no-untyped-def]
    """A grant whose first report is due on 2143-01-10, with one user of the winner."""
    grant = scheduled_grant(2141)
    user = applicant_user(grant.organisation)
    return grant, user


def _subjects(user) -> list[str]:  # type: ignore[no-untyped-def]
    return list(
        Notification.objects.filter(user=user).order_by("pk").values_list("subject", flat=True)
    )


def test_each_reminder_is_sent_once(reminded, settings) -> None:  # type: ignore[no-untyped-def]
    """Art. 24: before (14 days ahead), on the due date, and the day after; never twice."""
    settings.ANNUAL_REPORT_REMINDER_DAYS = 14
    grant, user = reminded
    due = date(2143, 1, 10)
    sweep = obligations.sweep_annual_report_reminders
    assert sweep(today=due - timedelta(days=15)) == 0
    assert sweep(today=due - timedelta(days=14)) == 1
    assert sweep(today=due - timedelta(days=14)) == 0
    assert sweep(today=due - timedelta(days=3)) == 0
    assert sweep(today=due) == 1
    assert sweep(today=due) == 0
    assert sweep(today=due + timedelta(days=1)) == 1
    assert sweep(today=due + timedelta(days=2)) == 0
    assert _subjects(user) == [
        _("Annual report due on %(date)s") % {"date": "2143-01-10"},
        _("Annual report due today"),
        _("Annual report overdue"),
    ]
    report = _reports(grant)[0]
    assert report.reminded_before_at and report.reminded_on_at and report.reminded_after_at


def test_reminders_use_the_clock_when_no_day_is_given(reminded) -> None:  # type: ignore[no-untyped-def]
    grant, user = reminded
    with time_machine.travel("2143-01-10 09:00 +0800", tick=False):
        assert obligations.sweep_annual_report_reminders() == 1
        assert obligations.sweep_annual_report_reminders() == 0
    assert _subjects(user) == [_("Annual report due today")]


def test_no_reminder_for_a_filed_or_accepted_report(reminded) -> None:  # type: ignore[no-untyped-def]
    grant, user = reminded
    office = office_user()
    report = _file(_reports(grant)[0], user)
    obligations.review_annual_report(report, actor=office, accept=True)
    due = date(2143, 1, 10)
    for day in (due - timedelta(days=14), due, due + timedelta(days=1)):
        assert obligations.sweep_annual_report_reminders(today=day) == 0
    assert _subjects(user) == [_("Annual report accepted")]


def test_no_reminder_for_a_revoked_grant(reminded) -> None:  # type: ignore[no-untyped-def]
    grant, user = reminded
    AwardGrant.objects.filter(pk=grant.pk).update(status=GrantStatus.REVOKED)
    assert obligations.sweep_annual_report_reminders(today=date(2143, 1, 11)) == 0


def test_a_returned_report_is_reminded_when_overdue(reminded) -> None:  # type: ignore[no-untyped-def]
    grant, user = reminded
    report = _file(_reports(grant)[0], user)
    obligations.review_annual_report(report, actor=office_user(), accept=False, comment="补充")
    assert obligations.sweep_annual_report_reminders(today=date(2143, 1, 11)) == 1
    assert _subjects(user)[-1] == _("Annual report overdue")


def test_a_new_due_date_rearms_the_reminders(reminded) -> None:  # type: ignore[no-untyped-def]
    grant, user = reminded
    report = _reports(grant)[0]
    assert obligations.sweep_annual_report_reminders(today=date(2143, 1, 10)) == 1
    obligations.change_report_due_date(
        report, actor=office_user(), due_on=date(2143, 2, 10), reason="顺延"
    )
    assert obligations.sweep_annual_report_reminders(today=date(2143, 2, 10)) == 1


def test_report_state_flags_overdue() -> None:
    """Art. 24: due or returned after the due date is overdue; submitted or accepted never."""
    due = date(2030, 1, 10)
    assert report_state(ReportStatus.DUE, due, due) == ReportStatus.DUE
    assert report_state(ReportStatus.DUE, due, due + timedelta(days=1)) == OVERDUE
    assert report_state(ReportStatus.RETURNED, due, due + timedelta(days=1)) == OVERDUE
    assert (
        report_state(ReportStatus.SUBMITTED, due, due + timedelta(days=1)) == ReportStatus.SUBMITTED
    )
    assert (
        report_state(ReportStatus.ACCEPTED, due, due + timedelta(days=9)) == ReportStatus.ACCEPTED
    )


def test_office_overview_counts_and_puts_overdue_first() -> None:
    office = office_user()
    on_time = scheduled_grant(2161)  # due 2163, 2164, 2165
    late = scheduled_grant(2151)  # due 2153, 2154, 2155
    user = applicant_user(late.organisation)
    first = _file(_reports(late)[0], user)
    obligations.review_annual_report(first, actor=office, accept=True)
    _file(_reports(late)[1], user)
    rows = office_obligations(office, today=date(2155, 6, 1))
    assert [r["grant"].pk for r in rows][:2] == [late.pk, on_time.pk]
    late_row = rows[0]
    assert (
        late_row["n_due"],
        late_row["n_overdue"],
        late_row["n_submitted"],
        late_row["n_done"],
    ) == (
        0,
        1,
        1,
        1,
    )
    on_time_row = rows[1]
    assert (on_time_row["n_due"], on_time_row["n_overdue"]) == (3, 0)


def test_the_beat_sweep_sends_the_reminders_once(reminded) -> None:  # type: ignore[no-untyped-def]
    """Art. 24: awards.sweep_deadlines runs the reminder sweep; a second run sends nothing."""
    from awards.tasks import sweep_deadlines

    grant, user = reminded
    with time_machine.travel("2143-01-11 09:00 +0800", tick=False):
        first = sweep_deadlines()
        second = sweep_deadlines()
    assert (first["annual_report_reminders"], second["annual_report_reminders"]) == (1, 0)
    assert _subjects(user) == [_("Annual report overdue")]
