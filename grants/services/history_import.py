"""The history workbook (Art. 34, R4, R7, R8): earlier rounds' winners and the bans in force,
including those under the 2017 measures. A downloadable template; every row of an uploaded
file is checked first and the error report names row and column; nothing is imported when
one row is wrong; a clean file is imported in one transaction."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from accounts.models import User
from accounts.permissions import office_programme_ids
from awards.enums import PrizeLevel
from awards.models import AwardProgramme
from awards.rulesets import RuleSettings, programme_rule_settings
from common import sheets
from common.uploads import removed_on_failure
from decisionlog.services import record_decision
from decisionlog.workflow import DomainError
from grants import hooks
from grants.enums import BanReason, Measures
from grants.models import AwardGrant, HistoryImport, PastBan, PastWin
from grants.rules.grant import add_years
from organisations.validators import normalise_credit_code, validate_credit_code

WIN_SHEET = "获奖名单 Winners"
BAN_SHEET = "禁止申报 Bans"
WIN_COLUMNS: tuple[tuple[str, str, Any], ...] = (
    ("programme", "奖项 Programme", gettext_lazy("Programme")),
    ("round_year", "届别年度 Round year", gettext_lazy("Round year")),
    ("level", "奖项等级 Level", gettext_lazy("Level")),
    ("credit_code", "统一社会信用代码 Credit code", gettext_lazy("Credit code")),
    ("organisation_name", "组织名称 Organisation", gettext_lazy("Organisation")),
    ("approved_on", "批准日期 Approval date", gettext_lazy("Approval date")),
    ("money_paid", "已发奖金(元) Money paid (CNY)", gettext_lazy("Money paid")),
)
BAN_COLUMNS: tuple[tuple[str, str, Any], ...] = (
    # R8 / Art. 28, 30: the programme that decided the bar (it bars that programme's award).
    ("programme", "奖项 Programme", gettext_lazy("Programme")),
    ("credit_code", "统一社会信用代码 Credit code", gettext_lazy("Credit code")),
    ("organisation_name", "组织名称 Organisation", gettext_lazy("Organisation")),
    ("reason", "原因 Reason", gettext_lazy("Reason")),
    ("measures", "依据办法 Measures", gettext_lazy("Measures")),
    ("starts_on", "起始日期 From", gettext_lazy("From")),
    ("ends_on", "截止日期 Until", gettext_lazy("Until")),
    ("document_number", "文号 Document number", gettext_lazy("Document number")),
)
WIN_EXAMPLE = (
    "ganzhou-mayor",
    2020,
    "市长质量奖",
    "91360702MAEXAMPL0J",
    "赣州示例科技有限公司",
    "2021-01-18",
    500000,
)
BAN_EXAMPLE = (
    "ganzhou-mayor",
    "91360702MAEXAMPL1M",
    "赣州示例实业有限公司",
    "弄虚作假",
    "2017",
    "2019-06-01",
    "2029-06-01",
    "赣市府字〔2019〕20号",
)
# What a cell may say for each choice (Chinese, English or the stored value).
LEVEL_WORDS = {
    "prize": PrizeLevel.PRIZE,
    "市长质量奖": PrizeLevel.PRIZE,
    "质量奖": PrizeLevel.PRIZE,
    "mayor's quality award": PrizeLevel.PRIZE,
    "nomination": PrizeLevel.NOMINATION,
    "提名奖": PrizeLevel.NOMINATION,
    "市长质量奖提名奖": PrizeLevel.NOMINATION,
    "nomination prize": PrizeLevel.NOMINATION,
}
REASON_WORDS = {
    "fraud": BanReason.FRAUD,
    "弄虚作假": BanReason.FRAUD,
    "revocation": BanReason.REVOCATION,
    "撤销": BanReason.REVOCATION,
    "撤销奖项": BanReason.REVOCATION,
}
MAX_ROWS = 2000


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int
    column: str
    message: str


@dataclass
class HistoryRows:
    wins: list[dict[str, Any]] = field(default_factory=list)
    bans: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def template_workbook() -> bytes:
    """The import template: two sheets, each with its header row and one example row."""
    return sheets.template_workbook(
        (WIN_SHEET, WIN_COLUMNS, WIN_EXAMPLE), (BAN_SHEET, BAN_COLUMNS, BAN_EXAMPLE)
    )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    return str(value).strip()


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value).replace("/", "-").replace(".", "-")
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(_("Write the date as YYYY-MM-DD.")) from exc


class _Row:
    """Collects one row's errors by column."""

    def __init__(self, sheet: str, number: int, labels: dict[str, str], out: list[RowError]):
        self.sheet, self.number, self.labels, self.out = sheet, number, labels, out
        self.ok = True

    def error(self, column: str, message: str) -> None:
        self.ok = False
        self.out.append(RowError(self.sheet, self.number, self.labels.get(column, ""), message))


def _credit_code(row: _Row, value: Any) -> str:
    code = normalise_credit_code(_text(value))
    try:
        validate_credit_code(code)
    except ValidationError as error:
        row.error("credit_code", " ".join(str(m) for m in error.messages))
    return code


def _required_date(row: _Row, column: str, value: Any) -> date | None:
    if not _text(value):
        row.error(column, _("Required."))
        return None
    try:
        return _date(value)
    except ValueError as error:
        row.error(column, str(error))
        return None


def _sheet_rows(book: Any, title: str, columns: tuple[tuple[str, str, Any], ...]) -> Any:
    if title not in book.sheetnames:
        return None
    rows = book[title].iter_rows(values_only=True)
    header = [_text(v) for v in next(rows, ())]
    expected = [h for _f, h, _l in columns]
    if header[: len(expected)] != expected:
        return False
    return rows


def _programme(
    row: _Row, cells: dict[str, Any], programmes: dict[str, AwardProgramme]
) -> AwardProgramme | None:
    """The row's programme: one of the importing office's, by short name or name."""
    programme = programmes.get(_text(cells["programme"]).lower())
    if programme is None:
        row.error(
            "programme",
            _("Unknown programme, or not one of yours: give its short name (e.g. %(slug)s).")
            % {"slug": next(iter(programmes), "ganzhou-mayor")},
        )
    return programme


def _win(
    row: _Row, cells: dict[str, Any], programmes: dict[str, AwardProgramme], today: date
) -> dict[str, Any]:
    programme = _programme(row, cells, programmes)
    year: int | None = None
    try:
        year = int(_text(cells["round_year"]))
        if not 1990 <= year <= today.year:
            raise ValueError
    except ValueError:
        row.error("round_year", _("Give the round's year, e.g. 2020."))
        year = None
    level = LEVEL_WORDS.get(_text(cells["level"]).lower())
    if level is None:
        row.error("level", _("Write 市长质量奖 (prize) or 提名奖 (nomination prize)."))
    code = _credit_code(row, cells["credit_code"])
    name = _text(cells["organisation_name"])
    if not name:
        row.error("organisation_name", _("Required."))
    approved_on = _required_date(row, "approved_on", cells["approved_on"])
    if approved_on is not None:
        if approved_on > today:
            row.error("approved_on", _("The approval date cannot be in the future."))
        elif year is not None and approved_on.year < year:
            row.error("approved_on", _("The approval cannot predate the round's year."))
    money: Decimal | None = None
    try:
        money = Decimal(_text(cells["money_paid"]) or "0")
        if money < 0 or money != money.quantize(Decimal("0.01")):
            raise InvalidOperation
    except InvalidOperation:
        row.error("money_paid", _("Give the amount in CNY (0 when nothing was paid)."))
    return {
        "programme": programme,
        "round_year": year,
        "level": level,
        # R15: the level's name kept as the programme writes it today.
        "level_name": programme.level_title(level) if programme and level else "",
        "credit_code": code,
        "organisation_name": name[:200],
        "approved_on": approved_on,
        "money_paid": money,
    }


def _ban(row: _Row, cells: dict[str, Any], programmes: dict[str, AwardProgramme]) -> dict[str, Any]:
    programme = _programme(row, cells, programmes)
    code = _credit_code(row, cells["credit_code"])
    name = _text(cells["organisation_name"])
    if not name:
        row.error("organisation_name", _("Required."))
    reason = REASON_WORDS.get(_text(cells["reason"]).lower())
    if reason is None:
        row.error("reason", _("Write 弄虚作假 (fraud, Art. 28) or 撤销 (revocation, Art. 30)."))
    measures = _text(cells["measures"])
    if measures not in Measures.values:
        row.error("measures", _("Write 2017 or 2022 (the measures the ban was decided under)."))
    starts_on = _required_date(row, "starts_on", cells["starts_on"])
    # R8 / Art. 28, 30: the bar's length under the 2022 measures as the programme's rules set it.
    settings = programme_rule_settings(programme) if programme is not None else RuleSettings()
    years = settings.bar_years(fraud=reason == BanReason.FRAUD)
    ends_on: date | None = None
    if _text(cells["ends_on"]):
        ends_on = _required_date(row, "ends_on", cells["ends_on"])
    elif measures == Measures.M2022 and reason is not None and starts_on is not None:
        # R8: under the 2022 measures the length follows from the reason.
        ends_on = add_years(starts_on, years)
    else:
        row.error("ends_on", _("Give the last day of the ban (required under the 2017 measures)."))
    if starts_on and ends_on and ends_on <= starts_on:
        row.error("ends_on", _("The ban must end after it starts."))
    if (
        measures == Measures.M2022
        and reason is not None
        and starts_on
        and ends_on
        and ends_on != add_years(starts_on, years)
    ):
        row.error(
            "ends_on",
            _(
                "Under Art. 28 and 30 of the 2022 Measures this ban lasts %(n)d years, until %(until)s."
            )
            % {
                "n": years,
                "until": add_years(starts_on, years).isoformat(),
            },
        )
    return {
        "programme": programme,
        "credit_code": code,
        "organisation_name": name[:200],
        "reason": reason,
        "measures": measures,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "document_number": _text(cells["document_number"])[:100],
    }


def read_history_workbook(upload: IO[bytes], actor: User) -> HistoryRows:
    """Check every row of an uploaded history workbook (both sheets). Rows are usable only
    when ``errors`` is empty."""
    result = HistoryRows()
    try:
        book = load_workbook(upload, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError, TypeError):
        result.errors.append(
            RowError("", 0, "", _("This file is not a readable Excel workbook (.xlsx)."))
        )
        return result
    today = timezone.localdate()
    programmes: dict[str, AwardProgramme] = {}
    for programme in AwardProgramme.objects.filter(pk__in=office_programme_ids(actor)):
        programmes[programme.slug.lower()] = programme
        programmes[programme.name.lower()] = programme
    found_any = False
    for title, columns, parse, target in (
        (WIN_SHEET, WIN_COLUMNS, "win", result.wins),
        (BAN_SHEET, BAN_COLUMNS, "ban", result.bans),
    ):
        rows = _sheet_rows(book, title, columns)
        if rows is None:
            continue
        found_any = True
        if rows is False:
            result.errors.append(
                RowError(
                    title,
                    1,
                    "",
                    _("The header row does not match the template; download it again."),
                )
            )
            continue
        labels = {f: str(label) for f, _h, label in columns}
        keys: dict[tuple[Any, ...], int] = {}
        for number, values in enumerate(rows, start=2):
            if not any(_text(v) for v in values[: len(columns)]):
                continue
            if number - 1 > MAX_ROWS:
                result.errors.append(
                    RowError(
                        title, number, "", _("At most %(n)d rows per sheet.") % {"n": MAX_ROWS}
                    )
                )
                break
            padded = list(values[: len(columns)]) + [None] * (len(columns) - len(values))
            cells = dict(zip((c[0] for c in columns), padded, strict=True))
            row = _Row(title, number, labels, result.errors)
            data = (
                _win(row, cells, programmes, today)
                if parse == "win"
                else _ban(row, cells, programmes)
            )
            if not row.ok:
                continue
            key: tuple[Any, ...]
            if parse == "win":
                key = (data["programme"].pk, data["round_year"], data["credit_code"])
            else:
                key = (data["programme"].pk, data["credit_code"], data["starts_on"], data["reason"])
            if key in keys:
                row.error(
                    "credit_code",
                    _("The same entry is already in row %(row)d.") % {"row": keys[key]},
                )
                continue
            keys[key] = number
            data["row"] = number
            target.append(data)
    book.close()
    if not found_any:
        result.errors.append(
            RowError("", 0, "", _("The workbook has neither sheet of the template."))
        )
    elif not result.errors and not result.wins and not result.bans:
        result.errors.append(RowError("", 0, "", _("The workbook has no rows to import.")))
    return result


def _clashes(rows: HistoryRows) -> list[RowError]:
    """Rows that repeat what is already recorded: an imported win, or a win in the portal."""
    errors: list[RowError] = []
    if not rows.wins:
        return errors
    labels = {f: str(label) for f, _h, label in WIN_COLUMNS}
    query = Q()
    for win in rows.wins:
        query |= Q(
            programme_id=win["programme"].pk,
            round_year=win["round_year"],
            credit_code=win["credit_code"],
        )
    imported = set(
        PastWin.objects.filter(query).values_list("programme_id", "round_year", "credit_code")
    )
    portal_query = Q()
    for win in rows.wins:
        portal_query |= Q(
            round__programme_id=win["programme"].pk,
            round__year=win["round_year"],
            organisation__credit_code=win["credit_code"],
        )
    portal = set(
        AwardGrant.objects.filter(portal_query).values_list(
            "round__programme_id", "round__year", "organisation__credit_code"
        )
    )
    for win in rows.wins:
        key = (win["programme"].pk, win["round_year"], win["credit_code"])
        if key in imported:
            errors.append(
                RowError(WIN_SHEET, win["row"], labels["credit_code"], _("Already imported."))
            )
        elif key in portal:
            errors.append(
                RowError(
                    WIN_SHEET,
                    win["row"],
                    labels["credit_code"],
                    _("This win is already recorded in the portal."),
                )
            )
    return errors


# The fields of each imported row that its PastWin / PastBan stores, in the model's order.
_WIN_FIELDS = (
    "programme",
    "round_year",
    "level",
    "level_name",
    "credit_code",
    "organisation_name",
    "approved_on",
    "money_paid",
)
_BAN_FIELDS = (
    "programme",
    "credit_code",
    "organisation_name",
    "reason",
    "measures",
    "starts_on",
    "ends_on",
    "document_number",
)


def _store_rows(
    model: type[models.Model],
    fields: tuple[str, ...],
    entries: list[dict[str, Any]],
    batch: HistoryImport,
) -> None:
    model._default_manager.bulk_create(
        [model(history_import=batch, **{f: e[f] for f in fields}) for e in entries]
    )


def import_history(
    upload: IO[bytes], *, actor: User, original_name: str
) -> tuple[HistoryImport | None, list[RowError]]:
    """Import a history workbook whole, or nothing.

    Preconditions: the actor is an office; every row passes (programme one of the actor's,
    year, level, valid credit code, dates, amounts; a 2022-measures ban lasts its R8 length);
    no row repeats a win already imported or recorded in the portal.

    Side effects: the file is stored first; then, in one transaction, a HistoryImport keeping
    it; one PastWin per winner row and one PastBan per ban row; a ``history.import``
    decision-log row; then, for
    every registered organisation barred today by an imported ban, its applications in
    progress are stopped (R8: ``grants.hooks.bans_imported``, which sanctions handles).

    Returns the import, or ``None`` with the errors (nothing written).
    """
    if not office_programme_ids(actor):
        raise DomainError(_("Only the office imports history."))
    rows = read_history_workbook(upload, actor)
    if rows.errors:
        return None, rows.errors
    errors = _clashes(rows)
    if errors:
        return None, errors

    upload.seek(0)
    content = upload.read()
    batch = HistoryImport(
        original_name=original_name[:200],
        wins=len(rows.wins),
        bans=len(rows.bans),
        imported_by=actor,
    )
    with removed_on_failure() as stored:
        # The file is written before the transaction (no slow storage write holds the
        # database's write lock) and deleted again should the transaction fail.
        stored.store(batch.file, "history.xlsx", ContentFile(content))
        with transaction.atomic():
            batch.save()
            _store_rows(PastWin, _WIN_FIELDS, rows.wins, batch)
            _store_rows(PastBan, _BAN_FIELDS, rows.bans, batch)
            record_decision(
                actor=actor,
                action="history.import",
                obj=batch,
                data={
                    "file": batch.original_name,
                    "wins": [
                        [w["programme"].slug, w["round_year"], w["level"], w["credit_code"]]
                        for w in rows.wins
                    ],
                    "bans": [
                        [b["credit_code"], b["reason"], b["measures"], b["ends_on"].isoformat()]
                        for b in rows.bans
                    ],
                },
            )
            hooks.bans_imported.send(
                {b["credit_code"] for b in rows.bans}, actor, timezone.localdate()
            )
    return batch, []
