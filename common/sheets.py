"""Spreadsheet cells that cannot run: text from users goes into Excel exports as text."""

from __future__ import annotations

from typing import TypeVar

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
