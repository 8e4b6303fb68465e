"""Art. 17: the confirmed eligibility list as Excel and as a PDF for the file."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from applications.enums import ApplicationStatus
from applications.exports import eligible_list_html
from tests.awards.helpers import (
    eligibility_round,
    in_english,  # noqa: F401  (autouse: messages in English)
    other_programme_office,
    submitted_application,
)
from tests.factories import OrganisationFactory, office_user

pytestmark = pytest.mark.django_db


def _round_with_decisions():  # type: ignore[no-untyped-def]
    round = eligibility_round()
    eligible = submitted_application(
        round,
        organisation=OrganisationFactory(name="赣州稀土新材料有限公司"),
        status=ApplicationStatus.ELIGIBLE,
        sector_confirmed=True,
        tag_key_industry_leader=True,
    )
    later = submitted_application(
        round,
        organisation=OrganisationFactory(name="=HYPERLINK(1)"),
        status=ApplicationStatus.SITE_REVIEW,
    )
    rejected = submitted_application(
        round,
        organisation=OrganisationFactory(name="南康家具有限公司"),
        status=ApplicationStatus.INELIGIBLE,
        eligibility_reason="质量管理体系认证不满三年",
    )
    submitted_application(round, organisation=OrganisationFactory(name="尚未审查公司"))
    return round, eligible, later, rejected


def test_excel_lists_the_eligible_and_the_rejected_with_reasons(client) -> None:  # type: ignore[no-untyped-def]
    round, eligible, later, rejected = _round_with_decisions()
    client.force_login(office_user())
    response = client.get(reverse("applications:eligible_list_export", args=[round.pk, "xlsx"]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Eligible", "Not eligible"]
    eligible_rows = list(book["Eligible"].iter_rows(values_only=True))
    names = [row[1] for row in eligible_rows[1:]]
    assert sorted(names) == sorted(["赣州稀土新材料有限公司", "'=HYPERLINK(1)"])
    row = next(r for r in eligible_rows if r[1] == "赣州稀土新材料有限公司")
    assert row[2] == eligible.organisation.credit_code
    # Art. 15: the claimed tag not yet confirmed by the office says so.
    assert (
        row[6] == "Leading enterprise of a key city industry (awaiting the office's confirmation)"
    )
    rejected_rows = list(book["Not eligible"].iter_rows(values_only=True))
    assert rejected_rows[1] == (
        1,
        "南康家具有限公司",
        rejected.organisation.credit_code,
        "质量管理体系认证不满三年",
    )


def test_pdf_is_a_pdf_holding_the_names(client) -> None:  # type: ignore[no-untyped-def]
    round, *_ = _round_with_decisions()
    office = office_user()
    client.force_login(office)
    response = client.get(reverse("applications:eligible_list_export", args=[round.pk, "pdf"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(response.content)).pages) >= 1
    html = eligible_list_html(office, round)
    assert "赣州稀土新材料有限公司" in html and "质量管理体系认证不满三年" in html
    assert "尚未审查公司" not in html


def test_office_list_links_to_both_exports(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    client.force_login(office_user())
    body = client.get(reverse("applications:office_list", args=[round.pk])).content.decode()
    assert reverse("applications:eligible_list_export", args=[round.pk, "xlsx"]) in body
    assert reverse("applications:eligible_list_export", args=[round.pk, "pdf"]) in body


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
def test_another_programmes_office_gets_404(client, fmt) -> None:  # type: ignore[no-untyped-def]
    round, *_ = _round_with_decisions()
    client.force_login(other_programme_office())
    url = reverse("applications:eligible_list_export", args=[round.pk, fmt])
    assert client.get(url).status_code == 404


def test_unknown_format_is_404(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    client.force_login(office_user())
    url = reverse("applications:eligible_list_export", args=[round.pk, "csv"])
    assert client.get(url).status_code == 404


def test_excel_query_count_does_not_grow(client, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    round = eligibility_round()
    for _ in range(2):
        submitted_application(round, status=ApplicationStatus.ELIGIBLE)
    client.force_login(office_user())
    url = reverse("applications:eligible_list_export", args=[round.pk, "xlsx"])
    client.get(url)
    with CaptureQueriesContext(connection) as two:
        client.get(url)
    for _ in range(10):
        submitted_application(round, status=ApplicationStatus.ELIGIBLE)
    with django_assert_num_queries(len(two.captured_queries)):
        client.get(url)
