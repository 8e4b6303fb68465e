"""Pages of the monitoring of winners: reachable from the dashboards, 404 to outsiders of the
same role, query counts that do not grow with the number of winners."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from monitoring.enums import FundCheckResult, FundPurpose, FundReportStatus, ReassessmentResult
from monitoring.models import FundUseReport
from monitoring.selectors import monitoring as monitoring_selectors
from monitoring.services import monitoring as services
from tests.factories import (
    ApplicationFactory,
    RoundFactory,
    applicant_user,
    office_user,
    programme,
)
from tests.monitoring.helpers import feedback, grant_on, other_office, pdf, pool_expert

pytestmark = pytest.mark.django_db


def _today():  # type: ignore[no-untyped-def]
    return timezone.localdate()


@pytest.fixture
def grant():  # type: ignore[no-untyped-def]
    return grant_on(_today() - timedelta(days=200))


@pytest.fixture
def winner(grant):  # type: ignore[no-untyped-def]
    return applicant_user(grant.organisation)


@pytest.fixture
def office():  # type: ignore[no-untyped-def]
    return office_user()


def _submitted_report(grant, winner) -> FundUseReport:  # type: ignore[no-untyped-def]
    report = services.fund_report_of(grant, actor=winner)
    services.add_fund_item(
        report,
        actor=winner,
        purpose=FundPurpose.TRAINING,
        amount=Decimal("1000"),
        description="培训",
        upload=pdf(),
    )
    return services.submit_fund_report(report, actor=winner, summary="")


def test_dashboards_link_to_the_monitoring(client, grant, winner, office) -> None:
    client.force_login(winner)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert reverse("monitoring:winner_overview") in page
    assert reverse("monitoring:winner_grant", args=[grant.pk]) in page
    client.force_login(office)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert reverse("monitoring:office_dashboard") in page
    page = client.get(reverse("monitoring:office_dashboard")).content.decode()
    assert reverse("monitoring:office_grant", args=[grant.pk]) in page
    assert reverse("monitoring:circulars_office") in page


def test_winner_page_lists_every_obligation(client, grant, winner) -> None:
    client.force_login(winner)
    page = client.get(reverse("monitoring:winner_grant", args=[grant.pk])).content.decode()
    for kind in ("reassessment", "fund_use", "improvement", "summary", "sharing", "visit"):
        assert f'data-kind="{kind}"' in page
    for name in ("fund_report", "improvements", "sharing"):
        assert reverse(f"monitoring:{name}", args=[grant.pk]) in page


WINNER_URLS = ["winner_grant", "fund_report", "improvements", "sharing"]


@pytest.mark.parametrize("name", WINNER_URLS)
def test_another_winner_gets_404(client, grant, name: str) -> None:
    other = grant_on(_today() - timedelta(days=10))
    client.force_login(applicant_user(other.organisation))
    url = reverse(f"monitoring:{name}", args=[grant.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "summary", "body": "x"}).status_code == 404


def test_evidence_only_for_the_winner_and_its_office(client, grant, winner, office) -> None:
    report = _submitted_report(grant, winner)
    item = report.items.get()
    url = reverse("monitoring:fund_evidence", args=[item.pk])
    client.force_login(winner)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    client.force_login(office)
    assert client.get(url).status_code == 200
    for outsider in (applicant_user(), other_office()):
        client.force_login(outsider)
        assert client.get(url).status_code == 404


OFFICE_URLS = ["office_grant", "fund_check", "reassessment_record", "visit_record"]


@pytest.mark.parametrize("name", OFFICE_URLS)
def test_another_programmes_office_and_the_winner_get_404(
    client, grant, winner, office, name: str
) -> None:
    report = _submitted_report(grant, winner)
    assessment = services.schedule_reassessment(
        grant, actor=office, scheduled_on=_today(), team=[pool_expert(), pool_expert()]
    )
    visit = services.plan_visit(grant, actor=office, planned_on=_today(), visitors="王五")
    pk = {
        "office_grant": grant.pk,
        "fund_check": report.pk,
        "reassessment_record": assessment.pk,
        "visit_record": visit.pk,
    }[name]
    url = reverse(f"monitoring:{name}", args=[pk])
    client.force_login(office)
    assert client.get(url).status_code == 200
    for outsider in (other_office(), winner):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        assert client.post(url, {}).status_code == 404


def test_office_pages_are_404_to_a_winner(client, winner) -> None:
    client.force_login(winner)
    assert client.get(reverse("monitoring:office_dashboard")).status_code == 404
    assert client.get(reverse("monitoring:circulars_office")).status_code == 404


def test_fund_report_through_the_pages(client, grant, winner, office) -> None:
    """R10: the winner adds a use with evidence and submits; the office checks it; the
    result shows on the winner's page."""
    client.force_login(winner)
    url = reverse("monitoring:fund_report", args=[grant.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "action": "add",
            "purpose": FundPurpose.FACILITIES,
            "amount": "250000",
            "description": "购置检测设备",
            "evidence": pdf("合同.pdf"),
        },
    )
    assert response.status_code == 302
    bad = client.post(
        url,
        {
            "action": "add",
            "purpose": FundPurpose.FACILITIES,
            "amount": "300000",
            "description": "超出",
            "evidence": pdf(),
        },
    )
    assert bad.status_code == 200
    assert "Art. 26 of the Measures" in bad.content.decode()
    assert client.post(url, {"action": "submit", "summary": "用于检测设备"}).status_code == 302
    report = FundUseReport.objects.get(grant=grant)
    assert report.status == FundReportStatus.SUBMITTED
    client.force_login(office)
    check_url = reverse("monitoring:fund_check", args=[report.pk])
    assert "合同.pdf" in client.get(check_url).content.decode()
    response = client.post(check_url, {"result": FundCheckResult.COMPLIANT, "comment": ""})
    assert response.status_code == 302
    client.force_login(winner)
    page = client.get(url).content.decode()
    assert str(FundCheckResult.COMPLIANT.label) in page or "check-comment" in page


def test_schedule_and_record_through_the_office_page(client, grant, office) -> None:
    a, b = pool_expert(), pool_expert()
    client.force_login(office)
    url = reverse("monitoring:office_grant", args=[grant.pk])
    page = client.get(url).content.decode()
    assert a.name in page and b.name in page
    response = client.post(
        url,
        {"action": "schedule", "scheduled_on": _today().isoformat(), "team": [a.pk, b.pk]},
    )
    assert response.status_code == 302
    assessment = grant.reassessments.get()
    record = reverse("monitoring:reassessment_record", args=[assessment.pk])
    response = client.post(
        record, {"result": ReassessmentResult.REVOCATION_GROUNDS, "findings": "重大质量问题"}
    )
    assert response.status_code == 302
    page = client.get(record).content.decode()
    assert reverse("sanctions:revocation_open", args=[grant.pk]) in page
    response = client.post(
        url,
        {"action": "visit", "planned_on": _today().isoformat(), "visitors": "王五", "purpose": ""},
    )
    assert response.status_code == 302
    visit = grant.return_visits.get()
    response = client.post(
        reverse("monitoring:visit_record", args=[visit.pk]),
        {"visited_on": _today().isoformat(), "visitors": "王五", "findings": "正常"},
    )
    assert response.status_code == 302


def test_improvements_and_sharing_through_the_pages(client, grant, winner, office) -> None:
    feedback(grant, "加强质量成本管理")
    client.force_login(winner)
    url = reverse("monitoring:improvements", args=[grant.pk])
    page = client.get(url).content.decode()
    assert "加强质量成本管理" in page
    from monitoring.selectors.monitoring import opportunities_for

    opp = opportunities_for(grant)[0]
    response = client.post(
        url, {"action": "record", "key": opp.key, "action_text": "", "status": "in_progress"}
    )
    assert response.status_code == 200  # the action text is required
    assert not grant.improvement_actions.exists()
    response = client.post(
        url,
        {"action": "record", "key": opp.key, "action_taken": "建立台账", "status": "in_progress"},
    )
    assert response.status_code == 302
    assert grant.improvement_actions.get().action == "建立台账"
    sharing = reverse("monitoring:sharing", args=[grant.pk])
    response = client.post(
        sharing,
        {
            "action": "activity",
            "held_on": _today().isoformat(),
            "event": "质量交流会",
            "audience": "企业代表",
        },
    )
    assert response.status_code == 302
    client.force_login(office)
    page = client.get(reverse("monitoring:office_grant", args=[grant.pk])).content.decode()
    assert "加强质量成本管理" in page and "质量交流会" in page


def test_grant_in_its_last_year_without_reassessment_is_flagged(client, office) -> None:
    late = grant_on(_today() - timedelta(days=2 * 365 + 30))
    early = grant_on(_today() - timedelta(days=30))
    client.force_login(office)
    page = client.get(reverse("monitoring:office_dashboard")).content.decode()
    late_row = page[page.index(f'id="grant-{late.pk}"') :]
    late_row = late_row[: late_row.index("</tr>")]
    early_row = page[page.index(f'id="grant-{early.pk}"') :]
    early_row = early_row[: early_row.index("</tr>")]
    assert "table-danger" in late_row and 'data-testid="ob-missing"' in late_row
    assert 'data-testid="ob-missing"' not in early_row
    assert 'data-chart="' in page and "monitoring/chart.js" in page


def test_chart_script_is_a_static_file() -> None:
    assert (Path(settings.BASE_DIR) / "static" / "monitoring" / "chart.js").is_file()


def test_public_circular(client, grant, winner, office) -> None:
    report = _submitted_report(grant, winner)
    services.check_fund_report(report, actor=office, result=FundCheckResult.MISUSED, comment="挪用")
    client.force_login(office)
    response = client.post(
        reverse("monitoring:circulars_office"),
        {
            "programme": grant.round.programme_id,
            "title": "奖金使用情况通报",
            "document_number": "",
            "body": "通报如下",
        },
    )
    assert response.status_code == 302
    client.logout()
    page = client.get(response["Location"]).content.decode()
    assert grant.organisation.name in page
    assert str(FundCheckResult.MISUSED.label) in page or "circular-results" in page
    assert "奖金使用情况通报" in client.get(reverse("monitoring:circulars_public")).content.decode()


def test_check_result_shown_on_a_later_application(grant, winner, office) -> None:
    report = _submitted_report(grant, winner)
    services.check_fund_report(
        report, actor=office, result=FundCheckResult.PARTLY, comment="需整改"
    )
    later = ApplicationFactory(
        organisation=grant.organisation, round=RoundFactory(year=grant.round.year + 4)
    )
    html = render_to_string("monitoring/_fund_use_history.html", {"application": later})
    assert 'id="fund-use-history"' in html and "需整改" in html
    assert (
        render_to_string(
            "monitoring/_fund_use_history.html", {"application": grant.application}
        ).strip()
        == ""
    )
    detail = (Path(settings.BASE_DIR) / "templates/applications/office_detail.html").read_text()
    assert '{% include "monitoring/_fund_use_history.html" %}' in detail


def _count(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _rich(grant, office) -> None:  # type: ignore[no-untyped-def]
    feedback(grant, "改进一\n改进二")
    winner = applicant_user(grant.organisation)
    services.save_practice_summary(grant, actor=winner, body="总结")
    services.add_sharing_activity(grant, actor=winner, held_on=_today(), event="e", audience="a")
    services.plan_visit(grant, actor=office, planned_on=_today(), visitors="王五")


def test_office_dashboard_query_count_does_not_grow(client, django_assert_num_queries) -> None:
    office = office_user()
    for _i in range(2):
        _rich(grant_on(_today() - timedelta(days=100)), office)
    client.force_login(office)
    url = reverse("monitoring:office_dashboard")
    client.get(url)
    queries = _count(client, url)
    for _i in range(10):
        _rich(grant_on(_today() - timedelta(days=100)), office)
    with django_assert_num_queries(queries):
        page = client.get(url).content.decode()
    assert page.count(' id="grant-') == 12


def test_winner_overview_query_count_does_not_grow(client, django_assert_num_queries) -> None:
    office = office_user()
    first = grant_on(_today() - timedelta(days=100))
    org = first.organisation
    _rich(first, office)
    _rich(grant_on(_today() - timedelta(days=50), organisation=org), office)
    client.force_login(applicant_user(org))
    url = reverse("monitoring:winner_overview")
    client.get(url)
    queries = _count(client, url)
    for _i in range(10):
        _rich(grant_on(_today() - timedelta(days=10), organisation=org), office)
    with django_assert_num_queries(queries):
        page = client.get(url).content.decode()
    assert page.count(' id="grant-') == 12


def _checked(office) -> FundUseReport:  # type: ignore[no-untyped-def]
    grant = grant_on(_today() - timedelta(days=100))
    report = _submitted_report(grant, applicant_user(grant.organisation))
    return services.check_fund_report(
        report, actor=office, result=FundCheckResult.COMPLIANT, comment=""
    )


def test_circular_pages_query_count_does_not_grow(client, django_assert_num_queries) -> None:
    office = office_user()
    for _i in range(2):
        _checked(office)
    client.force_login(office)
    pending_url = reverse("monitoring:circulars_office")
    client.get(pending_url)
    pending_queries = _count(client, pending_url)
    first = services.publish_circular(
        actor=office, programme_id=programme().pk, title="通报一", document_number="", body="正文"
    )
    client.logout()
    url = reverse("monitoring:circular", args=[first.pk])
    queries = _count(client, url)
    public_queries = _count(client, reverse("monitoring:circulars_public"))
    for _i in range(10):
        _checked(office)
    client.force_login(office)
    with django_assert_num_queries(pending_queries):
        page = client.get(pending_url).content.decode()
    assert page.count("<li>") >= 11
    second = services.publish_circular(
        actor=office, programme_id=programme().pk, title="通报二", document_number="", body="正文"
    )
    client.logout()
    with django_assert_num_queries(queries):
        page = client.get(reverse("monitoring:circular", args=[second.pk])).content.decode()
    assert page.count("<tr>") == 11  # header + 10
    for _i in range(10):
        _checked(office)
        services.publish_circular(
            actor=office, programme_id=programme().pk, title="通报", document_number="", body="正文"
        )
    with django_assert_num_queries(public_queries):
        client.get(reverse("monitoring:circulars_public"))


def test_office_application_page_shows_the_earlier_fund_check(client, grant, winner) -> None:
    """R10 / Art. 26: "an important basis" for the organisation's later applications."""
    from tests.awards.helpers import eligibility_round, signed, submitted_application

    office = office_user()
    report = _submitted_report(grant, winner)
    services.check_fund_report(
        report, actor=office, result=FundCheckResult.MISUSED, comment="奖金用于发放福利"
    )
    later_round = eligibility_round()
    later = submitted_application(later_round, organisation=grant.organisation)
    client.force_login(signed(office, later_round))
    page = client.get(reverse("applications:office_detail", args=[later.pk])).content.decode()
    assert 'id="fund-use-history"' in page and "奖金用于发放福利" in page
    other = submitted_application(later_round)
    page = client.get(reverse("applications:office_detail", args=[other.pk])).content.decode()
    assert 'id="fund-use-history"' not in page


def test_opening_the_fund_page_writes_nothing(client, grant, winner) -> None:
    client.force_login(winner)
    assert client.get(reverse("monitoring:fund_report", args=[grant.pk])).status_code == 200
    assert not FundUseReport.objects.exists()
    response = client.post(
        reverse("monitoring:fund_report", args=[grant.pk]), {"action": "submit", "summary": ""}
    )
    assert response.status_code == 200
    assert "at least one" in response.content.decode()
    assert FundUseReport.objects.get().status == FundReportStatus.DRAFT


def test_no_fund_page_without_prize_money(client) -> None:
    nomination = grant_on(_today() - timedelta(days=10), amount=Decimal(0))
    client.force_login(applicant_user(nomination.organisation))
    assert client.get(reverse("monitoring:fund_report", args=[nomination.pk])).status_code == 404


def test_team_experts_see_their_reassessment_on_the_dashboard(client, grant, office) -> None:
    a, b = pool_expert(), pool_expert()
    services.schedule_reassessment(grant, actor=office, scheduled_on=_today(), team=[a, b])
    client.force_login(a.user)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert 'id="dashboard-reassessments"' in page and grant.organisation.name in page
    assert f"{grant.round.year} · {grant.get_level_display()}" in page
    # The section reads only the columns it shows, in one query.
    with CaptureQueriesContext(connection) as captured:
        render_to_string(
            "monitoring/_dashboard_expert.html",
            {"ctx": monitoring_selectors.dashboard_expert(a.user)},
        )
    assert len(captured) == 1, "\n".join(q["sql"][:150] for q in captured.captured_queries)
    client.force_login(pool_expert().user)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert grant.organisation.name not in page


def test_circular_pdf_for_everyone(client, grant, winner, office) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    report = _submitted_report(grant, winner)
    services.check_fund_report(report, actor=office, result=FundCheckResult.PARTLY, comment="整改")
    circular = services.publish_circular(
        actor=office,
        programme_id=grant.round.programme_id,
        title="奖金使用情况通报",
        document_number="赣质办〔2026〕9号",
        body="通报如下",
    )
    page = client.get(reverse("monitoring:circular", args=[circular.pk])).content.decode()
    url = reverse("monitoring:circular_pdf", args=[circular.pk])
    assert url in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(response.getvalue())).pages)
    assert grant.organisation.name in text.replace(" ", "")


def test_fund_check_page_sums_per_purpose_and_flags_other_uses(client, grant, winner) -> None:
    report = services.fund_report_of(grant, actor=winner)
    for purpose, amount in [
        (FundPurpose.TRAINING, "1000"),
        (FundPurpose.TRAINING, "500"),
        (FundPurpose.OTHER, "300"),
    ]:
        services.add_fund_item(
            report,
            actor=winner,
            purpose=purpose,
            amount=Decimal(amount),
            description="用途",
            upload=pdf(),
        )
    client.force_login(office_user())
    page = client.get(reverse("monitoring:fund_check", args=[report.pk])).content.decode()
    assert "1,500.00" in page and "1,800.00" in page
    assert 'id="outside-art26"' in page


def test_office_dashboard_current_only(client, office) -> None:
    from grants.enums import GrantStatus
    from grants.models import AwardGrant

    current = grant_on(_today() - timedelta(days=30))
    expired = grant_on(_today() - timedelta(days=4 * 365))
    AwardGrant.objects.filter(pk=expired.pk).update(status=GrantStatus.EXPIRED)
    client.force_login(office)
    url = reverse("monitoring:office_dashboard")
    page = client.get(url).content.decode()
    assert f' id="grant-{expired.pk}"' in page and f' id="grant-{current.pk}"' in page
    page = client.get(url, {"current": "1"}).content.decode()
    assert f' id="grant-{expired.pk}"' not in page and f' id="grant-{current.pk}"' in page


def test_office_told_when_no_expert_is_free_of_conflicts(client, grant, office) -> None:
    client.force_login(office)
    url = reverse("monitoring:office_grant", args=[grant.pk])
    assert 'id="pool-empty"' in client.get(url).content.decode()
    pool_expert()
    assert 'id="pool-empty"' not in client.get(url).content.decode()


def test_the_dashboard_counts_of_obligations_show_every_change_at_once(client) -> None:
    """Art. 24-27: the office dashboard's numbers of obligations come from the page cache;
    each write that changes them is on the next dashboard at once, as counted afresh."""
    from django.core.cache import cache

    office = office_user()
    grant = grant_on(_today() - timedelta(days=400))
    winner = applicant_user(grant.organisation)
    client.force_login(office)
    url = reverse("accounts:dashboard")

    def section() -> str:
        page = client.get(url).content.decode()
        start = page.index('id="dashboard-monitoring"')
        return page[start : page.index("</section>", start)]

    def cached_then_fresh() -> str:
        cached = section()
        cache.clear()
        fresh = section()
        assert cached == fresh
        return fresh

    seen = [cached_then_fresh(), cached_then_fresh()]
    services.save_practice_summary(grant, actor=winner, body="总结")
    seen.append(cached_then_fresh())
    services.add_sharing_activity(grant, actor=winner, held_on=_today(), event="e", audience="a")
    seen.append(cached_then_fresh())
    report = _submitted_report(grant, winner)
    seen.append(cached_then_fresh())
    services.check_fund_report(report, actor=office, result=FundCheckResult.COMPLIANT, comment="")
    seen.append(cached_then_fresh())
    # The summary written (no longer overdue), a sharing activity (due until the end of
    # validity either way: the numbers stay), the report submitted then checked (awaiting).
    assert [seen[n] == seen[n - 1] for n in range(1, len(seen))] == [
        True,
        False,
        True,
        False,
        False,
    ]
