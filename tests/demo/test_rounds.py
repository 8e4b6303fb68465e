"""The demo `make run` loads is built by the services themselves: it must load, and load once."""

from __future__ import annotations

import pytest

from applications.enums import ApplicationStatus
from awards.enums import RoundStage, WorkPlanStatus
from awards.models import AwardProgramme, GuidanceDocument, Round, WorkPlan
from awards.selectors import plan_progress
from demo.clock import day, story_year
from demo.people import DEMO_USERS
from demo.rounds import load_demo
from grants.enums import GrantStatus
from grants.models import AwardGrant


@pytest.mark.django_db
def test_demo_loads_rounds_at_every_kind_of_stage_and_is_idempotent() -> None:
    assert load_demo().startswith("Demo data loaded")
    stages = dict(Round.objects.values_list("title", "stage"))
    assert stages == {
        f"{story_year(2022)}年度赣州市市长质量奖": RoundStage.PUBLISHED,
        f"{story_year(2024)}年度赣州市市长质量奖": RoundStage.PUBLICITY,
        f"{story_year(2026)}年度赣州市市长质量奖": RoundStage.APPLICATION,
        f"{story_year(2026)}年度章贡区区长质量奖": RoundStage.MATERIAL_REVIEW,
    }
    round_2024 = Round.objects.get(year=story_year(2024), programme__slug="ganzhou-mayor")
    statuses = set(round_2024.applications.values_list("status", flat=True))
    # R5 and the site-review cut leave some out; R2 keeps the proposed list within quotas.
    assert {ApplicationStatus.INELIGIBLE, ApplicationStatus.NOT_SELECTED} <= statuses
    assert round_2024.applications.filter(status=ApplicationStatus.PROPOSED).count() <= 10
    # The 2022 round was approved on 18 January 2024: its winners are valid for three years (R9).
    assert set(AwardGrant.objects.values_list("status", flat=True)) == {GrantStatus.VALID}
    assert set(AwardGrant.objects.values_list("valid_until", flat=True)) == {day(2027, 1, 18)}
    from accounts.models import User

    assert set(User.objects.values_list("username", flat=True)) >= {u for u, *_ in DEMO_USERS}
    # Art. 11(3): the story year's work plan, approved, one milestone overdue; Art. 11(9): the
    # county award is guided by the Mayor's programme, which has published guidance to it.
    plan = WorkPlan.objects.get(programme__slug="ganzhou-mayor", year=story_year(2026))
    assert plan.status == WorkPlanStatus.APPROVED
    progress = plan_progress(plan)
    assert (progress["total"], progress["done"], progress["overdue"]) == (4, 2, 1)
    county = AwardProgramme.objects.get(slug="zhanggong-district")
    assert county.guided_by is not None and county.guided_by.slug == "ganzhou-mayor"
    assert GuidanceDocument.objects.filter(programme=county.guided_by).count() == 1
    assert load_demo() == "Demo data already loaded."
    assert Round.objects.count() == 4
