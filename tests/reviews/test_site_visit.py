"""The site review (Art. 19): the office plans the visit (dates, agenda shown to the
organisation, issues carried from the material consensus), the team adds notes, the site
review report (PDF); who sees what (R12: a conflicted or unassigned expert 404, the
organisation only dates and agenda, another organisation 404)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from accounts.enums import Role
from awards.models import ConfidentialityCommitment
from awards.services import sign_commitment
from decisionlog.workflow import DomainError
from reviews import exports
from reviews.enums import ConflictKind
from reviews.models import SiteVisit
from reviews.selectors.site import dashboard_applicant, issues_from_consensus
from reviews.services import review as services
from reviews.services import site as services_site
from reviews.services.consensus import save_consensus
from tests.factories import UserFactory, applicant_user, expert_user, grant_role
from tests.reviews.helpers import (
    MATERIAL,
    SITE,
    all_scores,
    categories_of,
    other_programme,
    profile,
    score,
)
from tests.reviews.test_consensus import form_group
from tests.reviews.views.test_expert import logged_in


@pytest.fixture
def member(db):
    return expert_user(username="member", full_name="李专家")


@pytest.fixture
def in_site(round, application, office, reviewer, member):
    """Material review with the group's consensus (an opportunity for improvement and an
    item rationale), then selected for site review."""
    form_group(application, office, reviewer, member)
    score(application, reviewer, MATERIAL, 60)
    score(application, member, MATERIAL, 70)
    first = categories_of(round)[0]
    scores = all_scores(round, 65, "")
    item = next(iter(scores))
    scores[item] = (65, "数据需现场核实")
    save_consensus(
        application,
        MATERIAL,
        actor=reviewer,
        scores=scores,
        feedback={first.pk: ("", "战略部署到基层不足")},
        submit=True,
    )
    services.select_for_site_review(round, actor=office)
    application.refresh_from_db()
    return application


def plan(application, office) -> SiteVisit:
    return services_site.save_site_visit(
        application,
        actor=office,
        starts_on=date(2026, 12, 8),
        ends_on=date(2026, 12, 9),
        agenda="首次会议；现场查看；末次会议",
    )


def test_the_issues_come_from_the_consensus(in_site, office) -> None:
    issues = issues_from_consensus(in_site)
    assert "战略部署到基层不足" in issues and "数据需现场核实" in issues
    visit = plan(in_site, office)
    assert visit.issues == issues
    edited = services_site.save_site_visit(
        in_site,
        actor=office,
        starts_on=date(2026, 12, 8),
        ends_on=date(2026, 12, 10),
        issues="重点核实质量数据",
    )
    assert (edited.pk, edited.issues, edited.ends_on) == (
        visit.pk,
        "重点核实质量数据",
        date(2026, 12, 10),
    )


def test_plan_rules(in_site, office, round, reviewer) -> None:
    with pytest.raises(DomainError, match="ends before"):
        services_site.save_site_visit(
            in_site, actor=office, starts_on=date(2026, 12, 9), ends_on=date(2026, 12, 8)
        )
    county = grant_role(UserFactory(), Role.OFFICE, prog=other_programme())
    for outsider in (county, reviewer):
        with pytest.raises(DomainError):
            plan(in_site, outsider)


def test_team_notes_only_from_the_team(in_site, office, reviewer, member) -> None:
    with pytest.raises(DomainError, match="not planned"):
        services_site.add_site_note(in_site, actor=reviewer, text="x")
    plan(in_site, office)
    note = services_site.add_site_note(in_site, actor=member, text="计量室记录完整")
    assert note.author == profile(member)
    services.declare_conflict(
        in_site, profile(member), actor=member, has_conflict=True, kind=ConflictKind.ADVISORY
    )
    with pytest.raises(DomainError, match="R12"):
        services_site.add_site_note(in_site, actor=member, text="y")
    with pytest.raises(DomainError):
        services_site.add_site_note(in_site, actor=expert_user(), text="z")


# --- the page ----------------------------------------------------------------------------------


def url(application) -> str:
    return reverse("reviews:site_visit", args=[application.pk])


def test_the_office_plans_on_the_page_and_downloads_the_report(in_site, office, reviewer) -> None:
    client = logged_in(office)
    assert client.get(url(in_site)).status_code == 302  # the commitment first
    sign_commitment(in_site.round, user=office)
    hub = client.get(reverse("reviews:round_review", args=[in_site.round_id])).content.decode()
    assert url(in_site) in hub
    response = client.post(
        url(in_site),
        {
            "action": "plan",
            "starts_on": "2026-12-08",
            "ends_on": "2026-12-09",
            "agenda": "首次会议",
            "issues": "",
        },
    )
    assert response.status_code == 302
    body = client.get(url(in_site)).content.decode()
    assert "2026-12-08" in body and "战略部署到基层不足" in body and "王专家" in body
    bad = client.post(
        url(in_site),
        {"action": "plan", "starts_on": "2026-12-09", "ends_on": "2026-12-08"},
    )
    assert bad.status_code == 400
    services_site.add_site_note(in_site, actor=reviewer, text="现场核实完毕")
    html = exports.site_report_html(in_site)
    assert "现场核实完毕" in html and "首次会议" in html and "王专家" in html
    pdf = client.get(reverse("reviews:site_report_pdf", args=[in_site.pk]))
    assert pdf.status_code == 200 and pdf.getvalue().startswith(b"%PDF")


def test_the_team_reads_the_plan_and_adds_notes(in_site, office, member) -> None:
    plan(in_site, office)
    client = logged_in(member)
    dossier = client.get(reverse("reviews:dossier", args=[in_site.pk])).content.decode()
    assert url(in_site) in dossier
    body = client.get(url(in_site)).content.decode()
    assert "首次会议" in body and "战略部署到基层不足" in body
    assert 'id="site-scores"' not in body  # no other reviewer's score
    response = client.post(url(in_site), {"action": "note", "text": "样品抽查合格"})
    assert response.status_code == 302
    assert "样品抽查合格" in client.get(url(in_site)).content.decode()
    assert client.get(reverse("reviews:site_report_pdf", args=[in_site.pk])).status_code == 404


def test_the_organisation_sees_dates_and_agenda_only(in_site, office, reviewer) -> None:
    owner = applicant_user(in_site.organisation)
    client = logged_in(owner)
    assert client.get(url(in_site)).status_code == 404  # not planned yet
    plan(in_site, office)
    services_site.add_site_note(in_site, actor=reviewer, text="内部记录")
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert url(in_site) in dashboard
    body = client.get(url(in_site)).content.decode()
    assert "2026-12-08" in body and "首次会议" in body
    for hidden in ("内部记录", "战略部署到基层不足", "王专家", "李专家"):
        assert hidden not in body
    assert client.post(url(in_site), {"action": "note", "text": "x"}).status_code == 404
    assert client.get(reverse("reviews:site_report_pdf", args=[in_site.pk])).status_code == 404


def test_the_dashboard_section_reads_only_what_it_shows_in_one_query(
    in_site, office, django_assert_num_queries
) -> None:
    owner = applicant_user(in_site.organisation)
    plan(in_site, office)
    owner.organisation_membership  # noqa: B018 (a page has read it for the menu already)
    with django_assert_num_queries(1):
        visits = dashboard_applicant(owner)["visits"]
        shown = [(v.application_id, v.application.round.title, v.starts_on) for v in visits]
    assert shown == [(in_site.pk, in_site.round.title, date(2026, 12, 8))]


def test_outsiders_get_404(in_site, office, member) -> None:
    plan(in_site, office)
    services.declare_conflict(
        in_site, profile(member), actor=member, has_conflict=True, kind=ConflictKind.FAMILY
    )
    unassigned = expert_user()
    ConfidentialityCommitment.objects.create(round=in_site.round, user=unassigned, text="承诺")
    county = grant_role(UserFactory(), Role.OFFICE, prog=other_programme())
    other_org = applicant_user()
    for outsider in (member, unassigned, county, other_org):
        client = logged_in(outsider)
        assert client.get(url(in_site)).status_code == 404
        assert client.post(url(in_site), {"action": "note", "text": "x"}).status_code == 404
        assert client.get(reverse("reviews:site_report_pdf", args=[in_site.pk])).status_code == 404


def test_the_page_works_on_a_phone_layout(in_site, office, member) -> None:
    """Bootstrap's responsive grid: every column stacks on a narrow screen (col-12)."""
    plan(in_site, office)
    body = logged_in(member).get(url(in_site)).content.decode()
    assert 'name="viewport"' in body
    assert body.count('class="col-12 col-lg-6"') == 2


def test_site_scores_reach_the_office_page(in_site, office, reviewer, member) -> None:
    plan(in_site, office)
    score(in_site, reviewer, SITE, 75)
    sign_commitment(in_site.round, user=office)
    body = logged_in(office).get(url(in_site)).content.decode()
    assert "750.0" in body
