"""Uploads: the bad inputs every release must survive (docs/testing.md), through the dossier page.

Each refused upload gives a clear form error and stores nothing: no Attachment row and no file
under MEDIA_ROOT. The type is judged by the content, and a name that claims another accepted
type is refused too.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook
from PIL import Image

from applications.models import Attachment
from applications.services.application import add_attachment
from common.uploads import UploadRefused, check_upload
from tests.factories import ApplicationFactory, RoundFactory, applicant_user

pytestmark = pytest.mark.django_db

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
DOCX_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
DOCM_CONTENT_TYPES = DOCX_CONTENT_TYPES.replace(
    "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "vnd.ms-word.document.macroEnabled.main+xml",
)


def _zip(members: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    return _zip(
        {
            "[Content_Types].xml": DOCX_CONTENT_TYPES,
            "_rels/.rels": "<Relationships/>",
            "word/document.xml": "<w:document>质量管理自评报告</w:document>",
        }
    )


def docm_bytes() -> bytes:
    return _zip(
        {
            "[Content_Types].xml": DOCM_CONTENT_TYPES,
            "_rels/.rels": "<Relationships/>",
            "word/document.xml": "<w:document/>",
            "word/vbaProject.bin": b"\x00VBA macro" * 20,
        }
    )


def xlsx_bytes() -> bytes:
    workbook = Workbook()
    workbook.active["A1"] = "营业收入"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def ofd_bytes() -> bytes:
    return _zip({"OFD.xml": "<ofd:OFD/>", "Doc_0/Document.xml": "<ofd:Document/>"})


def image_bytes(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (155, 28, 28)).save(buffer, fmt)
    return buffer.getvalue()


def exe_bytes() -> bytes:
    header = bytearray(b"MZ" + b"\x90\x00" * 29 + b"\x00" * 2 + b"\x80\x00\x00\x00")
    header += b"\x00" * (0x80 - len(header))
    header += b"PE\x00\x00\x4c\x01" + b"\x00" * 200
    return bytes(header) + b"This program cannot be run in DOS mode." * 10


def zip_bomb_bytes() -> bytes:
    """A DOCX-looking zip whose one member expands from a few KB to 20 MB."""
    return _zip(
        {
            "[Content_Types].xml": DOCX_CONTENT_TYPES,
            "word/document.xml": b"\x00" * (20 * 1024 * 1024),
        }
    )


def legacy_doc_bytes() -> bytes:
    # The OLE2 compound-file header of .doc/.xls/.wps.
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00" + b"\x00" * 996


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def draft():
    application = ApplicationFactory(round=RoundFactory())
    user = applicant_user(application.organisation)
    return application, user


@pytest.fixture
def client_of(draft):
    _application, user = draft
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)
    return client


def post_upload(client: Client, application, name: str, data: bytes, **extra):
    return client.post(
        reverse("applications:attachment_add", args=[application.pk]),
        {
            "attachment-kind": "form",
            "attachment-file": SimpleUploadedFile(name, data),
            **extra,
        },
        **({"headers": {"HX-Request": "true"}} if extra.pop("htmx", False) else {}),
    )


REFUSED = [
    pytest.param(
        "申报书.pdf",
        exe_bytes,
        "The file name says PDF but the content is not a type we accept. "
        "Accepted: PDF, OFD, DOCX, XLSX, JPG, PNG.",
        id="exe-renamed-pdf",
    ),
    pytest.param(
        "自评报告.pdf",
        docx_bytes,
        "The file name says PDF but the content is a Word document; rename it or upload the "
        "right file.",
        id="docx-renamed-pdf",
    ),
    pytest.param(
        "自评报告.docx",
        docm_bytes,
        "Files with macros are not accepted: save it without macros, or as PDF.",
        id="macro-docm",
    ),
    pytest.param(
        "自评报告.docx",
        zip_bomb_bytes,
        "The file expands to an implausible size and was refused.",
        id="zip-bomb",
    ),
    pytest.param(
        "申报书.doc",
        legacy_doc_bytes,
        "Old Office/WPS formats (.doc, .xls, .wps) are not accepted: please save the file as "
        "PDF (or DOCX/XLSX) and upload it again.",
        id="legacy-doc",
    ),
    pytest.param(
        "照片.png",
        lambda: image_bytes("JPEG"),
        "The file name says PNG but the content is a JPG image; rename it or upload the right "
        "file.",
        id="jpg-renamed-png",
    ),
    pytest.param(
        "程序.exe",
        exe_bytes,
        "This type of file is not accepted. Accepted: PDF, OFD, DOCX, XLSX, JPG, PNG.",
        id="exe",
    ),
]


@pytest.mark.parametrize(("name", "make", "message"), REFUSED)
def test_bad_upload_is_refused_with_a_form_error_and_nothing_stored(
    draft, client_of, name, make, message
) -> None:
    application, _user = draft
    response = post_upload(client_of, application, name, make())
    assert response.status_code == 200
    assert response.context["attachment_form"].errors["file"] == [message]
    assert message in response.content.decode()
    assert Attachment.objects.count() == 0
    assert stored_files() == []


def test_bad_upload_through_htmx_returns_the_panel_with_the_error(draft, client_of) -> None:
    application, _user = draft
    response = post_upload(client_of, application, "自评报告.pdf", docx_bytes(), htmx=True)
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "applications/_attachments_panel.html"
    assert "the content is a Word document" in response.content.decode()
    assert Attachment.objects.count() == 0
    assert stored_files() == []


def test_file_over_the_limit_is_refused_and_nothing_stored(draft, client_of, settings) -> None:
    settings.UPLOAD_MAX_FILE_BYTES = 1024
    application, _user = draft
    data = PDF + b"0" * (2048 - len(PDF))
    response = post_upload(client_of, application, "大文件.pdf", data)
    # filesizeformat joins number and unit with a no-break space.
    assert response.context["attachment_form"].errors["file"] == [
        "The file is 2.0\xa0KB; the limit is 1.0\xa0KB per file."
    ]
    assert Attachment.objects.count() == 0
    assert stored_files() == []


def test_dossier_total_over_the_limit_is_refused(draft, settings) -> None:
    application, user = draft
    settings.UPLOAD_MAX_DOSSIER_BYTES = len(PDF) + 10
    add_attachment(application, actor=user, upload=SimpleUploadedFile("a.pdf", PDF), kind="form")
    with pytest.raises(UploadRefused) as refused:
        add_attachment(
            application, actor=user, upload=SimpleUploadedFile("b.pdf", PDF), kind="evidence"
        )
    assert refused.value.message.startswith("The files of this dossier would exceed")
    assert Attachment.objects.count() == 1
    assert len(stored_files()) == 1


ACCEPTED = [
    pytest.param("申报书.pdf", lambda: PDF, "application/pdf", ".pdf", id="pdf"),
    pytest.param("营业执照.png", lambda: image_bytes("PNG"), "image/png", ".png", id="png"),
    pytest.param("现场照片.jpg", lambda: image_bytes("JPEG"), "image/jpeg", ".jpg", id="jpg"),
    pytest.param("现场照片.jpeg", lambda: image_bytes("JPEG"), "image/jpeg", ".jpg", id="jpeg"),
    pytest.param(
        "自评报告.docx",
        docx_bytes,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".docx",
        id="docx",
    ),
    pytest.param(
        "财务报表.xlsx",
        xlsx_bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".xlsx",
        id="xlsx",
    ),
    pytest.param("完税证明.ofd", ofd_bytes, "application/ofd", ".ofd", id="ofd"),
]


@pytest.mark.parametrize(("name", "make", "content_type", "suffix"), ACCEPTED)
def test_valid_upload_is_stored_under_a_generated_name_keeping_the_original(
    draft, client_of, name, make, content_type, suffix
) -> None:
    application, user = draft
    data = make()
    response = post_upload(client_of, application, name, data, **{"attachment-is_secret": "on"})
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == name
    assert attachment.content_type == content_type
    assert attachment.size == len(data)
    assert attachment.is_secret is True
    assert attachment.uploaded_by == user
    stored = Path(attachment.file.name)
    assert stored.parent == Path(f"attachments/{application.pk}")
    assert stored.suffix == suffix
    assert len(stored.stem) == 32  # a uuid4 hex, never the user's name
    assert stored_files() == [Path(settings.MEDIA_ROOT) / stored]
    assert (Path(settings.MEDIA_ROOT) / stored).read_bytes() == data


def test_path_traversal_name_is_stored_safely_and_served_back_as_a_pdf(draft, client_of) -> None:
    """`../../a.pdf`: stored under a generated name inside MEDIA_ROOT, shown and served as
    "a.pdf"."""
    application, user = draft
    attachment = add_attachment(
        application,
        actor=user,
        upload=SimpleUploadedFile("../../a.pdf", PDF),
        kind="form",
    )
    assert attachment.original_name == "a.pdf"
    root = Path(settings.MEDIA_ROOT).resolve()
    assert stored_files() == [root / attachment.file.name]
    assert (root / attachment.file.name).resolve().is_relative_to(root)
    response = client_of.get(reverse("applications:attachment_download", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="a.pdf"'
    assert b"".join(response.streaming_content) == PDF


def test_windows_path_in_name_is_cut_to_the_file_name(draft) -> None:
    application, user = draft
    attachment = add_attachment(
        application,
        actor=user,
        upload=SimpleUploadedFile("C:\\Users\\张三\\桌面\\申报书.pdf", PDF),
        kind="form",
    )
    assert attachment.original_name == "申报书.pdf"


def test_unknown_suffix_with_accepted_content_is_stored_with_the_sniffed_suffix(draft) -> None:
    application, user = draft
    attachment = add_attachment(
        application, actor=user, upload=SimpleUploadedFile("扫描件", PDF), kind="form"
    )
    assert attachment.content_type == "application/pdf"
    assert attachment.file.name.endswith(".pdf")


def test_empty_file_is_refused() -> None:
    with translation.override("en"), pytest.raises(UploadRefused) as refused:
        check_upload(SimpleUploadedFile("a.pdf", b""))
    assert refused.value.message == "The file is empty."


def test_office_file_expanding_past_the_limit_is_refused_and_nothing_stored(
    draft, client_of, settings
) -> None:
    """The members' uncompressed sizes added up, not the upload's size, are held to the limit
    (stamping an expert's copy rewrites the package, R12)."""
    application, _user = draft
    data = docx_bytes()
    expanded = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    settings.UPLOAD_MAX_OFFICE_EXPANDED_BYTES = expanded - 1
    response = post_upload(client_of, application, "自评报告.docx", data)
    assert response.context["attachment_form"].errors["file"] == [
        f"The file expands to {expanded}\xa0bytes when opened; the limit is {expanded - 1}"
        "\xa0bytes. Make its pictures smaller or split it into several files."
    ]
    assert Attachment.objects.count() == 0
    assert stored_files() == []
    with translation.override("zh-hans"), pytest.raises(UploadRefused) as refused:
        check_upload(SimpleUploadedFile("自评报告.docx", data))
    assert refused.value.message.startswith("该文件解压后为")
    settings.UPLOAD_MAX_OFFICE_EXPANDED_BYTES = expanded
    assert check_upload(SimpleUploadedFile("自评报告.docx", data)).kind == "docx"
    # An OFD is not an Office file: the limit does not apply to it.
    settings.UPLOAD_MAX_OFFICE_EXPANDED_BYTES = 1
    assert check_upload(SimpleUploadedFile("完税证明.ofd", ofd_bytes())).kind == "ofd"
