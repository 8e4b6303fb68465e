"""The two steps of an Art. 32 disqualification (R12) as pages, shared by the expert pool
(views_pool) and review agencies (views_agency): the office's proposal, posted from the
subject's page, and the leading group's decision page (404 for anyone else). Each view keeps
its own URL and service and passes the words of the one decision template
(experts/disqualification_decision.html); these helpers are the flow between them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.db.models import Model
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedHttpRequest
from accounts.permissions import is_leading_group_of
from awards.models import AwardProgramme
from common.views import show_refusal
from experts.forms.pool import DecideDisqualificationForm, ProposeDisqualificationForm
from experts.models import AgencyDisqualification, ExpertDisqualification

P = TypeVar("P", ExpertDisqualification, AgencyDisqualification)

DECISION_TEMPLATE = "experts/disqualification_decision.html"


def propose_response(
    request: AuthenticatedHttpRequest,
    propose: Callable[..., object],
    subject: Model,
    programme: AwardProgramme,
    *,
    back: str,
) -> HttpResponse:
    """The office's proposal from the subject's page: validate the reason, call ``propose``
    (the subject's service), say what happened and go back to the page named ``back``."""
    form = ProposeDisqualificationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the proposal."))
        return redirect(back, pk=subject.pk)
    with show_refusal(request, show_rule=False):
        propose(subject, programme, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The proposal is sent to the leading group."))
    return redirect(back, pk=subject.pk)


def decide_response(
    request: AuthenticatedHttpRequest,
    pk: int,
    model: type[P],
    subject: str,
    *,
    decide: Callable[..., object],
    back: str,
    context: Callable[[P], dict[str, Any]],
) -> HttpResponse:
    """The leading group's decision page on the proposal ``pk`` of ``model`` (its foreign key to
    the disqualified is ``subject``): 404 unless
    the user is in the programme's leading group; on a valid post call ``decide`` (the
    subject's service) and go back to the page named ``back``; ``context`` adds what the
    template shows of the subject: ``heading``, ``subject_name``, ``subject_rows`` (the
    template of the subject's rows), ``consequence``, ``history`` and, when wanted,
    ``list_link``."""
    proposals = model._default_manager.select_related(subject, "programme", "proposed_by")
    proposal = get_object_or_404(proposals, pk=pk)
    if not is_leading_group_of(request.user, proposal.programme_id):
        raise Http404
    form = DecideDisqualificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with show_refusal(request, form=form, show_rule=False):
            decide(
                proposal,
                actor=request.user,
                confirm=form.cleaned_data["decision"] == "confirm",
                note=form.cleaned_data["note"],
                referral_note=form.cleaned_data["referral_note"],
                referred_on=form.cleaned_data["referred_on"],
            )
            messages.success(request, _("The decision is recorded."))
            return redirect(back, pk=proposal.pk)
    return render(
        request,
        DECISION_TEMPLATE,
        {"proposal": proposal, "form": form, **context(proposal)},
        status=400 if request.method == "POST" else 200,
    )
