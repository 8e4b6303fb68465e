"""Pages of revocation and bans (R8, R11): the office opens a case and records the
government's decision, the organisation responds, the public sees the revocation notice, the
office lists the bans in force. Thin views: selector, predicate, form, one service."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedHttpRequest
from accounts.permissions import office_programme_ids
from common.files import generated_file_response
from common.official_docx import DOCX_CONTENT_TYPE
from common.views import form_page, show_refusal
from sanctions.documents import ban_notice_docx, revocation_request_docx
from sanctions.enums import AwardBody, RevocationStatus
from sanctions.forms.revocation import (
    BanNoticeForm,
    RecoveryForm,
    RevocationDecisionForm,
    RevocationOpenForm,
    RevocationResponseForm,
)
from sanctions.models import Revocation
from sanctions.permissions import office_may_open_ban
from sanctions.selectors.revocation import (
    ban_for_office,
    bans_in_force,
    grant_for_revocation,
    is_office,
    office_revocations,
    open_fraud_bar_cases,
    past_bans_in_force,
    public_revocations,
    revocable_grants,
    revocation_for_office,
    revocation_for_organisation,
)
from sanctions.services import follow_up as sanctions
from sanctions.services import revocation as services


@login_required
def revocation_list(request: HttpRequest) -> HttpResponse:
    """The office's revocation cases and the valid grants a case can be opened on."""
    if not is_office(request.user):
        raise Http404(_("No such page."))
    return render(
        request,
        "sanctions/revocation_list.html",
        {
            "cases": list(office_revocations(request.user)),
            "grants": list(revocable_grants(request.user)),
        },
    )


@login_required
def revocation_open(request: AuthenticatedHttpRequest, grant_pk: int) -> HttpResponse:
    grant = grant_for_revocation(request.user, grant_pk)
    if grant is None:
        raise Http404(_("No such award."))
    form = RevocationOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        opened = open_case(
            request, form, partial(services.open_revocation, grant, actor=request.user)
        )
        if opened is not None:
            return opened
    return render(request, "sanctions/revocation_open.html", {"grant": grant, "form": form})


def open_case(
    request: HttpRequest, form: RevocationOpenForm, opener: Callable[..., Revocation]
) -> HttpResponse | None:
    """A valid :class:`RevocationOpenForm` (its fields are the arguments of ``opener``, a
    service bound to what the case is opened on and to its actor): open the case and go to
    its page; None when the service refused (the refusal is an error of the form)."""
    with show_refusal(request, form=form):
        case = opener(**form.cleaned_data)
        messages.success(
            request, _("The revocation case was opened; the organisation was notified.")
        )
        return redirect("sanctions:revocation_decide", pk=case.pk)
    return None


@login_required
def revocation_respond(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The organisation concerned (only) responds while the case awaits the decision."""
    case = revocation_for_organisation(request.user, pk)
    if case is None:
        raise Http404(_("No such case."))
    may_respond = case.status == RevocationStatus.PROPOSED
    form = RevocationResponseForm(
        request.POST or None, initial={"response": case.organisation_response}
    )
    # The form's one field is the service's: response.
    return form_page(
        request,
        form,
        partial(services.respond_to_revocation, case, actor=request.user),
        success=_("Your response was recorded."),
        refused=None if may_respond else _("The case has been decided."),
        template="sanctions/revocation_respond.html",
        context={"case": case, "may_respond": may_respond},
    )


@login_required
def revocation_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = revocation_for_office(request.user, pk)
    if case is None:
        raise Http404(_("No such case."))
    may_decide = case.status == RevocationStatus.PROPOSED
    form = RevocationDecisionForm(
        request.POST or None, initial={"decided_on": timezone.localdate()}
    )

    def decide(*, outcome: str, decided_on: date, document_number: str) -> Revocation:
        return services.decide_revocation(
            case,
            actor=request.user,
            revoked=outcome == "revoked",
            decided_on=decided_on,
            document_number=document_number,
        )

    return form_page(
        request,
        form,
        decide,
        success=_("The government's decision was recorded."),
        refused=None if may_decide else _("The government's decision is already recorded."),
        template="sanctions/revocation_decide.html",
        context={"case": case, "may_decide": may_decide},
    )


def revocations_public(request: HttpRequest) -> HttpResponse:
    """R8, R11: the public notice of every revoked award, with the bar that followed."""
    return render(
        request, "sanctions/revocation_public.html", {"cases": list(public_revocations())}
    )


@login_required
def bans(request: HttpRequest) -> HttpResponse:
    """R8: the office's list of bars in force."""
    mine = set(office_programme_ids(request.user))
    if not mine:
        raise Http404(_("No such page."))
    bans_listed = list(bans_in_force())
    return render(
        request,
        "sanctions/revocation_bans.html",
        {
            "bans": bans_listed,
            # Every office lists every bar in force; it opens those its programme decided.
            "openable": {ban.pk for ban in bans_listed if office_may_open_ban(ban, mine)},
            "past_bans": list(past_bans_in_force()),
            "fraud_cases": list(open_fraud_bar_cases(request.user)),
            "today": timezone.localdate(),
        },
    )


@login_required
def revocation_request(request: HttpRequest, pk: int) -> HttpResponse:
    """R8 / R11: the editable request (请示) to the municipal government, as .docx."""
    case = revocation_for_office(request.user, pk)
    if case is None:
        raise Http404(_("No such case."))
    return generated_file_response(
        revocation_request_docx(case),
        name=f"撤销请示-{case.grant.organisation.name}.docx",
        content_type=DOCX_CONTENT_TYPE,
    )


@login_required
def recovery(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """R8 / Art. 28: the recovery of the prize money and the return of plaque and certificate
    after a fraud revocation."""
    case = revocation_for_office(request.user, pk)
    tracked = getattr(case, "recovery", None) if case is not None else None
    if case is None or tracked is None:
        raise Http404(_("No such recovery."))
    form = RecoveryForm(
        request.POST or None,
        initial={
            "due_on": tracked.due_on,
            "recovered_amount": tracked.recovered_amount,
            "recovered_on": tracked.recovered_on,
            "plaque_returned_on": tracked.plaque_returned_on,
            "certificate_returned_on": tracked.certificate_returned_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        with show_refusal(request, form=form):
            sanctions.record_recovery(tracked, actor=request.user, **form.cleaned_data)
            messages.success(request, _("The recovery was recorded."))
            return redirect("sanctions:revocation_decide", pk=case.pk)
    return render(
        request, "sanctions/recovery.html", {"case": case, "recovery": tracked, "form": form}
    )


@login_required
def ban_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """R8: a bar, the notices sent to the provincial and national award bodies, the drafts."""
    ban = ban_for_office(request.user, pk)
    if ban is None:
        raise Http404(_("No such ban."))
    form = BanNoticeForm(request.POST or None, initial={"sent_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        with show_refusal(request, form=form):
            sanctions.record_ban_notice(ban, actor=request.user, **form.cleaned_data)
            messages.success(request, _("The notice was recorded."))
            return redirect("sanctions:ban_detail", pk=ban.pk)
    notices = list(ban.notices.all())  # type: ignore[attr-defined]
    sent = {n.body for n in notices}
    return render(
        request,
        "sanctions/ban_detail.html",
        {
            "ban": ban,
            "form": form,
            "notices": notices,
            "bodies": [(value, label, value in sent) for value, label in AwardBody.choices],
        },
    )


@login_required
def ban_notice(request: HttpRequest, pk: int, body: str) -> HttpResponse:
    """R8: the editable notice of the bar to one award body, as .docx."""
    ban = ban_for_office(request.user, pk)
    if ban is None or body not in AwardBody.values:
        raise Http404(_("No such ban."))
    return generated_file_response(
        ban_notice_docx(ban, body),
        name=f"禁止申报函-{ban.organisation.name}.docx",
        content_type=DOCX_CONTENT_TYPE,
    )
