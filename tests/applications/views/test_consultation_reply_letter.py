"""Art. 17: the department's sealed reply letter uploaded with the liaison's
answer, checked like every upload; the office (signed) and the liaison download it, nobody
else (404)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.enums import ConsultationResult
from applications.models import Consultation
from decisionlog.models import DecisionLogEntry
from tests.awards.helpers import (
    eligibility_round,
    in_english,  # noqa: F401  (autouse: messages in English)
    signed,
    submitted_application,
)
from tests.factories import applicant_user, department, liaison_user, office_user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
EXE = b"MZ\x90\x00" + b"\x00" * 60


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def _consultation() -> Consultation:
    return Consultation.objects.create(
        application=submitted_application(eligibility_round()),
        department=department("tax"),
        question="近三年有无重大税收违法失信行为?",
        sent_by=office_user(),
    )


def _answer(client, consultation, content: bytes = PDF, name: str = "复函.pdf"):  # type: ignore[no-untyped-def]
    liaison = signed(liaison_user(department("tax")), consultation.application.round)
    client.force_login(liaison)
    response = client.post(
        reverse("applications:consultation_answer", args=[consultation.pk]),
        {"result": ConsultationResult.NO_ADVERSE, "letter": SimpleUploadedFile(name, content)},
    )
    return liaison, response


def test_liaison_answers_with_the_sealed_letter_and_the_office_downloads_it(client) -> None:  # type: ignore[no-untyped-def]
    consultation = _consultation()
    liaison, response = _answer(client, consultation)
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert (consultation.result, consultation.reply_letter_name) == (
        ConsultationResult.NO_ADVERSE,
        "复函.pdf",
    )
    assert consultation.reply_letter.name.startswith(
        f"consultations/{consultation.application_id}/"
    )
    assert "复函" not in consultation.reply_letter.name  # generated name
    entry = DecisionLogEntry.objects.get(action="consultation.answer")
    assert entry.data["letter"]["sha256"] == consultation.reply_letter_sha256
    url = reverse("applications:consultation_reply_letter", args=[consultation.pk])
    page = client.get(reverse("applications:consultation_answer", args=[consultation.pk]))
    assert url in page.content.decode()
    own = client.get(url)
    assert own.status_code == 200 and b"".join(own.streaming_content) == PDF
    office = signed(office_user(), consultation.application.round)
    client.force_login(office)
    detail = client.get(reverse("applications:office_detail", args=[consultation.application_id]))
    assert url in detail.content.decode()
    download = client.get(url)
    assert download.status_code == 200
    assert "filename*=utf-8''%E5%A4%8D%E5%87%BD.pdf" in download["Content-Disposition"]


def test_a_disguised_executable_is_refused_and_nothing_is_answered(client) -> None:  # type: ignore[no-untyped-def]
    consultation = _consultation()
    _liaison, response = _answer(client, consultation, EXE, "复函.pdf")
    assert response.status_code == 200
    consultation.refresh_from_db()
    assert consultation.result == ConsultationResult.PENDING and not consultation.reply_letter
    assert not DecisionLogEntry.objects.filter(action="consultation.answer").exists()


@pytest.mark.parametrize(
    "make_user",
    [
        lambda: liaison_user(department("ecology")),
        applicant_user,
        office_user,  # not signed the round's commitment
    ],
    ids=["liaison_of_another_department", "applicant", "unsigned_office"],
)
def test_others_get_404(client, make_user) -> None:  # type: ignore[no-untyped-def]
    consultation = _consultation()
    _answer(client, consultation)
    client.force_login(make_user())
    url = reverse("applications:consultation_reply_letter", args=[consultation.pk])
    assert client.get(url).status_code == 404


def _sheet_setup(client, n: int = 3):  # type: ignore[no-untyped-def]
    from tests.applications.views.test_liaison_sheet import _filled, _setup

    _round, liaison, consultations = _setup(n)
    client.force_login(liaison)
    upload = _filled(client, {2: ("无不良记录", ""), 3: ("有不良记录", "2024年欠税10万元，已补缴")})
    return consultations, upload


def test_one_letter_for_the_whole_reply_sheet(client) -> None:  # type: ignore[no-untyped-def]
    consultations, upload = _sheet_setup(client)
    response = client.post(
        reverse("applications:liaison_replies"),
        {"file": upload, "letter": SimpleUploadedFile("税务局复函.pdf", PDF)},
    )
    assert response.status_code == 302
    answered, adverse, pending = (Consultation.objects.get(pk=c.pk) for c in consultations)
    assert answered.reply_letter_name == adverse.reply_letter_name == "税务局复函.pdf"
    assert answered.reply_letter.name == adverse.reply_letter.name  # stored once
    assert not pending.reply_letter
    url = reverse("applications:consultation_reply_letter", args=[adverse.pk])
    assert b"".join(client.get(url).streaming_content) == PDF


def test_a_refused_letter_saves_no_answer_of_the_sheet(client) -> None:  # type: ignore[no-untyped-def]
    consultations, upload = _sheet_setup(client)
    response = client.post(
        reverse("applications:liaison_replies"),
        {"file": upload, "letter": SimpleUploadedFile("复函.pdf", EXE)},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["letter"]
    assert not Consultation.objects.exclude(result=ConsultationResult.PENDING).exists()
