"""Downloads: one set of headers for stored private files and for documents made on the fly."""

from __future__ import annotations

import io
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.http import Http404

from applications.models import Attachment
from common.files import (
    download_name,
    generated_file_response,
    open_or_404,
    private_file_response,
)

PDF = b"%PDF-1.4\n%%EOF\n"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.parametrize(
    ("name", "content_type", "expected"),
    [
        ("申报书.pdf", "application/pdf", "申报书.pdf"),
        ("扫描件", "application/pdf", "扫描件.pdf"),
        ("report.PDF", "application/pdf", "report.PDF"),
        ("photo.jpeg", "image/jpeg", "photo.jpeg"),
        ("photo", "image/jpeg", "photo.jpg"),
        ("letter.exe", "image/png", "letter.png"),
        ("polyglot.html", "application/pdf", "polyglot.pdf"),
        ("polyglot.HTM", "application/pdf", "polyglot.pdf"),
        ("表格.pdf.svg", "image/png", "表格.pdf.png"),
        ("申报书.jpeg", "application/pdf", "申报书.pdf"),
        ("2026.03 申报书", "application/pdf", "2026.03 申报书.pdf"),  # a dot, not a suffix
        ("申报书v1.2", "application/pdf", "申报书v1.2.pdf"),
        ("照片.jpg", "image/png", "照片.png"),
        ("名单.xlsx", XLSX, "名单.xlsx"),
        ("round-2026", "application/zip", "round-2026.zip"),
        ("notes.txt", "text/plain", "notes.txt"),  # a type without a known suffix: as given
        ("", "application/pdf", "download.pdf"),
    ],
)
def test_download_name_ends_in_the_suffix_of_its_sniffed_type(name, content_type, expected) -> None:  # type: ignore[no-untyped-def]
    assert download_name(name, content_type) == expected


def test_private_file_is_an_attachment_under_its_chinese_name() -> None:
    response = private_file_response(
        io.BytesIO(PDF), name="赣州市市长质量奖申报书", content_type="application/pdf"
    )
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''" + quote("赣州市市长质量奖申报书.pdf")
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == PDF


def test_an_ascii_name_is_given_plainly() -> None:
    response = private_file_response(io.BytesIO(PDF), name="a.pdf", content_type="application/pdf")
    assert response["Content-Disposition"] == 'attachment; filename="a.pdf"'


def test_generated_document_has_the_same_headers() -> None:
    response = generated_file_response(b"PK\x03\x04", name="征求意见答复表", content_type=XLSX)
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''" + quote("征求意见答复表.xlsx")
    )
    assert response["Content-Type"] == XLSX
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response.content == b"PK\x03\x04"


def test_a_stored_file_opens() -> None:
    attachment = Attachment(application_id=3)
    attachment.file.save("upload.pdf", ContentFile(PDF), save=False)
    with open_or_404(attachment.file) as handle:
        assert handle.read() == PDF


def test_a_lost_file_is_a_404_saying_so() -> None:
    attachment = Attachment(application_id=3, file="attachments/3/gone.pdf")
    with pytest.raises(Http404) as missing:
        open_or_404(attachment.file, "The document file is missing.")
    assert str(missing.value) == "The document file is missing."
    with pytest.raises(Http404):
        open_or_404(attachment.file)
