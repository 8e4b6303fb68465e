"""Pages of contracted review agencies (评审机构): the office's list and agency page (members,
disqualification proposal, history), and the leading group's decision (Art. 32). 404 for
anyone else. Thin: load, check, validate, call one service, redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from awards.models import AwardProgramme
from common.views import show_refusal
from experts.forms.agency import AgencyForm
from experts.forms.pool import ProposeDisqualificationForm
from experts.models import AgencyDisqualification, ExpertProfile, ReviewAgency
from experts.selectors import agency as selectors_agency
from experts.services import agency as services_agency
from experts.services.agency import AGENCY_FIELDS
from experts.views.disqualification import decide_response, propose_response
from experts.views.pool import office_programme_or_404


def _agency(programme: AwardProgramme, pk: int) -> ReviewAgency:
    agency = selectors_agency.programme_agency(programme, pk)
    if agency is None:
        raise Http404
    return agency


@login_required
def agencies(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The programme's contracted agencies and the form that records a new one."""
    programme = office_programme_or_404(request)
    form = AgencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with show_refusal(request, form=form, show_rule=False):
            agency = services_agency.create_agency(
                programme,
                actor=request.user,
                values={k: form.cleaned_data[k] for k in AGENCY_FIELDS},
            )
            messages.success(request, _("%(name)s is recorded.") % {"name": agency.name})
            return redirect("experts:agency_detail", pk=agency.pk)
    return render(
        request,
        "experts/agency_list.html",
        {
            "programme": programme,
            "form": form,
            "agencies": selectors_agency.programme_agencies(programme),
        },
        status=400 if form.is_bound else 200,
    )


def _detail_page(
    request: HttpRequest,
    programme: AwardProgramme,
    agency: ReviewAgency,
    form: AgencyForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "experts/agency_detail.html",
        {
            "programme": programme,
            "agency": agency,
            "form": form or AgencyForm(instance=agency),
            "experts": selectors_agency.agency_experts(agency),
            "joinable": selectors_agency.joinable_experts(agency, programme),
            "history": selectors_agency.agency_history(agency),
            "propose_form": ProposeDisqualificationForm(),
        },
        status=status,
    )


@login_required
def agency_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = office_programme_or_404(request)
    agency = _agency(programme, pk)
    if request.method != "POST":
        return _detail_page(request, programme, agency)
    form = AgencyForm(request.POST, instance=ReviewAgency.objects.get(pk=agency.pk))
    if form.is_valid():
        with show_refusal(request, form=form, show_rule=False):
            services_agency.update_agency(
                agency,
                programme,
                actor=request.user,
                values={k: form.cleaned_data[k] for k in AGENCY_FIELDS},
            )
            messages.success(request, _("The agency is saved."))
            return redirect("experts:agency_detail", pk=agency.pk)
    return _detail_page(request, programme, agency, form, status=400)


@login_required
@require_POST
def agency_member(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Add an expert of the pool to the agency (``add``) or take one out (``remove``)."""
    programme = office_programme_or_404(request)
    agency = _agency(programme, pk)
    raw_add, raw_remove = request.POST.get("add", ""), request.POST.get("remove", "")
    raw = raw_add or raw_remove
    if not raw.isdigit():
        messages.error(request, _("Choose an expert."))
        return redirect("experts:agency_detail", pk=agency.pk)
    expert = get_object_or_404(ExpertProfile, pk=int(raw), programmes=programme)
    if raw_remove and expert.agency_id != agency.pk:
        raise Http404
    with show_refusal(request, show_rule=False):
        services_agency.set_expert_agency(
            expert, agency if raw_add else None, programme, actor=request.user
        )
        messages.success(request, _("The agency's experts are updated."))
    return redirect("experts:agency_detail", pk=agency.pk)


@login_required
@require_POST
def agency_propose(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = office_programme_or_404(request)
    agency = _agency(programme, pk)
    return propose_response(
        request,
        services_agency.propose_agency_disqualification,
        agency,
        programme,
        back="experts:agency_detail",
    )


@login_required
def agency_disqualification_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Art. 32: a member of the programme's leading group confirms or rejects a proposal."""
    return decide_response(
        request,
        pk,
        AgencyDisqualification,
        "agency",
        decide=services_agency.decide_agency_disqualification,
        back="experts:agency_disqualification_decide",
        context=lambda proposal: {
            "heading": _("Agency disqualification (Art. 32)"),
            "subject_name": proposal.agency.name,
            "subject_rows": "experts/_agency_disqualification_rows.html",
            "consequence": _(
                "On confirmation the agency's experts leave the active pool and all their"
                " assignments are withdrawn."
            ),
            "list_link": True,
            "experts": selectors_agency.agency_experts(proposal.agency),
            "history": selectors_agency.agency_history(proposal.agency),
        },
    )
