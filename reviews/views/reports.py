"""The office's reports of expert review: the calibrated view (advice only) and the exports
(Excel and PDF). Office of the programme only (404 for anyone else), after signing the round's
commitment (R12); the official scores are only read here."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from awards.models import Round
from awards.permissions import has_signed_commitment
from common.files import generated_file_response
from common.kept_pages import kept_page
from common.views import built_document_response
from reviews import exports
from reviews.enums import ReviewStage
from reviews.permissions import can_view_composite_report
from reviews.selectors.calibration import calibration_view
from reviews.views.review import review_round_or_404, sign_first

CALIBRATION_PAGE_SIZE = 50


@kept_page
@login_required
def calibration(request: HttpRequest, pk: int, stage: str) -> HttpResponse:
    """The calibrated view next to the official scores: z-scores per reviewer mapped to the
    round's mean and spread (reviews.rules.calibration)."""
    if stage not in ReviewStage.values:
        raise Http404
    round = review_round_or_404(request, pk)
    if not has_signed_commitment(request.user, round):
        return sign_first(request, round)
    view = calibration_view(round, stage)
    rows = Paginator(view["rows"], CALIBRATION_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reviews/calibration.html",
        {
            "round": round,
            "stage": ReviewStage(stage),
            "stages": ReviewStage,
            "view": view,
            "rows": rows,
        },
    )


def _signed_office_round(request: HttpRequest, pk: int) -> Round | HttpResponse:
    round = review_round_or_404(request, pk)
    if not has_signed_commitment(request.user, round):
        return sign_first(request, round)
    return round


@login_required
def export_scores(request: HttpRequest, pk: int) -> HttpResponse:
    """Every submitted score per application, reviewer and item (R12: no conflicted expert)."""
    round = _signed_office_round(request, pk)
    if isinstance(round, HttpResponse):
        return round
    return generated_file_response(
        exports.scores_workbook(round),
        name=f"{round.title}-{_('scores')}.xlsx",
        content_type=exports.XLSX_CONTENT_TYPE,
    )


@login_required
def export_material_report(request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    """Art. 18: the material review report, Excel or PDF."""
    if fmt not in ("xlsx", "pdf"):
        raise Http404
    round = _signed_office_round(request, pk)
    if isinstance(round, HttpResponse):
        return round
    if fmt == "pdf":
        return built_document_response(request, exports.MATERIAL_REPORT, round.pk)
    name = f"{round.title}-{_('material review report')}.{fmt}"
    return generated_file_response(
        exports.material_report_workbook(round), name=name, content_type=exports.XLSX_CONTENT_TYPE
    )


@login_required
def export_composite_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Art. 20: the composite evaluation report as Excel (office and leading group)."""
    round = get_object_or_404(Round.objects.select_related("programme"), pk=pk)
    if not can_view_composite_report(request.user, round):
        raise Http404
    if not has_signed_commitment(request.user, round):
        return sign_first(request, round)
    return generated_file_response(
        exports.composite_report_workbook(round),
        name=f"{round.title}-{_('composite evaluation report')}.xlsx",
        content_type=exports.XLSX_CONTENT_TYPE,
    )
