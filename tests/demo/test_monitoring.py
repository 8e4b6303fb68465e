"""The monitoring demo data loads on the demo (with a current winner) and twice is once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from applications.permissions.application import organisation_id_of
from demo.monitoring import load_monitoring_demo
from demo.rounds import load_demo
from monitoring.models import FundUseReport, ReturnVisit
from organisations.models import Organisation
from tests.monitoring.helpers import grant_on

pytestmark = pytest.mark.django_db


def test_monitoring_demo_loads_once() -> None:
    load_demo()
    org = Organisation.objects.get(pk=organisation_id_of(User.objects.get(username="applicant")))
    grant_on(timezone.localdate() - timedelta(days=200), organisation=org)
    message = load_monitoring_demo()
    assert "loaded" in message, message
    assert FundUseReport.objects.filter(grant__organisation=org).exists()
    assert ReturnVisit.objects.filter(status="done").exists()
    assert load_monitoring_demo() == "Monitoring demo already loaded."
