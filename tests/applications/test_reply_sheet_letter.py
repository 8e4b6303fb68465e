"""Art. 17, R14: the sealed reply letter uploaded with the liaison's Excel reply sheet is stored
once and every answer of the sheet carries it: the letter's SHA-256 and stored file in each
answer's decision-log row, all saved in one transaction or none (and then no file is left)."""

from __future__ import annotations

import hashlib
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

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def _consultation(round, tax, name: str) -> Consultation:  # type: ignore[no-untyped-def]
    return Consultation.objects.create(
        application=submitted_application(round, organisation=OrganisationFactory(name=name)),
        department=tax,
        question="近三年有无重大税收违法失信行为?",
        sent_by=office_user(),
    )


def _setup(n: int):  # type: ignore[no-untyped-def]
    round = eligibility_round()
    tax = department("tax")
    liaison = signed(liaison_user(tax), round)
    return liaison, [_consultation(round, tax, f"组织{i}") for i in range(n)]


def _sheet(client, answers: dict[int, tuple[object, str, str]]) -> SimpleUploadedFile:  # type: ignore[no-untyped-def]
    """The downloaded sheet with (number, answer, details) written in the given rows."""
    response = client.get(reverse("applications:liaison_reply_sheet"))
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.active
    for row, (number, answer, details) in answers.items():
        sheet.cell(row=row, column=1, value=number)
        sheet.cell(row=row, column=6, value=answer)
        sheet.cell(row=row, column=7, value=details)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("答复表.xlsx", out.getvalue())


def _post(client, sheet: SimpleUploadedFile, letter: bytes | None = PDF):  # type: ignore[no-untyped-def]
    data: dict[str, object] = {"file": sheet}
    if letter is not None:
        data["letter"] = SimpleUploadedFile("复函.pdf", letter)
    return client.post(reverse("applications:liaison_replies"), data)


def _stored_files(tmp_path) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())


def test_every_answer_of_the_sheet_logs_the_letters_hash_and_file(client, tmp_path) -> None:  # type: ignore[no-untyped-def]
    liaison, consultations = _setup(3)
    client.force_login(liaison)
    sheet = _sheet(
        client,
        {
            2: (consultations[0].pk, "无不良记录", ""),
            3: (consultations[1].pk, "有不良记录", "2024年欠税10万元，已补缴"),
            4: (consultations[2].pk, "无不良记录", ""),
        },
    )
    response = _post(client, sheet)
    assert response.status_code == 302
    answered = [Consultation.objects.get(pk=c.pk) for c in consultations]
    stored = answered[0].reply_letter.name
    assert stored.startswith(f"consultations/{answered[0].application_id}/")
    # One file stored, referenced by every answer.
    assert _stored_files(tmp_path) == [stored]
    assert [c.reply_letter.name for c in answered] == [stored] * 3
    assert {c.reply_letter_name for c in answered} == {"复函.pdf"}
    sha256 = hashlib.sha256(PDF).hexdigest()
    assert [c.reply_letter_sha256 for c in answered] == [sha256] * 3
    rows = DecisionLogEntry.objects.filter(action="consultation.answer").order_by("pk")
    assert [(r.object_id, r.data["letter"]) for r in rows] == [
        (str(c.application_id), {"sha256": sha256, "file": stored}) for c in answered
    ]
    assert [r.data["result"] for r in rows] == [
        ConsultationResult.NO_ADVERSE,
        ConsultationResult.ADVERSE,
        ConsultationResult.NO_ADVERSE,
    ]


def test_a_sheet_without_letter_logs_no_letter(client, tmp_path) -> None:  # type: ignore[no-untyped-def]
    liaison, consultations = _setup(2)
    client.force_login(liaison)
    sheet = _sheet(
        client,
        {2: (consultations[0].pk, "无不良记录", ""), 3: (consultations[1].pk, "无不良记录", "")},
    )
    assert _post(client, sheet, letter=None).status_code == 302
    rows = DecisionLogEntry.objects.filter(action="consultation.answer")
    assert [r.data["letter"] for r in rows] == [None, None]
    assert not any(Consultation.objects.get(pk=c.pk).reply_letter for c in consultations)
    assert _stored_files(tmp_path) == []


def test_an_answer_refused_after_the_letter_was_stored_saves_nothing(client, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The third row names a consultation of a round whose commitment the liaison has not
    signed (R12): the sheet passes the row checks but answering it is refused, after the
    first answer stored the letter. Nothing is saved, no log row written, no file left."""
    liaison, consultations = _setup(2)
    unsigned = _consultation(eligibility_round(), department("tax"), "未签承诺轮次组织")
    client.force_login(liaison)
    sheet = _sheet(
        client,
        {
            2: (consultations[0].pk, "无不良记录", ""),
            3: (consultations[1].pk, "无不良记录", ""),
            4: (unsigned.pk, "无不良记录", ""),
        },
    )
    response = _post(client, sheet)
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "Sign the round's confidentiality commitment first. (Art. 31 of the Measures)"
    ]
    assert not Consultation.objects.exclude(result=ConsultationResult.PENDING).exists()
    assert not Consultation.objects.exclude(reply_letter="").exists()
    assert not DecisionLogEntry.objects.filter(action="consultation.answer").exists()
    assert _stored_files(tmp_path) == []
