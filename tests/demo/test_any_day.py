"""The demo is told as of the day it is loaded (demo.clock): loaded on any day, each round is in
the stage the README describes and every demo role has work waiting; a demo loaded long ago
says so and says how to load it afresh."""

from __future__ import annotations

from datetime import date, datetime, time
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from accounts.models import User
from applications.enums import ApplicationStatus, ConsultationResult
from applications.models import Application, Consultation
from awards.enums import RoundStage
from awards.models import Round
from demo.clock import SHANGHAI, STORY_DAY, Shift, shift_for, story_year
from demo.rounds import drift_note
from grants.enums import GrantStatus
from grants.models import AwardGrant
from monitoring.enums import ReportStatus
from monitoring.models import AnnualReport
from publicity.models import Objection

pytestmark = pytest.mark.django_db

# Far from the story's day, half a year off a whole number of years, in a leap year.
LOADED_ON = date(2029, 5, 20)


def test_the_story_moves_by_whole_years_then_by_the_days_left() -> None:
    assert shift_for(STORY_DAY) == Shift(0, 0)
    assert shift_for(date(2026, 12, 6)) == Shift(0, 8)
    assert shift_for(date(2027, 4, 1)) == Shift(0, 124)
    assert shift_for(date(2027, 6, 1)) == Shift(1, -180)
    for today in (LOADED_ON, date(2024, 2, 29), date(2028, 2, 29), date(2031, 8, 31)):
        assert shift_for(today).day(STORY_DAY) == today
        assert abs(shift_for(today).days) <= 183


def _dashboard(username: str) -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(User.objects.get(username=username))
    response = client.get("/accounts/dashboard/")
    assert response.status_code == 200, username
    return response.content.decode()


@override_settings(OTP_ENFORCED=False)
def test_loaded_on_any_day_each_round_is_where_the_readme_says_and_every_role_has_work() -> None:
    loaded_at = datetime.combine(LOADED_ON, time(9), tzinfo=SHANGHAI)
    with time_machine.travel(loaded_at, tick=True):
        call_command("load_demo", stdout=StringIO())
        now, today = timezone.now(), timezone.localdate()
        assert today == LOADED_ON
        stages = dict(Round.objects.values_list("title", "stage"))
        assert stages == {
            f"{story_year(2022)}年度赣州市市长质量奖": RoundStage.PUBLISHED,
            f"{story_year(2024)}年度赣州市市长质量奖": RoundStage.PUBLICITY,
            f"{story_year(2026)}年度赣州市市长质量奖": RoundStage.APPLICATION,
            f"{story_year(2026)}年度章贡区区长质量奖": RoundStage.MATERIAL_REVIEW,
            # Set up through their rules only (demo.programmes).
            f"{story_year(2025)}—{story_year(2026)}年度南昌市市长质量奖": RoundStage.ELIGIBILITY,
            f"{story_year(2025)}年度赣州经开区主任质量奖": RoundStage.PUBLISHED,
        }
        assert story_year(2024) == 2026  # round years move with the story

        # The 2024 round: in its publicity period, an objection waiting for its decision.
        publicity_round = Round.objects.get(title=f"{story_year(2024)}年度赣州市市长质量奖")
        period = publicity_round.publicities.get()
        assert period.starts_at <= now < period.ends_at
        assert Objection.objects.filter(publicity=period, status="received").exists()
        # The 2026 round: its window open for about a month more.
        open_round = Round.objects.get(title=f"{story_year(2026)}年度赣州市市长质量奖")
        assert open_round.applications_open_at <= now < open_round.applications_close_at
        # The 2022 winners: valid, in the last months of their validity, a report due.
        grants = AwardGrant.objects.filter(round__title__startswith=str(story_year(2022)))
        assert grants.count() == 5
        for grant in grants:
            assert grant.status == GrantStatus.VALID
            assert grant.approved_on < today < grant.valid_until
        assert AnnualReport.objects.filter(
            grant__organisation__memberships__user__username="org2", status=ReportStatus.DUE
        ).exists()

        # Every demo role has work waiting, reachable from its dashboard.
        pending = Consultation.objects.get(
            department__code="tax", result=ConsultationResult.PENDING
        )
        assert pending.due_on is not None and pending.due_on > today
        assert f"/consultations/{pending.pk}/answer/" in _dashboard("liaison")
        awaiting = Application.objects.get(
            round=open_round,
            recommender__name="章贡区人民政府",
            status=ApplicationStatus.SUBMITTED,
            recommended_at__isnull=True,
        )
        assert awaiting.organisation.name in _dashboard("recommender")
        for expert in ("expert1", "expert2"):
            page = _dashboard(expert)
            assert f"{story_year(2026)}年度章贡区区长质量奖" in page
        leader = _dashboard("leader")
        assert f"{story_year(2026)}年度赣州市市长质量奖" in leader  # its review rules
        draft = Application.objects.get(
            round=open_round,
            organisation__memberships__user__username="applicant",
            status=ApplicationStatus.DRAFT,
        )
        assert f"/applications/{draft.pk}/edit/" in _dashboard("applicant")
        assert drift_note() == ""

    # A month later the publicity has ended: loading again changes nothing and says so.
    with time_machine.travel(datetime.combine(date(2029, 6, 20), time(9), tzinfo=SHANGHAI)):
        out = StringIO()
        call_command("load_demo", stdout=out)
        assert "Demo data already loaded." in out.getvalue()
        assert "loaded on 2029-05-20, 31 days ago" in out.getvalue()
        assert "rm -rf var" in out.getvalue()
