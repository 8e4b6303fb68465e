"""Spreadsheet cells that cannot run: text from users goes into Excel exports as text; and the
template workbook an import offers for download."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any, TypeVar

from openpyxl import Workbook

from common.transactions import ensure_outside_transaction

T = TypeVar("T")

# A cell starting with one of these is read as a formula by Excel, WPS or LibreOffice (tab and
# carriage return: once the sheet is saved as CSV and opened again).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: T) -> T | str:
    """``value`` as a cell of an exported sheet: a text that would be read as a formula gets a
    leading apostrophe and stays text ("=HYPERLINK(...)" becomes "'=HYPERLINK(...)");
    anything else is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def template_workbook(*sheets: tuple[str, Sequence[tuple[str, str, Any]], Sequence[Any]]) -> bytes:
    """An import template: for each (title, columns, example) a sheet with the header row (the
    second of each column's (field, header, label)) and the example row, columns sized to the
    headers."""
    ensure_outside_transaction("building a workbook")
    book = Workbook()
    for number, (title, columns, example) in enumerate(sheets):
        sheet = book.active if number == 0 else book.create_sheet(title)
        assert sheet is not None
        sheet.title = title
        sheet.append([header for _field, header, _label in columns])
        sheet.append(list(example))
        for index, (_field, header, _label) in enumerate(columns):
            sheet.column_dimensions[chr(ord("A") + index)].width = max(14, len(header) + 4)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
