"""The applicant's dashboard section and applications:start (R1 window, R7 interval, R8 bar)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from applications.enums import ApplicationStatus
from applications.models import Application
from applications.selectors.application import dashboard_applicant, time_left
from awards.enums import PrizeLevel, RoundStage
from common.dates import last_day_and_next
from grants.enums import BanReason
from grants.models import ApprovalDecision, AwardGrant
from sanctions.models import Ban
from tests.factories import (
    ApplicationFactory,
    OrganisationFactory,
    RoundFactory,
    applicant_user,
    office_user,
    programme,
)

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def english(user=None) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@time_machine.travel(datetime(2031, 3, 10, 9, 0, tzinfo=SHANGHAI), tick=False)
def test_section_lists_open_rounds_not_yet_applied_to_and_the_applications() -> None:
    organisation = OrganisationFactory(name="赣州章贡酒业有限公司")
    user = applicant_user(organisation)
    open_round = RoundFactory(title="2030年度赣州市市长质量奖")
    applied = ApplicationFactory(organisation=organisation, round=RoundFactory(title="已申报届"))
    RoundFactory(title="未发布届", stage=RoundStage.DRAFT)
    RoundFactory(
        title="未开始届",
        applications_open_at=timezone.now() + timedelta(days=1),
        applications_close_at=timezone.now() + timedelta(days=30),
    )
    ctx = dashboard_applicant(user)
    assert ctx["organisation"] == organisation
    assert [row["round"] for row in ctx["open_rounds"]] == [open_round]
    assert [row["application"] for row in ctx["applications"]] == [applied]
    row = ctx["applications"][0]
    assert row["badge"] == "secondary"
    # RoundFactory closes 20 days from now.
    assert row["deadline_text"] == "20 days left (deadline 2031-03-30 09:00)"
    assert [s["url_name"] for s in row["next_steps"]] == [
        "applications:edit",
        "applications:submit",
    ]
    html = render_to_string("applications/_dashboard_applicant.html", {"ctx": ctx})
    assert "赣州章贡酒业有限公司" in html
    assert reverse("applications:start", args=[open_round.pk]) in html
    assert reverse("applications:edit", args=[applied.pk]) in html
    assert "未发布届" not in html and "未开始届" not in html


def test_next_step_after_submission_and_after_the_deadline() -> None:
    organisation = OrganisationFactory()
    user = applicant_user(organisation)
    submitted = ApplicationFactory(
        organisation=organisation,
        status=ApplicationStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )
    late = ApplicationFactory(organisation=organisation)
    awarded = ApplicationFactory(organisation=organisation, status=ApplicationStatus.AWARDED)
    with time_machine.travel(late.round.applications_close_at + timedelta(hours=1)):
        rows = {r["application"].pk: r for r in dashboard_applicant(user)["applications"]}
    assert [s["url_name"] for s in rows[submitted.pk]["next_steps"]] == ["applications:detail"]
    assert rows[submitted.pk]["next_steps"][0]["label"] == "Follow its progress"
    assert rows[submitted.pk]["badge"] == "primary"
    assert rows[late.pk]["deadline_text"].startswith("The deadline passed on ")
    assert rows[late.pk]["next_steps"][0]["label"] == "See the result"
    assert rows[awarded.pk]["badge"] == "success"
    assert rows[awarded.pk]["next_steps"][0]["label"] == "See the result"


def test_dashboard_page_shows_the_section() -> None:
    organisation = OrganisationFactory(name="赣州信丰脐橙有限公司")
    user = applicant_user(organisation)
    round = RoundFactory()
    response = english(user).get(reverse("accounts:dashboard"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "赣州信丰脐橙有限公司" in body
    assert reverse("applications:start", args=[round.pk]) in body


@pytest.mark.parametrize("size", [1, 5])
def test_section_query_count_does_not_grow_with_rows(django_assert_num_queries, size) -> None:
    organisation = OrganisationFactory()
    user = applicant_user(organisation)
    for _ in range(size):
        RoundFactory()
        ApplicationFactory(organisation=organisation)
    # membership+organisation+division, open rounds, applications+rounds, R8 bars in force;
    # with a call open, the programmes that may refuse it: its prizes (R7) (its bars (R8) are
    # those in force, read once).
    with django_assert_num_queries(5):
        ctx = dashboard_applicant(user)
        render_to_string("applications/_dashboard_applicant.html", {"ctx": ctx})
    assert len(ctx["open_rounds"]) == size
    assert len(ctx["applications"]) == size


def test_start_opens_a_draft_and_goes_to_the_dossier() -> None:
    organisation = OrganisationFactory()
    user = applicant_user(organisation)
    round = RoundFactory()
    response = english(user).post(reverse("applications:start", args=[round.pk]))
    application = Application.objects.get(organisation=organisation, round=round)
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:edit", args=[application.pk])


def test_start_refused_for_a_barred_organisation_shows_why_on_the_dashboard_r8() -> None:
    organisation = OrganisationFactory(name="赣州被禁企业有限公司")
    user = applicant_user(organisation)
    round = RoundFactory()
    until = timezone.localdate() + timedelta(days=900)
    Ban.objects.create(
        organisation=organisation,
        programme=programme(),
        reason=BanReason.FRAUD,
        starts_on=timezone.localdate() - timedelta(days=10),
        ends_on=until,
    )
    response = english(user).post(reverse("applications:start", args=[round.pk]), follow=True)
    assert response.redirect_chain == [(reverse("accounts:dashboard"), 302)]
    with translation.override("en"):
        dates = last_day_and_next(until)
    assert [str(m) for m in response.context["messages"]] == [
        f"赣州被禁企业有限公司 is barred from applying until and including {dates['until']}; it "
        f"may apply again from {dates['next']}."
    ]
    assert f"barred from applying until and including {dates['until']}" in (
        response.content.decode()
    )
    assert Application.objects.count() == 0
    # R8: the dashboard says why in the round's row instead of offering the button.
    row = response.content.decode().split('class="small text-danger mb-0 start-refusal"')
    assert len(row) == 2 and "is barred from applying" in row[1].split("</p>")[0]
    assert reverse("applications:start", args=[round.pk]) not in response.content.decode()


def test_within_two_rounds_of_a_prize_the_dashboard_says_why_instead_of_start_r7() -> None:
    """Art. 27: the button that would be refused is not offered; the row says why."""
    organisation = OrganisationFactory()
    user = applicant_user(organisation)
    past = RoundFactory(year=2038, stage=RoundStage.PUBLISHED)
    application = ApplicationFactory(
        round=past, organisation=organisation, status=ApplicationStatus.AWARDED
    )
    approval = ApprovalDecision.objects.create(
        round=past,
        approved_on=date(2038, 12, 1),
        meeting="市政府常务会议",
        document_number="赣市府字〔2038〕1号",
        recorded_by=office_user(),
    )
    AwardGrant.objects.create(
        round=past,
        application=application,
        organisation=organisation,
        approval=approval,
        level=PrizeLevel.PRIZE,
        approved_on=approval.approved_on,
        valid_until=date(2041, 12, 1),
    )
    open_round = RoundFactory(year=2040)
    body = english(user).get(reverse("accounts:dashboard")).content.decode()
    assert "may apply again only after 2 full rounds" in body
    assert reverse("applications:start", args=[open_round.pk]) not in body


def test_start_after_the_deadline_is_refused_r1() -> None:
    organisation = OrganisationFactory()
    user = applicant_user(organisation)
    round = RoundFactory()
    with time_machine.travel(round.applications_close_at + timedelta(seconds=1)):
        response = english(user).post(reverse("applications:start", args=[round.pk]), follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1
    assert messages[0].startswith(f"The application window of {round.title} is not open")
    assert Application.objects.count() == 0


def test_start_by_a_user_without_an_organisation_is_404() -> None:
    response = english(office_user()).post(reverse("applications:start", args=[RoundFactory().pk]))
    assert response.status_code == 404
    assert Application.objects.count() == 0


def test_start_of_an_unpublished_round_is_404() -> None:
    user = applicant_user(OrganisationFactory())
    round = RoundFactory(stage=RoundStage.DRAFT)
    response = english(user).post(reverse("applications:start", args=[round.pk]))
    assert response.status_code == 404


def test_start_is_post_only() -> None:
    user = applicant_user(OrganisationFactory())
    response = english(user).get(reverse("applications:start", args=[RoundFactory().pk]))
    assert response.status_code == 405


def test_the_organisations_header_names_its_industry_once() -> None:
    """The GB/T 4754 section (“C Manufacturing”), not the section and the 2022 sector beside it
    (“C Manufacturing · Manufacturing”)."""
    organisation = OrganisationFactory(industry_section="C")
    body = english(applicant_user(organisation)).get(reverse("accounts:dashboard")).content.decode()
    header = body.split('id="dashboard-applicant"')[1].split("</p>")[0]
    assert "章贡区 · C Manufacturing · <a" in header
    assert header.count("Manufacturing") == 1


@pytest.mark.parametrize(
    ("left", "english", "chinese"),
    [
        (timedelta(days=20, hours=5), "20 days", "20天"),
        (timedelta(days=1), "1 day", "1天"),
        (timedelta(hours=23, minutes=59), "23 hours", "23小时"),
        (timedelta(minutes=5, seconds=30), "5 minutes", "5分钟"),
        (timedelta(seconds=10), "1 minute", "1分钟"),
    ],
)
def test_the_time_left_before_a_deadline_is_written_in_whole_days_hours_or_minutes(
    left, english, chinese
) -> None:
    # R1: the countdown beside a deadline, as a Chinese office writes it (剩余20天).
    now = timezone.now()
    assert time_left(now + left, now) == english
    with translation.override("zh-hans"):
        assert time_left(now + left, now) == chinese
