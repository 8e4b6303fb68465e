"""R12: images, Word documents and Excel workbooks an expert opens are stamped with the
expert's name and the time (images: the picture; DOCX/XLSX: header and footer); the stored
file never changes; the organisation gets its stored file; OFD goes out unchanged."""

from __future__ import annotations

import hashlib
import io

import pytest
from docx import Document
from openpyxl import Workbook, load_workbook
from openpyxl.chart import BarChart, Reference
from PIL import Image

from accounts.models import User
from applications.watermark import WatermarkError, stream_docx, stream_xlsx, watermark_image
from tests.reviews.helpers import ready
from tests.reviews.test_pool_watermark import download, file_sha256, stored

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def png(size=(400, 300), mode="RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (255, 255, 255)).save(out, format="PNG")
    return out.getvalue()


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (255, 255, 255)).save(out, format="JPEG")
    return out.getvalue()


def docx(sections: int = 2) -> bytes:
    document = Document()
    document.add_paragraph("自评报告正文")
    for _n in range(sections - 1):
        document.add_section()
        document.add_paragraph("第二节")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx(with_chart: bool = True) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "经营指标"
    for row in (("年份", "营收"), (2024, 10), (2025, 12)):
        sheet.append(row)
    if with_chart:
        chart = BarChart()
        chart.add_data(Reference(sheet, min_col=2, min_row=1, max_row=3), titles_from_data=True)
        sheet.add_chart(chart, "D2")
    book.create_sheet("附表").append(["x"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def watermark_docx(data: bytes, text: str) -> bytes:
    out = io.BytesIO()
    stream_docx(io.BytesIO(data), out, text)
    return out.getvalue()


def watermark_xlsx(data: bytes, text: str) -> bytes:
    out = io.BytesIO()
    stream_xlsx(io.BytesIO(data), out, text)
    return out.getvalue()


def served(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content)


# --- the stampers ---------------------------------------------------------------------------


def test_an_image_is_stamped_and_keeps_its_format_and_size() -> None:
    for data, fmt in ((png(), "PNG"), (jpeg(), "JPEG")):
        out = watermark_image(data, "王专家 · viewed 2026-11-28 09:30 · confidential")
        with Image.open(io.BytesIO(out)) as stamped, Image.open(io.BytesIO(data)) as original:
            assert stamped.format == fmt and stamped.size == original.size
            # The white picture now has grey pixels: the stamp.
            extrema = stamped.convert("L").getextrema()
            assert extrema[0] < 250 and original.convert("L").getextrema() == (255, 255)


def test_a_png_with_transparency_keeps_it() -> None:
    out = watermark_image(png(mode="RGBA"), "x")
    with Image.open(io.BytesIO(out)) as stamped:
        assert stamped.mode == "RGBA"


def test_a_docx_gets_the_text_in_every_header_and_footer() -> None:
    out = Document(io.BytesIO(watermark_docx(docx(2), "王专家 · 保密")))
    assert len(out.sections) == 2
    for section in out.sections:
        assert "王专家 · 保密" in "\n".join(p.text for p in section.header.paragraphs)
        assert "王专家 · 保密" in "\n".join(p.text for p in section.footer.paragraphs)
    assert "自评报告正文" in "\n".join(p.text for p in out.paragraphs)


def test_an_xlsx_gets_the_text_in_every_sheet_and_keeps_its_chart() -> None:
    original = xlsx()
    out = watermark_xlsx(original, "王专家 & 保密")
    book = load_workbook(io.BytesIO(out))
    for sheet in book.worksheets:
        # "&&" is how a header prints one "&" (a single one starts a code such as &P).
        assert "王专家 && 保密" in sheet.oddHeader.center.text
        assert "王专家 && 保密" in sheet.oddFooter.left.text
    assert book["经营指标"]["B3"].value == 12
    import zipfile

    names = set(zipfile.ZipFile(io.BytesIO(out)).namelist())
    assert names == set(zipfile.ZipFile(io.BytesIO(original)).namelist())
    assert any(n.startswith("xl/charts/") for n in names)


@pytest.mark.parametrize(
    "stamper", [watermark_image, watermark_docx, watermark_xlsx], ids=["image", "docx", "xlsx"]
)
def test_garbage_is_refused(stamper) -> None:
    with pytest.raises(WatermarkError):
        stamper(b"not a file", "x")


# --- the download -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "content_type"),
    [
        (png(), "证书.png", "image/png"),
        (jpeg(), "现场.jpg", "image/jpeg"),
        (docx(), "自评报告.docx", DOCX),
        (xlsx(), "经营数据.xlsx", XLSX),
    ],
    ids=["png", "jpg", "docx", "xlsx"],
)
def test_the_expert_gets_a_stamped_copy_and_the_stored_file_is_unchanged(
    office: User, application, reviewer: User, data, name, content_type
) -> None:
    ready(application, reviewer, office)
    attachment = stored(application, data, name=name, content_type=content_type)
    before = file_sha256(attachment)
    copy = served(download(reviewer, attachment))
    assert copy != data
    assert file_sha256(attachment) == before == hashlib.sha256(data).hexdigest()
    if content_type == DOCX:
        header = Document(io.BytesIO(copy)).sections[0].header.paragraphs
        assert any("王专家" in p.text for p in header)
    if content_type == XLSX:
        assert "王专家" in load_workbook(io.BytesIO(copy)).active.oddHeader.center.text
    # The organisation gets its stored file, unstamped.
    assert served(download(attachment.uploaded_by, attachment)) == data


def test_an_ofd_goes_out_unchanged(office: User, application, reviewer: User) -> None:
    ready(application, reviewer, office)
    data = b"PK\x03\x04ofd"
    attachment = stored(application, data, name="电子证照.ofd", content_type="application/ofd")
    assert served(download(reviewer, attachment)) == data


# --- streamed stamping (applications.office_stamp) --------------------------------------------


def test_a_docx_is_stamped_part_by_part_in_small_chunks(monkeypatch) -> None:
    """Read in 7-byte chunks (tags split across chunks): the first-page and even-page headers
    a section shows get the text, an existing header keeps its own, pictures are copied."""
    import zipfile

    from applications import office_stamp

    monkeypatch.setattr(office_stamp, "CHUNK", 7)
    document = Document()
    document.settings.odd_and_even_pages_header_footer = True
    document.sections[0].header.paragraphs[0].text = "企业抬头"
    document.add_paragraph("正文" * 500)
    second = document.add_section()
    second.different_first_page_header_footer = True
    document.add_picture(io.BytesIO(png()))
    source = io.BytesIO()
    document.save(source)
    out = watermark_docx(source.getvalue(), "王专家 · 保密")
    stamped = Document(io.BytesIO(out))
    for section in stamped.sections:
        parts = [section.header, section.footer, section.even_page_header, section.even_page_footer]
        if section.different_first_page_header_footer:
            parts += [section.first_page_header, section.first_page_footer]
        for part in parts:
            assert "王专家 · 保密" in "\n".join(p.text for p in part.paragraphs)
    assert stamped.sections[0].header.paragraphs[0].text == "企业抬头"
    assert "正文" * 500 in "\n".join(p.text for p in stamped.paragraphs)
    before, after = zipfile.ZipFile(source), zipfile.ZipFile(io.BytesIO(out))
    media = [n for n in before.namelist() if n.startswith("word/media/")]
    assert media and all(before.read(n) == after.read(n) for n in media)


def test_a_large_xlsx_sheet_is_stamped_in_small_chunks(monkeypatch) -> None:
    from applications import office_stamp

    monkeypatch.setattr(office_stamp, "CHUNK", 5)
    book = Workbook()
    for n in range(300):
        book.active.append([n, f"指标{n}"])
    book.active.oddHeader.center.text = "旧页眉"
    source = io.BytesIO()
    book.save(source)
    sheet = load_workbook(io.BytesIO(watermark_xlsx(source.getvalue(), "王专家"))).active
    assert "王专家" in sheet.oddHeader.center.text and "旧页眉" not in sheet.oddHeader.center.text
    assert sheet["B300"].value == "指标299"
