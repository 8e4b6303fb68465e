"""Reading an official .docx back: what GB/T 9704-2012 asks of its page, fonts and dates.

Used by the tests of each draft the office downloads (the consultation letter, the request to
revoke, the notice of a bar) and by the link crawl over every .docx the demo offers."""

from __future__ import annotations

import io
import re

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

LEADING_ZERO_DATE = re.compile(r"\d{4}年0\d月|[^\d]0\d日|\d{4}-\d{2}-\d{2}")
# 7.2.4: 发文字号 above the title (赣市府字〔2026〕8号).
DOCUMENT_NUMBER = re.compile(r"〔\d{4}〕\d+号$")


def _close(value: int | None, expected: int, tolerance: int = Mm(0.5)) -> bool:
    return value is not None and abs(value - expected) <= tolerance


def _east_asian_font(paragraph: Paragraph, style_font: str) -> set[str]:
    fonts = set()
    for run in paragraph.runs:
        if not run.text.strip():
            continue
        properties = run._element.rPr
        found = properties.find(qn("w:rFonts")) if properties is not None else None
        name = found.get(qn("w:eastAsia")) if found is not None else None
        fonts.add(name or style_font)
    return fonts


def _sizes(paragraph: Paragraph, style_size: int) -> set[float]:
    return {(run.font.size or style_size) / Pt(1) for run in paragraph.runs if run.text.strip()}


def gbt9704_problems(content: bytes) -> list[str]:
    """What departs from GB/T 9704-2012 in the document: page and margins (版心 156 x 225 mm),
    22 lines a page, the title in 2号小标宋, the body in 3号仿宋_GB2312 (the 版记 in 4号), the
    date without leading zeros. Empty when the document keeps the format."""
    document = Document(io.BytesIO(content))
    problems = []
    section = document.sections[0]
    for label, value, expected in (
        ("page width", section.page_width, Mm(210)),
        ("page height", section.page_height, Mm(297)),
        ("top margin", section.top_margin, Mm(37)),
        ("bottom margin", section.bottom_margin, Mm(35)),
        ("left margin", section.left_margin, Mm(28)),
        ("right margin", section.right_margin, Mm(26)),
    ):
        if not _close(value, expected):
            problems.append(f"{label} {value} instead of {expected}")
    grid = section._sectPr.find(qn("w:docGrid"))
    pitch = int(grid.get(qn("w:linePitch"), 0)) if grid is not None else 0
    if pitch and round(Mm(225) / (pitch * 635)) != 22:  # 1 twip = 635 EMU
        problems.append(f"{Mm(225) / (pitch * 635):.1f} lines a page instead of 22")
    elif not pitch:
        problems.append("no line grid")
    normal = document.styles["Normal"]
    style_size = normal.font.size or Pt(10.5)
    fonts = normal.element.rPr.find(qn("w:rFonts")) if normal.element.rPr is not None else None
    style_font = (fonts.get(qn("w:eastAsia")) if fonts is not None else None) or ""
    paragraphs = [
        p for p in document.paragraphs if p.text.strip() and not DOCUMENT_NUMBER.search(p.text)
    ]
    if not paragraphs:
        return [*problems, "no text"]
    title, *body = paragraphs
    if _sizes(title, style_size) != {22.0}:
        problems.append(f"title in {_sizes(title, style_size)} pt instead of 22 (2号)")
    if not any("小标宋" in font for font in _east_asian_font(title, style_font)):
        problems.append(f"title in {_east_asian_font(title, style_font)} instead of 小标宋")
    for paragraph in body:
        sizes = _sizes(paragraph, style_size)
        if "印发" in paragraph.text or paragraph.text.startswith("抄送"):
            allowed = {14.0}  # 7.4: the 版记 in 4号
        elif "小标宋" in "".join(_east_asian_font(paragraph, style_font)):
            allowed = {22.0}  # an attachment's title
        else:
            allowed = {16.0}
        if not sizes <= allowed:
            problems.append(f"{paragraph.text[:12]!r} in {sizes} pt instead of {allowed}")
        fonts = _east_asian_font(paragraph, style_font)
        if not fonts <= {"仿宋_GB2312", "黑体", "方正小标宋简体"}:
            problems.append(f"{paragraph.text[:12]!r} in {fonts}")
    text = "\n".join(p.text for p in paragraphs)
    for date in LEADING_ZERO_DATE.findall(text):
        problems.append(f"date {date!r}: Arabic numerals without a leading zero (7.3.5.3)")
    return problems
