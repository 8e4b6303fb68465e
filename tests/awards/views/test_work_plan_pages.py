"""The annual work plan's pages (Art. 11(3)): the office reaches them from its dashboard,
drafts the plan and submits it; the leading group finds it in its work queue and approves or
returns it; the office's dashboard shows progress; each page is confined to the programme's
own office or leading group."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from awards import services
from awards.enums import RoundStage, WorkPlanStatus
from awards.models import WorkPlan
from tests.awards.helpers import other_programme_leader, other_programme_office
from tests.factories import RoundFactory, leading_group_user, office_user, programme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_chinese(client, settings, in_english) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """The pages are asserted in Chinese (the awards tests' default is English)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    with translation.override("zh-hans"):
        yield


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _plan(office, year: int = 2026, milestones: int = 1) -> WorkPlan:  # type: ignore[no-untyped-def]
    plan = services.create_work_plan(
        programme(), actor=office, year=year, title=f"{year}年度工作计划"
    )
    for n in range(milestones):
        services.add_milestone(
            plan, actor=office, title=f"里程碑{n}", due_on=date(year, 3, 1) + timedelta(days=n)
        )
    return plan


def test_the_office_drafts_submits_and_the_leading_group_approves(
    client, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    office = office_user()
    client.force_login(office)
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert "年度工作计划" in dashboard
    assert reverse("awards:work_plans") in dashboard
    response = client.post(
        reverse("awards:work_plans"),
        {"programme": programme().pk, "year": "2026", "title": "2026年度工作计划", "summary": ""},
    )
    plan = WorkPlan.objects.get()
    assert response.url == reverse("awards:work_plan_detail", args=[plan.pk])
    round = RoundFactory(year=2026, stage=RoundStage.APPLICATION)
    add = lambda kind, data: client.post(  # noqa: E731
        reverse("awards:work_plan_add", args=[plan.pk, kind]), data
    )
    assert (
        add(
            "milestone",
            {
                "title": "发布评审通知",
                "due_on": "2026-03-01",
                "round": round.pk,
                "stage": RoundStage.APPLICATION,
            },
        ).status_code
        == 302
    )
    assert (
        add(
            "training",
            {
                "title": "评审员培训",
                "audience": "experts",
                "planned_on": "2026-04-01",
                "participants": "40",
            },
        ).status_code
        == 302
    )
    assert add("budget", {"item": "评审费", "amount": "120000", "note": ""}).status_code == 302
    assert (
        add(
            "research",
            {
                "source": "江西省",
                "title": "井冈质量奖办法",
                "text": "",
                "upload": SimpleUploadedFile("办法.pdf", PDF),
            },
        ).status_code
        == 302
    )
    page = client.get(reverse("awards:work_plan_detail", args=[plan.pk])).content.decode()
    # The milestone of the round's call is done: the round has reached the stage.
    assert "已完成：本届已进入该阶段" in page
    assert "已完成1个里程碑，共1个" in page
    assert "120,000.00" in page and "井冈质量奖办法" in page
    note = plan.research_notes.get()
    download = client.get(reverse("awards:work_plan_document", args=[plan.pk, note.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    client.post(reverse("awards:work_plan_submit", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == WorkPlanStatus.SUBMITTED

    member = leading_group_user()
    client.force_login(member)
    approve_url = reverse("awards:approve_work_plan", args=[plan.pk])
    assert approve_url in client.get(reverse("accounts:dashboard")).content.decode()
    page = client.get(approve_url).content.decode()
    assert "审定工作计划" in page and "退回修改" in page
    assert (
        client.get(reverse("awards:work_plan_document", args=[plan.pk, note.pk])).status_code == 200
    )
    client.post(approve_url, {"confirm": "on", "note": "同意"})
    plan.refresh_from_db()
    assert (plan.status, plan.approved_by) == (WorkPlanStatus.APPROVED, member)
    # The approved plan stays within the leading group's reach on its dashboard.
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert approve_url in dashboard and "已由领导小组审定" in dashboard


def test_the_leading_group_returns_the_plan_with_a_reason(client) -> None:  # type: ignore[no-untyped-def]
    office = office_user()
    plan = services.submit_work_plan(_plan(office), actor=office)
    client.force_login(leading_group_user())
    empty = client.post(reverse("awards:return_work_plan", args=[plan.pk]), {"reason": ""})
    assert empty.status_code == 200
    client.post(reverse("awards:return_work_plan", args=[plan.pk]), {"reason": "补充预算"})
    plan.refresh_from_db()
    assert plan.status == WorkPlanStatus.DRAFT


def test_the_dashboard_shows_overdue_milestones_and_queues_them(client) -> None:  # type: ignore[no-untyped-def]
    """Art. 11(3): progress against the plan, an overdue milestone in the office's queue."""
    office = office_user()
    plan = _plan(office)
    today = timezone.localdate()
    services.add_milestone(plan, actor=office, title="评审员培训", due_on=today - timedelta(days=2))
    client.force_login(office)
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert "dashboard-work-plans" in dashboard
    assert "2个已逾期" in dashboard
    assert "2026年度工作计划：2个里程碑已逾期。" in dashboard


def test_a_draft_is_the_offices_alone(client) -> None:  # type: ignore[no-untyped-def]
    """A draft is not yet the leading group's to read (404 until it is submitted)."""
    plan = _plan(office_user())
    client.force_login(leading_group_user())
    assert client.get(reverse("awards:approve_work_plan", args=[plan.pk])).status_code == 404


def test_another_programmes_office_and_leading_group_get_404(client) -> None:  # type: ignore[no-untyped-def]
    """Art. 11(3): outsiders of the same roles (another programme's office, its leading
    group) cannot see, change or approve the plan."""
    office = office_user()
    plan = services.submit_work_plan(_plan(office), actor=office)
    client.force_login(other_programme_office())
    assert client.get(reverse("awards:work_plan_detail", args=[plan.pk])).status_code == 404
    assert client.post(reverse("awards:work_plan_submit", args=[plan.pk])).status_code == 404
    assert client.get(reverse("awards:work_plans")).status_code == 200
    assert "2026年度工作计划" not in client.get(reverse("awards:work_plans")).content.decode()
    client.force_login(other_programme_leader())
    approve_url = reverse("awards:approve_work_plan", args=[plan.pk])
    assert client.get(approve_url).status_code == 404
    assert client.post(approve_url, {"confirm": "on"}).status_code == 404
    plan.refresh_from_db()
    assert plan.status == WorkPlanStatus.SUBMITTED


def _queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_list_of_work_plans_costs_the_same_at_two_sizes(client) -> None:  # type: ignore[no-untyped-def]
    office = office_user()
    client.force_login(office)
    url = reverse("awards:work_plans")
    for year in (2020, 2021):
        _plan(office, year, milestones=1)
    small = _queries(client, url)
    for year in range(2022, 2030):
        _plan(office, year, milestones=4)
    assert _queries(client, url) == small
