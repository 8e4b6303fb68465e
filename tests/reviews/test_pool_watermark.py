"""R12: an expert's download of a PDF dossier file is stamped on every page with the expert's
name and the time (Asia/Shanghai); the stored file never changes; others get the stored file."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader
from weasyprint import HTML

from accounts.models import User
from applications.models import Attachment
from applications.watermark import WatermarkError, stamp_text, watermark_pdf
from tests.factories import applicant_user
from tests.reviews.helpers import ready

DOSSIER = HTML(
    string='<p>申报书正文</p><p style="page-break-before: always">第二页</p>'
).write_pdf()


def stored(
    application, data: bytes, name: str = "申报书.pdf", content_type: str = "application/pdf"
) -> Attachment:
    owner = applicant_user(application.organisation)
    return Attachment.objects.create(
        application=application,
        kind="form",
        file=ContentFile(data, name=name),
        original_name=name,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=owner,
    )


def download(user: User, attachment: Attachment):
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.get(
        reverse("applications:attachment_download", args=[attachment.pk]),
    )


def file_sha256(attachment: Attachment) -> str:
    with attachment.file.open("rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def test_expert_gets_every_page_stamped_and_the_stored_file_is_unchanged(
    office: User, application, reviewer: User
) -> None:
    ready(application, reviewer, office)
    attachment = stored(application, DOSSIER)
    before = file_sha256(attachment)
    response = download(reviewer, attachment)
    assert response.status_code == 200
    served = b"".join(response.streaming_content)
    assert served != DOSSIER
    pages = PdfReader(io.BytesIO(served)).pages
    assert len(pages) == 2
    for page in pages:
        text = page.extract_text()
        assert "王专家" in text
        assert "confidential" in text
    assert "申报书正文" in pages[0].extract_text()
    assert file_sha256(attachment) == before == hashlib.sha256(DOSSIER).hexdigest()


def test_the_organisation_gets_the_stored_pdf_unstamped(application) -> None:
    attachment = stored(application, DOSSIER)
    owner = attachment.uploaded_by
    response = download(owner, attachment)
    assert b"".join(response.streaming_content) == DOSSIER


def test_an_unreadable_image_is_not_served_unstamped_to_the_expert(
    office: User, application, reviewer: User
) -> None:
    """Images are stamped too (tests/reviews/test_watermark_files.py): a broken one is refused."""
    ready(application, reviewer, office)
    data = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    attachment = stored(application, data, name="证书.png", content_type="image/png")
    response = download(reviewer, attachment)
    assert response.status_code == 422
    assert response.content.decode() == "This image could not be read to add the watermark."


def test_an_unreadable_pdf_is_not_served_unstamped_to_the_expert(
    office: User, application, reviewer: User
) -> None:
    ready(application, reviewer, office)
    attachment = stored(application, b"%PDF-1.4\nbroken")
    response = download(reviewer, attachment)
    assert response.status_code == 422
    assert response.content.decode() == "This PDF could not be read to add the watermark."


def test_the_stamp_is_in_chinese_for_a_chinese_session(
    office: User, application, reviewer: User
) -> None:
    ready(application, reviewer, office)
    attachment = stored(application, DOSSIER)
    client = Client()
    client.force_login(reviewer)
    response = client.get(
        reverse("applications:attachment_download", args=[attachment.pk]),
    )
    text = PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages[0].extract_text()
    assert "王专家 · 查阅于 " in text
    assert " · 保密" in text


def test_stamp_text_uses_shanghai_time() -> None:
    from datetime import UTC, datetime

    assert stamp_text("王专家", datetime(2026, 11, 28, 1, 30, tzinfo=UTC)) == (
        "王专家 · viewed 2026-11-28 09:30 · confidential"
    )


def test_watermark_pdf_refuses_garbage() -> None:
    with pytest.raises(WatermarkError):
        watermark_pdf(b"not a pdf", "x")
