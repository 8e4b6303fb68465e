"""The office's page of a round's archive exports and the download of a finished one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedHttpRequest
from archives.enums import PENDING_STATES
from archives.models import RoundArchive
from archives.permissions import can_export_archive, knows_round
from archives.selectors import archive_for_download, archives_of_round, round_any
from archives.services import archive as services
from awards.views import commitment_redirect
from common.files import open_or_404, private_file_response
from common.views import show_refusal


@login_required
def round_archives(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    round = round_any(pk)
    if round is None:
        raise Http404(_("No such round."))
    if not can_export_archive(request.user, round):
        if knows_round(request.user, round):
            raise PermissionDenied(_("Only the programme's office exports a round's archive."))
        raise Http404(_("No such round."))
    next_url = request.path if request.method == "POST" else None
    if (signing := commitment_redirect(request, round, next_url)) is not None:
        return signing
    if request.method == "POST":
        with show_refusal(request, show_rule=False):
            services.request_archive(round, actor=request.user)
            messages.success(
                request,
                _("The archive is being built; this page shows its progress."),
            )
        return redirect("archives:round_archives", pk=round.pk)
    archives = list(archives_of_round(round)[:20])
    return render(
        request,
        "archives/round_archives.html",
        {
            "round": round,
            "archives": archives,
            # A build whose worker died no longer blocks asking again (which takes it over).
            "pending": any(
                a.state in PENDING_STATES and not services.is_stale(a) for a in archives
            ),
            "stalled": [
                a.pk for a in archives if a.state in PENDING_STATES and services.is_stale(a)
            ],
        },
    )


@login_required
def download(request: HttpRequest, pk: int) -> FileResponse:
    archive: RoundArchive | None = archive_for_download(request.user, pk)
    if archive is None:
        raise Http404(_("No such archive."))
    return private_file_response(
        open_or_404(archive.file, _("The archive file is missing; export the round again.")),
        name=archive.download_name,
        content_type="application/zip",
    )
