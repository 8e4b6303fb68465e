"""Pages of incidents about winners (R11): a department's liaison reports on its own page,
the public reports through a form (captcha, rate limit per address), the office lists them,
records its own findings, closes an incident or opens a revocation case from it."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.http import AuthenticatedHttpRequest, client_address
from accounts.permissions import office_programme_ids
from common.views import show_refusal
from publicity.public_forms import PublicFormGuard, public_form_response
from sanctions.enums import IncidentKind, IncidentStatus
from sanctions.forms.incidents import (
    IncidentCloseForm,
    IncidentFields,
    PublicIncidentForm,
)
from sanctions.forms.revocation import RevocationOpenForm
from sanctions.selectors.incidents import (
    incident_for_office,
    liaison_incident,
    liaison_incidents,
    liaison_programme_ids,
    office_incidents,
    public_programmes,
    reportable_grants,
)
from sanctions.services import incidents as services
from sanctions.views.revocation import open_case

INCIDENT_RATE_LIMIT = 5
INCIDENT_RATE_WINDOW_SECONDS = 3600
LAST_RECEIPT_KEY = "grants_incident_receipt"


# --- Liaison --------------------------------------------------------------------------------


@login_required
def liaison_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The liaison's reports about winners and the form to report a new one."""
    programme_ids = liaison_programme_ids(request.user)
    if not programme_ids:
        raise Http404(_("No such page."))
    form = IncidentFields(request.POST or None, grants=reportable_grants(programme_ids))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with show_refusal(request, form=form):
            services.report_by_liaison(
                data["grant"],
                actor=request.user,
                kind=data["kind"],
                description=data["description"],
                occurred_on=data["occurred_on"],
            )
            messages.success(request, _("The incident was reported to the award office."))
            return redirect("sanctions:liaison_incidents")
    return render(
        request,
        "sanctions/incidents_liaison.html",
        {"form": form, "incidents": list(liaison_incidents(request.user))},
    )


@login_required
def liaison_detail(request: HttpRequest, pk: int) -> HttpResponse:
    incident = liaison_incident(request.user, pk)
    if incident is None:
        raise Http404(_("No such incident."))
    return render(request, "sanctions/incident_liaison_detail.html", {"incident": incident})


# --- Public ---------------------------------------------------------------------------------


PUBLIC_REPORT = PublicFormGuard(
    rate_key_prefix="grants:incidents",
    rate_limit=INCIDENT_RATE_LIMIT,
    rate_window_seconds=INCIDENT_RATE_WINDOW_SECONDS,
    too_many=gettext_lazy("Too many reports from your address; please try again in an hour."),
    receipt_session_key=LAST_RECEIPT_KEY,
)


def public_report(request: HttpRequest) -> HttpResponse:
    """R11 / Art. 33: anyone reports an incident about a winner or misuse of the title."""
    # Art. 33: from the verification page, the number checked comes along: one that matched no
    # certificate (forgery), or that of an expired or revoked award still shown (misuse).
    initial: dict[str, str] = {}
    named_number = request.GET.get("number", "").strip()[:40]
    if named_number:
        kind = request.GET.get("kind", "")
        initial = {
            "certificate_number": named_number,
            "named_organisation": request.GET.get("organisation", "").strip()[:200],
            "kind": kind if kind in services.UNMATCHED_KINDS else IncidentKind.FORGERY,
        }
    form = PublicIncidentForm(
        request.POST or None,
        grants=reportable_grants(),
        programmes=public_programmes(),
        initial=initial or None,
    )

    def submit(data: dict[str, Any]) -> str:
        report: dict[str, Any] = {
            key: data[key] for key in ("name", "contact", "kind", "description", "occurred_on")
        }
        report["ip_address"] = client_address(request)
        if data["grant"] is None:
            incident = services.report_unmatched_by_public(
                data["programme"],
                named_organisation=data["named_organisation"],
                certificate_number=data["certificate_number"],
                **report,
            )
        else:
            incident = services.report_by_public(data["grant"], **report)
        return incident.receipt_number

    return public_form_response(
        request,
        form,
        PUBLIC_REPORT,
        submit=submit,
        receipt_url="sanctions:incident_receipt",
        template="sanctions/incident_public.html",
        context={},
    )


def public_receipt(request: HttpRequest) -> HttpResponse:
    number = request.session.get(LAST_RECEIPT_KEY)
    if not number:
        return redirect("sanctions:incident_report")
    return render(request, "sanctions/incident_receipt.html", {"number": number})


# --- Office ---------------------------------------------------------------------------------


@login_required
def office_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every incident on the office's winners, and the form to record its own finding."""
    programme_ids = office_programme_ids(request.user)
    if not programme_ids:
        raise Http404(_("No such page."))
    form = IncidentFields(request.POST or None, grants=reportable_grants(programme_ids))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with show_refusal(request, form=form):
            incident = services.record_by_office(
                data["grant"],
                actor=request.user,
                kind=data["kind"],
                description=data["description"],
                occurred_on=data["occurred_on"],
            )
            messages.success(request, _("The finding was recorded."))
            return redirect("sanctions:incident_office", pk=incident.pk)
    return render(
        request,
        "sanctions/incidents_office.html",
        {"form": form, "incidents": list(office_incidents(request.user))},
    )


@login_required
def office_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    incident = incident_for_office(request.user, pk)
    if incident is None:
        raise Http404(_("No such incident."))
    action = request.POST.get("action") if request.method == "POST" else None
    close_form = IncidentCloseForm(request.POST if action == "close" else None)
    case_form = RevocationOpenForm(
        request.POST if action == "case" else None,
        initial={"evidence": incident.description, "occurred_on": incident.occurred_on},
    )
    handled = incident.status != IncidentStatus.RECEIVED
    if action == "close" and not handled and close_form.is_valid():
        with show_refusal(request, form=close_form):
            services.close_incident(
                incident, actor=request.user, note=close_form.cleaned_data["note"]
            )
            messages.success(request, _("The incident was closed without action."))
            return redirect("sanctions:incident_office", pk=incident.pk)
    if action == "case" and not handled and case_form.is_valid():
        opened = open_case(
            request,
            case_form,
            partial(services.open_case_from_incident, incident, actor=request.user),
        )
        if opened is not None:
            return opened
    return render(
        request,
        "sanctions/incident_office.html",
        {
            "incident": incident,
            "handled": handled,
            "close_form": close_form,
            "case_form": case_form,
        },
    )
