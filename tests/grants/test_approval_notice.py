"""The approval message goes through the outbox as the "approval" event, in each
recipient's language."""

from __future__ import annotations

import pytest

from notifications.models import Notification, OutboxMessage
from notifications.services import set_message_language
from tests.factories import applicant_user, office_user
from tests.grants.test_services import _approve
from tests.publicity.helpers import approval_round

pytestmark = pytest.mark.django_db


def test_approval_is_announced_in_each_recipients_language(monkeypatch) -> None:
    from grants.tasks import render_certificate

    monkeypatch.setattr(render_certificate, "delay", lambda _pk: None)
    round, (app,) = approval_round()
    chinese = applicant_user(app.organisation)
    english = applicant_user(app.organisation)
    set_message_language(english, "en")
    outsider = applicant_user()
    _approve(round, office_user())
    zh = Notification.objects.get(user=chinese)
    en = Notification.objects.get(user=english)
    # The award by its programme's own title (a county's award never reads as the Mayor's).
    assert zh.subject == f"祝贺获得{round.programme.name}"
    assert en.subject == f"Congratulations: {round.programme.name}"
    assert app.organisation.name in zh.body and app.organisation.name in en.body
    assert "赣市府字〔2032〕3号" in en.body
    assert not Notification.objects.filter(user=outsider).exists()
    rows = OutboxMessage.objects.filter(event="approval")
    assert {(r.recipient_id, r.language) for r in rows} >= {(english.pk, "en")}
    assert {r.programme_id for r in rows} == {round.programme_id}
