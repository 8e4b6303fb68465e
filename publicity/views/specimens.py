"""The publicity notice's specimen (样张) under a programme's current rules (Art. 10, 21)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedHttpRequest
from awards.selectors import previewable_programme
from publicity.specimens import publicity_notice_specimen


@login_required
def notice_specimen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Art. 21: the public notice of the proposed winners as the programme's current rules
    would publish it (publicity days and their unit, the levels' and buckets' names), with
    sample organisations, marked 样张; for its office and leading group (a 404 for others)."""
    programme = previewable_programme(request.user, pk)
    if programme is None:
        raise Http404(_("No such programme."))
    return render(
        request, "publicity/publicity_notice_specimen.html", publicity_notice_specimen(programme)
    )
