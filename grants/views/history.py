"""The office's history page (Art. 34, R4, R7, R8): template download, the import with its
row-by-row error report, and what was imported."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedHttpRequest
from common.files import generated_file_response
from common.views import show_refusal
from grants.forms.records import HistoryImportForm
from grants.selectors.records import history_imports, is_office, past_bans, past_wins
from grants.services.history_import import import_history, template_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def history(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not is_office(request.user):
        raise Http404(_("No such page."))
    form = HistoryImportForm(request.POST or None, request.FILES or None)
    row_errors: list = []
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            with show_refusal(request, form=form, show_rule=False):
                batch, row_errors = import_history(
                    upload, actor=request.user, original_name=upload.name or ""
                )
                if batch is not None:
                    messages.success(
                        request,
                        _("Imported: %(wins)d earlier winners, %(bans)d bans.")
                        % {"wins": batch.wins, "bans": batch.bans},
                    )
                    return redirect("grants:history")
    return render(
        request,
        "grants/history.html",
        {
            "form": form,
            "row_errors": row_errors,
            "imports": history_imports(),
            "wins": list(past_wins(request.user)),
            "bans": list(past_bans(request.user)),
            "today": timezone.localdate(),
        },
        status=status,
    )


@login_required
def history_template(request: HttpRequest) -> HttpResponse:
    if not is_office(request.user):
        raise Http404(_("No such page."))
    return generated_file_response(
        template_workbook(), name="award-history-template.xlsx", content_type=XLSX
    )
