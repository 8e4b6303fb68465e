"""The expert pool's Excel workbook: the downloadable template and the row-by-row check of an
uploaded file (every row is validated first; nothing is imported when one row is wrong)."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from common import sheets
from experts.forms.pool import ExpertRowForm

# Column order of the workbook: field name, bilingual header (the sheet is read by Chinese and
# English users alike), and the label shown in the error report.
COLUMNS: tuple[tuple[str, str, Any], ...] = (
    ("name", "姓名 Name", gettext_lazy("Name")),
    ("employer", "工作单位 Employer", gettext_lazy("Employer")),
    (
        "employer_credit_code",
        "统一社会信用代码 Credit code",
        gettext_lazy("Employer's credit code"),
    ),
    ("title", "职称 Title", gettext_lazy("Professional title")),
    ("qualifications", "资格 Qualifications", gettext_lazy("Qualifications")),
    ("specialties", "专业领域 Specialties", gettext_lazy("Specialties")),
    ("industries", "行业 Industries", gettext_lazy("Industries")),
    ("region", "地区 Region", gettext_lazy("Region")),
    ("phone", "电话 Phone", gettext_lazy("Phone")),
    ("email", "电子邮箱 E-mail", gettext_lazy("E-mail")),
)
EXAMPLE_ROW = (
    "李明",
    "江西理工大学",
    "123600004910150334",
    "教授",
    "卓越绩效评价准则评审员",
    "质量管理；稀土材料",
    "制造业",
    "章贡区",
    "0797-8312000",
    "liming@example.com",
)
MAX_ROWS = 2000


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


def template_workbook() -> bytes:
    """The import template: the header row and one example row."""
    return sheets.template_workbook(("专家库 Experts", COLUMNS, EXAMPLE_ROW))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_workbook(upload: IO[bytes]) -> tuple[list[dict[str, Any]], list[RowError]]:
    """Validate every row of an uploaded workbook. Returns the cleaned rows and the errors
    (row number as Excel shows it, column, message); rows are only usable when no error."""
    labels = {field: str(label) for field, _header, label in COLUMNS}
    try:
        book = load_workbook(upload, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError, TypeError):
        return [], [RowError(0, "", _("This file is not a readable Excel workbook (.xlsx)."))]
    sheet = book.worksheets[0] if book.worksheets else None
    if sheet is None:
        return [], [RowError(0, "", _("The workbook has no sheet."))]
    rows = sheet.iter_rows(values_only=True)
    header = [_cell(value) for value in next(rows, ())]
    expected = [header_text for _field, header_text, _label in COLUMNS]
    if header[: len(expected)] != expected:
        book.close()
        return [], [
            RowError(1, "", _("The header row does not match the template; download it again."))
        ]
    cleaned: list[dict[str, Any]] = []
    errors: list[RowError] = []
    seen: dict[tuple[str, str], int] = {}
    for number, values in enumerate(rows, start=2):
        cells = [_cell(value) for value in values[: len(COLUMNS)]]
        if not any(cells):
            continue
        if number - 1 > MAX_ROWS:
            errors.append(
                RowError(number, "", _("At most %(n)d experts per workbook.") % {"n": MAX_ROWS})
            )
            break
        cells += [""] * (len(COLUMNS) - len(cells))
        form = ExpertRowForm(data=dict(zip((c[0] for c in COLUMNS), cells, strict=True)))
        if not form.is_valid():
            for field, messages in form.errors.items():
                for message in messages:
                    errors.append(RowError(number, labels.get(field, ""), str(message)))
            continue
        key = (form.cleaned_data["name"], form.cleaned_data["employer_credit_code"])
        if key in seen:
            errors.append(
                RowError(
                    number,
                    labels["name"],
                    _("The same expert is already in row %(row)d.") % {"row": seen[key]},
                )
            )
            continue
        seen[key] = number
        cleaned.append(form.cleaned_data)
    book.close()
    if not cleaned and not errors:
        errors.append(RowError(0, "", _("The workbook has no expert rows.")))
    return cleaned, errors
