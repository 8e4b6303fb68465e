"""Art. 24 pages: the winner's obligations and filing; the office's overview and review; who
may see what (404 for outsiders of the same role)."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.enums import Role
from awards.models import AwardProgramme
from grants.models import AwardGrant
from monitoring.enums import ReportStatus
from monitoring.models import AnnualReport
from monitoring.services import annual_reports as obligations
from notifications.models import Notification
from tests.factories import UserFactory, applicant_user, grant_role, office_user
from tests.monitoring.annual_report_helpers import scheduled_grant

pytestmark = pytest.mark.django_db


def _first(grant: AwardGrant) -> AnnualReport:
    return grant.annual_reports.order_by("due_on").first()  # type: ignore[return-value]


def _county_office():  # type: ignore[no-untyped-def]
    county = AwardProgramme.objects.create(
        name="章贡区区长质量奖",
        slug="zhanggong",
        awarding_body="章贡区人民政府",
        office_name="办公室",
    )
    return grant_role(UserFactory(), Role.OFFICE, prog=county)


def _file_url(report: AnnualReport) -> str:
    return reverse("monitoring:annual_report_file", args=[report.pk])


def _review_url(report: AnnualReport) -> str:
    return reverse("monitoring:annual_report_review", args=[report.pk])


FILING = {
    "key_indicators": "产品合格率99.9%",
    "improvements": "完善供应链质量",
    "body": "年度质量绩效",
}


def test_winner_sees_its_obligations_with_overdue_flag(client) -> None:
    grant = scheduled_grant(2201)  # due 2203-01-10, 2204-01-10, 2205-01-10
    user = applicant_user(grant.organisation)
    with time_machine.travel("2203-02-01 10:00 +0800", tick=False):
        client.force_login(user)
        page = client.get(reverse("monitoring:winner_overview")).content.decode()
    reports = [row.split("</tr>")[0] for row in page.split('data-kind="annual_report"')[1:]]
    assert len(reports) == 3
    assert sum('data-testid="ob-overdue"' in row for row in reports) == 1
    assert sum('data-testid="ob-due"' in row for row in reports) == 2
    assert "2205-01-10" in page  # the last report and the end of validity
    # Each report to file has its own button in its own row.
    assert page.count('data-testid="file-report"') == 3
    assert _file_url(_first(grant)) in reports[0]


def test_winner_page_shows_none_of_another_winner(client) -> None:
    mine = scheduled_grant()
    theirs = scheduled_grant()
    client.force_login(applicant_user(mine.organisation))
    page = client.get(reverse("monitoring:winner_overview")).content.decode()
    assert _file_url(_first(mine)) in page
    assert _file_url(_first(theirs)) not in page


def test_dashboard_links_to_the_obligations(client) -> None:
    grant = scheduled_grant()
    client.force_login(applicant_user(grant.organisation))
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert reverse("monitoring:winner_overview") in page


def test_winner_files_the_report(client) -> None:
    grant = scheduled_grant()
    office = office_user()
    client.force_login(applicant_user(grant.organisation))
    report = _first(grant)
    response = client.post(_file_url(report), FILING)
    assert response.status_code == 302
    assert response["Location"] == reverse("monitoring:winner_overview")
    report.refresh_from_db()
    assert (report.status, report.body, report.improvements) == (
        ReportStatus.SUBMITTED,
        "年度质量绩效",
        "完善供应链质量",
    )
    assert Notification.objects.filter(user=office).count() == 1


def test_filing_without_indicators_shows_the_error_and_saves_nothing(client) -> None:
    grant = scheduled_grant()
    client.force_login(applicant_user(grant.organisation))
    report = _first(grant)
    response = client.post(_file_url(report), {**FILING, "key_indicators": ""})
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    report.refresh_from_db()
    assert (report.status, report.body) == (ReportStatus.DUE, "")


def test_an_incomplete_report_is_kept_as_a_draft_and_filed_later(client) -> None:
    """Art. 24: the winner saves what it has written and comes back; nothing is filed or
    logged until it submits."""
    grant = scheduled_grant()
    client.force_login(applicant_user(grant.organisation))
    report = _first(grant)
    response = client.post(
        _file_url(report),
        {"key_indicators": "", "improvements": "", "body": "初稿", "save_draft": ""},
    )
    assert response.status_code == 302 and response["Location"] == _file_url(report)
    report.refresh_from_db()
    assert (report.status, report.body, report.draft_saved_at is not None) == (
        ReportStatus.DUE,
        "初稿",
        True,
    )
    page = client.get(_file_url(report)).content.decode()
    assert "初稿" in page and 'id="draft-saved"' in page
    assert not Notification.objects.exists()
    client.post(_file_url(report), FILING)
    report.refresh_from_db()
    assert (report.status, report.body) == (ReportStatus.SUBMITTED, "年度质量绩效")
    # Filed: no draft over it.
    assert client.post(_file_url(report), {**FILING, "save_draft": ""}).status_code == 403


def test_another_winner_cannot_save_a_draft_of_the_report(client) -> None:
    mine = scheduled_grant()
    theirs = scheduled_grant()
    client.force_login(applicant_user(theirs.organisation))
    response = client.post(_file_url(_first(mine)), {**FILING, "save_draft": ""})
    assert response.status_code == 404
    assert _first(mine).body == ""


def test_a_submitted_report_is_shown_read_only_and_refused_on_post(client) -> None:
    grant = scheduled_grant()
    client.force_login(applicant_user(grant.organisation))
    report = _first(grant)
    client.post(_file_url(report), FILING)
    page = client.get(_file_url(report)).content.decode()
    assert 'name="body"' not in page
    assert "年度质量绩效" in page
    assert client.post(_file_url(report), FILING).status_code == 403


@pytest.mark.parametrize("who", ["other_applicant", "office_user"])
def test_file_page_is_404_for_others(client, who: str) -> None:
    grant = scheduled_grant()
    scheduled_grant()  # the outsider's organisation also won
    user = applicant_user() if who == "other_applicant" else office_user()
    client.force_login(user)
    assert client.get(_file_url(_first(grant))).status_code == 404
    assert client.post(_file_url(_first(grant)), FILING).status_code == 404
    assert _first(grant).status == ReportStatus.DUE


def test_another_winners_applicant_gets_404_on_the_file_page(client) -> None:
    mine = scheduled_grant()
    theirs = scheduled_grant()
    client.force_login(applicant_user(theirs.organisation))
    assert client.get(_file_url(_first(mine))).status_code == 404


def test_office_reviews_and_returns_with_comments(client) -> None:
    grant = scheduled_grant()
    winner = applicant_user(grant.organisation)
    report = obligations.file_annual_report(
        _first(grant), actor=winner, key_indicators="指标", improvements="", body="报告"
    )
    client.force_login(office_user())
    page = client.get(_review_url(report)).content.decode()
    assert "报告" in page and 'name="decision"' in page
    response = client.post(_review_url(report), {"action": "review", "decision": "return"})
    assert response.status_code == 200
    assert _("Say what the organisation must revise.") in response.content.decode()
    response = client.post(
        _review_url(report),
        {"action": "review", "decision": "return", "comment": "请补充数据"},
    )
    assert response["Location"] == reverse("monitoring:office_obligations")
    report.refresh_from_db()
    assert (report.status, report.office_comment) == (ReportStatus.RETURNED, "请补充数据")
    assert Notification.objects.filter(user=winner).count() == 1
    client.force_login(winner)
    assert "请补充数据" in client.get(_file_url(report)).content.decode()


def test_office_accepts(client) -> None:
    grant = scheduled_grant()
    winner = applicant_user(grant.organisation)
    report = obligations.file_annual_report(
        _first(grant), actor=winner, key_indicators="指标", improvements="", body="报告"
    )
    client.force_login(office_user())
    client.post(_review_url(report), {"action": "review", "decision": "accept"})
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED


def test_review_of_a_due_report_is_refused(client) -> None:
    grant = scheduled_grant()
    client.force_login(office_user())
    response = client.post(_review_url(_first(grant)), {"action": "review", "decision": "accept"})
    assert response.status_code == 403


def test_office_changes_the_due_date(client) -> None:
    grant = scheduled_grant(2221)
    client.force_login(office_user())
    report = _first(grant)
    response = client.post(
        _review_url(report),
        {"action": "due_date", "due-due_on": "2223-03-01", "due-reason": "春节顺延"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.due_on == date(2223, 3, 1)


@pytest.mark.parametrize("who", ["county_office", "applicant"])
def test_review_page_is_404_for_others(client, who: str) -> None:
    grant = scheduled_grant()
    report = obligations.file_annual_report(
        _first(grant),
        actor=applicant_user(grant.organisation),
        key_indicators="指标",
        improvements="",
        body="报告",
    )
    user = _county_office() if who == "county_office" else applicant_user(grant.organisation)
    client.force_login(user)
    assert client.get(_review_url(report)).status_code == 404
    assert (
        client.post(_review_url(report), {"action": "review", "decision": "accept"}).status_code
        == 404
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_office_overview_highlights_overdue(client) -> None:
    late = scheduled_grant(2231)
    scheduled_grant(2241)
    office = office_user()
    with time_machine.travel("2233-02-01 10:00 +0800", tick=False):
        client.force_login(office)
        page = client.get(reverse("monitoring:office_obligations")).content.decode()
    assert f'id="grant-{late.pk}" class="table-danger"' in page
    assert page.count('class="table-danger"') == 1
    assert _review_url(_first(late)) in page


def test_office_overview_of_another_programme_is_empty(client) -> None:
    grant = scheduled_grant()
    client.force_login(_county_office())
    page = client.get(reverse("monitoring:office_obligations")).content.decode()
    assert _review_url(_first(grant)) not in page


def test_office_overview_is_404_for_an_applicant(client) -> None:
    grant = scheduled_grant()
    client.force_login(applicant_user(grant.organisation))
    assert client.get(reverse("monitoring:office_obligations")).status_code == 404


@pytest.mark.parametrize("n", [1, 5])
def test_office_overview_query_count_does_not_grow(
    client, django_assert_num_queries, n: int
) -> None:
    for _i in range(n):
        grant = scheduled_grant()
        obligations.file_annual_report(
            _first(grant),
            actor=applicant_user(grant.organisation),
            key_indicators="指标",
            improvements="",
            body="报告",
        )
    client.force_login(office_user())
    client.get(reverse("monitoring:office_obligations"))  # warm the session
    with django_assert_num_queries(QUERIES_OFFICE):
        page = client.get(reverse("monitoring:office_obligations")).content.decode()
    assert page.count('data-testid="report-submitted"') == n


@pytest.mark.parametrize("n", [1, 5])
def test_winner_page_query_count_does_not_grow(client, django_assert_num_queries, n: int) -> None:
    from tests.factories import OrganisationFactory

    org = OrganisationFactory()
    for _i in range(n):
        scheduled_grant(organisation=org)
    client.force_login(applicant_user(org))
    client.get(reverse("monitoring:winner_overview"))
    with django_assert_num_queries(QUERIES_WINNER):
        page = client.get(reverse("monitoring:winner_overview")).content.decode()
    assert page.count('data-kind="annual_report"') == 3 * n


QUERIES_OFFICE = 7
QUERIES_WINNER = 11  # the one page of every obligation (monitoring:winner_overview)


def test_office_nav_links_to_the_obligations(client) -> None:
    client.force_login(office_user())
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert reverse("monitoring:office_obligations") in page
