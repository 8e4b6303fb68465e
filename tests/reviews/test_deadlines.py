"""Review due dates set by the office, shown to experts, and the review_due reminders
(three days before, once overdue), each sent exactly once."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from awards.tasks import sweep_deadlines
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from notifications.models import OutboxMessage
from reviews.models import ReviewDeadline, ReviewReminder
from reviews.services.deadlines import set_review_deadline, sweep_review_reminders
from tests.factories import UserFactory, expert_user, grant_role
from tests.reviews.helpers import MATERIAL, SITE, eligible, other_programme, ready, score
from tests.reviews.views.test_expert import logged_in

DUE = dt.date(2026, 12, 10)
TZ = timezone.get_default_timezone()


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=TZ)


def reminders(user) -> list[str]:
    return list(
        OutboxMessage.objects.filter(recipient=user, event="review_due").values_list(
            "event", flat=True
        )
    )


# --- the service ---------------------------------------------------------------------------


def test_office_sets_and_moves_the_due_date_with_a_log_row(round, office) -> None:
    set_review_deadline(round, MATERIAL, DUE, actor=office)
    set_review_deadline(round, MATERIAL, DUE + dt.timedelta(days=2), actor=office)
    (deadline,) = ReviewDeadline.objects.filter(round=round)
    assert (deadline.stage, deadline.due_on) == (MATERIAL, DUE + dt.timedelta(days=2))
    rows = DecisionLogEntry.objects.filter(action="review.deadline").order_by("pk")
    assert [r.data["previous"] for r in rows] == [None, DUE.isoformat()]


def test_only_the_programmes_office_sets_a_due_date(round, reviewer) -> None:
    from accounts.enums import Role

    county_office = grant_role(UserFactory(), Role.OFFICE, prog=other_programme())
    for outsider in (county_office, reviewer):
        with pytest.raises(DomainError):
            set_review_deadline(round, MATERIAL, DUE, actor=outsider)
    assert not ReviewDeadline.objects.exists()


def test_unknown_stage_is_refused(round, office) -> None:
    with pytest.raises(DomainError):
        set_review_deadline(round, "final", DUE, actor=office)


# --- the views -----------------------------------------------------------------------------


def test_hub_form_sets_the_due_date_and_outsider_office_gets_404(round, office) -> None:
    from accounts.enums import Role

    url = reverse("reviews:set_review_deadline", args=[round.pk])
    data = {"stage": SITE, "due_on": "2026-12-20"}
    county_office = grant_role(UserFactory(), Role.OFFICE, prog=other_programme())
    assert logged_in(county_office).post(url, data).status_code == 404
    assert not ReviewDeadline.objects.exists()
    response = logged_in(office).post(url, data)
    assert response.status_code == 302
    assert ReviewDeadline.objects.get(round=round, stage=SITE).due_on == dt.date(2026, 12, 20)
    body = logged_in(office).get(reverse("reviews:round_review", args=[round.pk])).content
    assert b"2026-12-20" in body


def test_bad_date_changes_nothing(round, office) -> None:
    url = reverse("reviews:set_review_deadline", args=[round.pk])
    client = logged_in(office)
    response = client.post(url, {"stage": MATERIAL, "due_on": "not a date"}, follow=True)
    assert "Choose a review stage and a valid due date." in response.content.decode()
    assert not ReviewDeadline.objects.exists()


def test_expert_sees_the_due_date_on_dashboard_and_scoring_page(
    round, application, office, reviewer
) -> None:
    ready(application, reviewer, office)
    set_review_deadline(round, MATERIAL, DUE, actor=office)
    client = logged_in(reviewer)
    assert "Due on 2026-12-10" in client.get(reverse("accounts:dashboard")).content.decode()
    score_url = reverse("reviews:score", args=[application.pk, MATERIAL])
    assert "Due on 2026-12-10" in client.get(score_url).content.decode()


# --- the reminders -------------------------------------------------------------------------


def test_reminders_three_days_before_and_once_overdue(round, application, office, reviewer):
    ready(application, reviewer, office)
    set_review_deadline(round, MATERIAL, DUE, actor=office)
    with time_machine.travel(at(DUE - dt.timedelta(days=4), 23), tick=False):
        assert sweep_deadlines()["review_reminders"] == 0
    with time_machine.travel(at(DUE - dt.timedelta(days=3), 0), tick=False):
        assert sweep_deadlines()["review_reminders"] == 1
        assert sweep_deadlines()["review_reminders"] == 0
    with time_machine.travel(at(DUE, 23), tick=False):
        assert sweep_review_reminders() == 0
    assert len(reminders(reviewer)) == 1
    with time_machine.travel(at(DUE + dt.timedelta(days=1), 0), tick=False):
        assert sweep_review_reminders() == 1
        assert sweep_review_reminders() == 0
    with time_machine.travel(at(DUE + dt.timedelta(days=9)), tick=False):
        assert sweep_review_reminders() == 0
    assert len(reminders(reviewer)) == 2
    assert sorted(ReviewReminder.objects.values_list("kind", flat=True)) == ["overdue", "soon"]
    row = OutboxMessage.objects.filter(recipient=reviewer, event="review_due").first()
    assert "2026-12-10" in row.body
    assert row.url == reverse("reviews:score", args=[application.pk, MATERIAL])
    assert row.programme_id == round.programme_id


def test_no_reminder_for_submitted_or_withdrawn_reviews(round, office, reviewer) -> None:
    done = eligible(round, name="赣州已评企业有限公司")
    ready(done, reviewer, office)
    score(done, reviewer, MATERIAL, 50)
    other = expert_user(username="other_expert")
    withdrawn = eligible(round, name="赣州撤回企业有限公司")
    ready(withdrawn, other, office)
    from reviews.models import Assignment
    from reviews.services import review as services

    services.withdraw_assignment(
        Assignment.objects.get(application=withdrawn), actor=office, reason="调整"
    )
    set_review_deadline(round, MATERIAL, DUE, actor=office)
    with time_machine.travel(at(DUE + dt.timedelta(days=1)), tick=False):
        assert sweep_review_reminders() == 0
    assert not OutboxMessage.objects.filter(event="review_due").exists()


def test_no_reminder_for_a_stage_the_round_is_not_in(round, application, office, reviewer):
    ready(application, reviewer, office)
    set_review_deadline(round, SITE, DUE, actor=office)
    with time_machine.travel(at(DUE + dt.timedelta(days=1)), tick=False):
        assert sweep_review_reminders() == 0
