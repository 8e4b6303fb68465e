"""The objector's receipt e-mail (Art. 21): sent once, with the lookup link."""

from __future__ import annotations

import pytest
from django.core import mail

from publicity.enums import ObjectionStatus
from publicity.tasks import email_objection_receipt
from tests.publicity.helpers import objection


@pytest.mark.django_db
def test_receipt_email_task_run_twice_sends_once() -> None:
    received = objection(ObjectionStatus.RECEIVED, objector_email="a@example.cn")
    assert email_objection_receipt(received.pk) is True
    assert email_objection_receipt(received.pk) is False
    assert [m.to for m in mail.outbox] == [["a@example.cn"]]
    assert "/publicity/lookup/?receipt=" in mail.outbox[0].body
