"""Pages of deliberation and publicity (Art. 21): the plenary, opening the publicity, the
public notice and objection form, the receipt lookup, and the office's objection handling.

Views stay thin: load through a selector, check the predicate (404 when the user may not know
the object), validate a form, call one service, turn a DomainError into a form error."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accounts.http import AuthenticatedHttpRequest, client_address
from applications.models import Application
from awards.models import Round
from awards.permissions import must_sign_commitment
from common import page_cache
from common.files import generated_file_response
from common.official_docx import DOCX_CONTENT_TYPE
from common.public_list import ListFilter, kept_until, list_context, page_of
from common.views import built_document_response, show_refusal
from publicity.documents import publicity_notice_docx
from publicity.forms.publicity import (
    DecideObjectionForm,
    ListDecisionForm,
    ObjectionForm,
    OfficeObjectionForm,
    OpenPublicityForm,
    PlenaryForm,
    VerifyObjectionForm,
)
from publicity.models import PublicityPeriod
from publicity.packet import MEETING_PACKET
from publicity.permissions import (
    can_decide_list,
    can_decide_objection,
    can_open_publicity,
    can_record_plenary,
    can_see_objector_identity,
    can_verify_objection,
    records_on_behalf,
)
from publicity.public_forms import PublicFormGuard, public_form_response
from publicity.rules import publicity_state
from publicity.selectors.publicity import (
    PUBLICITY_NOTICE_SCOPE,
    PUBLICITY_SCOPE,
    list_decision_of,
    objection_by_receipt,
    objection_for_user,
    objection_handling_steps,
    objections_of_round,
    other_periods_of,
    plenaries_of,
    plenary_candidates,
    proposed_applications,
    public_publicities,
    public_publicity,
    public_publicity_choices,
    publicity_for_office,
    publicity_outlets,
    round_for_deliberation,
    round_for_publicity_office,
)
from publicity.services import publicity as services

# At most this many objections per client address per hour (a public form, no login).
# Publicity periods a page of the public list shows (a province's programmes).
PUBLICITY_PAGE_SIZE = 20
OBJECTION_RATE_LIMIT = 5
OBJECTION_RATE_WINDOW_SECONDS = 3600
LAST_RECEIPT_SESSION_KEY = "publicity_last_receipt"


def commitment_redirect_of_round(request: HttpRequest, round: Round) -> HttpResponse | None:
    """R12: whoever takes part in the round's review signs its commitment before seeing it."""
    if not must_sign_commitment(request.user, round):
        return None
    messages.info(request, _("Sign the round's confidentiality commitment before you continue."))
    return redirect(
        reverse("awards:sign_commitment", args=[round.pk]) + "?" + urlencode({"next": request.path})
    )


# --- Deliberation ---------------------------------------------------------------------------


@login_required
def meeting_packet(request: HttpRequest, round_pk: int) -> HttpResponseBase:
    """The plenary's meeting packet as PDF (Art. 20-21), for the leading group and its office
    after they sign the round's commitment (R12)."""
    round = round_for_deliberation(request.user, round_pk)
    if round is None:
        raise Http404(_("No such round."))
    sign_first = commitment_redirect_of_round(request, round)
    if sign_first is not None:
        return sign_first
    return built_document_response(request, MEETING_PACKET, round.pk)


@login_required
def plenary(request: AuthenticatedHttpRequest, round_pk: int) -> HttpResponse:
    """Art. 21: the leading group's plenary decides the proposed list from the candidates."""
    round = round_for_deliberation(request.user, round_pk)
    if round is None:
        raise Http404(_("No such round."))
    sign_first = commitment_redirect_of_round(request, round)
    if sign_first is not None:
        return sign_first
    candidates = plenary_candidates(round)
    may_record = can_record_plenary(request.user, round) and bool(candidates)
    form = PlenaryForm(
        request.POST or None,
        candidates=candidates,
        initial={"held_on": timezone.localdate()},
    )
    if request.method == "POST":
        if not can_record_plenary(request.user, round):
            raise PermissionDenied(_("The round is not in deliberation."))
        if form.is_valid():
            with show_refusal(request, form=form):
                services.record_plenary(
                    round,
                    actor=request.user,
                    held_on=form.cleaned_data["held_on"],
                    members_total=form.cleaned_data["members_total"],
                    members_present=form.cleaned_data["members_present"],
                    decisions=form.decisions(),
                    minutes=form.cleaned_data["minutes"],
                )
                messages.success(request, _("The plenary's decisions were recorded."))
                return redirect("publicity:plenary", round_pk=round.pk)
    return render(
        request,
        "publicity/plenary_record.html",
        {
            "round": round,
            "form": form,
            "rows": form.rows(),
            "may_record": may_record,
            "on_behalf": records_on_behalf(request.user, round),
            "meetings": plenaries_of(round),
            "proposed": proposed_applications(round),
        },
    )


# --- Publicity: office ----------------------------------------------------------------------


@login_required
def open_publicity(request: AuthenticatedHttpRequest, round_pk: int) -> HttpResponse:
    """Art. 21: the office publicises the proposed list for at least 10 whole days."""
    round = round_for_publicity_office(request.user, round_pk)
    if round is None:
        raise Http404(_("No such round."))
    proposed = list(proposed_applications(round))
    may_open = can_open_publicity(request.user, round) and bool(proposed)
    form = OpenPublicityForm(request.POST or None, round=round)
    if request.method != "POST" and proposed:
        starts_on = form.fields["starts_on"].initial
        days = form.fields["days"].initial
        form.fields["notice"].initial = services.default_notice_text(
            round, proposed, starts_on, days
        )
        form.fields["objection_contact"].initial = services.default_objection_contact(round)
    if request.method == "POST":
        if not can_open_publicity(request.user, round):
            raise PermissionDenied(_("The round is not in deliberation."))
        if form.is_valid():
            data = form.cleaned_data
            with show_refusal(request, form=form):
                period = services.open_publicity(
                    round,
                    actor=request.user,
                    starts_on=data["starts_on"],
                    days=data["days"],
                    notice=data["notice"],
                    objection_contact=data["objection_contact"],
                    outlet=data["outlet"],
                    outlet_published_on=data["outlet_published_on"],
                    outlet_url=data["outlet_url"],
                )
                messages.success(request, _("The publicity is open."))
                return redirect("publicity:notice", pk=period.pk)
    return render(
        request,
        "publicity/publicity_open.html",
        {
            "round": round,
            "form": form,
            "proposed": proposed,
            "may_open": may_open,
            "publicities": round.publicities.order_by("-starts_at"),
        },
    )


@login_required
@require_GET
def publicity_notice_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """Art. 21: the notice of one publicity period as an editable .docx for the office to
    publish through the media."""
    period = publicity_for_office(request.user, pk)
    if period is None:
        raise Http404(_("No such publicity."))
    return generated_file_response(
        publicity_notice_docx(period),
        name=f"公示-{period.round.title}-{timezone.localtime(period.starts_at):%Y%m%d}.docx",
        content_type=DOCX_CONTENT_TYPE,
    )


@login_required
def office_objections(request: HttpRequest, round_pk: int) -> HttpResponse:
    round = round_for_publicity_office(request.user, round_pk)
    if round is None:
        raise Http404(_("No such round."))
    return render(
        request,
        "publicity/objection_list_office.html",
        {
            "round": round,
            "objections": objections_of_round(round),
            "publicities": round.publicities.order_by("-starts_at"),
        },
    )


@login_required
def office_objection_enter(request: AuthenticatedHttpRequest, round_pk: int) -> HttpResponse:
    """The office enters an objection received by letter or phone (marked as entered by it)."""
    round = round_for_publicity_office(request.user, round_pk)
    if round is None:
        raise Http404(_("No such round."))
    publicity = round.publicities.order_by("-starts_at").first()
    if publicity is None:
        raise Http404(_("This round has no publicity yet."))
    # Every organisation publicised in the round (a replacement has its own period, Art. 21).
    form = OfficeObjectionForm(
        request.POST or None,
        applications=Application.objects.filter(publicities__round=round)
        .select_related("organisation", "round__programme")
        .distinct()
        .order_by("organisation__name"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        publicity = (
            round.publicities.filter(applications=data["application"])
            .order_by("-starts_at")
            .first()
            or publicity
        )
        with show_refusal(request, form=form):
            objection = services.submit_objection(
                publicity,
                application=data["application"],
                name=data["name"],
                phone=data["phone"],
                email=data["email"],
                grounds=data["grounds"],
                entered_by=request.user,
                received_at=data["received_at"],
            )
            messages.success(
                request,
                _("Objection %(receipt)s recorded (%(status)s).")
                % {"receipt": objection.receipt_number, "status": objection.get_status_display()},
            )
            return redirect("publicity:objection_handle", pk=objection.pk)
    return render(
        request,
        "publicity/objection_enter.html",
        {"round": round, "publicity": publicity, "form": form},
    )


@login_required
def objection_handle(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The office records verification; the leading group's decision is recorded (Art. 21)."""
    objection = objection_for_user(request.user, pk)
    if objection is None:
        raise Http404(_("No such objection."))
    action = request.POST.get("action") if request.method == "POST" else None
    verify_form = VerifyObjectionForm(
        request.POST if action == "verify" else None,
        initial={
            "verification": objection.verification,
            "organisation_response": objection.organisation_response,
        },
    )
    decide_form = DecideObjectionForm(request.POST if action == "decide" else None)
    may_decide_list = can_decide_list(request.user, objection)
    list_form = (
        ListDecisionForm(
            request.POST if action == "list" else None,
            round=objection.publicity.round,
            choices=services.replacement_choices(objection.publicity.round),
        )
        if may_decide_list or action == "list"
        else None
    )
    if action == "verify":
        if not can_verify_objection(request.user, objection):
            raise PermissionDenied(_("This objection cannot be verified now."))
        if verify_form.is_valid():
            with show_refusal(request, form=verify_form):
                services.record_objection_verification(
                    objection,
                    actor=request.user,
                    verification=verify_form.cleaned_data["verification"],
                    organisation_response=verify_form.cleaned_data["organisation_response"],
                )
                messages.success(request, _("The verification was recorded."))
                return redirect("publicity:objection_handle", pk=objection.pk)
    elif action == "decide":
        if not can_decide_objection(request.user, objection):
            raise PermissionDenied(_("This objection cannot be decided now."))
        if decide_form.is_valid():
            with show_refusal(request, form=decide_form):
                services.decide_objection(
                    objection,
                    actor=request.user,
                    upheld=decide_form.cleaned_data["decision"] == "upheld",
                    handling_opinion=decide_form.cleaned_data["handling_opinion"],
                    meeting=decide_form.cleaned_data["meeting"],
                )
                messages.success(request, _("The decision was recorded."))
                return redirect("publicity:objection_handle", pk=objection.pk)
    elif action == "list" and list_form is not None:
        if not may_decide_list:
            raise PermissionDenied(_("The list cannot be confirmed or amended now."))
        sign_first = commitment_redirect_of_round(request, objection.publicity.round)
        if sign_first is not None:
            return sign_first
        if list_form.is_valid():
            with show_refusal(request, form=list_form):
                decision = services.decide_proposed_list(
                    objection,
                    actor=request.user,
                    reason=list_form.cleaned_data["reason"],
                    additions=list_form.additions(),
                    starts_on=list_form.cleaned_data["starts_on"],
                    days=list_form.cleaned_data["days"],
                )
                messages.success(
                    request,
                    _("The proposed list was amended; the added candidates are publicised.")
                    if decision.amended
                    else _("The proposed list was confirmed."),
                )
                return redirect("publicity:objection_handle", pk=objection.pk)
    elif request.method == "POST":
        raise PermissionDenied(_("Unknown action."))
    return render(
        request,
        "publicity/objection_handle.html",
        {
            "objection": objection,
            "round": objection.publicity.round,
            "show_identity": can_see_objector_identity(request.user, objection),
            "may_verify": can_verify_objection(request.user, objection),
            "may_decide": can_decide_objection(request.user, objection),
            "verify_form": verify_form,
            "decide_form": decide_form,
            "may_decide_list": may_decide_list,
            "list_form": list_form,
            "list_decision": list_decision_of(objection),
        },
    )


# --- Publicity: public ----------------------------------------------------------------------


def _state(period: PublicityPeriod) -> str:
    return publicity_state(period.starts_at, period.ends_at, period.closed_at)


def public_list(request: HttpRequest) -> HttpResponse:
    """The publicity periods with their states, a page at a time, of one programme or year if
    asked; rendered once per change of the periods, per filter and page, and again when one
    of the page's periods opens or ends."""
    chosen = ListFilter.from_request(request)

    def build() -> tuple[str, datetime | None]:
        choices = public_publicity_choices()
        page = page_of(
            public_publicities(chosen.programme, chosen.year), PUBLICITY_PAGE_SIZE, chosen, choices
        )
        periods = list(page.object_list)
        now = timezone.now()
        context = list_context(page, chosen, choices)
        context["rows"] = [
            {"period": p, "state": publicity_state(p.starts_at, p.ends_at, p.closed_at, now)}
            for p in periods
        ]
        ahead = [t for p in periods for t in (p.starts_at, p.ends_at) if t > now]
        kept = kept_until(page, chosen)
        if kept is not None:
            ahead.append(kept)
        html = render_to_string("publicity/_publicity_list_content.html", context)
        return html, min(ahead, default=None)

    return page_cache.cached_page(
        request,
        "publicity/publicity_list.html",
        "publicity",
        [PUBLICITY_SCOPE],
        chosen.vary(),
        build,
    )


def notice(request: HttpRequest, pk: int) -> HttpResponse:
    """One publicity notice, rendered once per change of what it shows and again when its
    period opens or ends (an unknown period: 404, never kept)."""

    def build() -> tuple[str, str, datetime | None]:
        period = public_publicity(pk)
        if period is None:
            raise Http404(_("No such publicity."))
        now = timezone.now()
        context = {
            "period": period,
            "round": period.round,
            "state": publicity_state(period.starts_at, period.ends_at, period.closed_at, now),
            "entries": list(period.applications.all()),
            "outlets": publicity_outlets(period.round),
            "other_periods": other_periods_of(period),
        }
        html = render_to_string("publicity/_publicity_notice_content.html", context)
        ahead = [t for t in (period.starts_at, period.ends_at) if t > now]
        return period.round.title, html, min(ahead, default=None)

    title, content = page_cache.cached_titled_html(
        "publicity_notice", [PUBLICITY_SCOPE, PUBLICITY_NOTICE_SCOPE], [pk], build
    )
    return render(
        request, "publicity/publicity_notice.html", {"round_title": title, "content": content}
    )


OBJECTION_FORM = PublicFormGuard(
    rate_key_prefix="publicity:objections",
    rate_limit=OBJECTION_RATE_LIMIT,
    rate_window_seconds=OBJECTION_RATE_WINDOW_SECONDS,
    too_many=gettext_lazy("Too many objections from your address; please try again in an hour."),
    receipt_session_key=LAST_RECEIPT_SESSION_KEY,
)


def object_form(request: HttpRequest, pk: int) -> HttpResponse:
    """Art. 21: anyone may object during the publicity, with a name and the grounds."""
    period = public_publicity(pk)
    if period is None:
        raise Http404(_("No such publicity."))
    state = _state(period)
    form = ObjectionForm(
        request.POST or None,
        applications=period.applications.select_related(
            "organisation", "round__programme"
        ).order_by("organisation__name"),
    )

    def submit(data: dict[str, Any]) -> str:
        objection = services.submit_objection(
            period,
            application=data["application"],
            name=data["name"],
            phone=data["phone"],
            email=data["email"],
            grounds=data["grounds"],
            ip_address=client_address(request),
        )
        return objection.receipt_number

    return public_form_response(
        request,
        form,
        OBJECTION_FORM,
        submit=submit,
        receipt_url="publicity:objection_receipt",
        template="publicity/objection_form.html",
        context={
            "period": period,
            "round": period.round,
            "state": state,
        },
    )


def objection_receipt(request: HttpRequest) -> HttpResponse:
    """The receipt of the objection just submitted from this browser."""
    receipt = request.session.get(LAST_RECEIPT_SESSION_KEY, "")
    objection = objection_by_receipt(receipt) if receipt else None
    if objection is None:
        return redirect("publicity:lookup")
    return render(
        request,
        "publicity/objection_receipt.html",
        {
            "objection": objection,
            "steps": objection_handling_steps(objection),
            "list_decision": list_decision_of(objection),
        },
    )


def lookup(request: HttpRequest) -> HttpResponse:
    """Status and, once decided, outcome of an objection by its receipt number (never the
    objector's identity)."""
    receipt = request.GET.get("receipt", "").strip()[:40]
    objection = objection_by_receipt(receipt) if receipt else None
    return render(
        request,
        "publicity/objection_lookup.html",
        {
            "receipt": receipt,
            "objection": objection,
            "searched": bool(receipt),
            "steps": objection_handling_steps(objection) if objection else [],
            "list_decision": list_decision_of(objection) if objection else None,
        },
    )
