"""Art. 17: the office enters a department's reply received on paper with the scan
of the department's sealed reply letter, checked and stored exactly like the letter a liaison
uploads online; its hash is in the decision log (R14) and the office downloads it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from applications.enums import ConsultationResult
from applications.models import Consultation
from decisionlog.models import DecisionLogEntry
from tests.awards.helpers import (
    eligibility_round,
    in_english,  # noqa: F401  (autouse: messages in English)
    signed,
    submitted_application,
)
from tests.factories import department, office_user

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


def _post(client, consultation: Consultation, **extra):  # type: ignore[no-untyped-def]
    office = signed(office_user(), consultation.application.round)
    client.force_login(office)
    url = reverse(
        "applications:office_paper_reply", args=[consultation.application_id, consultation.pk]
    )
    data = {
        "result": ConsultationResult.NO_ADVERSE,
        "details": "",
        "received_on": timezone.localdate() - timedelta(days=1),
        **extra,
    }
    return office, client.post(url, data)


def test_the_paper_reply_form_uploads_files(client) -> None:  # type: ignore[no-untyped-def]
    consultation = _consultation()
    client.force_login(signed(office_user(), consultation.application.round))
    page = client.get(reverse("applications:office_detail", args=[consultation.application_id]))
    html = page.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert f'id="id_paper{consultation.pk}_letter"' in html


def test_paper_reply_with_the_sealed_letter_is_stored_logged_and_downloadable(client) -> None:  # type: ignore[no-untyped-def]
    consultation = _consultation()
    office, response = _post(client, consultation, letter=SimpleUploadedFile("税务局复函.pdf", PDF))
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert (
        consultation.result,
        consultation.answered_by,
        consultation.reply_letter_name,
        consultation.reply_letter_type,
        consultation.reply_letter_size,
    ) == (ConsultationResult.NO_ADVERSE, office, "税务局复函.pdf", "application/pdf", len(PDF))
    # Stored like the liaison's letter: under the application, with a generated name.
    assert consultation.reply_letter.name.startswith(
        f"consultations/{consultation.application_id}/"
    )
    assert "复函" not in consultation.reply_letter.name
    entry = DecisionLogEntry.objects.get(action="consultation.paper_reply")
    assert entry.data["letter"] == {"sha256": consultation.reply_letter_sha256}
    assert len(consultation.reply_letter_sha256) == 64
    url = reverse("applications:consultation_reply_letter", args=[consultation.pk])
    detail = client.get(reverse("applications:office_detail", args=[consultation.application_id]))
    assert url in detail.content.decode()
    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"


def test_an_exe_renamed_pdf_is_refused_on_the_field_and_nothing_is_saved(client, tmp_path) -> None:  # type: ignore[no-untyped-def]
    consultation = _consultation()
    _office, response = _post(client, consultation, letter=SimpleUploadedFile("复函.pdf", EXE))
    assert response.status_code == 200
    form = response.context["consultations"][0]["paper_form"]
    assert form.errors == {
        "letter": [
            "The file name says PDF but the content is not a type we accept. "
            "Accepted: PDF, OFD, DOCX, XLSX, JPG, PNG."
        ]
    }
    assert "Nothing was saved" in response.content.decode()
    consultation.refresh_from_db()
    assert (consultation.result, consultation.answered_at, consultation.reply_letter.name) == (
        ConsultationResult.PENDING,
        None,
        "",
    )
    assert not DecisionLogEntry.objects.filter(action="consultation.paper_reply").exists()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_paper_reply_without_a_letter_still_works(client) -> None:  # type: ignore[no-untyped-def]
    consultation = _consultation()
    _office, response = _post(
        client, consultation, result=ConsultationResult.ADVERSE, details="2024年欠税，已补缴"
    )
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert (consultation.result, consultation.details, consultation.reply_letter.name) == (
        ConsultationResult.ADVERSE,
        "2024年欠税，已补缴",
        "",
    )
    entry = DecisionLogEntry.objects.get(action="consultation.paper_reply")
    assert entry.data["letter"] is None
    download = client.get(reverse("applications:consultation_reply_letter", args=[consultation.pk]))
    assert download.status_code == 404
