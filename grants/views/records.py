"""Pages of the records that follow the approval: the approval document (Art. 22), prize
payments and plaques (R4, Art. 8), the published list of winners with its outlets (Art. 22).
Thin views: selector, predicate, form, one service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from common.files import stored_document_response
from common.views import found_or_404, note_shortened_name, show_refusal
from grants import hooks
from grants.forms.records import ApprovalDocumentForm, OutletForm, PaymentForm, PlaqueForm
from grants.selectors.approval import round_for_approval
from grants.selectors.records import (
    approval_for_office,
    grant_for_records,
    public_round,
    public_round_winners,
    round_grants_with_records,
    winners_outlets,
)
from grants.services import records


@login_required
@require_POST
def approval_document_upload(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    approval = approval_for_office(request.user, pk)
    if approval is None:
        raise Http404(_("No such approval."))
    form = ApprovalDocumentForm(request.POST, request.FILES)
    if form.is_valid():
        with show_refusal(request):
            records.attach_approval_document(
                approval, actor=request.user, upload=form.cleaned_data["document"]
            )
            messages.success(request, _("The decision document was stored."))
            note_shortened_name(request, form.cleaned_data["document"])
    else:
        for field_errors in form.errors.values():
            for text in field_errors:
                messages.error(request, text)
    return redirect("grants:record_approval", round_pk=approval.round_id)


@login_required
def approval_document_download(request: HttpRequest, pk: int) -> FileResponse:
    approval = approval_for_office(request.user, pk)
    if approval is None:
        raise Http404(_("No such document."))
    return stored_document_response(approval)


@login_required
def prizes(request: HttpRequest, round_pk: int) -> HttpResponse:
    """R4, Art. 8: the office's list of the round's grants, money due and paid, plaques."""
    round = round_for_approval(request.user, round_pk)
    if round is None:
        raise Http404(_("No such round."))
    rows = list(round_grants_with_records(round))
    return render(request, "grants/prizes.html", {"round": round, "rows": rows})


@login_required
def grant_records(request: AuthenticatedHttpRequest, grant_pk: int) -> HttpResponse:
    """The office records the payment (where money is due) and the plaque of one grant."""
    grant = grant_for_records(request.user, grant_pk)
    if grant is None:
        raise Http404(_("No such award."))
    today = timezone.localdate()
    action = request.POST.get("action") if request.method == "POST" else None
    payment_form = PaymentForm(
        request.POST if action == "payment" else None,
        initial={"amount": grant.amount, "paid_on": today},
    )
    plaque_form = PlaqueForm(
        request.POST if action == "plaque" else None, initial={"issued_on": today}
    )
    form = {"payment": payment_form, "plaque": plaque_form}.get(action or "")
    if form is not None and form.is_valid():
        data = form.cleaned_data
        with show_refusal(request, form=form):
            if action == "payment":
                records.record_payment(
                    grant,
                    actor=request.user,
                    amount=data["amount"],
                    paid_on=data["paid_on"],
                    reference=data["reference"],
                )
            else:
                records.record_plaque(
                    grant,
                    actor=request.user,
                    kind=data["kind"],
                    issued_on=data["issued_on"],
                    received_by=data["received_by"],
                )
            messages.success(request, _("Recorded."))
            return redirect("grants:grant_records", grant_pk=grant.pk)
    return render(
        request,
        "grants/grant_records.html",
        {
            "grant": grant,
            "round": grant.round,
            "payment": getattr(grant, "payment", None),
            "plaque": getattr(grant, "plaque", None),
            "payment_form": payment_form,
            "plaque_form": plaque_form,
            "sections": [
                (section.template, section.context(grant))
                for section in hooks.grant_record_sections
            ],
        },
    )


@login_required
def announcement(request: AuthenticatedHttpRequest, round_pk: int) -> HttpResponse:
    """Art. 22: the office records where the approved list was published."""
    round = round_for_approval(request.user, round_pk)
    if round is None:
        raise Http404(_("No such round."))
    form = OutletForm(request.POST or None, initial={"published_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        with show_refusal(request, form=form):
            records.add_winners_outlet(
                round,
                actor=request.user,
                outlet=form.cleaned_data["outlet"],
                published_on=form.cleaned_data["published_on"],
                url=form.cleaned_data["url"],
            )
            messages.success(request, _("The outlet was recorded."))
            return redirect("grants:announcement", round_pk=round.pk)
    return render(
        request,
        "grants/announcement.html",
        {"round": round, "form": form, "outlets": winners_outlets(round)},
    )


def round_winners(request: HttpRequest, round_pk: int) -> HttpResponse:
    """Art. 22: the public announcement of a round's winners, with where it was published."""
    round = found_or_404(public_round(round_pk), _("No such announcement."))
    return render(
        request,
        "grants/round_winners.html",
        {
            "round": round,
            "rows": public_round_winners(round),
            "outlets": winners_outlets(round),
        },
    )
