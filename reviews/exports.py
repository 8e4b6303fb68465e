"""Excel and PDF exports of expert review (openpyxl, WeasyPrint with the deny-by-default
fetcher). They only format what reviews.selectors.reports and reviews.selectors.review read, so the
R12 filtering (no conflicted or withdrawn expert, submitted reviews only, this round only)
lives in one place."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from awards.models import Round
from common.documents import DenyByDefaultFetcher
from common.sheets import escape_cell
from common.transactions import ensure_outside_transaction
from reviews.enums import ReviewStage
from reviews.selectors.reports import material_report, score_rows
from reviews.selectors.review import composite_report
from reviews.selectors.site import site_visit_page

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return escape_cell(value)
    if hasattr(value, "quantize"):  # Decimal: a number in the sheet
        return float(value)
    return value if isinstance(value, int | float) else str(value)


def _sheet(
    book: Workbook, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    sheet = book.create_sheet(title=title[:31])
    sheet.append([str(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(v) for v in row])
    for n, h in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(n)].width = max(10, min(40, len(str(h)) * 2))
    sheet.freeze_panes = "A2"


def _save(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _new_book() -> Workbook:
    ensure_outside_transaction("building a workbook")
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    return book


def scores_workbook(round: Round) -> bytes:
    """One sheet per stage: each submitted score per application, reviewer and item (the
    group's consensus marked as such)."""
    book = _new_book()
    header = [
        _("Organisation"),
        _("Unified social credit code"),
        _("Sector"),
        _("Reviewer"),
        _("Consensus"),
        _("Category"),
        _("Item"),
        _("Item points"),
        _("Percentage"),
        _("Points"),
        _("Comment"),
        _("Review total"),
        _("Submitted at"),
    ]
    rows = score_rows(round)
    for stage in ReviewStage:
        _sheet(
            book,
            str(stage.label),
            header,
            (
                [
                    r.review.application.organisation.name,
                    r.review.application.organisation.credit_code,
                    r.review.application.get_sector_display(),
                    r.review.expert.name,
                    _("yes") if r.review.is_consensus else "",
                    f"{r.item.category.code} {r.item.category.name}",
                    f"{r.item.code} {r.item.name}",
                    r.item.points,
                    r.percent,
                    r.points,
                    r.comment,
                    r.review.total,
                    timezone.localtime(r.review.submitted_at).strftime("%Y-%m-%d %H:%M")
                    if r.review.submitted_at
                    else "",
                ]
                for r in rows
                if r.review.stage == stage.value
            ),
        )
    return _save(book)


def material_report_workbook(round: Round) -> bytes:
    report = material_report(round)
    book = _new_book()
    width = report["max_reviewers"]
    header = [
        _("Rank"),
        _("Organisation"),
        _("Sector"),
        *[_("Reviewer %(n)d") % {"n": n} for n in range(1, width + 1)],
        _("Mean"),
        _("Consensus"),
        _("Material score"),
        _("Site review"),
    ]
    rows = []
    for row in report["rows"]:
        reviewers = [f"{r.expert.name} {r.total}" for r in row["reviews"]]
        reviewers += [""] * (width - len(reviewers))
        rows.append(
            [
                row.get("rank", ""),
                row["application"].organisation.name,
                row["application"].get_sector_display(),
                *reviewers,
                row["mean"],
                row["consensus"],
                row["score"],
                (_("selected") if row["selected"] else _("not selected"))
                if row["decided"]
                else _("not decided yet"),
            ]
        )
    _sheet(book, _("Material review report"), header, rows)
    _sheet(
        book,
        _("Selection"),
        [_("Threshold"), _("Reason")],
        [[report["threshold"], report["selection_reason"]]],
    )
    return _save(book)


def composite_report_workbook(round: Round) -> bytes:
    report = composite_report(round)
    book = _new_book()
    header = [
        _("Sector"),
        _("Rank"),
        _("Organisation"),
        _("Material"),
        _("Site"),
        _("Composite"),
        _("Tilt bonus (Art. 15)"),
        _("Priority tags"),
        _("Repeat prize winner (Art. 27)"),
        _("Proposed level"),
        _("Outside the quota"),
    ]
    rows = []
    for block in report["sectors"]:
        for row in block["rows"]:
            app = row["application"]
            rows.append(
                [
                    block["sector"].label,
                    app.sector_rank,
                    app.organisation.name,
                    app.material_score,
                    app.site_score,
                    app.composite_score,
                    row["bonus"] or "",
                    "；".join(str(t) for t in app.priority_tags),
                    _("yes") if row["is_repeat"] else "",
                    app.get_proposed_level_display() if app.proposed_level else "",
                    _("yes") if row["outside_quota"] else "",
                ]
            )
    _sheet(book, _("Composite evaluation"), header, rows)
    quota_rows = []
    for q in report["quota_use"]:
        for s in q["sectors"]:
            quota_rows.append([q["level"].label, s["sector"].label, s["used"], s["quota"]])
        quota_rows.append([q["level"].label, _("Total"), q["total"], q["total_quota"]])
    _sheet(book, _("Places used"), [_("Level"), _("Sector"), _("Used"), _("Quota")], quota_rows)
    return _save(book)


MATERIAL_REPORT_CSS = """
@page { size: A4 landscape; margin: 14mm 12mm 16mm;
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; color: #555; } }
html, body { font-family: %(font)s; color: #222; font-size: 10pt; line-height: 1.45; }
h1 { text-align: center; font-size: 16pt; margin: 0 0 4mm; }
p.meta { text-align: center; color: #555; margin: 0 0 5mm; }
table { width: 100%%; border-collapse: collapse; }
th, td { border: 1px solid #666; padding: 1.2mm 1.6mm; text-align: left; vertical-align: top; }
th { background: #f2f2f2; font-weight: normal; }
td.num { text-align: right; }
"""


def material_report_html(round: Round) -> str:
    with translation.override("zh-hans"):
        return render_to_string(
            "reviews/material_report_pdf.html",
            {
                "round": round,
                "report": material_report(round),
                "printed_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
            },
        )


def material_report_pdf(round: Round) -> bytes:
    """Art. 18: the material review report, in Chinese (an official document of the round)."""
    from weasyprint import CSS, HTML

    html = material_report_html(round)
    css = CSS(string=MATERIAL_REPORT_CSS % {"font": settings.CERTIFICATE_FONT_FAMILY})
    pdf = HTML(string=html, base_url=None, url_fetcher=DenyByDefaultFetcher()).write_pdf(
        stylesheets=[css]
    )
    assert pdf is not None
    return pdf  # type: ignore[no-any-return]


SITE_REPORT_CSS = """
@page { size: A4 portrait; margin: 18mm 16mm 20mm;
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; color: #555; } }
html, body { font-family: %(font)s; color: #222; font-size: 10.5pt; line-height: 1.5; }
h1 { text-align: center; font-size: 16pt; margin: 0 0 3mm; }
h2 { font-size: 12pt; margin: 5mm 0 2mm; border-bottom: 1px solid #999; }
p.meta { text-align: center; color: #555; margin: 0 0 4mm; }
table { width: 100%%; border-collapse: collapse; }
th, td { border: 1px solid #666; padding: 1.5mm 2mm; text-align: left; vertical-align: top; }
th { width: 25%%; background: #f2f2f2; font-weight: normal; }
td.num { text-align: right; }
.text { white-space: pre-wrap; }
.box { border: 1px solid #666; padding: 2mm 3mm; }
"""


def site_report_html(application: Any) -> str:
    with translation.override("zh-hans"):
        return render_to_string(
            "reviews/site_report_pdf.html",
            {
                "application": application,
                "organisation": application.organisation,
                "printed_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
                **site_visit_page(application),
            },
        )


def site_report_pdf(application: Any) -> bytes:
    """Art. 19: the site review report of one organisation, in Chinese."""
    from weasyprint import CSS, HTML

    css = CSS(string=SITE_REPORT_CSS % {"font": settings.CERTIFICATE_FONT_FAMILY})
    pdf = HTML(
        string=site_report_html(application), base_url=None, url_fetcher=DenyByDefaultFetcher()
    ).write_pdf(stylesheets=[css])
    assert pdf is not None
    return pdf  # type: ignore[no-any-return]
