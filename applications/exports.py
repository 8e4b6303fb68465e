"""Art. 17: the confirmed list of eligible organisations, with the rejected ones and
their reasons, as Excel (openpyxl) and as a PDF for the file (WeasyPrint with the
deny-by-default fetcher, like the application form)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from weasyprint import CSS, HTML

from accounts.permissions import AnyUser
from applications.enums import ApplicationStatus
from applications.models import Application
from applications.selectors.application import applications_for_office
from awards.models import Round
from common.documents import DenyByDefaultFetcher
from common.sheets import escape_cell
from common.transactions import ensure_outside_transaction

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Every status an application reaches only after it was confirmed eligible (Art. 17).
FOUND_ELIGIBLE = (
    ApplicationStatus.ELIGIBLE,
    ApplicationStatus.SITE_REVIEW,
    ApplicationStatus.NOT_SELECTED,
    ApplicationStatus.CANDIDATE,
    ApplicationStatus.NOT_CANDIDATE,
    ApplicationStatus.PROPOSED,
    ApplicationStatus.NOT_PROPOSED,
    ApplicationStatus.AWARDED,
    ApplicationStatus.NOT_AWARDED,
)

PDF_CSS = """
@page { size: A4 landscape; margin: 15mm 12mm 16mm;
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; } }
html, body { font-family: %(font)s; font-size: 10pt; color: #222; }
h1 { text-align: center; font-size: 16pt; margin: 0 0 4mm; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; }
p.meta { text-align: center; color: #555; margin: 0 0 4mm; }
table { width: 100%%; border-collapse: collapse; }
th, td { border: 1px solid #666; padding: 1.2mm 1.6mm; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
"""


def eligible_applications(user: AnyUser, round: Round) -> QuerySet[Application]:
    return (
        applications_for_office(user, round)
        .filter(status__in=FOUND_ELIGIBLE)
        .select_related("nominee")
        .order_by("sector", "organisation__name", "pk")
    )


def ineligible_applications(user: AnyUser, round: Round) -> QuerySet[Application]:
    return (
        applications_for_office(user, round)
        .filter(status=ApplicationStatus.INELIGIBLE)
        .order_by("organisation__name", "pk")
    )


def _eligible_row(n: int, a: Application) -> list[Any]:
    return [
        n,
        # PIPL: an individual nominee by name and employer, never the national ID number.
        a.nominee_label,
        a.organisation.credit_code,
        a.organisation.division.name,
        a.organisation.get_industry_section_display(),
        a.get_sector_display(),
        "、".join(a.priority_tags),
        a.recommender.name if a.recommender else "",
        a.eligibility_reason,
    ]


def _eligible_header() -> list[str]:
    return [
        _("No."),
        _("Organisation"),
        _("Unified social credit code"),
        _("County/district"),
        _("Industry"),
        _("Confirmed sector"),
        _("Priority tags"),
        _("Recommending unit"),
        _("Remarks"),
    ]


def _ineligible_header() -> list[str]:
    return [_("No."), _("Organisation"), _("Unified social credit code"), _("Reason")]


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return escape_cell(value)
    return value if isinstance(value, int | float) else str(value)


def _sheet(book: Workbook, title: str, header: Sequence[str], rows: list[list[Any]]) -> None:
    sheet = book.create_sheet(title=title[:31])
    sheet.append([str(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(v) for v in row])
    for n, h in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(n)].width = max(10, min(40, len(str(h)) * 3))
    sheet.freeze_panes = "A2"


def eligible_list_workbook(user: AnyUser, round: Round) -> bytes:
    """Two sheets: the eligible organisations (by sector) and those not eligible with the
    reason given to them."""
    ensure_outside_transaction("building a workbook")
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    _sheet(
        book,
        _("Eligible"),
        _eligible_header(),
        [_eligible_row(n, a) for n, a in enumerate(eligible_applications(user, round), 1)],
    )
    _sheet(
        book,
        _("Not eligible"),
        _ineligible_header(),
        [
            [n, a.organisation.name, a.organisation.credit_code, a.eligibility_reason]
            for n, a in enumerate(ineligible_applications(user, round), 1)
        ],
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def eligible_list_html(user: AnyUser, round: Round) -> str:
    """In Chinese: the list goes on file with the office's records."""
    with translation.override("zh-hans"):
        return render_to_string(
            "applications/eligible_list_pdf.html",
            {
                "round": round,
                "eligible_header": _eligible_header(),
                "eligible": [
                    _eligible_row(n, a) for n, a in enumerate(eligible_applications(user, round), 1)
                ],
                "ineligible_header": _ineligible_header(),
                "ineligible": [
                    [n, a.organisation.name, a.organisation.credit_code, a.eligibility_reason]
                    for n, a in enumerate(ineligible_applications(user, round), 1)
                ],
                "printed_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
            },
        )


def eligible_list_pdf(user: AnyUser, round: Round) -> bytes:
    css = CSS(string=PDF_CSS % {"font": settings.CERTIFICATE_FONT_FAMILY})
    pdf = HTML(
        string=eligible_list_html(user, round), base_url=None, url_fetcher=DenyByDefaultFetcher()
    ).write_pdf(stylesheets=[css])
    assert pdf is not None
    return pdf  # type: ignore[no-any-return]
