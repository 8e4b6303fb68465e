"""The bar decision after a disqualification for fraud (R8, Art. 28): a section grants adds to
the office's application page (applications), and the two forms it posts. Thin views: the
office's application (404 otherwise), the round's commitment (R12), a form, one service."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.models import Application
from applications.permissions.office import is_office_for
from applications.views.office import office_action, office_page_again
from decisionlog.workflow import DomainError
from sanctions.enums import FraudBarStatus
from sanctions.forms.fraud_bars import FraudBarDecisionForm, FraudBarForm
from sanctions.models import FraudBarCase
from sanctions.selectors.revocation import fraud_bar_case_of
from sanctions.services import fraud_bars


def office_page_section(
    request: HttpRequest, application: Application, forms: Mapping[str, Any]
) -> dict[str, Any]:
    """The case and, for the office, the form its state asks for (``forms``: bound forms of a
    failed POST, shown again)."""
    fraud_bar_form = forms.get("fraud_bar_form")
    fraud_bar_decision_form = forms.get("fraud_bar_decision_form")
    fraud_case = fraud_bar_case_of(application)
    if fraud_case is not None and is_office_for(request.user, application):
        if fraud_bar_form is None and fraud_case.status == FraudBarStatus.PENDING:
            fraud_bar_form = FraudBarForm(auto_id="id_fraudbar_%s")
        if fraud_bar_decision_form is None and fraud_case.status == FraudBarStatus.PROPOSED:
            fraud_bar_decision_form = FraudBarDecisionForm(auto_id="id_fraudgov_%s")
    return {
        "fraud_case": fraud_case,
        "fraud_bar_form": fraud_bar_form,
        "fraud_bar_decision_form": fraud_bar_decision_form,
    }


def _fraud_case_or_404(application: Application) -> FraudBarCase:
    case = fraud_bar_case_of(application)
    if case is None:
        raise Http404(_("No such page."))
    return case


def _done(request: HttpRequest, application: Application, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("applications:office_detail", application.pk)


@login_required
@require_POST
def fraud_bar(request: HttpRequest, pk: int) -> HttpResponse:
    """R8 / Art. 28: after fraud, the office records "no bar" with its reason or proposes a
    bar to the municipal government."""
    application, stop = office_action(request, pk)
    if stop is not None:
        return stop
    assert application is not None
    case = _fraud_case_or_404(application)
    form = FraudBarForm(request.POST, auto_id="id_fraudbar_%s")
    if not form.is_valid():
        return office_page_again(request, application, section_forms={"fraud_bar_form": form})
    actor = request.user
    try:
        if form.cleaned_data["decision"] == "no_bar":
            fraud_bars.decide_no_bar(
                case,
                actor=actor,  # type: ignore[arg-type]
                reason=form.cleaned_data["reason"],
            )
            message = _("No bar follows; the reason is recorded.")
        else:
            fraud_bars.propose_bar(
                case,
                actor=actor,  # type: ignore[arg-type]
                reason=form.cleaned_data["reason"],
            )
            message = _("The bar is proposed to the municipal government.")
    except DomainError as error:
        return office_page_again(
            request, application, section_forms={"fraud_bar_form": form}, form=form, error=error
        )
    return _done(request, application, message)


@login_required
@require_POST
def fraud_bar_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """R8 / Art. 28: the office records the municipal government's decision on the bar."""
    application, stop = office_action(request, pk)
    if stop is not None:
        return stop
    assert application is not None
    case = _fraud_case_or_404(application)
    form = FraudBarDecisionForm(request.POST, auto_id="id_fraudgov_%s")
    if not form.is_valid():
        return office_page_again(
            request, application, section_forms={"fraud_bar_decision_form": form}
        )
    actor = request.user
    try:
        if form.cleaned_data["outcome"] == "barred":
            ban = fraud_bars.record_bar_decision(
                case,
                actor=actor,  # type: ignore[arg-type]
                decided_on=form.cleaned_data["decided_on"],
                document_number=form.cleaned_data["document_number"],
            )
            message = _("%(org)s is barred from applying until %(until)s.") % {
                "org": application.organisation,
                "until": ban.ends_on.isoformat(),
            }
        else:
            fraud_bars.decide_no_bar(
                case,
                actor=actor,  # type: ignore[arg-type]
                reason=form.cleaned_data["reason"],
            )
            message = _("No bar follows; the reason is recorded.")
    except DomainError as error:
        return office_page_again(
            request,
            application,
            section_forms={"fraud_bar_decision_form": form},
            form=form,
            error=error,
        )
    return _done(request, application, message)
