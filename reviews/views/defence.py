"""R1 / Art. 18-20: the question-and-defence stage: the office opens it and starts the site
review after it (from the round's page), and records the panel's score of each application
during it (from the office's application page)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from common.views import show_refusal
from reviews.forms.defence import DefenceScoreForm
from reviews.permissions import can_record_defence_score
from reviews.services.defence import open_defence_stage, record_defence_score, start_site_review
from reviews.views.review import application_or_404, review_round_or_404


@login_required
@require_POST
def record_defence(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The office of the programme records or corrects the defence score of an application
    going on to site review; another programme's office gets a 404."""
    application = application_or_404(pk)
    if not can_record_defence_score(request.user, application):
        raise Http404
    form = DefenceScoreForm(request.POST)
    if form.is_valid():
        with show_refusal(request, show_rule=False):
            record_defence_score(
                application,
                actor=request.user,
                score=form.cleaned_data["score"],
                panel=form.cleaned_data["panel"],
                held_on=form.cleaned_data["held_on"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("The question-and-defence score is recorded."))
    else:
        messages.error(
            request,
            _("Give a score from 0 to 1000, the panel's members and the day it was held."),
        )
    return redirect(reverse("applications:office_detail", args=[application.pk]) + "#defence")


def _round_page(pk: int) -> str:
    return reverse("awards:round_detail", args=[pk]) + "#round-hub-defence"


@login_required
@require_POST
def open_defence(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The office closes the material review by the round's threshold and opens the
    question-and-defence stage; another programme's office gets a 404."""
    round = review_round_or_404(request, pk)
    with show_refusal(request):
        open_defence_stage(round, actor=request.user)
        messages.success(
            request, _("The list going on is fixed; the question-and-defence stage is open.")
        )
    return redirect(_round_page(round.pk))


@login_required
@require_POST
def start_site(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The office closes the question-and-defence stage and starts the site review; another
    programme's office gets a 404."""
    round = review_round_or_404(request, pk)
    with show_refusal(request):
        start_site_review(round, actor=request.user)
        messages.success(request, _("The site review has started."))
    return redirect(_round_page(round.pk))
