"""Guiding the county and zone awards (Art. 11(9)): the city office sees, for every programme
it guides, its rounds, stages and numbers (applications, winners, revocations) without any
dossier, and publishes guidance that the guided offices read on their dashboard; a county
office sees neither the oversight page nor another city's guidance."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from accounts.enums import Role
from applications.enums import ApplicationStatus
from awards import services
from awards.models import AwardProgramme, GuidanceDocument
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from sanctions.enums import RevocationGround, RevocationStatus
from sanctions.models import Revocation
from tests.awards.helpers import other_programme, role_user
from tests.factories import ApplicationFactory, RoundFactory, UserFactory, office_user, programme
from tests.grants.records_helpers import grant_in, published_round

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def in_chinese(client, settings, in_english) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """The pages are asserted in Chinese (the awards tests' default is English)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    with translation.override("zh-hans"):
        yield


def _guided(slug: str = "nankang-award") -> AwardProgramme:
    """A county programme guided by the Mayor's (programme())."""
    county = other_programme() if slug == "nankang-award" else _county(slug)
    AwardProgramme.objects.filter(pk=county.pk).update(guided_by=programme())
    county.refresh_from_db()
    return county


def _county(slug: str, guided: bool = True) -> AwardProgramme:
    county = AwardProgramme.objects.create(
        name=f"{slug}区长质量奖", slug=slug, awarding_body=f"{slug}政府", office_name=f"{slug}办"
    )
    if guided:
        AwardProgramme.objects.filter(pk=county.pk).update(guided_by=programme())
    return county


def _url() -> str:
    return reverse("awards:guided_programmes", args=[programme().pk])


def _county_rounds(county: AwardProgramme) -> None:
    """A published round with two winners, one revoked, and a round in application."""
    round, approval = published_round(programme=county, year=2024, title="2024年度南康区区长质量奖")
    first = grant_in(round, approval)
    grant_in(round, approval)
    Revocation.objects.create(
        grant=first,
        ground=RevocationGround.FRAUD,
        evidence="弄虚作假",
        proposed_by=UserFactory(),
        status=RevocationStatus.REVOKED,
    )
    ApplicationFactory(round=round, status=ApplicationStatus.NOT_AWARDED)
    open_round = RoundFactory(programme=county, year=2026, title="2026年度南康区区长质量奖")
    ApplicationFactory(round=open_round, status=ApplicationStatus.SUBMITTED)
    ApplicationFactory(round=open_round, status=ApplicationStatus.DRAFT)


def test_the_city_office_sees_each_guided_rounds_stage_and_numbers(client) -> None:  # type: ignore[no-untyped-def]
    county = _guided()
    _county_rounds(county)
    office = office_user()
    client.force_login(office)
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert _url() in dashboard
    page = client.get(_url()).content.decode()
    assert "南康区区长质量奖" in page
    assert "已提交申报" in page and "获奖组织（已授奖）" in page and "已撤销奖项" in page
    # The published round: 3 applications (two awarded, one not), 2 winners, 1 revoked.
    assert _row(page, "2024年度南康区区长质量奖") == ["2024", "已发布获奖名单", "3", "2", "1"]
    # The open round: the draft is not counted.
    assert _row(page, "2026年度南康区区长质量奖") == [
        "2026",
        "已发布公告，正在受理申报",
        "1",
        "0",
        "0",
    ]
    # No dossier is opened: no organisation is named.
    assert "赣州测试企业" not in page


def _row(page: str, title: str) -> list[str]:
    start = page.index(f"<td>{title}</td>")
    row = page[start : page.index("</tr>", start)]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
    return cells[1:]


def test_a_county_office_cannot_see_the_oversight_page(client) -> None:  # type: ignore[no-untyped-def]
    """Art. 11(9): only the city office guides; the guided county's office gets a 404 on the
    city's page and on its own programme's (it guides nobody)."""
    county = _guided()
    client.force_login(role_user(Role.OFFICE, prog=county))
    assert client.get(_url()).status_code == 404
    own = reverse("awards:guided_programmes", args=[county.pk])
    assert client.get(own).status_code == 404
    assert client.post(_url(), {"title": "x", "text": "y"}).status_code == 404
    assert not GuidanceDocument.objects.exists()


def test_the_city_office_of_a_programme_guiding_none_gets_404(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(office_user())
    assert client.get(_url()).status_code == 404


def test_guidance_reaches_the_guided_offices_and_no_other(client, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    county = _guided()
    outsider_county = _county("xinfeng", guided=False)
    client.force_login(office_user())
    response = client.post(
        _url(),
        {
            "title": "关于做好县级政府质量奖评审工作的指导意见",
            "text": "请参照市长质量奖评审规则。",
            "upload": SimpleUploadedFile("指导意见.pdf", PDF),
        },
    )
    assert response.status_code == 302
    document = GuidanceDocument.objects.get()
    assert document.document_name == "指导意见.pdf"
    assert DecisionLogEntry.objects.filter(action="guidance.publish").count() == 1
    detail = reverse("awards:guidance_detail", args=[document.pk])
    file_url = reverse("awards:guidance_file", args=[document.pk])

    client.force_login(role_user(Role.OFFICE, prog=county))
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert "市领导小组办公室的指导文件" in dashboard and detail in dashboard
    assert "请参照市长质量奖评审规则。" in client.get(detail).content.decode()
    assert b"".join(client.get(file_url).streaming_content) == PDF

    # Another county's office (a programme the city does not guide) and the county's
    # leading group: 404.
    for outsider in (
        role_user(Role.OFFICE, prog=outsider_county),
        role_user(Role.LEADING_GROUP, prog=county),
    ):
        client.force_login(outsider)
        assert client.get(detail).status_code == 404
        assert client.get(file_url).status_code == 404
        assert detail not in client.get(reverse("accounts:dashboard")).content.decode()


def test_guidance_needs_a_guided_programme_and_the_city_office() -> None:
    office = office_user()
    with pytest.raises(DomainError):
        services.publish_guidance(programme(), actor=office, title="x", text="y")
    county = _guided()
    with pytest.raises(DomainError):
        services.publish_guidance(
            programme(), actor=role_user(Role.OFFICE, prog=county), title="x", text="y"
        )
    assert not GuidanceDocument.objects.exists()


def _queries(client) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(_url()).status_code == 200
    return len(ctx.captured_queries)


def test_the_oversight_page_costs_the_same_at_two_sizes(client) -> None:  # type: ignore[no-untyped-def]
    """Art. 11(9): the numbers are counted by aggregate queries, whatever the number of
    programmes, rounds, applications and awards."""
    client.force_login(office_user())
    _county_rounds(_guided())
    GuidanceDocument.objects.create(
        programme=programme(), title="一", text="一", published_by=UserFactory()
    )
    small = _queries(client)
    for slug in ("xinfeng", "dayu", "longnan"):
        _county_rounds(_county(slug))
        GuidanceDocument.objects.create(
            programme=programme(), title=slug, text=slug, published_by=UserFactory()
        )
    assert _queries(client) == small
