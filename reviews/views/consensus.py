"""The group leader's consensus page, the office's release of the feedback report and the
applicant's printable feedback report (thin views: selector, predicate, form, one service)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from applications.models import Application
from awards.models import Round
from common.views import posted_data, show_refusal
from reviews.enums import ReviewStage, ReviewStatus
from reviews.forms.consensus import ConsensusForm, ReleaseFeedbackForm
from reviews.permissions import can_run_review
from reviews.rules.scoring import SCORING_BANDS
from reviews.selectors import review as selectors
from reviews.selectors.feedback import (
    can_view_feedback,
    consensus_group,
    consensus_review,
    consensus_table,
    feedback_released,
    feedback_report,
    group_progress,
    spread_flag,
)
from reviews.services.consensus import release_feedback as release_feedback_service
from reviews.services.consensus import save_consensus


def _application(pk: int) -> Application:
    return get_object_or_404(
        Application.objects.select_related("round__programme", "organisation"), pk=pk
    )


@login_required
def consensus(request: AuthenticatedHttpRequest, pk: int, stage: str) -> HttpResponse:
    """The group leader's consensus: the members' percentages and comments side by side, the
    spreads flagged, and the consensus form (R12: only the leader, else 404)."""
    if stage not in ReviewStage.values:
        raise Http404
    application = _application(pk)
    group = consensus_group(request.user, application)
    if group is None:
        raise Http404
    progress = group_progress(application, group, stage)
    review = consensus_review(application, stage)
    submitted = review is not None and review.status == ReviewStatus.SUBMITTED
    editable = not progress.missing and not submitted
    if request.method == "POST" and not editable:
        raise PermissionDenied(_("The consensus cannot be recorded now."))
    form = ConsensusForm(
        posted_data(request),
        categories=selectors.scheme_categories(application.round, application.scheme_in_use_id),
        review=review,
    )
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == "submit"
        with show_refusal(request, form=form, show_rule=False):
            save_consensus(
                application,
                stage,
                actor=request.user,
                scores=form.scores(),
                feedback=form.feedback(),
                summary=form.cleaned_data["summary"],
                submit=submit,
            )
            messages.success(
                request,
                _("The consensus is submitted.") if submit else _("The consensus draft is saved."),
            )
            return redirect("reviews:consensus", pk=application.pk, stage=stage)
    return render(
        request,
        "reviews/consensus_detail.html",
        {
            "application": application,
            "organisation": application.organisation,
            "group": group,
            "stage": ReviewStage(stage),
            "progress": progress,
            "table": consensus_table(application, progress, review),
            "review": review,
            "submitted": submitted,
            "editable": editable,
            "form": form,
            "spread_flag": spread_flag(),
            "bands": SCORING_BANDS,
        },
    )


@login_required
@require_POST
def release_feedback(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The office releases the feedback report before the winners are published (logged)."""
    round = get_object_or_404(Round.objects.select_related("programme"), pk=pk)
    if not can_run_review(request.user, round):
        raise Http404
    form = ReleaseFeedbackForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the note."))
    else:
        with show_refusal(request, show_rule=False):
            release_feedback_service(round, actor=request.user, note=form.cleaned_data["note"])
            messages.success(request, _("The feedback report is released to the applicants."))
    return redirect("reviews:round_review", pk=round.pk)


@login_required
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable feedback report: per category the strengths, the opportunities for
    improvement and the score band; never a reviewer's name (R12)."""
    application = _application(pk)
    if not can_view_feedback(request.user, application):
        raise Http404
    released = feedback_released(application.round)
    is_office = can_run_review(request.user, application.round)
    visible = released or is_office
    return render(
        request,
        "reviews/feedback_detail.html",
        {
            "application": application,
            "organisation": application.organisation,
            "released": released,
            "visible": visible,
            "sections": feedback_report(application) if visible else [],
        },
    )
