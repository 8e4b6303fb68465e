"""Pages of a winner's obligations (Art. 24): the winner's obligations and report filing; the
office's overview and report review. Thin views: selector, predicate, form, one service."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedHttpRequest
from accounts.permissions import office_programme_ids
from common.views import form_page, show_refusal, submit_form
from monitoring.forms.annual_reports import (
    AnnualReportDraftForm,
    AnnualReportForm,
    DueDateForm,
    ReportReviewForm,
)
from monitoring.permissions.annual_reports import (
    can_change_due_date,
    can_file_report,
    can_review_report,
)
from monitoring.selectors import annual_reports as selectors
from monitoring.services import annual_reports as obligations


@login_required
def annual_report_file(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_for_winner(request.user, pk)
    if report is None:
        raise Http404(_("No such report."))
    may_file = can_file_report(request.user, report)
    initial = {
        "key_indicators": report.key_indicators,
        "improvements": report.improvements,
        "body": report.body,
    }
    # "Save the draft" keeps the text, however incomplete, on this page; "Submit" files it.
    draft = request.method == "POST" and "save_draft" in request.POST
    form_class = AnnualReportDraftForm if draft else AnnualReportForm
    form = form_class(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        partial(
            obligations.save_annual_report_draft if draft else obligations.file_annual_report,
            report,
            actor=request.user,
        ),
        success=(
            _("Your draft is saved; it is not filed until you submit it.")
            if draft
            else _("Your report was filed; the office will review it.")
        ),
        then=None if draft else "monitoring:winner_overview",
        refused=None if may_file else _("This report cannot be filed now."),
        template="monitoring/annual_report_file.html",
        context={
            "report": report,
            "may_file": may_file,
            "state": selectors.report_state(report.status, report.due_on, timezone.localdate()),
        },
    )


@login_required
def office_obligations(request: HttpRequest) -> HttpResponse:
    """All winners of the office's programmes and their reports (Art. 24)."""
    if not office_programme_ids(request.user):
        raise Http404(_("Only the award office sees the winners' obligations."))
    return render(
        request,
        "monitoring/obligation_office.html",
        {"rows": selectors.office_obligations(request.user)},
    )


@login_required
def annual_report_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_for_office(request.user, pk)
    if report is None:
        raise Http404(_("No such report."))
    action = request.POST.get("action", "review") if request.method == "POST" else ""
    review_form = ReportReviewForm(request.POST if action == "review" else None)
    due_form = DueDateForm(
        request.POST if action == "due_date" else None,
        initial={"due_on": report.due_on},
        prefix="due",
    )
    if action == "review":
        if not can_review_report(request.user, report):
            raise PermissionDenied(_("Only a submitted report can be reviewed."))
        if review_form.is_valid():
            accept = review_form.cleaned_data["decision"] == ReportReviewForm.ACCEPT
            with show_refusal(request, form=review_form):
                obligations.review_annual_report(
                    report,
                    actor=request.user,
                    accept=accept,
                    comment=review_form.cleaned_data["comment"],
                )
                messages.success(
                    request,
                    _("The report was accepted.") if accept else _("The report was returned."),
                )
                return redirect("monitoring:office_obligations")
    elif action == "due_date":
        # The form's fields are the service's: due_on, reason.
        done = submit_form(
            request,
            due_form,
            partial(obligations.change_report_due_date, report, actor=request.user),
            success=_("The due date was changed."),
            then=reverse("monitoring:annual_report_review", args=[report.pk]),
            refused=None
            if can_change_due_date(request.user, report)
            else _("The due date of an accepted report cannot change."),
        )
        if done is not None:
            return done
    return render(
        request,
        "monitoring/annual_report_review.html",
        {
            "report": report,
            "review_form": review_form,
            "due_form": due_form,
            "may_review": can_review_report(request.user, report),
            "may_change_due": can_change_due_date(request.user, report),
            "state": selectors.report_state(report.status, report.due_on, timezone.localdate()),
        },
    )
