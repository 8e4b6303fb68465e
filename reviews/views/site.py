"""Pages of the site review (Art. 19), usable on a phone (the team works on site): one page per
organisation showing the office the whole visit (plan, team, issues, notes, site scores) with
its plan form, the team the plan, issues and notes with the note form, and the organisation
only the dates and agenda. 404 for anyone else (R12). The site review report as PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedHttpRequest
from applications.permissions.application import is_applicant_of
from awards.permissions import has_signed_commitment
from common.views import built_document_response, show_refusal
from reviews import exports
from reviews.forms.site import SiteNoteForm, SiteVisitForm
from reviews.permissions import can_open_dossier, can_run_review
from reviews.selectors import site as selectors_site
from reviews.services import site as services_site
from reviews.views.review import application_or_404, expert_gate, sign_first


@login_required
def site_visit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = application_or_404(pk)
    if application.status not in selectors_site.SITE_STATUSES:
        raise Http404
    is_office = can_run_review(request.user, application.round)
    if is_office:
        if not has_signed_commitment(request.user, application.round):
            return sign_first(request, application.round)
        role = "office"
    elif can_open_dossier(request.user, application):
        role = "team"
    elif is_applicant_of(request.user, application):
        role = "organisation"
    else:
        gate = expert_gate(request, application)  # 404, or sign / declare first
        assert gate is not None
        return gate
    page = selectors_site.site_visit_page(application)
    visit = page["visit"]
    if role == "organisation" and visit is None:
        raise Http404
    plan_form = note_form = None
    status = 200
    if role == "office":
        plan_form = SiteVisitForm(
            request.POST if request.POST.get("action") == "plan" else None, instance=visit
        )
    if role == "team":
        note_form = SiteNoteForm(request.POST if request.POST.get("action") == "note" else None)
    if request.method == "POST":
        with show_refusal(request, form=plan_form or note_form, show_rule=False):
            if plan_form is not None and plan_form.is_bound and plan_form.is_valid():
                services_site.save_site_visit(
                    application,
                    actor=request.user,
                    starts_on=plan_form.cleaned_data["starts_on"],
                    ends_on=plan_form.cleaned_data["ends_on"],
                    agenda=plan_form.cleaned_data["agenda"],
                    issues=plan_form.cleaned_data["issues"],
                )
                messages.success(request, _("The site visit is saved."))
                return redirect("reviews:site_visit", pk=application.pk)
            if note_form is not None and note_form.is_bound and note_form.is_valid():
                services_site.add_site_note(
                    application,
                    actor=request.user,
                    text=note_form.cleaned_data["text"],
                )
                messages.success(request, _("Your note is recorded."))
                return redirect("reviews:site_visit", pk=application.pk)
            if role == "organisation" or (plan_form is None and note_form is None):
                raise Http404
        status = 400
    return render(
        request,
        "reviews/site_visit.html",
        {
            "application": application,
            "organisation": application.organisation,
            "role": role,
            "plan_form": plan_form,
            "note_form": note_form,
            **page,
        },
        status=status,
    )


@login_required
def site_report_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Art. 19: the site review report of one organisation (office of the programme)."""
    application = application_or_404(pk)
    if (
        not can_run_review(request.user, application.round)
        or application.status not in selectors_site.SITE_STATUSES
    ):
        raise Http404
    if not has_signed_commitment(request.user, application.round):
        return sign_first(request, application.round)
    return built_document_response(request, exports.SITE_REPORT, application.pk)
