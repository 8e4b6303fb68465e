"""The certificate PDF (R15): Chinese wording, the name exactly as given (rare characters, HTML,
file:// URLs), fonts embedded, nothing fetched, rendered once under a fixed name."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date
from typing import Any

import pdfplumber
import pytest
from pypdf import PdfReader

from awards.enums import PrizeLevel
from common.documents import DenyByDefaultFetcher, FetchRefused, render_pdf
from grants.certificates import certificate_context, render_certificate_html
from grants.models import Certificate
from grants.services.approval import record_approval
from grants.services.certificates import render_certificate_pdf
from grants.tasks import render_certificate
from tests.factories import office_user
from tests.publicity.helpers import approval_round, manufacturer, proposed

pytestmark = pytest.mark.django_db


def _certificate(
    name: str = "赣州稀土新材料股份有限公司", level: str = PrizeLevel.PRIZE
) -> Certificate:
    round, _ = approval_round(n_prize=0, year=2031)
    app = proposed(round, organisation=manufacturer(name=name), level=level)
    record_approval(
        round,
        actor=office_user(),
        approved_on=date(2032, 1, 15),
        meeting="市政府第12次常务会议",
        document_number="赣市府字〔2032〕3号",
    )
    return Certificate.objects.select_related("grant").get(grant__application=app)


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _fonts(pdf: bytes) -> list[tuple[str, list[str]]]:
    """(font name, its /FontFile* keys) for every font the pages use."""
    found = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            keys = (
                [k for k in descriptor.get_object() if k.startswith("/FontFile")]
                if descriptor
                else []
            )
            found.append((str(font.get("/BaseFont")), keys))
    return found


def _pdf_of(certificate: Certificate) -> bytes:
    render_certificate_pdf(certificate)
    certificate.refresh_from_db()
    with certificate.file.open("rb") as handle:
        return handle.read()


def test_certificate_states_the_organisation_award_year_approval_and_number() -> None:
    certificate = _certificate()
    text = _pdf_of(certificate)
    text = _text(text)
    assert "荣誉证书" in text.replace(" ", "")
    assert "赣州稀土新材料股份有限公司" in text
    assert "荣获2031年度赣州市市长质量奖" in text
    assert "提名奖" not in text
    assert "赣州市人民政府" in text and "赣市府字〔2032〕3号" in text and "2032年1月15日" in text
    assert certificate.number in text
    assert f"/verify/{certificate.number}/" in text


# --- the layout: a certificate an office signs and a company frames ---------------------------

MM = 72 / 25.4  # PDF points in a millimetre


def _overlaps(a: dict[str, Any], b: dict[str, Any], slack: float = 0.5) -> bool:
    return (
        a["x0"] < b["x1"] - slack
        and b["x0"] < a["x1"] - slack
        and a["top"] < b["bottom"] - slack
        and b["top"] < a["bottom"] - slack
    )


def _box(objects: list[dict[str, Any]]) -> dict[str, float]:
    return {
        "x0": min(o["x0"] for o in objects),
        "x1": max(o["x1"] for o in objects),
        "top": min(o["top"] for o in objects),
        "bottom": max(o["bottom"] for o in objects),
    }


@pytest.mark.parametrize(
    "name",
    [
        "赣州稀土新材料股份有限公司",
        # Two lines of name: the longest an organisation registers in practice.
        "赣州市南康区家具产业智能制造与供应链管理服务集团股份有限公司江西分公司",
    ],
)
def test_the_certificate_is_one_balanced_page_where_nothing_overlaps(name: str) -> None:
    """One page; the frame centred (equal margins); no two lines of text overlap, none crosses
    the QR code; the seal's place (42 mm) sits over the issuer and the date, which is written
    in Chinese numerals as certificates write it."""
    pdf = _pdf_of(_certificate(name=name))
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        assert len(document.pages) == 1
        page = document.pages[0]
        lines = page.extract_text_lines()
        frame = _box([r for r in page.rects if r["width"] > page.width / 2])
        margins = (
            frame["x0"],
            page.width - frame["x1"],
            frame["top"],
            page.height - frame["bottom"],
        )
        assert max(margins) - min(margins) < 1 * MM, f"frame not centred: {margins}"
        text = [line["text"] for line in lines]
        for i, a in enumerate(lines):
            for b in lines[i + 1 :]:
                assert not _overlaps(a, b), f"{a['text']!r} overlaps {b['text']!r}"
            for edge in ("x0", "top"):
                assert a[edge] > frame[edge], f"{a['text']!r} outside the frame"
        qr = _box([line for line in page.lines if line["x1"] < page.width / 2])
        assert 20 * MM < qr["x1"] - qr["x0"] < 30 * MM, "control: the QR code is found"
        crossing = [line["text"] for line in lines if _overlaps(line, qr)]
        assert not crossing, f"text over the QR code: {crossing}"
        (seal, *_) = [c for c in page.curves if abs(c["width"] - 42 * MM) < 2 * MM]
        issuer = next(line for line in lines if line["text"] == "赣州市人民政府")
        dated = next(line for line in lines if line["text"] == "二〇三二年一月十五日")
        for line in (issuer, dated):
            middle = (line["x0"] + line["x1"]) / 2, (line["top"] + line["bottom"]) / 2
            assert seal["x0"] < middle[0] < seal["x1"] and seal["top"] < middle[1] < seal["bottom"]
        assert "，" in " ".join(text) and "," not in " ".join(text).replace("http", "")


def test_nomination_certificate_names_the_nomination_prize() -> None:
    text = _text(_pdf_of(_certificate(level=PrizeLevel.NOMINATION)))
    assert "荣获2031年度赣州市市长质量奖提名奖" in text


def test_rare_cjk_character_prints_exactly_and_fonts_are_embedded() -> None:
    name = "赣州𠀾钨业有限公司"  # U+2003E, CJK Extension B
    pdf = _pdf_of(_certificate(name=name))
    assert name in _text(pdf)
    fonts = _fonts(pdf)
    assert fonts, "no font in the PDF"
    assert all(keys for _name, keys in fonts), fonts
    assert any("Noto-Serif-CJK-SC" in font for font, _keys in fonts)


def _font_covers(codepoint: int) -> bool:
    if not shutil.which("fc-list"):
        return False
    out = subprocess.run(
        ["fc-list", f":charset={codepoint:x}", "family"], capture_output=True, text=True
    )
    return bool(out.stdout.strip())


@pytest.mark.skipif(
    not _font_covers(0x31350),
    reason="no installed font covers U+31350 (CJK Extension G): apt-get install fonts-babelstone-han",
)
def test_extension_g_character_prints_exactly() -> None:
    name = "赣州\U00031350材料有限公司"
    pdf = _pdf_of(_certificate(name=name))
    assert name in _text(pdf)
    assert all(keys for _name, keys in _fonts(pdf))


@pytest.mark.parametrize(
    ("name", "escaped"),
    [
        ("<b>x</b> file:///etc/passwd", "&lt;b&gt;x&lt;/b&gt;"),
        ('<img src="file:///etc/passwd">赣州', "&lt;img src=&quot;file:///etc/passwd&quot;&gt;"),
    ],
)
def test_html_and_file_urls_in_a_name_print_as_text_and_fetch_nothing(
    name: str, escaped: str
) -> None:
    certificate = _certificate(name=name)
    html = render_certificate_html(certificate)
    assert name not in html and escaped in html
    fetcher = DenyByDefaultFetcher()
    text = _text(render_pdf(html, fetcher))
    assert name in text
    assert fetcher.refused == []
    assert "root:" not in text


def test_the_fetcher_refuses_file_and_network_urls() -> None:
    fetcher = DenyByDefaultFetcher()
    for url in (
        "file:///etc/passwd",
        "http://169.254.169.254/latest/meta-data/",
        "https://example.cn/a.png",
    ):
        with pytest.raises(FetchRefused):
            fetcher.fetch(url)
    assert fetcher.refused == [
        "file:///etc/passwd",
        "http://169.254.169.254/latest/meta-data/",
        "https://example.cn/a.png",
    ]
    response = fetcher.fetch("data:text/plain;base64,5Lit5paH")
    assert response.read() == "中文".encode()


def test_an_unescaped_file_url_would_still_fetch_nothing() -> None:
    # Defence in depth: even markup that slipped past escaping cannot read a local file.
    fetcher = DenyByDefaultFetcher()
    html = '<html lang="zh-CN"><body><p>证书</p><img src="file:///etc/passwd"><link rel="stylesheet" href="file:///etc/hosts"></body></html>'
    text = _text(render_pdf(html, fetcher))
    assert sorted(fetcher.refused) == ["file:///etc/hosts", "file:///etc/passwd"]
    assert "root:" not in text


def test_qr_code_is_an_inline_svg_pointing_at_the_verify_page(settings) -> None:
    settings.PORTAL_BASE_URL = "https://award.example.gov.cn"
    certificate = _certificate()
    context = certificate_context(certificate)
    assert context["verify_url"] == f"https://award.example.gov.cn/verify/{certificate.number}/"
    assert context["qr_data_uri"].startswith("data:image/svg+xml")
    html = render_certificate_html(certificate)
    assert 'lang="zh-CN"' in html
    assert settings.CERTIFICATE_FONT_FAMILY in html


def test_task_run_twice_renders_once() -> None:
    certificate = _certificate()
    assert render_certificate(certificate.pk) is True
    certificate.refresh_from_db()
    first = (certificate.file.name, certificate.generated_at)
    assert render_certificate(certificate.pk) is False
    certificate.refresh_from_db()
    assert (certificate.file.name, certificate.generated_at) == first
    assert first[0] == f"certificates/{certificate.number}.pdf"
    storage = certificate.file.storage
    assert storage.listdir("certificates")[1] == [f"{certificate.number}.pdf"]


def test_a_file_left_by_a_failed_run_is_overwritten_not_duplicated() -> None:
    certificate = _certificate()
    storage = certificate.file.storage
    storage.save(f"certificates/{certificate.number}.pdf", io.BytesIO(b"partial"))
    assert render_certificate(certificate.pk) is True
    certificate.refresh_from_db()
    assert certificate.file.name == f"certificates/{certificate.number}.pdf"
    assert storage.listdir("certificates")[1] == [f"{certificate.number}.pdf"]
    with certificate.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_task_for_a_missing_certificate_does_nothing() -> None:
    assert render_certificate(987654) is False
