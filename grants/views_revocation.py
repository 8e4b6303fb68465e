"""Pages of revocation and bans (R8, R11): the office opens a case and records the
government's decision, the organisation responds, the public sees the revocation notice, the
office lists the bans in force. Thin views: selector, predicate, form, one service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from decisionlog.workflow import DomainError

from . import revocation as services
from .enums import RevocationStatus
from .forms_revocation import RevocationDecisionForm, RevocationOpenForm, RevocationResponseForm
from .selectors_revocation import (
    bans_in_force,
    grant_for_revocation,
    is_office,
    office_revocations,
    public_revocations,
    revocable_grants,
    revocation_for_office,
    revocation_for_organisation,
)


def _message(error: DomainError) -> str:
    return f"{error.message} ({error.rule})" if error.rule else error.message


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@login_required
def revocation_list(request: HttpRequest) -> HttpResponse:
    """The office's revocation cases and the valid grants a case can be opened on."""
    if not is_office(request.user):
        raise Http404(_("No such page."))
    return render(
        request,
        "grants/revocation_list.html",
        {
            "cases": list(office_revocations(request.user)),
            "grants": list(revocable_grants(request.user)),
        },
    )


@login_required
def revocation_open(request: HttpRequest, grant_pk: int) -> HttpResponse:
    grant = grant_for_revocation(request.user, grant_pk)
    if grant is None:
        raise Http404(_("No such award."))
    form = RevocationOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.open_revocation(
                grant,
                actor=_user(request),
                ground=form.cleaned_data["ground"],
                evidence=form.cleaned_data["evidence"],
                accident_grade=form.cleaned_data["accident_grade"],
            )
        except DomainError as error:
            form.add_error(None, _message(error))
        else:
            messages.success(
                request, _("The revocation case was opened; the organisation was notified.")
            )
            return redirect("grants:revocation_decide", pk=case.pk)
    return render(request, "grants/revocation_open.html", {"grant": grant, "form": form})


@login_required
def revocation_respond(request: HttpRequest, pk: int) -> HttpResponse:
    """The organisation concerned (only) responds while the case awaits the decision."""
    case = revocation_for_organisation(request.user, pk)
    if case is None:
        raise Http404(_("No such case."))
    may_respond = case.status == RevocationStatus.PROPOSED
    form = RevocationResponseForm(
        request.POST or None, initial={"response": case.organisation_response}
    )
    if request.method == "POST":
        if not may_respond:
            raise PermissionDenied(_("The case has been decided."))
        if form.is_valid():
            try:
                services.respond_to_revocation(
                    case, actor=_user(request), response=form.cleaned_data["response"]
                )
            except DomainError as error:
                form.add_error(None, _message(error))
            else:
                messages.success(request, _("Your response was recorded."))
                return redirect("grants:revocation_respond", pk=case.pk)
    return render(
        request,
        "grants/revocation_respond.html",
        {"case": case, "form": form, "may_respond": may_respond},
    )


@login_required
def revocation_decide(request: HttpRequest, pk: int) -> HttpResponse:
    case = revocation_for_office(request.user, pk)
    if case is None:
        raise Http404(_("No such case."))
    may_decide = case.status == RevocationStatus.PROPOSED
    form = RevocationDecisionForm(
        request.POST or None, initial={"decided_on": timezone.localdate()}
    )
    if request.method == "POST":
        if not may_decide:
            raise PermissionDenied(_("The government's decision is already recorded."))
        if form.is_valid():
            try:
                services.decide_revocation(
                    case,
                    actor=_user(request),
                    revoked=form.cleaned_data["outcome"] == "revoked",
                    decided_on=form.cleaned_data["decided_on"],
                    document_number=form.cleaned_data["document_number"],
                )
            except DomainError as error:
                form.add_error(None, _message(error))
            else:
                messages.success(request, _("The government's decision was recorded."))
                return redirect("grants:revocation_decide", pk=case.pk)
    return render(
        request,
        "grants/revocation_decide.html",
        {"case": case, "form": form, "may_decide": may_decide},
    )


def revocations_public(request: HttpRequest) -> HttpResponse:
    """R8, R11: the public notice of every revoked award, with the bar that followed."""
    return render(request, "grants/revocation_public.html", {"cases": list(public_revocations())})


@login_required
def bans(request: HttpRequest) -> HttpResponse:
    """R8: the office's list of bars in force."""
    if not is_office(request.user):
        raise Http404(_("No such page."))
    return render(
        request,
        "grants/revocation_bans.html",
        {"bans": list(bans_in_force()), "today": timezone.localdate()},
    )
