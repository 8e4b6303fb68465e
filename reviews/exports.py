"""Excel and PDF exports of expert review (openpyxl, WeasyPrint with the deny-by-default
fetcher). They only format what reviews.selectors.reports and reviews.selectors.review read, so the
R12 filtering (no conflicted or withdrawn expert, submitted reviews only, this round only)
lives in one place."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from applications.models import Application
from awards.models import Round
from common.built_documents import DocumentKind, DocumentSource
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


def _printed(printed_at: datetime | None) -> str:
    """The moment a report was printed; blank in the HTML its content key is made of."""
    return timezone.localtime(printed_at).strftime("%Y-%m-%d %H:%M") if printed_at else ""


def _chinese_html(template: str, context: dict[str, Any], printed_at: datetime | None) -> str:
    """A review report is an official document of the round: always rendered in Chinese."""
    with translation.override("zh-hans"):
        return render_to_string(template, {**context, "printed_at": _printed(printed_at)})


def _report_pdf(html: str, file_name: str, css: str) -> DocumentSource:
    return DocumentSource(
        html=html,
        file_name=file_name,
        stylesheets=(css % {"font": settings.CERTIFICATE_FONT_FAMILY},),
    )


def material_report_html(round: Round, printed_at: datetime | None = None) -> str:
    return _chinese_html(
        "reviews/material_report_pdf.html",
        {"round": round, "report": material_report(round)},
        printed_at,
    )


def material_report_source(round_pk: int, printed_at: datetime | None) -> DocumentSource | None:
    """Art. 18: the material review report of a round."""
    round = Round.objects.select_related("programme").filter(pk=round_pk).first()
    if round is None:
        return None
    file_name = f"{round.title}-{_('material review report')}.pdf"
    return _report_pdf(material_report_html(round, printed_at), file_name, MATERIAL_REPORT_CSS)


MATERIAL_REPORT = DocumentKind(
    name="reviews.material_report",
    title=gettext_lazy("Material review report (PDF)"),
    source=material_report_source,
    stamped=True,
)


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


def site_report_html(application: Application, printed_at: datetime | None = None) -> str:
    return _chinese_html(
        "reviews/site_report_pdf.html",
        {
            "application": application,
            "organisation": application.organisation,
            **site_visit_page(application),
        },
        printed_at,
    )


def site_report_source(pk: int, printed_at: datetime | None) -> DocumentSource | None:
    """Art. 19: the site review report of one organisation."""
    application = Application.objects.select_related("round", "organisation").filter(pk=pk).first()
    if application is None:
        return None
    file_name = f"{application.round.title}-现场评审报告-{application.organisation.name}.pdf"
    return _report_pdf(site_report_html(application, printed_at), file_name, SITE_REPORT_CSS)


SITE_REPORT = DocumentKind(
    name="reviews.site_report",
    title=gettext_lazy("Site review report (PDF)"),
    source=site_report_source,
    stamped=True,
)
