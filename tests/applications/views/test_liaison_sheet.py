"""Art. 17: a liaison answers many consultations at once with the Excel reply sheet; every
row is checked first, all saved or none; only its own department's consultations."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from applications.enums import ConsultationResult
from applications.models import Consultation
from decisionlog.models import DecisionLogEntry
from tests.awards.helpers import (
    eligibility_round,
    in_english,  # noqa: F401  (autouse: messages in English)
    signed,
    submitted_application,
)
from tests.factories import OrganisationFactory, department, liaison_user, office_user

pytestmark = pytest.mark.django_db


def _setup(n: int = 2):  # type: ignore[no-untyped-def]
    round = eligibility_round()
    tax = department("tax")
    liaison = signed(liaison_user(tax), round)
    consultations = [
        Consultation.objects.create(
            application=submitted_application(
                round, organisation=OrganisationFactory(name=f"组织{i}")
            ),
            department=tax,
            question="近三年有无重大税收违法失信行为?",
            sent_by=office_user(),
        )
        for i in range(n)
    ]
    return round, liaison, consultations


def _filled(client, answers: dict[int, tuple[str, str]]) -> SimpleUploadedFile:  # type: ignore[no-untyped-def]
    """Download the sheet and fill in the answer of the given row numbers."""
    response = client.get(reverse("applications:liaison_reply_sheet"))
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.active
    for row, (answer, details) in answers.items():
        sheet.cell(row=row, column=6, value=answer)
        sheet.cell(row=row, column=7, value=details)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("答复表.xlsx", out.getvalue())


def test_sheet_lists_the_pending_consultations(client) -> None:  # type: ignore[no-untyped-def]
    _round, liaison, consultations = _setup()
    client.force_login(liaison)
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert reverse("applications:liaison_replies") in dashboard
    response = client.get(reverse("applications:liaison_reply_sheet"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == [c.pk for c in consultations]
    assert rows[1][1] == "组织0"


def test_sheet_keeps_a_name_that_looks_like_a_formula_as_text(client) -> None:  # type: ignore[no-untyped-def]
    _round, liaison, consultations = _setup(1)
    organisation = consultations[0].application.organisation
    organisation.name = '=HYPERLINK("http://evil.example","组织")'
    organisation.save(update_fields=["name"])
    client.force_login(liaison)
    response = client.get(reverse("applications:liaison_reply_sheet"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][1] == "'" + organisation.name


def test_upload_answers_every_filled_row(client) -> None:  # type: ignore[no-untyped-def]
    _round, liaison, consultations = _setup(3)
    client.force_login(liaison)
    upload = _filled(client, {2: ("无不良记录", ""), 3: ("有不良记录", "2024年欠税10万元，已补缴")})
    response = client.post(reverse("applications:liaison_replies"), {"file": upload})
    assert response.status_code == 302
    results = [Consultation.objects.get(pk=c.pk).result for c in consultations]
    assert results == [
        ConsultationResult.NO_ADVERSE,
        ConsultationResult.ADVERSE,
        ConsultationResult.PENDING,
    ]
    assert Consultation.objects.get(pk=consultations[1].pk).details == "2024年欠税10万元，已补缴"
    assert DecisionLogEntry.objects.filter(action="consultation.answer").count() == 2


def test_one_bad_row_saves_nothing_and_names_the_row(client) -> None:  # type: ignore[no-untyped-def]
    _round, liaison, consultations = _setup(2)
    client.force_login(liaison)
    upload = _filled(client, {2: ("无不良记录", ""), 3: ("有不良记录", "")})
    response = client.post(reverse("applications:liaison_replies"), {"file": upload})
    assert response.status_code == 200
    assert response.context["errors"] == ["Row 3: describe the adverse record."]
    assert not Consultation.objects.exclude(result=ConsultationResult.PENDING).exists()


def test_another_departments_consultation_in_the_sheet_is_refused(client) -> None:  # type: ignore[no-untyped-def]
    round, liaison, _consultations = _setup(1)
    foreign = Consultation.objects.create(
        application=submitted_application(round),
        department=department("ecology"),
        question="环境违法？",
        sent_by=office_user(),
    )
    client.force_login(liaison)
    upload = _filled(client, {2: ("无不良记录", "")})
    book = load_workbook(io.BytesIO(upload.read()))
    book.active.cell(row=3, column=1, value=foreign.pk)
    book.active.cell(row=3, column=6, value="无不良记录")
    out = io.BytesIO()
    book.save(out)
    response = client.post(
        reverse("applications:liaison_replies"),
        {"file": SimpleUploadedFile("答复表.xlsx", out.getvalue())},
    )
    assert response.context["errors"] == ["Row 3: unknown consultation number."]
    assert Consultation.objects.get(pk=foreign.pk).result == ConsultationResult.PENDING
    assert not Consultation.objects.exclude(result=ConsultationResult.PENDING).exists()


def test_a_pdf_instead_of_the_sheet_is_refused(client) -> None:  # type: ignore[no-untyped-def]
    _round, liaison, _consultations = _setup(1)
    client.force_login(liaison)
    pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    response = client.post(
        reverse("applications:liaison_replies"), {"file": SimpleUploadedFile("答复.pdf", pdf)}
    )
    assert response.context["form"].errors["file"] == ["Upload the reply sheet as an .xlsx file."]


def test_sheet_of_an_unsigned_round_is_empty(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    tax = department("tax")
    Consultation.objects.create(
        application=submitted_application(round),
        department=tax,
        question="?",
        sent_by=office_user(),
    )
    client.force_login(liaison_user(tax))  # has not signed the round's commitment (R12)
    response = client.get(reverse("applications:liaison_reply_sheet"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 1
