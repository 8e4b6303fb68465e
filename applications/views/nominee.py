"""The applicant organisation's pages about the people it nominates (R4 / Art. 8; names:
applications:<name>). PIPL: these pages show the national ID number only masked."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.http import AuthenticatedHttpRequest
from applications.forms.applicant import NomineeForm
from applications.permissions.application import can_edit_dossier
from applications.selectors.application import applications_of_my_organisation
from applications.selectors.nominee import nominee_card
from applications.services.nominee import start_individual_application, update_nominee
from awards.areas import area_refusal
from awards.enums import NomineeKind
from awards.selectors import public_rounds
from common.views import posted_data, show_refusal
from organisations.selectors import organisation_of


@login_required
@require_http_methods(["GET", "POST"])
def nominate(request: AuthenticatedHttpRequest, round_pk: int) -> HttpResponse:
    """Start a draft nominating one of the organisation's people, in a round whose programme
    awards individuals (R4)."""
    organisation = organisation_of(request.user)
    if organisation is None:
        raise Http404
    round = get_object_or_404(public_rounds(), pk=round_pk)
    if not round.accepts_individuals():
        raise Http404
    form = NomineeForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        with show_refusal(request, form=form, show_rule=False):
            application = start_individual_application(
                round, organisation, actor=request.user, **form.cleaned_data
            )
            messages.success(
                request,
                _("The nomination of %(name)s is open as a draft.")
                % {"name": form.cleaned_data["full_name"]},
            )
            return redirect("applications:edit", application.pk)
    return render(
        request,
        "applications/nominee_form.html",
        {
            "round": round,
            "organisation": organisation,
            "award_name": round.individual_award_name(),
            "form": form,
            # R5 / Art. 13(1): a person follows the employer's registration.
            "area_refusal": area_refusal(organisation, round),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def nominee_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Change the nominee's details while the dossier is a draft (R13)."""
    application = get_object_or_404(
        applications_of_my_organisation(request.user), pk=pk, nominee_kind=NomineeKind.INDIVIDUAL
    )
    if not can_edit_dossier(request.user, application):
        messages.error(request, _("The nominee's details can no longer be changed."))
        return redirect("applications:detail", application.pk)
    card = nominee_card(request.user, application)
    initial = (
        {
            "full_name": card.full_name,
            "position": card.position,
            "phone": card.phone,
            "email": card.email,
            "employed_since": card.employed_since,
            "quality_work_since": card.quality_work_since,
        }
        if card
        else {}
    )
    masked = card.national_id if card else ""
    form = NomineeForm(posted_data(request), initial=initial, masked=masked)
    if request.method == "POST" and form.is_valid():
        with show_refusal(request, form=form, show_rule=False):
            update_nominee(application, actor=request.user, **form.cleaned_data)
            messages.success(request, _("The nominee's details were saved."))
            return redirect("applications:detail", application.pk)
    return render(
        request,
        "applications/nominee_form.html",
        {
            "round": application.round,
            "organisation": application.organisation,
            "award_name": application.round.individual_award_name(),
            "application": application,
            "form": form,
        },
    )
