"""The records demo data loads on top of the demo, and twice is once."""

from __future__ import annotations

import pytest

from demo.records import PAST_BANNED_CODE, PAST_WINNER_CODE, load_records_demo
from grants.models import PastBan, PastWin, PlaqueIssue, WinnersOutlet
from sanctions.models import Incident

pytestmark = pytest.mark.django_db


def test_records_demo_loads_once() -> None:
    from demo.rounds import load_demo

    load_demo()
    message = load_records_demo()
    assert "loaded" in message, message
    assert PastWin.objects.get().credit_code == PAST_WINNER_CODE
    assert PastBan.objects.get().credit_code == PAST_BANNED_CODE
    assert PlaqueIssue.objects.count() >= 1
    assert WinnersOutlet.objects.count() == 1
    assert Incident.objects.filter(
        grant__isnull=True, certificate_number__startswith="GZZLJ"
    ).exists()
    assert load_records_demo() == "Records demo data already loaded."
