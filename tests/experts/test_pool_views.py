"""The expert pool pages (评审员专家库) of the office and the leading group's decision on a
disqualification (Art. 32), each with the outsiders of the same role."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accounts.enums import Role
from accounts.models import ProgrammeRole, User
from experts.models import DisqualificationDecision, ExpertProfile
from experts.services import pool as services_pool
from experts.services.pool_import import COLUMNS
from tests.factories import (
    UserFactory,
    grant_role,
    leading_group_user,
    make_credit_code,
    programme,
)
from tests.reviews.helpers import other_programme, profile
from tests.reviews.views.test_expert import count_queries, logged_in

LIST = "/office/experts/"


def county_office() -> User:
    return grant_role(UserFactory(), Role.OFFICE, prog=other_programme())


def pooled(office: User, name: str = "李明", **extra: str) -> ExpertProfile:
    fields = {
        "name": name,
        "employer": "江西理工大学",
        "employer_credit_code": make_credit_code(),
        "specialties": "质量管理",
        "industries": "制造业",
    }
    fields.update(extra)
    return services_pool.create_expert(programme(), actor=office, fields=fields)


def form_data(**extra: str) -> dict[str, str]:
    data = {
        "name": "李明",
        "employer": "江西理工大学",
        "employer_credit_code": make_credit_code(),
        "title": "教授",
        "qualifications": "",
        "specialties": "质量管理",
        "industries": "制造业",
        "region": "章贡区",
        "phone": "",
        "email": "liming@example.com",
        "former-TOTAL_FORMS": "1",
        "former-INITIAL_FORMS": "0",
        "former-MIN_NUM_FORMS": "0",
        "former-MAX_NUM_FORMS": "1000",
        "former-0-employer": "",
        "former-0-credit_code": "",
        "former-0-from_date": "",
        "former-0-to_date": "",
    }
    data.update(extra)
    return data


def test_the_url_is_office_experts(db: None) -> None:
    assert reverse("experts:pool_list") == LIST


def test_pool_list_searches_and_filters(office: User) -> None:
    pooled(office, "李明", specialties="稀土材料")
    pooled(office, "王芳", employer="赣州市质量技术监督局")
    gone = pooled(office, "张伟")
    proposal = services_pool.propose_disqualification(gone, programme(), actor=office, reason="x")
    services_pool.decide_disqualification(
        proposal, actor=leading_group_user(), confirm=True, referral_note="已函告"
    )
    client = logged_in(office)

    def names(query: str) -> list[str]:
        body = client.get(LIST + query).content.decode()
        return [n for n in ("李明", "王芳", "张伟") if f">{n}</a>" in body]

    assert names("") == ["李明", "王芳", "张伟"]
    assert names("?q=稀土") == ["李明"]
    assert names("?q=质量技术") == ["王芳"]
    assert names("?status=active") == ["李明", "王芳"]
    assert names("?status=disqualified") == ["张伟"]


def test_pool_list_is_for_the_office_only(office: User) -> None:
    pooled(office, "李明")
    for outsider in (leading_group_user(), UserFactory()):
        assert logged_in(outsider).get(LIST).status_code == 404
    # Another programme's office sees its own (empty) pool, never this one.
    body = logged_in(county_office()).get(LIST).content.decode()
    assert "李明" not in body


@pytest.mark.parametrize("size", [1, 5])
def test_pool_list_query_count_does_not_grow(size, office, django_assert_num_queries) -> None:
    client = logged_in(office)
    pooled(office, "专家0")
    one = count_queries(client, LIST, 'class="pool-row"', 1)
    for n in range(1, size):
        pooled(office, f"专家{n}")
    with django_assert_num_queries(one):
        count_queries(client, LIST, 'class="pool-row"', size)


def test_create_with_a_former_employer_then_edit(office: User) -> None:
    client = logged_in(office)
    former_code = make_credit_code()
    response = client.post(
        reverse("experts:pool_create"),
        form_data(
            **{
                "former-0-employer": "赣州某某集团",
                "former-0-credit_code": former_code,
                "former-0-from_date": "2018-01-01",
                "former-0-to_date": "2024-03-31",
            }
        ),
    )
    expert = ExpertProfile.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("experts:pool_edit", args=[expert.pk])
    former = expert.former_employers.get()
    assert (former.employer, former.credit_code) == ("赣州某某集团", former_code)
    page = client.get(reverse("experts:pool_edit", args=[expert.pk]))
    assert page.status_code == 200
    assert "赣州某某集团" in page.content.decode()


def test_create_refuses_a_bad_credit_code_and_writes_nothing(office: User) -> None:
    response = logged_in(office).post(
        reverse("experts:pool_create"), form_data(employer_credit_code="91360700MA12345678")
    )
    assert response.status_code == 400
    assert "The check character of this unified social credit code is wrong" in (
        response.content.decode()
    )
    assert not ExpertProfile.objects.exists()


def test_create_refuses_former_employer_dates_out_of_order(office: User) -> None:
    response = logged_in(office).post(
        reverse("experts:pool_create"),
        form_data(
            **{
                "former-0-employer": "甲",
                "former-0-from_date": "2024-01-01",
                "former-0-to_date": "2020-01-01",
            }
        ),
    )
    assert response.status_code == 400
    assert "The end date is before the start date." in response.content.decode()
    assert not ExpertProfile.objects.exists()


def test_another_programmes_office_cannot_open_an_expert(office: User) -> None:
    expert = pooled(office)
    url = reverse("experts:pool_edit", args=[expert.pk])
    assert logged_in(county_office()).get(url).status_code == 404
    assert logged_in(county_office()).post(url, form_data()).status_code == 404


def test_create_login_shows_the_initial_password_once(office: User) -> None:
    expert = pooled(office)
    client = logged_in(office)
    response = client.post(
        reverse("experts:pool_login", args=[expert.pk]),
        {"username": "liming", "email": "liming@example.com"},
    )
    assert response.status_code == 302
    first = client.get(reverse("experts:pool_edit", args=[expert.pk])).content.decode()
    assert 'id="pool-initial-password"' in first
    second = client.get(reverse("experts:pool_edit", args=[expert.pk])).content.decode()
    assert 'id="pool-initial-password"' not in second
    user = User.objects.get(username="liming")
    assert ProgrammeRole.objects.filter(user=user, role=Role.EXPERT, active=True).count() == 1


def test_share_an_expert_of_another_programme(office: User) -> None:
    other_office = county_office()
    expert = services_pool.create_expert(
        other_programme(),
        actor=other_office,
        fields={"name": "赵强", "employer": "信丰某厂", "employer_credit_code": make_credit_code()},
    )
    client = logged_in(office)
    assert "赵强" in client.get(LIST + "?share=赵").content.decode()
    response = client.post(reverse("experts:pool_share", args=[expert.pk]))
    assert response.status_code == 302
    assert set(expert.programmes.values_list("slug", flat=True)) == {"ganzhou-mayor", "xinfeng"}
    assert ExpertProfile.objects.count() == 1


def test_template_download_is_a_workbook_with_the_header(office: User) -> None:
    response = logged_in(office).get(reverse("experts:pool_template"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="expert-pool-template.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == [header for _f, header, _l in COLUMNS]
    assert sheet.max_row == 2


def upload(*rows: list[str]) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append([header for _f, header, _l in COLUMNS])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("experts.xlsx", out.getvalue())


def row(name: str, code: str | None = None) -> list[str]:
    return [name, "江西理工大学", code or make_credit_code(), "", "", "", "", "", "", ""]


def test_import_with_an_error_shows_the_report_and_imports_nothing(office: User) -> None:
    response = logged_in(office).post(
        reverse("experts:pool_import"), {"file": upload(row("李明"), row("王芳", "123"))}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="import-errors"' in body
    assert "<td>3</td><td>Employer&#x27;s credit code</td>" in body
    assert not ExpertProfile.objects.exists()


def test_a_clean_import_adds_every_row(office: User) -> None:
    response = logged_in(office).post(
        reverse("experts:pool_import"), {"file": upload(row("李明"), row("王芳"))}
    )
    assert response.status_code == 302
    assert sorted(
        ExpertProfile.objects.filter(programmes=programme()).values_list("name", flat=True)
    ) == [
        "李明",
        "王芳",
    ]


def test_leading_group_confirms_a_proposal_on_its_page(office: User, reviewer: User) -> None:
    """Art. 32: office proposes on the profile page, the leading group decides."""
    expert = profile(reviewer)
    expert.programmes.add(programme())
    response = logged_in(office).post(
        reverse("experts:pool_propose_disqualification", args=[expert.pk]), {"reason": "泄密"}
    )
    assert response.status_code == 302
    proposal = expert.disqualifications.get()
    member = leading_group_user()
    client = logged_in(member)
    listing = client.get(reverse("experts:pool_disqualifications")).content.decode()
    assert reverse("experts:pool_disqualification_decide", args=[proposal.pk]) in listing
    url = reverse("experts:pool_disqualification_decide", args=[proposal.pk])
    missing = client.post(url, {"decision": "confirm", "referral_note": ""})
    assert missing.status_code == 400
    assert "Record the referral to the expert&#x27;s employer." in missing.content.decode()
    done = client.post(
        url,
        {"decision": "confirm", "referral_note": "已函告江西理工大学", "referred_on": "2026-11-28"},
    )
    assert done.status_code == 302
    proposal.refresh_from_db()
    assert proposal.decision == DisqualificationDecision.CONFIRMED
    assert ExpertProfile.objects.get(pk=expert.pk).active is False


def test_another_programmes_leading_group_cannot_decide(office: User, reviewer: User) -> None:
    expert = profile(reviewer)
    expert.programmes.add(programme())
    proposal = services_pool.propose_disqualification(expert, programme(), actor=office, reason="x")
    outsider = grant_role(UserFactory(), Role.LEADING_GROUP, prog=other_programme())
    url = reverse("experts:pool_disqualification_decide", args=[proposal.pk])
    assert logged_in(outsider).get(url).status_code == 404
    assert (
        logged_in(office).post(url, {"decision": "confirm", "referral_note": "x"}).status_code
        == 404
    )
    proposal.refresh_from_db()
    assert proposal.decision == DisqualificationDecision.PENDING
