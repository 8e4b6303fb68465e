"""Editable official documents in the format of GB/T 9704-2012 《党政机关公文格式》, drafted with
python-docx: A4, 版心 156 x 225 mm (top 37 mm, left 28 mm), 22 lines of 28 characters, the title
in 2号小标宋, the body in 3号仿宋_GB2312, the date in Arabic numerals without leading zeros,
the attachment note, the 版记 (抄送, 印发机关 and 印发日期) and page numbers "— 1 —".

The office edits, seals and sends what the portal drafts; the fonts are named as Word on an
office's machine knows them (a machine without them substitutes, the layout stays)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# 7.1 and 5.2.1: the page and the 版心.
PAGE_WIDTH = Mm(210)
PAGE_HEIGHT = Mm(297)
MARGIN_TOP = Mm(37)
MARGIN_BOTTOM = Mm(35)
MARGIN_LEFT = Mm(28)
MARGIN_RIGHT = Mm(26)
# 5.2.2: 22 lines a page, 28 characters a line of 3号 (16 pt): a line pitch of 225 mm / 22.
LINE_PITCH = Pt(28.95)
# 7.3.1 and 7.3.3: the title in 2号小标宋, the body in 3号仿宋.
TITLE_FONT = "方正小标宋简体"
TITLE_SIZE = Pt(22)
BODY_FONT = "仿宋_GB2312"
BODY_SIZE = Pt(16)
# 7.3.4: "附件" on an attachment's first page in 3号黑体.
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
# 7.5.1: page numbers in 4号 半角宋体 Arabic numerals with a dash on each side.
PAGE_NUMBER_FONT = "宋体"
PAGE_NUMBER_SIZE = Pt(14)
ONE_CHARACTER = Pt(16)


def official_date(day: date) -> str:
    """7.3.5.3: 成文日期 in Arabic numerals, year in full, no leading zero: 2026年3月5日."""
    return f"{day.year}年{day.month}月{day.day}日"


def official_money(amount: Decimal) -> str:
    """An amount of money as an official document writes it: 500000 -> 50万元; an amount not
    in whole 万 in 元, without 分 when there are none (12345.00 -> 12345元, 12345.5 -> 12345.50元)."""
    if amount % 10000 == 0:
        return f"{int(amount / 10000)}万元"
    return f"{amount:.2f}元".replace(".00元", "元")


def _set_fonts(run: Run, east_asian: str, size: Pt, *, bold: bool = False) -> None:
    run.font.name = LATIN_FONT
    run.font.size = size
    run.font.bold = bold
    properties = run._element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asian)


# Quotation marks are shared by Chinese and Latin text: Word and LibreOffice draw them in the
# Latin font (half-width) unless the run says they are Chinese.
QUOTES = re.compile(r"([“”‘’]+)")


def _add_text(paragraph: Paragraph, text: str, east_asian: str, size: Pt) -> None:
    """``text`` as runs in ``east_asian`` at ``size``, its quotation marks drawn full-width
    (the 7.3.3 body's “…” as Chinese writes them)."""
    for n, part in enumerate(QUOTES.split(text)):
        if not part:
            continue
        run = paragraph.add_run(part)
        _set_fonts(run, east_asian, size)
        if n % 2:  # a quotation mark: the Latin fonts and the hint name the Chinese font too
            fonts = run._element.get_or_add_rPr().find(qn("w:rFonts"))
            for attribute in ("w:ascii", "w:hAnsi"):
                fonts.set(qn(attribute), east_asian)
            fonts.set(qn("w:hint"), "eastAsia")


def _width_in_characters(text: str) -> float:
    """How many 3号 characters ``text`` takes: CJK one, Latin letters and digits half."""
    return sum(0.5 if ord(c) < 0x2E80 else 1.0 for c in text)


@dataclass
class OfficialDocument:
    """One document: build it in reading order, then ``to_bytes()``.

    >>> doc = OfficialDocument(title="关于……的请示", addressee="赣州市人民政府")
    >>> doc.paragraph("正文……")
    >>> doc.sign("赣州市市长质量奖评审工作领导小组办公室", date(2026, 3, 5))
    """

    title: str
    addressee: str = ""
    document_number: str = ""
    document: DocxDocument = field(init=False)

    def __post_init__(self) -> None:
        self.document = Document()
        section = self.document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
        section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
        section.footer_distance = Mm(28) - Mm(7)  # 7.5.1: page number 7 mm below the 版心
        self._set_grid(section._sectPr)
        normal = self.document.styles["Normal"]
        normal.font.name = LATIN_FONT
        normal.font.size = BODY_SIZE
        normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
        spacing = normal.paragraph_format
        spacing.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        spacing.line_spacing = LINE_PITCH
        spacing.space_before = spacing.space_after = Pt(0)
        self._page_numbers()
        if self.document_number:
            number = self._paragraph(self.document_number, WD_ALIGN_PARAGRAPH.CENTER)
            number.paragraph_format.space_after = LINE_PITCH
        title = self.document.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title.paragraph_format.line_spacing = Pt(35)
        # 7.3.1: one blank line under the title, before the addressee.
        title.paragraph_format.space_after = LINE_PITCH
        _add_text(title, self.title, TITLE_FONT, TITLE_SIZE)
        if self.addressee:
            self._paragraph(f"{self.addressee}：")

    @staticmethod
    def _set_grid(section_properties: object) -> None:
        grid = section_properties.find(qn("w:docGrid"))  # type: ignore[attr-defined]
        if grid is None:
            grid = OxmlElement("w:docGrid")
            section_properties.append(grid)  # type: ignore[attr-defined]
        grid.set(qn("w:type"), "linesAndChars")
        grid.set(qn("w:linePitch"), str(int(LINE_PITCH.pt * 20)))
        grid.set(qn("w:charSpace"), "0")

    def _page_numbers(self) -> None:
        footer = self.document.sections[0].footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _set_fonts(footer.add_run("— "), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
        run = footer.add_run()
        _set_fonts(run, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
        for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
            if kind:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            else:
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = text
            run._element.append(element)
        _set_fonts(footer.add_run(" —"), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)

    def _paragraph(
        self,
        text: str,
        alignment: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.LEFT,
        *,
        first_line_indent: Pt | None = None,
    ) -> Paragraph:
        paragraph = self.document.add_paragraph()
        paragraph.alignment = alignment
        if first_line_indent is not None:
            paragraph.paragraph_format.first_line_indent = first_line_indent
        _add_text(paragraph, text, BODY_FONT, BODY_SIZE)
        return paragraph

    def paragraph(self, text: str) -> Paragraph:
        """7.3.3: a body paragraph, its first line indented by two characters."""
        return self._paragraph(
            text, WD_ALIGN_PARAGRAPH.JUSTIFY, first_line_indent=Pt(2 * ONE_CHARACTER.pt)
        )

    def paragraphs(self, lines: Iterable[str]) -> None:
        for line in lines:
            if line.strip():
                self.paragraph(line.strip())

    def table(
        self,
        header: Sequence[str],
        rows: Iterable[Sequence[str]],
        widths: Sequence[float] = (),
    ) -> None:
        """A table in the body (an attachment's list) across the 版心, in 小四仿宋 so that five
        columns fit; ``widths`` are the columns' shares of the 156 mm (equal by default)."""
        shares = list(widths) or [1.0] * len(header)
        column_widths = [Mm(156 * share / sum(shares)) for share in shares]
        table = self.document.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for column, width in zip(table.columns, column_widths, strict=True):
            column.width = width  # the grid LibreOffice and WPS lay the table out by
        for cell, text, width in zip(table.rows[0].cells, header, column_widths, strict=True):
            cell.width = width
            self._cell(cell.paragraphs[0], text, bold=True)
        for row in rows:
            for cell, text, width in zip(table.add_row().cells, row, column_widths, strict=True):
                cell.width = width
                self._cell(cell.paragraphs[0], text)

    @staticmethod
    def _cell(paragraph: Paragraph, text: str, *, bold: bool = False) -> None:
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        # A table's lines keep their own height instead of the body's 22-line grid.
        snap = OxmlElement("w:snapToGrid")
        snap.set(qn("w:val"), "0")
        paragraph._p.get_or_add_pPr().insert(0, snap)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _set_fonts(paragraph.add_run(text), BODY_FONT, Pt(12), bold=bold)

    def attachment_page(
        self,
        label: str,
        title: str,
        header: Sequence[str],
        rows: Iterable[Sequence[str]],
        widths: Sequence[float] = (),
    ) -> None:
        """7.3.4: an attachment on a new page: "附件" in 3号黑体 at the top left, its title
        centred in 2号小标宋, then its table."""
        self.document.add_page_break()
        _set_fonts(self.document.add_paragraph().add_run(label), HEADING_FONT, BODY_SIZE)
        heading = self.document.add_paragraph()
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        heading.paragraph_format.line_spacing = Pt(35)
        heading.paragraph_format.space_after = LINE_PITCH
        _set_fonts(heading.add_run(title), TITLE_FONT, TITLE_SIZE)
        self.table(header, rows, widths)

    def attachments(self, names: Sequence[str]) -> None:
        """7.3.4: 附件说明, a blank line under the body, indented two characters; several are
        numbered 1. 2. ..."""
        if not names:
            return
        self._paragraph("")
        if len(names) == 1:
            self.paragraph(f"附件：{names[0]}")
            return
        self.paragraph(f"附件：1. {names[0]}")
        for n, name in enumerate(names[1:], 2):
            # Hanging under the first name: 附件： takes three characters.
            self._paragraph(f"{n}. {name}", first_line_indent=Pt(5 * ONE_CHARACTER.pt))

    def sign(self, issuer: str, day: date) -> None:
        """7.3.5.2: the issuer centred over the date, the date four characters from the right
        edge, after two blank lines. 7.3.5.1: the signature never stands alone on a page: the
        last paragraph above it goes with it to the next page."""
        if self.document.paragraphs:
            self.document.paragraphs[-1].paragraph_format.keep_with_next = True
        for _blank in range(2):
            self._paragraph("").paragraph_format.keep_with_next = True
        date_text = official_date(day)
        date_width = _width_in_characters(date_text)
        issuer_width = _width_in_characters(issuer)
        right = 4.0
        issuer_right = max(0.0, right + (date_width - issuer_width) / 2)
        signature = self._paragraph(issuer, WD_ALIGN_PARAGRAPH.RIGHT)
        signature.paragraph_format.right_indent = Pt(issuer_right * ONE_CHARACTER.pt)
        signature.paragraph_format.keep_with_next = True
        dated = self._paragraph(date_text, WD_ALIGN_PARAGRAPH.RIGHT)
        dated.paragraph_format.right_indent = Pt(right * ONE_CHARACTER.pt)

    def record(self, issuer: str, day: date, copied_to: Sequence[str] = ()) -> None:
        """7.4: the 版记 at the end: 抄送 and 印发机关/印发日期 between rules."""
        self._paragraph("")
        lines = []
        if copied_to:
            lines.append(f"抄送：{'，'.join(copied_to)}。")
        lines.append(f"{issuer}\u3000\u3000{official_date(day)}印发")
        for n, text in enumerate(lines):
            paragraph = self._paragraph(text, first_line_indent=Pt(ONE_CHARACTER.pt))
            for run in paragraph.runs:
                run.font.size = Pt(14)
            self._rule(paragraph, "top")
            if n == len(lines) - 1:
                self._rule(paragraph, "bottom")

    @staticmethod
    def _rule(paragraph: Paragraph, side: str) -> None:
        borders = paragraph._p.get_or_add_pPr().find(qn("w:pBdr"))
        if borders is None:
            borders = OxmlElement("w:pBdr")
            paragraph._p.get_or_add_pPr().append(borders)
        line = OxmlElement(f"w:{side}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "8")
        line.set(qn("w:space"), "1")
        line.set(qn("w:color"), "000000")
        borders.append(line)

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()
