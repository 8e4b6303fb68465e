"""The office's history page (Art. 34, R4, R7, R8): template download, the import with its
row-by-row error report, and what was imported."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from decisionlog.workflow import DomainError
from grants.forms.records import HistoryImportForm
from grants.selectors.records import history_imports, is_office, past_bans, past_wins
from grants.services.history_import import import_history, template_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@login_required
def history(request: HttpRequest) -> HttpResponse:
    if not is_office(request.user):
        raise Http404(_("No such page."))
    form = HistoryImportForm(request.POST or None, request.FILES or None)
    row_errors: list = []
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                batch, row_errors = import_history(
                    upload, actor=_user(request), original_name=upload.name or ""
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
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
            "bans": list(past_bans()),
            "today": timezone.localdate(),
        },
        status=status,
    )


@login_required
def history_template(request: HttpRequest) -> HttpResponse:
    if not is_office(request.user):
        raise Http404(_("No such page."))
    response = HttpResponse(template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="award-history-template.xlsx"'
    return response
