"""The bar decision after a disqualification for fraud (R8, Art. 28): a section grants adds to
the office's application page (applications), and the two forms it posts. Thin views: the
office's application (404 otherwise), the round's commitment (R12), a form, one service."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from applications.models import Application
from applications.permissions.office import is_office_for
from applications.views.office import Posted, office_action, submit_on_page
from common.dates import last_day_and_next
from sanctions.enums import FraudBarStatus
from sanctions.forms.fraud_bars import FraudBarDecisionForm, FraudBarForm
from sanctions.models import FraudBarCase
from sanctions.selectors.revocation import fraud_bar_case_of
from sanctions.services import fraud_bars


def office_page_section(
    request: HttpRequest, application: Application, forms: Mapping[str, Any]
) -> dict[str, Any]:
    """The case and, for the office, the form its state asks for (``forms``: the form of a
    failed POST, shown again with its errors)."""
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


@login_required
@require_POST
@office_action
def fraud_bar(request: AuthenticatedHttpRequest, application: Application) -> HttpResponse:
    """R8 / Art. 28: after fraud, the office records "no bar" with its reason or proposes a
    bar to the municipal government."""
    case = _fraud_case_or_404(application)
    form = FraudBarForm(request.POST, auto_id="id_fraudbar_%s")

    def decide() -> str:
        reason = form.cleaned_data["reason"]
        if form.cleaned_data["decision"] == "no_bar":
            fraud_bars.decide_no_bar(case, actor=request.user, reason=reason)
            return _("No bar follows; the reason is recorded.")
        fraud_bars.propose_bar(case, actor=request.user, reason=reason)
        return _("The bar is proposed to the municipal government.")

    return submit_on_page(request, application, Posted("fraud_bar", form), decide)


@login_required
@require_POST
@office_action
def fraud_bar_decide(request: AuthenticatedHttpRequest, application: Application) -> HttpResponse:
    """R8 / Art. 28: the office records the municipal government's decision on the bar."""
    case = _fraud_case_or_404(application)
    form = FraudBarDecisionForm(request.POST, auto_id="id_fraudgov_%s")

    def record() -> str:
        if form.cleaned_data["outcome"] != "barred":
            fraud_bars.decide_no_bar(case, actor=request.user, reason=form.cleaned_data["reason"])
            return _("No bar follows; the reason is recorded.")
        ban = fraud_bars.record_bar_decision(
            case,
            actor=request.user,
            decided_on=form.cleaned_data["decided_on"],
            document_number=form.cleaned_data["document_number"],
        )
        return _(
            "%(org)s is barred from applying until and including %(until)s; it may apply "
            "again from %(next)s."
        ) % {"org": application.organisation, **last_day_and_next(ban.ends_on)}

    return submit_on_page(request, application, Posted("fraud_bar_decision", form), record)
