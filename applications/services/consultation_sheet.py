"""Art. 17: a department liaison answers many consultations at once with an Excel sheet.

The portal gives the sheet (one row per pending consultation of the liaison's department in
a round whose commitment the liaison signed, R12); the liaison fills in the answer column and
uploads it. Every row is checked first; if any row is wrong nothing is saved and each error
is reported with its row number; otherwise every answer goes through
:func:`applications.services.application.answer_consultation` in one transaction."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from accounts.models import User
from applications.enums import ConsultationResult
from applications.models import Consultation
from applications.selectors.application import consultations_for_liaison
from applications.services.application import answer_consultation
from awards.models import ConfidentialityCommitment
from common.sheets import escape_cell
from common.transactions import ensure_outside_transaction
from common.uploads import check_upload, removed_on_failure
from decisionlog.workflow import DomainError

# The answer column accepts the Chinese wording (as printed in the sheet) or the code.
ANSWERS = {
    "无不良记录": ConsultationResult.NO_ADVERSE,
    "no_adverse": ConsultationResult.NO_ADVERSE,
    "有不良记录": ConsultationResult.ADVERSE,
    "adverse": ConsultationResult.ADVERSE,
}
HEADER = (
    "编号",
    "组织名称",
    "统一社会信用代码",
    "评审年度",
    "征求事项",
    "答复（无不良记录/有不良记录）",
    "不良记录情况",
)


def sheet_consultations(user: User) -> list[Consultation]:
    """The liaison's pending consultations in rounds whose commitment it signed (R12)."""
    signed = ConfidentialityCommitment.objects.filter(user=user).values("round_id")
    return list(
        consultations_for_liaison(user)
        .filter(result=ConsultationResult.PENDING, application__round_id__in=signed)
        .order_by("application__round__year", "application__organisation__name", "pk")
    )


def reply_sheet(user: User) -> bytes:
    ensure_outside_transaction("building a workbook")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "答复"
    sheet.append(list(HEADER))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for c in sheet_consultations(user):
        sheet.append(
            [
                c.pk,
                escape_cell(c.application.organisation.name),
                escape_cell(c.application.organisation.credit_code),
                escape_cell(c.application.round.title),
                escape_cell(c.question),
                "",
                "",
            ]
        )
    choice = DataValidation(type="list", formula1='"无不良记录,有不良记录"', allow_blank=True)
    sheet.add_data_validation(choice)
    choice.add(f"F2:F{max(2, sheet.max_row)}")
    for column, width in zip("ABCDEFG", (8, 30, 22, 24, 40, 22, 40), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass
class SheetRow:
    number: int
    consultation: Consultation | None
    result: str
    details: str
    error: str = ""


def read_replies(user: User, upload: UploadedFile) -> list[SheetRow]:
    """Each filled row of the sheet, checked: a consultation of the liaison, pending, an
    answer given, an adverse record described. Rows with no answer are left out."""
    checked = check_upload(upload)
    if checked.suffix != ".xlsx":
        raise DomainError(_("Upload the reply sheet as an .xlsx file."))
    upload.seek(0)
    try:
        book = load_workbook(io.BytesIO(upload.read()), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise DomainError(
            _("The sheet cannot be read; download a new one and fill it in.")
        ) from exc
    sheet = book.worksheets[0]
    mine = {c.pk: c for c in consultations_for_liaison(user)}
    rows: list[SheetRow] = []
    seen: set[int] = set()
    for number, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        cells = list(values) + [None] * 7
        pk, answer, details = cells[0], str(cells[5] or "").strip(), str(cells[6] or "").strip()
        if pk in (None, "") and not answer:
            continue
        if not answer:
            continue  # not answered in this sheet: stays pending
        row = SheetRow(number, None, ANSWERS.get(answer, ""), details)
        try:
            consultation = mine.get(int(str(pk)))
        except ValueError:
            consultation = None
        if consultation is None:
            row.error = _("Row %(n)d: unknown consultation number.") % {"n": number}
        elif consultation.pk in seen:
            row.error = _("Row %(n)d: this consultation appears twice.") % {"n": number}
        elif consultation.result != ConsultationResult.PENDING:
            row.error = _("Row %(n)d: %(org)s has already been answered.") % {
                "n": number,
                "org": consultation.application.organisation,
            }
        elif not row.result:
            row.error = _("Row %(n)d: answer “无不良记录” or “有不良记录”.") % {"n": number}
        elif row.result == ConsultationResult.ADVERSE and not details:
            row.error = _("Row %(n)d: describe the adverse record.") % {"n": number}
        row.consultation = consultation
        if consultation is not None:
            seen.add(consultation.pk)
        rows.append(row)
    if not rows:
        raise DomainError(_("The sheet holds no answer."))
    return rows


class LetterRefused(DomainError):
    """The sheet's sealed reply letter was refused (the sheet itself was not read)."""


def import_replies(
    user: User, upload: UploadedFile, letter: UploadedFile | None = None
) -> list[SheetRow]:
    """Check every row; save all answers or none. Returns the rows (with errors, if any).

    ``letter``: the department's sealed reply letter for the whole sheet, checked like
    every upload before anything is saved, stored once with the first answer and referenced by
    every other answer of the sheet: each answer's decision-log row carries the letter's
    SHA-256 and stored file (R14), all in one transaction. Should any answer fail, nothing is
    saved and the stored file is removed again."""
    if letter is not None:
        try:
            check_upload(letter)  # refused before any answer is saved
        except DomainError as error:
            raise LetterRefused(error.message, rule=error.rule) from error
    rows = read_replies(user, upload)
    if any(row.error for row in rows):
        return rows
    first: Consultation | None = None
    # The rows roll back together; the letter the first answer stored goes with them.
    with removed_on_failure() as stored, transaction.atomic():
        for row in rows:
            assert row.consultation is not None
            answered = answer_consultation(
                row.consultation,
                actor=user,
                result=row.result,
                details=row.details,
                letter=letter if first is None else None,
                letter_of=first,
            )
            if first is None:
                first = answered
                stored.keep(first.reply_letter)
    return rows
