"""The expert pool's Excel import: every row validated first, a row-by-row report, nothing
imported when a row is wrong; a clean file imports all rows in one transaction."""

from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook

from accounts.models import User
from experts.models import ExpertProfile
from experts.services import pool as services_pool
from experts.services.pool_import import (
    COLUMNS,
    EXAMPLE_ROW,
    RowError,
    read_workbook,
    template_workbook,
)
from tests.factories import make_credit_code, programme

HEADER = [header for _field, header, _label in COLUMNS]


def workbook(*rows: list[str], header: list[str] | None = None) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(header or HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def row(name: str = "李明", code: str | None = None, email: str = "") -> list[str]:
    return [
        name,
        "江西理工大学",
        code or make_credit_code(),
        "教授",
        "",
        "质量管理",
        "制造业",
        "章贡区",
        "",
        email,
    ]


def test_the_template_has_the_header_and_a_valid_example_row(db: None) -> None:
    sheet = load_workbook(io.BytesIO(template_workbook())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert tuple(rows[1]) == EXAMPLE_ROW
    cleaned, errors = read_workbook(io.BytesIO(template_workbook()))
    assert errors == []
    assert [r["name"] for r in cleaned] == ["李明"]


def test_a_good_file_is_read_completely(db: None) -> None:
    cleaned, errors = read_workbook(workbook(row("李明"), row("王芳"), row("张伟")))
    assert errors == []
    assert [r["name"] for r in cleaned] == ["李明", "王芳", "张伟"]


def test_a_bad_credit_code_in_row_3_is_reported_with_row_and_column(db: None) -> None:
    good = make_credit_code()
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    cleaned, errors = read_workbook(workbook(row("李明"), row("王芳", code=bad)))
    assert errors == [
        RowError(
            3,
            "Employer's credit code",
            "The check character of this unified social credit code is wrong (GB 32100): "
            "please check the code on the business licence.",
        )
    ]


def test_a_missing_name_is_reported(db: None) -> None:
    _cleaned, errors = read_workbook(workbook(row(""), row("王芳")))
    assert errors == [RowError(2, "Name", "This field is required.")]


def test_duplicate_rows_are_reported_against_the_first(db: None) -> None:
    code = make_credit_code()
    _cleaned, errors = read_workbook(workbook(row("李明", code), row("王芳"), row("李明", code)))
    assert errors == [RowError(4, "Name", "The same expert is already in row 2.")]


def test_a_wrong_header_or_a_non_workbook_is_refused(db: None) -> None:
    _cleaned, errors = read_workbook(workbook(row(), header=["name", "employer"]))
    assert errors == [
        RowError(1, "", "The header row does not match the template; download it again.")
    ]
    _cleaned, errors = read_workbook(io.BytesIO(b"not a workbook"))
    assert errors == [RowError(0, "", "This file is not a readable Excel workbook (.xlsx).")]


def test_import_creates_new_and_updates_matched_experts(office: User) -> None:
    code = make_credit_code()
    existing = ExpertProfile.objects.create(
        name="李明", employer="旧名称", employer_credit_code=code
    )
    cleaned, errors = read_workbook(workbook(row("李明", code), row("王芳")))
    assert errors == []
    result = services_pool.import_experts(programme(), actor=office, rows=cleaned)
    assert (result.created, result.updated) == (1, 1)
    existing.refresh_from_db()
    assert existing.employer == "江西理工大学"
    assert ExpertProfile.objects.filter(programmes=programme()).count() == 2
