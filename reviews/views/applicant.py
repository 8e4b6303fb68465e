"""The applicant's page naming conflicted experts (R12)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedHttpRequest
from applications.models import Application
from applications.permissions.application import is_applicant_of
from common.views import posted_data, show_refusal
from reviews.forms.applicant import NameConflictForm
from reviews.permissions import can_name_conflicts
from reviews.selectors.applicant import named_by_applicant, pool_choices
from reviews.services.applicant import name_conflicted_expert


@login_required
def applicant_conflicts(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The organisation's own application only (404 for anyone else)."""
    application = (
        Application.objects.select_related("round__programme", "organisation").filter(pk=pk).first()
    )
    if application is None or not is_applicant_of(request.user, application):
        raise Http404(_("No such application."))
    may_name = can_name_conflicts(request.user, application)
    form = None
    if may_name:
        form = NameConflictForm(
            posted_data(request),
            choices=pool_choices(application),
        )
        if request.method == "POST" and form.is_valid():
            with show_refusal(request, form=form, show_rule=False):
                declaration = name_conflicted_expert(
                    application,
                    form.cleaned_data["expert"],
                    actor=request.user,
                    kind=form.cleaned_data["kind"],
                    reason=form.cleaned_data["reason"],
                )
                messages.success(
                    request,
                    _("%(expert)s will not review your application.")
                    % {"expert": declaration.expert.name},
                )
                return redirect("reviews:applicant_conflicts", pk=application.pk)
    elif request.method == "POST":
        messages.error(
            request,
            _(
                "Conflicted experts are named with the dossier, until the eligibility decision. "
                "Tell the award office about a conflict now."
            ),
        )
    return render(
        request,
        "reviews/applicant_conflicts.html",
        {
            "application": application,
            "named": named_by_applicant(application),
            "form": form,
        },
    )
