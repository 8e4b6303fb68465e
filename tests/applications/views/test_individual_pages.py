"""Individual nominees on the pages (R4 / Art. 8, PIPL): the applicant nominates a person from
its dashboard; the national ID number is shown in full only on the office's own application
page, masked on the applicant's pages and absent from exports; another programme's office
cannot open the application."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.enums import Role
from applications.enums import ApplicationStatus
from applications.models import Application, Nominee
from awards.services import sign_commitment
from common.pii import mask_national_id
from tests.applications.individual import NUMBER, nanchang, nanchang_round, nominate, person
from tests.awards.helpers import in_english  # noqa: F401  (autouse: messages in English)
from tests.factories import RoundFactory, UserFactory, applicant_user, grant_role, office_user

pytestmark = pytest.mark.django_db

MASKED = mask_national_id(NUMBER)


def nanchang_office():  # type: ignore[no-untyped-def]
    return grant_role(UserFactory(), Role.OFFICE, prog=nanchang())


def test_the_dashboard_offers_a_nomination_only_where_people_are_awarded(client) -> None:  # type: ignore[no-untyped-def]
    individual_round = nanchang_round()
    organisations_only = RoundFactory()
    user = applicant_user()
    client.force_login(user)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert reverse("applications:nominate", args=[individual_round.pk]) in page
    assert reverse("applications:nominate", args=[organisations_only.pk]) not in page
    response = client.get(reverse("applications:nominate", args=[organisations_only.pk]))
    assert response.status_code == 404


def test_the_applicant_nominates_a_person_and_sees_the_number_masked(client) -> None:  # type: ignore[no-untyped-def]
    round = nanchang_round()
    user = applicant_user()
    client.force_login(user)
    url = reverse("applications:nominate", args=[round.pk])
    assert client.get(url).status_code == 200
    wrong = NUMBER[:-1] + ("0" if NUMBER[-1] != "0" else "1")
    refused = client.post(url, person(national_id=wrong))
    assert refused.status_code == 200
    assert "校验位" in refused.content.decode()
    assert not Nominee.objects.exists()
    response = client.post(url, person())
    application = Application.objects.get(round=round, nominee_kind="individual")
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:edit", args=[application.pk])
    for page in (
        reverse("applications:detail", args=[application.pk]),
        reverse("accounts:dashboard"),
        reverse("applications:nominee_edit", args=[application.pk]),
    ):
        content = client.get(page).content.decode()
        assert NUMBER not in content, page
        assert "李质量" in content, page
    detail = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert MASKED in detail


def test_the_applicant_changes_the_nominee_keeping_the_number(client) -> None:  # type: ignore[no-untyped-def]
    application, user = nominate(nanchang_round())
    client.force_login(user)
    url = reverse("applications:nominee_edit", args=[application.pk])
    response = client.post(url, person(position="质量总监", national_id=""))
    assert response.status_code == 302
    nominee = Nominee.objects.get(application=application)
    assert nominee.position == "质量总监"
    assert nominee.national_id_masked == MASKED


def test_another_organisation_cannot_open_the_nominee(client) -> None:  # type: ignore[no-untyped-def]
    application, _user = nominate(nanchang_round())
    client.force_login(applicant_user())
    for name in ("nominee_edit", "detail"):
        response = client.get(reverse(f"applications:{name}", args=[application.pk]))
        assert response.status_code == 404


def test_only_the_programmes_own_office_sees_the_number(client) -> None:  # type: ignore[no-untyped-def]
    application, _user = nominate(nanchang_round())
    office = nanchang_office()
    sign_commitment(application.round, user=office)
    client.force_login(office)
    page = client.get(reverse("applications:office_detail", args=[application.pk]))
    assert page.status_code == 200
    assert NUMBER in page.content.decode()
    listed = client.get(reverse("applications:office_list", args=[application.round.pk]))
    assert f"李质量（{application.organisation.name}）" in listed.content.decode()
    assert NUMBER not in listed.content.decode()
    # The Ganzhou programme's office cannot open it at all.
    outsider = office_user()
    client.force_login(outsider)
    response = client.get(reverse("applications:office_detail", args=[application.pk]))
    assert response.status_code == 404


def test_the_eligible_list_names_the_person_without_the_number(client) -> None:  # type: ignore[no-untyped-def]
    application, _user = nominate(nanchang_round())
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.ELIGIBLE)
    office = nanchang_office()
    client.force_login(office)
    response = client.get(
        reverse("applications:eligible_list_export", args=[application.round.pk, "xlsx"])
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    cells = [
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    assert any("李质量" in cell for cell in cells)
    assert not any(NUMBER in cell or MASKED in cell for cell in cells)
