"""Pages of the monitoring of winners (Art. 24-26, 29). Thin views: selector, predicate,
form, one service; objects a user may not see are 404."""

from __future__ import annotations

import json
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.permissions import office_programme_ids
from applications.permissions.application import organisation_id_of
from awards.models import AwardProgramme
from common.files import open_or_404, private_file_response
from common.views import (
    built_document_response,
    form_page,
    note_shortened_name,
    posted_data,
    show_refusal,
    submit_form,
)
from monitoring.circular_pdf import CIRCULAR_PDF
from monitoring.enums import ActionStatus, ReassessmentResult
from monitoring.forms.monitoring import (
    CircularForm,
    FundCheckForm,
    FundItemForm,
    FundSubmitForm,
    ImprovementForm,
    ReassessmentResultForm,
    ReassessmentScheduleForm,
    SharingForm,
    SummaryForm,
    VisitPlanForm,
    VisitRecordForm,
)
from monitoring.models import FundUseCircular, FundUseReport
from monitoring.permissions.monitoring import (
    can_check_fund_report,
    can_edit_fund_report,
    can_record_visit,
    has_prize_money,
    office_may_act,
    winner_may_act,
)
from monitoring.selectors import monitoring as selectors
from monitoring.selectors.annual_reports import report_for_winner
from monitoring.selectors.monitoring import reassessment_pool
from monitoring.services import monitoring as services


def _posted(request: HttpRequest, action: str) -> dict | None:  # type: ignore[type-arg]
    if request.method == "POST" and request.POST.get("action") == action:
        return request.POST
    return None


# --- the winner -------------------------------------------------------------------------------


@login_required
def winner_overview(request: HttpRequest) -> HttpResponse:
    """Every obligation of every grant of the user's organisation, with due date and state."""
    if organisation_id_of(request.user) is None:
        raise Http404(_("You do not belong to an organisation."))
    return render(
        request, "monitoring/winner_overview.html", {"rows": selectors.winner_grants(request.user)}
    )


def _winner_row(request: HttpRequest, pk: int) -> selectors.GrantObligations:
    row = selectors.grant_for_winner(request.user, pk)
    if row is None:
        raise Http404(_("No such award."))
    return row


@login_required
def winner_grant(request: HttpRequest, pk: int) -> HttpResponse:
    row = _winner_row(request, pk)
    grant = row.grant
    return render(
        request,
        "monitoring/winner_grant.html",
        {
            "row": row,
            "grant": grant,
            "reassessments": list(grant.reassessments.all()),
            "visits": list(grant.return_visits.all()),
            "may_act": winner_may_act(request.user, grant),
            "has_money": has_prize_money(grant),
        },
    )


@login_required
def fund_report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """R10: the winner's report on the use of the prize money: items with evidence, submit."""
    row = _winner_row(request, pk)
    grant = row.grant
    if not has_prize_money(grant):
        raise Http404(_("No prize money was paid for this award."))
    report = getattr(grant, "fund_use_report", None)
    if report is None:
        if not winner_may_act(request.user, grant):
            raise Http404(_("No report."))
        report = FundUseReport(grant=grant)  # saved when the winner first acts (POST)
    editable = can_edit_fund_report(request.user, report)
    item_form = FundItemForm(_posted(request, "add"), request.FILES or None)
    submit_form = FundSubmitForm(_posted(request, "submit"), initial={"summary": report.summary})
    if request.method == "POST":
        if not editable:
            raise PermissionDenied(_("This report cannot be changed now."))
        action = request.POST.get("action")
        with show_refusal(request, form=submit_form if action == "submit" else item_form):
            if report.pk is None:
                report = services.fund_report_of(grant, actor=request.user)
            if action == "add" and item_form.is_valid():
                services.add_fund_item(
                    report,
                    actor=request.user,
                    purpose=item_form.cleaned_data["purpose"],
                    amount=item_form.cleaned_data["amount"],
                    description=item_form.cleaned_data["description"],
                    upload=item_form.cleaned_data["evidence"],
                )
                messages.success(request, _("The use of the money was added."))
                note_shortened_name(request, item_form.cleaned_data["evidence"])
                return redirect("monitoring:fund_report", pk=grant.pk)
            if action == "remove":
                item = get_object_or_404(report.items, pk=request.POST.get("item"))
                services.remove_fund_item(item, actor=request.user)
                messages.success(request, _("The item was removed."))
                return redirect("monitoring:fund_report", pk=grant.pk)
            if action == "submit" and submit_form.is_valid():
                services.submit_fund_report(
                    report, actor=request.user, summary=submit_form.cleaned_data["summary"]
                )
                messages.success(request, _("Your report was submitted to the office."))
                return redirect("monitoring:winner_grant", pk=grant.pk)
    items = selectors.fund_report_items(report) if report.pk else []
    return render(
        request,
        "monitoring/fund_report.html",
        {
            "grant": grant,
            "report": report,
            "items": items,
            "totals": selectors.fund_totals(items),
            "editable": editable,
            "item_form": item_form,
            "submit_form": submit_form,
        },
    )


@login_required
@require_GET
def fund_evidence(request: HttpRequest, pk: int) -> FileResponse:
    """Evidence of a fund-use item: the winner's users and the programme's office only."""
    item = selectors.fund_item_for(request.user, pk)
    if item is None:
        raise Http404
    return private_file_response(
        open_or_404(item.evidence), name=item.evidence_name, content_type=item.evidence_type
    )


@login_required
def improvements(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Art. 24: per opportunity for improvement of the feedback report, what the winner did."""
    row = _winner_row(request, pk)
    grant = row.grant
    may_act = winner_may_act(request.user, grant)
    posted = _posted(request, "record")
    form = ImprovementForm(posted)
    if posted is not None:
        if not may_act:
            raise PermissionDenied(_("Only the winner records its improvements."))
        if form.is_valid():
            with show_refusal(request, form=form):
                data = form.cleaned_data
                services.record_improvement(
                    grant,
                    actor=request.user,
                    key=data["key"],
                    action=data["action_taken"],
                    status=data["status"],
                    completed_on=data["completed_on"],
                )
                messages.success(request, _("Your improvement was recorded."))
                return redirect("monitoring:improvements", pk=grant.pk)
    actions = {a.key: a for a in grant.improvement_actions.all()}
    items = []
    for n, opp in enumerate(row.opportunities, start=1):
        action = actions.get(opp.key)
        failed = posted is not None and posted.get("key") == opp.key
        items.append(
            {
                "opportunity": opp,
                "action": action,
                "form": form
                if failed
                else ImprovementForm(
                    initial={
                        "key": opp.key,
                        "action_taken": action.action if action else "",
                        "status": action.status if action else ActionStatus.IN_PROGRESS,
                        "completed_on": action.completed_on if action else None,
                    },
                    auto_id=f"id_opp{n}_%s",
                ),
            }
        )
    return render(
        request,
        "monitoring/improvements.html",
        {"grant": grant, "items": items, "may_act": may_act},
    )


@login_required
def sharing(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Art. 25: the summary of practice in the award year and the sharing activities."""
    row = _winner_row(request, pk)
    grant = row.grant
    may_act = winner_may_act(request.user, grant)
    summary = getattr(grant, "practice_summary", None)
    summary_form = SummaryForm(
        _posted(request, "summary"),
        initial={
            "body": summary.body if summary else "",
            "publicised_in": summary.publicised_in if summary else "",
        },
    )
    activity_form = SharingForm(_posted(request, "activity"))
    if request.method == "POST":
        if not may_act:
            raise PermissionDenied(_("Only the winner records its sharing."))
        action = request.POST.get("action")
        with show_refusal(request, form=summary_form if action == "summary" else activity_form):
            if action == "summary" and summary_form.is_valid():
                services.save_practice_summary(
                    grant, actor=request.user, **summary_form.cleaned_data
                )
                messages.success(request, _("Your summary was saved."))
                return redirect("monitoring:sharing", pk=grant.pk)
            if action == "activity" and activity_form.is_valid():
                services.add_sharing_activity(
                    grant, actor=request.user, **activity_form.cleaned_data
                )
                messages.success(request, _("The activity was recorded."))
                return redirect("monitoring:sharing", pk=grant.pk)
    return render(
        request,
        "monitoring/sharing.html",
        {
            "grant": grant,
            "summary": summary,
            "activities": list(grant.sharing_activities.all()),
            "summary_form": summary_form,
            "activity_form": activity_form,
            "may_act": may_act,
        },
    )


# --- the office ------------------------------------------------------------------------------


def _office_only(request: HttpRequest) -> list[int]:
    ids = office_programme_ids(request.user)
    if not ids:
        raise Http404(_("Only the award office monitors the winners."))
    return ids


@login_required
def office_dashboard(request: HttpRequest) -> HttpResponse:
    """All winners with what is due, overdue and done, and a chart per round."""
    _office_only(request)
    current_only = request.GET.get("current") == "1"
    rows = selectors.office_grants(request.user, current_only=current_only)
    return render(
        request,
        "monitoring/office_dashboard.html",
        {
            "rows": rows,
            "current_only": current_only,
            "chart": json.dumps(selectors.chart_by_round(rows), ensure_ascii=False),
        },
    )


@login_required
def office_grant(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One winner: every obligation; schedule re-assessments and plan return visits here."""
    row = selectors.grant_for_office(request.user, pk)
    if row is None:
        raise Http404(_("No such award."))
    grant = row.grant
    may_act = office_may_act(request.user, grant)
    schedule_form = ReassessmentScheduleForm(_posted(request, "schedule"), grant=grant)
    visit_form = VisitPlanForm(_posted(request, "visit"))
    if request.method == "POST":
        if not may_act:
            raise PermissionDenied(_("This award is revoked."))
        action = request.POST.get("action")
        with show_refusal(request, form=schedule_form if action == "schedule" else visit_form):
            if action == "schedule" and schedule_form.is_valid():
                services.schedule_reassessment(
                    grant,
                    actor=request.user,
                    scheduled_on=schedule_form.cleaned_data["scheduled_on"],
                    team=list(schedule_form.cleaned_data["team"]),
                )
                messages.success(request, _("The re-assessment was scheduled."))
                return redirect("monitoring:office_grant", pk=grant.pk)
            if action == "visit" and visit_form.is_valid():
                services.plan_visit(grant, actor=request.user, **visit_form.cleaned_data)
                messages.success(request, _("The return visit was planned."))
                return redirect("monitoring:office_grant", pk=grant.pk)
    actions = {a.key: a for a in grant.improvement_actions.all()}
    return render(
        request,
        "monitoring/office_grant.html",
        {
            "row": row,
            "grant": grant,
            "reassessments": list(grant.reassessments.all()),
            "visits": list(grant.return_visits.all()),
            "fund_report": getattr(grant, "fund_use_report", None),
            "summary": getattr(grant, "practice_summary", None),
            "activities": list(grant.sharing_activities.all()),
            "follow_up": [(o, actions.get(o.key)) for o in row.opportunities],
            "schedule_form": schedule_form,
            "pool_empty": may_act and not reassessment_pool(grant).exists(),
            "visit_form": visit_form,
            "may_act": may_act,
            "pending": ReassessmentResult.PENDING,
        },
    )


@login_required
def reassessment_record(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.reassessment_for_office(request.user, pk)
    if assessment is None:
        raise Http404(_("No such re-assessment."))
    grant = assessment.grant
    may_record = (
        office_may_act(request.user, grant) and assessment.result == ReassessmentResult.PENDING
    )
    form = ReassessmentResultForm(posted_data(request))
    return form_page(
        request,
        form,
        partial(services.record_reassessment_result, assessment, actor=request.user),
        success=_("The result was recorded."),
        then=reverse("monitoring:office_grant", args=[grant.pk]),
        refused=None if may_record else _("This re-assessment is already recorded."),
        template="monitoring/reassessment_record.html",
        context={
            "assessment": assessment,
            "grant": grant,
            "may_record": may_record,
            "grounds": ReassessmentResult.REVOCATION_GROUNDS,
        },
    )


@login_required
def visit_record(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    visit = selectors.visit_for_office(request.user, pk)
    if visit is None:
        raise Http404(_("No such visit."))
    may_record = can_record_visit(request.user, visit)
    form = VisitRecordForm(
        posted_data(request),
        initial={"visited_on": visit.planned_on, "visitors": visit.visitors},
    )
    return form_page(
        request,
        form,
        partial(services.record_visit, visit, actor=request.user),
        success=_("The visit was recorded."),
        then=reverse("monitoring:office_grant", args=[visit.grant_id]),
        refused=None if may_record else _("This visit cannot be recorded."),
        template="monitoring/visit_record.html",
        context={"visit": visit, "may_record": may_record},
    )


@login_required
def fund_check(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """R10: the office checks a winner's report on the use of the prize money."""
    report = selectors.fund_report_for_office(request.user, pk)
    if report is None:
        raise Http404(_("No such report."))
    may_check = can_check_fund_report(request.user, report)
    form = FundCheckForm(posted_data(request))
    done = submit_form(
        request,
        form,
        partial(services.check_fund_report, report, actor=request.user),
        success=_("Your check was recorded."),
        then=reverse("monitoring:office_grant", args=[report.grant_id]),
        refused=None if may_check else _("Only a submitted report can be checked."),
    )
    if done is not None:
        return done
    items = selectors.fund_report_items(report)
    return render(
        request,
        "monitoring/fund_check.html",
        {
            "report": report,
            "grant": report.grant,
            "items": items,
            "totals": selectors.fund_totals(items),
            "form": form,
            "may_check": may_check,
        },
    )


def _programme_choices(ids: list[int]) -> list[tuple[int, str]]:
    programmes: QuerySet[AwardProgramme] = AwardProgramme.objects.filter(pk__in=ids)
    return [(p.pk, str(p)) for p in programmes.order_by("pk")]


@login_required
def circulars_office(request: AuthenticatedHttpRequest) -> HttpResponse:
    """R10: the office's circulars and the form to publish the next one."""
    ids = _office_only(request)
    form = CircularForm(posted_data(request), programmes=_programme_choices(ids))
    if request.method == "POST" and form.is_valid():
        with show_refusal(request, form=form):
            circular = services.publish_circular(
                actor=request.user,
                programme_id=form.cleaned_data["programme"],
                title=form.cleaned_data["title"],
                document_number=form.cleaned_data["document_number"],
                body=form.cleaned_data["body"],
            )
            messages.success(request, _("The circular was published."))
            return redirect("monitoring:circular", pk=circular.pk)
    return render(
        request,
        "monitoring/circulars_office.html",
        {
            "form": form,
            "circulars": selectors.circulars_for_office(request.user),
            "pending": selectors.checked_reports_for_circular(ids),
        },
    )


@require_GET
def circulars_public(request: HttpRequest) -> HttpResponse:
    return render(
        request, "monitoring/circulars_public.html", {"circulars": selectors.public_circulars()}
    )


@require_GET
def circular(request: HttpRequest, pk: int) -> HttpResponse:
    """R10 / Art. 26: the public circular of the office's checks of the use of prize money."""
    found = get_object_or_404(FundUseCircular.objects.select_related("programme"), pk=pk)
    return render(
        request,
        "monitoring/circular.html",
        {"circular": found, "rows": selectors.circular_rows(found)},
    )


# --- annual report attachments (Art. 24) ------------------------------------------------------


@login_required
@require_POST
def report_attachment_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Art. 24: the winner attaches a document to its annual report (from the report page)."""
    report = report_for_winner(request.user, pk)
    if report is None:
        raise Http404(_("No such report."))
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to attach."))
    else:
        with show_refusal(request):
            services.add_report_attachment(report, actor=request.user, upload=upload)
            messages.success(request, _("The document was attached."))
            note_shortened_name(request, upload)
    return redirect("monitoring:annual_report_file", pk=report.pk)


@login_required
@require_POST
def report_attachment_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    attachment = selectors.report_attachment_for(request.user, pk)
    if attachment is None or report_for_winner(request.user, attachment.report_id) is None:
        raise Http404(_("No such document."))
    with show_refusal(request):
        services.remove_report_attachment(attachment, actor=request.user)
        messages.success(request, _("The document was removed."))
    return redirect("monitoring:annual_report_file", pk=attachment.report_id)


@login_required
@require_GET
def report_attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = selectors.report_attachment_for(request.user, pk)
    if attachment is None:
        raise Http404
    return private_file_response(
        open_or_404(attachment.file),
        name=attachment.original_name,
        content_type=attachment.content_type,
    )


@require_GET
def circular_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    """R10: the public circular as a PDF to print or forward."""
    found = get_object_or_404(FundUseCircular.objects.select_related("programme"), pk=pk)
    return built_document_response(request, CIRCULAR_PDF, found.pk)
