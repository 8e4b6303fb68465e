"""`make run`: the demo's office staff and experts log in with the demo authenticator whose
key and current code `print_demo_logins` prints."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from demo.second_factor import DEMO_TOTP_SECRET, enrol_demo_second_factors
from tests.accounts.conftest import PASSWORD, english_client
from tests.factories import applicant_user, expert_user, leading_group_user, office_user

pytestmark = pytest.mark.django_db


def test_load_demo_enrols_the_demo_authenticators() -> None:
    from demo.rounds import load_demo

    load_demo()
    with_device = set(
        TOTPDevice.objects.filter(confirmed=True).values_list("user__username", flat=True)
    )
    assert {"office", "zg_office", "expert1", "expert2", "expert3", "expert4"} <= with_device
    assert not {"applicant", "leader", "recommender", "liaison"} & with_device


def test_demo_office_logs_in_with_the_printed_code(settings) -> None:  # type: ignore[no-untyped-def]
    settings.OTP_ENFORCED = True
    office_user(username="office")
    expert_user(username="expert1")
    applicant_user(username="applicant")
    leading_group_user(username="leader")
    assert enrol_demo_second_factors() == 2
    with_device = set(TOTPDevice.objects.values_list("user__username", flat=True))
    assert with_device == {"office", "expert1"}
    assert enrol_demo_second_factors() == 0  # idempotent

    out = StringIO()
    call_command("print_demo_logins", stdout=out)
    printed = out.getvalue()
    assert DEMO_TOTP_SECRET in printed
    code = re.search(r"current code (\d{6})", printed).group(1)  # type: ignore[union-attr]

    client = english_client()
    client.post("/accounts/login/", {"username": "office", "password": PASSWORD})
    assert client.get("/accounts/dashboard/")["Location"].startswith("/accounts/two-step/verify/")
    assert client.post("/accounts/two-step/verify/", {"code": code}).status_code == 302
    assert client.get("/accounts/dashboard/").status_code == 200
