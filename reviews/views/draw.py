"""Pages of the assignment suggestion and random draw (office only; 404 for anyone else).
Thin: load, check the predicate, validate, call one service, redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from common.views import show_refusal
from reviews.enums import DrawStatus
from reviews.forms.draw import DrawAcceptForm, DrawForm
from reviews.models import AssignmentDraw
from reviews.permissions import can_run_review, expert_profile_of, is_assigned_without_conflict
from reviews.selectors import draw as selectors_draw
from reviews.services import draw as services_draw
from reviews.views.review import application_or_404, review_round_or_404


def _office_draw(request: HttpRequest, pk: int) -> AssignmentDraw:
    draw = selectors_draw.draw_for_office(pk)
    if draw is None or not can_run_review(request.user, draw.round):
        raise Http404
    return draw


@login_required
def draws(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The round's draws and the form that proposes a new one."""
    round = review_round_or_404(request, pk)
    form = DrawForm(request.POST or None, round=round)
    if request.method == "POST" and form.is_valid():
        with show_refusal(request, form=form, show_rule=False):
            draw = services_draw.propose_draw(
                round,
                actor=request.user,
                method=form.cleaned_data["method"],
                per_application=form.cleaned_data["per_application"],
                group=form.cleaned_data["group"],
                seed=form.cleaned_data["seed"],
            )
            messages.success(
                request, _("Reviewers drawn with seed %(seed)d.") % {"seed": draw.seed}
            )
            return redirect("reviews:draw_detail", pk=draw.pk)
    return render(
        request,
        "reviews/draw_list.html",
        {"round": round, "form": form, "draws": selectors_draw.round_draws(round)},
        status=400 if form.is_bound else 200,
    )


@login_required
def draw_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One draw: per application the experts drawn (ticked), other candidates to pick instead,
    the check that the seed reproduces it; accept (edited or not) or discard."""
    draw = _office_draw(request, pk)
    detail = selectors_draw.draw_detail(draw)
    form = DrawAcceptForm(request.POST or None, rows=detail["rows"])
    status = 200
    if request.method == "POST" and form.is_valid():
        with show_refusal(request, form=form, show_rule=False):
            services_draw.accept_draw(
                draw,
                actor=request.user,
                chosen=form.chosen(),
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("The drawn reviewers are assigned."))
            return redirect("reviews:round_review", pk=draw.round_id)
        status = 400
    return render(
        request,
        "reviews/draw_detail.html",
        {
            "draw": draw,
            "round": draw.round,
            "detail": detail,
            "form": form,
            "reproduced": services_draw.is_reproduced(draw),
            "proposed": draw.status == DrawStatus.PROPOSED,
        },
        status=status,
    )


@login_required
@require_POST
def draw_discard(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    draw = _office_draw(request, pk)
    with show_refusal(request, show_rule=False):
        services_draw.discard_draw(
            draw,
            actor=request.user,
            reason=request.POST.get("reason", ""),
        )
        messages.success(request, _("The draw is discarded."))
    return redirect("reviews:draws", pk=draw.round_id)


@login_required
def decline(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The assigned expert declines the assignment with a reason; a replacement is drawn for
    the office (404 for anyone not assigned without a conflict, R12)."""
    application = application_or_404(pk)
    if not is_assigned_without_conflict(request.user, application):
        raise Http404
    if request.method != "POST":
        return render(
            request,
            "reviews/decline.html",
            {"application": application, "organisation": application.organisation},
        )
    expert = expert_profile_of(request.user)
    assert expert is not None
    with show_refusal(request, show_rule=False):
        services_draw.decline_assignment(
            application,
            expert,
            actor=request.user,
            reason=request.POST.get("reason", ""),
        )
        messages.success(request, _("You declined this assignment; the office is told."))
        return redirect("accounts:dashboard")
    return redirect("reviews:declare", pk=application.pk)
