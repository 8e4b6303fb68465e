from __future__ import annotations

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.utils import translation

from decisionlog.workflow import DomainError
from notifications.enums import DeliveryState
from notifications.events import EVENTS
from notifications.models import Notification, OutboxMessage
from notifications.services import (
    backoff,
    deliver,
    notify,
    notify_event,
    release_stale,
    render_message,
    retry_failed_of_programme,
    retry_message,
    set_message_language,
)
from notifications.tasks import sweep_outbox
from tests.factories import (
    UserFactory,
    applicant_user,
    office_user,
    programme,
)
from tests.notifications.helpers import county_office, message

pytestmark = pytest.mark.django_db

T0 = datetime(2031, 12, 3, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _zh(msgid: str) -> str:
    with translation.override("zh-hans"):
        return translation.gettext(msgid)


# --- Rendering and languages ----------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(EVENTS))
def test_every_template_renders_a_subject_and_a_body_in_both_languages(key: str) -> None:
    for language in ("zh-hans", "en"):
        subject, body = render_message(key, EVENTS[key].sample(), language)
        assert subject.strip() and "\n" not in subject
        assert body.strip()
        assert "{{" not in body and "{%" not in body


def test_unknown_event_is_refused() -> None:
    with pytest.raises(LookupError):
        notify_event("no_such_event", users=[UserFactory()], context={}, programme_id=None)


def test_each_recipient_gets_the_message_in_its_language(
    django_capture_on_commit_callbacks,
) -> None:
    chinese = applicant_user()
    english = applicant_user()
    set_message_language(english, "en")
    with django_capture_on_commit_callbacks(execute=True):
        rows = notify_event(
            "proposed",
            users=[chinese, english, None, chinese],
            context={"organisation": "赣州甲公司", "round": "2031年"},
            programme_id=programme().pk,
        )
    by_user = {m.recipient_id: m for m in rows}
    assert len(rows) == 2
    assert by_user[chinese.pk].language == "zh-hans"
    assert by_user[chinese.pk].subject == _zh("On the proposed list")
    assert by_user[english.pk].subject == "On the proposed list"
    assert _zh("On the proposed list") != "On the proposed list"
    # In-portal copies in the same languages, marked e-mailed once sent.
    assert Notification.objects.get(user=english).subject == "On the proposed list"
    assert Notification.objects.get(user=chinese).emailed_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == sorted([chinese.email, english.email])
    assert {m.state for m in OutboxMessage.objects.all()} == {DeliveryState.SENT}


def test_unknown_language_is_refused() -> None:
    with pytest.raises(DomainError):
        set_message_language(UserFactory(), "fr")


def test_a_user_without_e_mail_gets_the_portal_message_only() -> None:
    user = UserFactory(email="")
    rows = notify_event(
        "custom", users=[user], context={"subject": "S", "body": "B"}, programme_id=1
    )
    assert rows == []
    assert Notification.objects.get(user=user).subject == "S"


def test_bare_address_gets_e_mail_only_in_the_given_language() -> None:
    (row,) = notify_event(
        "objection_receipt",
        addresses=["citizen@example.cn", " "],
        context=EVENTS["objection_receipt"].sample(),
        programme_id=programme().pk,
        address_language="en",
    )
    assert (row.recipient, row.address, row.language) == (None, "citizen@example.cn", "en")
    assert row.subject == "Objection receipt YY20311203-7KQ4XM"
    assert Notification.objects.count() == 0


def test_the_older_notify_call_goes_through_the_outbox_with_the_programme_inferred(
    django_capture_on_commit_callbacks, settings
) -> None:
    office = office_user()
    with django_capture_on_commit_callbacks(execute=True):
        # None: the caller names no programme; the recipients' one programme is inferred.
        (notification,) = notify(
            [office], subject="办公室消息", body="正文", url="/x/", programme_id=None
        )
    message = OutboxMessage.objects.get()
    assert (message.event, message.subject, message.programme_id) == (
        "custom",
        "办公室消息",
        programme().pk,
    )
    assert message.notification_id == notification.pk
    assert message.state == DeliveryState.SENT
    assert mail.outbox[0].body == f"正文\n\n{settings.PORTAL_BASE_URL}/x/"


# --- Delivery, retries, backoff -------------------------------------------------------------


def test_delivering_twice_sends_once() -> None:
    row = message()
    assert deliver(row.pk) is True
    assert deliver(row.pk) is False
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert (row.state, row.attempts, row.last_error) == (DeliveryState.SENT, 1, "")


def test_a_failed_send_is_retried_after_its_backoff_and_then_succeeds(flaky_mail) -> None:
    flaky_mail.failures_left = 1
    with time_machine.travel(T0, tick=False):
        row = message()
        assert deliver(row.pk) is False
    row.refresh_from_db()
    assert row.state == DeliveryState.QUEUED
    assert row.attempts == 1
    assert row.last_error == "ConnectionRefusedError: SMTP server unreachable"
    assert row.next_attempt_at == T0 + backoff(1) == T0 + timedelta(minutes=1)
    # One second before the next attempt is due the sweep leaves it alone ...
    with time_machine.travel(T0 + timedelta(seconds=59), tick=False):
        assert sweep_outbox() == 0
    assert mail.outbox == []
    # ... at the due time it sends it.
    with time_machine.travel(T0 + timedelta(minutes=1), tick=False):
        assert sweep_outbox() == 1
    row.refresh_from_db()
    assert (row.state, row.attempts, row.last_error) == (DeliveryState.SENT, 2, "")
    assert [m.to for m in mail.outbox] == [["someone@example.cn"]]


def test_backoff_doubles_up_to_an_hour() -> None:
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4, 8)] == [60, 120, 240, 480, 3600]


def test_after_the_last_attempt_the_message_fails_visibly_and_the_office_sends_it_again(
    flaky_mail, settings, caplog, django_capture_on_commit_callbacks
) -> None:
    settings.OUTBOX_MAX_ATTEMPTS = 2
    flaky_mail.failures_left = 2
    office = office_user()
    row = message()
    with time_machine.travel(T0, tick=False):
        deliver(row.pk)
    with (
        time_machine.travel(T0 + timedelta(minutes=5), tick=False),
        caplog.at_level(logging.ERROR, logger="notifications.services"),
    ):
        assert sweep_outbox() == 0
    row.refresh_from_db()
    assert (row.state, row.attempts) == (DeliveryState.FAILED, 2)
    assert "failed for good after 2 attempts" in caplog.text
    # The sweep does not touch a failed message.
    with time_machine.travel(T0 + timedelta(days=1), tick=False):
        assert sweep_outbox() == 0
    with django_capture_on_commit_callbacks(execute=True):
        retry_message(row, actor=office)
    row.refresh_from_db()
    assert (row.state, row.attempts) == (DeliveryState.SENT, 1)
    assert len(mail.outbox) == 1


def test_only_a_failed_message_can_be_sent_again() -> None:
    with pytest.raises(DomainError):
        retry_message(message(state=DeliveryState.SENT), actor=office_user())


def test_an_office_of_another_programme_cannot_send_a_message_again() -> None:
    with pytest.raises(DomainError):
        retry_message(message(state=DeliveryState.FAILED), actor=county_office())
    with pytest.raises(DomainError):
        retry_failed_of_programme(programme().pk, actor=county_office())


def test_retry_all_failed_queues_only_the_programmes_failed_messages(
    django_capture_on_commit_callbacks,
) -> None:
    office = office_user()
    failed = [message(state=DeliveryState.FAILED, attempts=5) for _ in range(3)]
    sent = message(state=DeliveryState.SENT)
    with django_capture_on_commit_callbacks(execute=True):
        assert retry_failed_of_programme(programme().pk, actor=office) == 3
    assert {m.state for m in OutboxMessage.objects.filter(pk__in=[f.pk for f in failed])} == {
        DeliveryState.SENT
    }
    sent.refresh_from_db()
    assert sent.attempts == 0 and len(mail.outbox) == 3


def test_a_message_left_sending_by_a_dead_worker_is_queued_again() -> None:
    with time_machine.travel(T0, tick=False):
        row = message(state=DeliveryState.SENDING, claimed_at=T0, attempts=1)
        fresh = message(state=DeliveryState.SENDING, claimed_at=T0 + timedelta(minutes=9))
    with time_machine.travel(T0 + timedelta(minutes=10, seconds=1), tick=False):
        assert release_stale() == 1
        assert sweep_outbox() == 1
    row.refresh_from_db()
    fresh.refresh_from_db()
    assert (row.state, fresh.state) == (DeliveryState.SENT, DeliveryState.SENDING)


def test_a_channel_without_adapter_fails_with_its_reason(settings) -> None:
    settings.OUTBOX_MAX_ATTEMPTS = 1
    row = message(channel="sms")
    assert deliver(row.pk) is False
    row.refresh_from_db()
    assert row.state == DeliveryState.FAILED
    assert row.last_error == "LookupError: no adapter for the channel 'sms'"
