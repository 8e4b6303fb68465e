"""Art. 17: liaisons reminded before a consultation's reply date, told (with the
office) once it is overdue; each notice once, whatever the number of sweeps."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from applications.enums import ConsultationResult
from applications.models import Consultation
from applications.tasks import sweep_consultation_reminders
from notifications.models import Notification
from tests.awards.helpers import eligibility_round, in_english, submitted_application  # noqa: F401
from tests.factories import department, liaison_user, office_user

pytestmark = pytest.mark.django_db


def _consultation(due_in_days: int, **kwargs):  # type: ignore[no-untyped-def]
    return Consultation.objects.create(
        application=submitted_application(eligibility_round()),
        department=department("tax"),
        question="?",
        sent_by=office_user(),
        due_on=timezone.localdate() + timedelta(days=due_in_days),
        **kwargs,
    )


def test_reminder_two_days_before_once() -> None:
    liaison = liaison_user(department("tax"))
    _consultation(2)
    _consultation(5)  # not yet
    _consultation(1, result=ConsultationResult.NO_ADVERSE)  # answered
    assert sweep_consultation_reminders() == {"reminded": 1, "overdue": 0}
    assert sweep_consultation_reminders() == {"reminded": 0, "overdue": 0}
    reminders = Notification.objects.filter(
        user=liaison, subject="Reminder: a consultation awaits your reply"
    )
    assert reminders.count() == 1


def test_overdue_told_to_the_liaison_and_the_office_once() -> None:
    liaison = liaison_user(department("tax"))
    consultation = _consultation(-1)
    office = office_user()
    assert sweep_consultation_reminders() == {"reminded": 0, "overdue": 1}
    assert sweep_consultation_reminders() == {"reminded": 0, "overdue": 0}
    assert (
        Notification.objects.filter(
            user=liaison, subject="Overdue: a consultation awaits your reply"
        ).count()
        == 1
    )
    assert (
        Notification.objects.filter(user=office, subject="A department's reply is overdue").count()
        == 1
    )
    consultation.refresh_from_db()
    assert consultation.overdue_notified_at is not None
