"""Events are found in the decisions the services already log: a real workflow action queues
a delivery for each active subscription of its programme naming the event, sent after commit
to the receiver, and nothing when the decision rolls back."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from applications.services.application import disqualify_application
from awards.enums import RoundStage
from awards.services import publish_call
from grants.models import Certificate
from grants.services.approval import record_approval
from notifications.enums import DeliveryState
from publicity.services.publicity import close_publicity
from sanctions.models import FraudBarCase
from sanctions.services.fraud_bars import propose_bar, record_bar_decision
from tests.awards.helpers import eligibility_round, other_programme_office, signed
from tests.awards.helpers import submitted_application as submitted
from tests.factories import RoundFactory, office_user
from tests.publicity.helpers import ENDS_AT, approval_round, publicity_round
from tests.webhooks.helpers import subscribe
from tests.webhooks.receiver import Receiver
from webhooks.enums import WebhookEvent
from webhooks.events import ACTION_EVENTS
from webhooks.models import WebhookDelivery
from webhooks.services.subscriptions import disable_subscription

pytestmark = pytest.mark.django_db


def _draft_round():  # type: ignore[no-untyped-def]
    return RoundFactory(stage=RoundStage.DRAFT, call_published_at=None)


def test_publishing_the_call_sends_the_stage_change_and_the_call(
    receiver: Receiver, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    office = office_user()
    subscription = subscribe(office, receiver)
    round = _draft_round()
    with django_capture_on_commit_callbacks(execute=True):
        publish_call(round, actor=office, call_notice="关于申报2030年度市长质量奖的通知")
    assert [r.refusal for r in receiver.requests] == ["", ""]
    bodies = {r.headers["X-Award-Event"]: r.json for r in receiver.requests}
    assert set(bodies) == {"round.stage_changed", "call.published"}
    stage = bodies["round.stage_changed"]
    assert stage["type"] == "round.stage_changed"
    assert stage["id"].startswith("evt_")
    assert stage["programme"] == {"id": round.programme_id, "name": round.programme.name}
    assert stage["round"] == {"id": round.pk, "name": str(round)}
    assert stage["object"]["type"] == "awards.Round"
    assert (stage["from_state"], stage["to_state"]) == ("draft", "application")
    assert isinstance(stage["decision_log_entry"], int)
    # Two events, two ids; each delivered once.
    assert bodies["call.published"]["id"] != stage["id"]
    assert set(
        WebhookDelivery.objects.filter(subscription=subscription).values_list("state", flat=True)
    ) == {DeliveryState.SENT}


def test_only_the_programmes_active_subscriptions_naming_the_event_are_sent(
    receiver: Receiver, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    office = office_user()
    other_event = subscribe(office, receiver, [WebhookEvent.AWARD_REVOKED])
    disabled = subscribe(office, receiver, [WebhookEvent.CALL_PUBLISHED])
    disable_subscription(disabled, actor=office)
    county = other_programme_office()
    subscribe(
        county,
        receiver,
        [WebhookEvent.CALL_PUBLISHED],
        programme=county.programme_roles.get().programme,
    )
    wanted = subscribe(office, receiver, [WebhookEvent.CALL_PUBLISHED])
    round = _draft_round()
    with django_capture_on_commit_callbacks(execute=True):
        publish_call(round, actor=office, call_notice="通知")
    rows = WebhookDelivery.objects.all()
    assert [(d.subscription_id, d.event) for d in rows] == [(wanted.pk, "call.published")]
    assert not WebhookDelivery.objects.filter(subscription=other_event).exists()
    assert [r.refusal for r in receiver.requests] == [""]


def test_a_decision_that_rolls_back_sends_nothing(
    receiver: Receiver, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    office = office_user()
    subscribe(office, receiver)
    round = _draft_round()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        publish_call(round, actor=office, call_notice="通知")
        raise RuntimeError("the rest of the request failed")
    assert callbacks == []
    assert not WebhookDelivery.objects.exists()
    assert receiver.requests == []


def test_a_bar_imposed_for_fraud_is_sent(
    receiver: Receiver, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    application = submitted(round)
    office = signed(office_user(), round)
    subscribe(office, receiver, [WebhookEvent.BAR_IMPOSED])
    disqualify_application(application, actor=office, reason="伪造检测报告", fraud=True)
    case = FraudBarCase.objects.get(application=application)
    propose_bar(case, actor=office)
    assert receiver.requests == []
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        ban = record_bar_decision(
            case, actor=office, decided_on=today, document_number="赣府字〔2026〕1号"
        )
    [request] = receiver.requests
    assert request.refusal == ""
    body = request.json
    assert body["type"] == "bar.imposed"
    assert body["object"] == {"type": "sanctions.Ban", "id": str(ban.pk), "name": str(ban)}
    assert body["details"]["organisation_id"] == application.organisation_id
    assert body["details"]["ends_on"] == ban.ends_on.isoformat()
    assert body["round"]["id"] == round.pk


def test_the_end_of_a_publicity_is_sent_with_the_rounds_move_to_approval(
    receiver: Receiver, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    office = office_user()
    round, period, apps = publicity_round(office)
    subscribe(office, receiver, [WebhookEvent.PUBLICITY_CLOSED, WebhookEvent.ROUND_STAGE_CHANGED])
    # The receiver's clock follows the portal's travelling one.
    receiver.clock = lambda: (ENDS_AT + timedelta(seconds=1)).timestamp()
    with time_machine.travel(ENDS_AT + timedelta(seconds=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert close_publicity(period) is True
        with django_capture_on_commit_callbacks(execute=True):
            assert close_publicity(period) is False
    events = [r.headers["X-Award-Event"] for r in receiver.requests]
    assert sorted(events) == ["publicity.closed", "round.stage_changed"]
    assert {r.refusal for r in receiver.requests} == {""}
    closed = next(r.json for r in receiver.requests if r.json["type"] == "publicity.closed")
    assert closed["object"]["id"] == str(period.pk)
    assert closed["details"]["application_ids"] == [a.pk for a in apps]
    assert closed["decision_log_entry"] is None
    moved = next(r.json for r in receiver.requests if r.json["type"] == "round.stage_changed")
    assert (moved["from_state"], moved["to_state"]) == ("publicity", "approval")


def test_the_approval_sends_the_approval_each_certificate_and_the_stage(
    receiver: Receiver, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    office = office_user()
    round, apps = approval_round(n_prize=1, n_nomination=1)
    subscribe(office, receiver)
    with django_capture_on_commit_callbacks(execute=True):
        record_approval(
            round,
            actor=office,
            approved_on=timezone.localdate(),
            meeting="市政府第12次常务会议",
            document_number="赣市府字〔2031〕3号",
        )
    events = sorted(r.headers["X-Award-Event"] for r in receiver.requests)
    assert events == [
        "approval.recorded",
        "certificate.issued",
        "certificate.issued",
        "round.stage_changed",
    ]
    assert {r.refusal for r in receiver.requests} == {""}
    numbers = {
        r.json["details"]["certificate"]
        for r in receiver.requests
        if r.json["type"] == "certificate.issued"
    }
    assert numbers == set(Certificate.objects.values_list("number", flat=True))
    approval = next(r.json for r in receiver.requests if r.json["type"] == "approval.recorded")
    assert approval["details"]["approved"] == sorted(a.pk for a in apps)


def test_every_subscribable_event_comes_from_somewhere() -> None:
    found = {event for events in ACTION_EVENTS.values() for event in events}
    # publicity.closed comes through publicity.hooks (a period's end logs no row of its own).
    assert found | {WebhookEvent.PUBLICITY_CLOSED} == set(WebhookEvent.values)
    assert ACTION_EVENTS["grant.revoked"] == (WebhookEvent.AWARD_REVOKED,)
    assert ACTION_EVENTS["grant.create"] == (WebhookEvent.CERTIFICATE_ISSUED,)
    assert ACTION_EVENTS["approval.record"] == (WebhookEvent.APPROVAL_RECORDED,)
    assert ACTION_EVENTS["publicity.open"] == (WebhookEvent.PUBLICITY_OPENED,)
