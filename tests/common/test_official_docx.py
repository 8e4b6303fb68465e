"""The GB/T 9704-2012 format of the drafts the office downloads (common.official_docx), and the
read-back check the document tests use (tests.official_format)."""

from __future__ import annotations

import io
from datetime import date

from docx import Document

from common.official_docx import OfficialDocument, official_date
from tests.official_format import gbt9704_problems


def _draft() -> OfficialDocument:
    draft = OfficialDocument(
        title="关于表彰2026年度赣州市市长质量奖获奖组织的决定",
        addressee="各县（市、区）人民政府",
        document_number="赣市府字〔2026〕8号",
    )
    draft.paragraph("经评审、公示，市政府决定授予下列组织2026年度赣州市市长质量奖。")
    draft.attachments(["获奖组织名单", "提名奖组织名单"])
    draft.sign("赣州市人民政府", date(2026, 3, 5))
    draft.record("赣州市人民政府办公室", date(2026, 3, 6), copied_to=["市委办公室", "市人大办公室"])
    return draft


def test_a_draft_keeps_the_page_fonts_and_dates_of_the_standard() -> None:
    assert gbt9704_problems(_draft().to_bytes()) == []


def test_a_draft_carries_number_attachments_signature_and_record() -> None:
    text = [p.text for p in Document(io.BytesIO(_draft().to_bytes())).paragraphs]
    assert text[0] == "赣市府字〔2026〕8号"
    assert "各县（市、区）人民政府：" in text
    assert "附件：1. 获奖组织名单" in text and "2. 提名奖组织名单" in text
    assert text.index("赣州市人民政府") < text.index("2026年3月5日")
    assert "抄送：市委办公室，市人大办公室。" in text
    assert "赣州市人民政府办公室\u3000\u30002026年3月6日印发" in text


def test_the_date_is_written_without_leading_zeros() -> None:
    assert official_date(date(2026, 3, 5)) == "2026年3月5日"
    assert official_date(date(2026, 12, 17)) == "2026年12月17日"


def test_the_check_finds_a_plain_document_out_of_format() -> None:
    """The control: a python-docx default (Letter page, Calibri, no grid, a padded date)."""
    plain = Document()
    plain.add_paragraph("关于某事的通知")
    plain.add_paragraph("2026年03月05日")
    out = io.BytesIO()
    plain.save(out)
    problems = " | ".join(gbt9704_problems(out.getvalue()))
    for expected in ("page width", "top margin", "lines a page", "title in", "leading zero"):
        assert expected in problems
