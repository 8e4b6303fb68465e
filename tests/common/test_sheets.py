"""Every leading character a spreadsheet reads as a formula is escaped; nothing else is."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from common.sheets import escape_cell


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil.example","赣州公式企业")',
        "+1+1",
        "-1",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_a_text_read_as_a_formula_gets_a_leading_apostrophe(text: str) -> None:
    assert escape_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value",
    ["赣州稀土新材料有限公司", "91360700MA35XXXX1A", "a=b", "1-2", "", " =1", "'=1"],
)
def test_other_text_is_unchanged(value: str) -> None:
    assert escape_cell(value) == value


@pytest.mark.parametrize("value", [-1, -2.5, Decimal("-3.0"), None, date(2026, 5, 1), True])
def test_values_that_are_not_text_are_unchanged(value: object) -> None:
    assert escape_cell(value) is value
