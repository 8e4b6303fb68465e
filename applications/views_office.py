"""Office, recommender and liaison pages of applications (Art. 12, 13, 17, R5, R8, R12).

Thin views: load through a selector, check the predicate (404 when the user may not know the
object exists), validate a form, call one service, show a DomainError on the form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards.selectors import office_round
from awards.views import commitment_redirect, posted_data
from decisionlog.selectors import decisions_for_object
from decisionlog.workflow import DomainError
from organisations.models import Department

from . import services
from .enums import ApplicationStatus, ConsultationResult, EligibilityCondition
from .forms_office import (
    ConsultationAnswerForm,
    ConsultationForm,
    DisqualifyForm,
    EligibilityCheckForm,
    EligibilityDecisionForm,
    RecommendationForm,
    StatusFilterForm,
    WaiverForm,
)
from .models import Application, Consultation
from .permissions import can_decide_eligibility, can_recommend
from .permissions_office import (
    can_answer_consultation,
    can_check_eligibility,
    can_consult,
    can_disqualify,
)
from .selectors_office import (
    latest_dossier_version,
    liaison_consultation,
    office_application,
    office_applications,
    recommender_application,
    status_counts,
)

HISTORY_LIMIT = 50


def _message(error: DomainError) -> str:
    return f"{error.message} ({error.rule})" if error.rule else error.message


# --- Office: list -------------------------------------------------------------------------


@login_required
def office_list(request: HttpRequest, round_pk: int) -> HttpResponse:
    round = office_round(request.user, round_pk)
    if round is None:
        raise Http404(_("No such round."))
    filter_form = StatusFilterForm(request.GET or None)
    status = ""
    if filter_form.is_bound and filter_form.is_valid():
        status = filter_form.cleaned_data["status"]
    return render(
        request,
        "applications/office_list.html",
        {
            "round": round,
            "applications": office_applications(request.user, round, status),
            "filter_form": filter_form,
            "status": status,
            "counts": status_counts(round),
        },
    )


# --- Office: one application --------------------------------------------------------------


def _office_application_or_404(request: HttpRequest, pk: int) -> Application:
    application = office_application(request.user, pk)
    if application is None:
        raise Http404(_("No such application."))
    return application


def _dossier(application: Application) -> dict[str, Any]:
    """R13: the dossier as last submitted; a draft shows its current fields."""
    version = latest_dossier_version(application)
    data = version.data if version else application.dossier_snapshot()
    return {"version": version, "data": data}


def _render_detail(
    request: HttpRequest,
    application: Application,
    *,
    check_form: EligibilityCheckForm | None = None,
    consult_form: ConsultationForm | None = None,
    waiver_form: tuple[int, WaiverForm] | None = None,
    decision_form: EligibilityDecisionForm | None = None,
    disqualify_form: DisqualifyForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    checks = {c.condition: c for c in application.eligibility_checks.all()}
    may_check = can_check_eligibility(user, application)
    conditions = []
    for condition in EligibilityCondition:
        check = checks.get(condition.value)
        if check_form is not None and check_form.data.get("condition") == condition.value:
            form = check_form
        elif may_check:
            form = EligibilityCheckForm(
                initial={
                    "condition": condition.value,
                    "met": ("yes" if check.met else "no") if check else None,
                    "evidence": check.evidence if check else "",
                },
                auto_id=f"id_{condition.value}_%s",
            )
        else:
            form = None
        conditions.append({"condition": condition, "check": check, "form": form})
    consultations = list(application.consultations.all())
    consultation_rows = []
    for consultation in consultations:
        waiver: WaiverForm | None = None
        if waiver_form is not None and waiver_form[0] == consultation.pk:
            waiver = waiver_form[1]
        elif (
            consultation.result == ConsultationResult.ADVERSE
            and not consultation.adverse_waiver_reason
            and may_check
        ):
            waiver = WaiverForm(auto_id=f"id_waiver{consultation.pk}_%s")
        consultation_rows.append({"consultation": consultation, "waiver_form": waiver})
    may_consult = can_consult(user, application)
    consulted = [c.department_id for c in consultations]
    if consult_form is None and may_consult:
        consult_form = ConsultationForm(exclude_department_ids=consulted, auto_id="id_consult_%s")
    may_decide = can_decide_eligibility(user, application)
    if decision_form is None and may_decide:
        decision_form = EligibilityDecisionForm(
            initial={"sector": application.sector}, auto_id="id_decide_%s"
        )
    if disqualify_form is None and can_disqualify(user, application):
        disqualify_form = DisqualifyForm(auto_id="id_disqualify_%s")
    more_departments = may_consult and Department.objects.exclude(pk__in=consulted).exists()
    return render(
        request,
        "applications/office_detail.html",
        {
            "application": application,
            "round": application.round,
            "dossier": _dossier(application),
            "attachments": list(application.attachments.all()),
            "conditions": conditions,
            "consultations": consultation_rows,
            "consult_form": consult_form if more_departments or consult_form is not None else None,
            "more_departments": more_departments,
            "blockers": (
                services.eligibility_blockers(application)
                if application.status == ApplicationStatus.SUBMITTED
                else []
            ),
            "decision_form": decision_form if may_decide else None,
            "disqualify_form": disqualify_form,
            "history": decisions_for_object(application)[:HISTORY_LIMIT],
        },
        status=status,
    )


def _detail_url(application: Application) -> str:
    return reverse("applications:office_detail", args=[application.pk])


@login_required
def office_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _office_application_or_404(request, pk)
    # R12: the office signs the round's commitment before it sees any dossier content.
    pending = commitment_redirect(request, application.round)
    if pending is not None:
        return pending
    return _render_detail(request, application)


def _office_action(request: HttpRequest, pk: int) -> tuple[Application | None, HttpResponse | None]:
    """Load the application for an office POST, or the response that stops it (R12)."""
    application = _office_application_or_404(request, pk)
    pending = commitment_redirect(request, application.round, next_url=_detail_url(application))
    return application, pending


def _done(request: HttpRequest, application: Application, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(_detail_url(application))


def _failed(
    request: HttpRequest, application: Application, form: Form, error: DomainError, **kw: Any
) -> HttpResponse:
    form.add_error(None, _message(error))
    messages.error(request, _("Nothing was saved; see the message in the form below."))
    # The page shows the application as it is now in the database.
    fresh = _office_application_or_404(request, application.pk)
    return _render_detail(request, fresh, **kw)


@login_required
@require_POST
def office_check(request: HttpRequest, pk: int) -> HttpResponse:
    """R5: record one condition of Art. 13 with its evidence."""
    application, stop = _office_action(request, pk)
    if stop is not None:
        return stop
    assert application is not None
    condition = request.POST.get("condition", "")
    prefix = condition if condition in EligibilityCondition.values else "check"
    form = EligibilityCheckForm(request.POST, auto_id=f"id_{prefix}_%s")
    if not form.is_valid():
        return _render_detail(request, application, check_form=form)
    try:
        services.record_eligibility_check(
            application,
            actor=request.user,  # type: ignore[arg-type]
            condition=form.cleaned_data["condition"],
            met=form.cleaned_data["met"] == "yes",
            evidence=form.cleaned_data["evidence"],
        )
    except DomainError as error:
        return _failed(request, application, form, error, check_form=form)
    label = EligibilityCondition(form.cleaned_data["condition"]).label
    return _done(request, application, _("Recorded: %(c)s") % {"c": label})


@login_required
@require_POST
def office_consult(request: HttpRequest, pk: int) -> HttpResponse:
    """Art. 17: send a consultation to a department."""
    application, stop = _office_action(request, pk)
    if stop is not None:
        return stop
    assert application is not None
    consulted = [c.department_id for c in application.consultations.all()]
    form = ConsultationForm(request.POST, exclude_department_ids=consulted, auto_id="id_consult_%s")
    if not form.is_valid():
        return _render_detail(request, application, consult_form=form)
    try:
        services.send_consultation(
            application,
            actor=request.user,  # type: ignore[arg-type]
            department=form.cleaned_data["department"],
            question=form.cleaned_data["question"],
            due_on=form.cleaned_data["due_on"],
        )
    except DomainError as error:
        return _failed(request, application, form, error, consult_form=form)
    return _done(
        request,
        application,
        _("The consultation was sent to %(d)s.") % {"d": form.cleaned_data["department"]},
    )


@login_required
@require_POST
def office_waive(request: HttpRequest, pk: int, consultation_pk: int) -> HttpResponse:
    """R5: record why a department's adverse record does not apply."""
    application, stop = _office_action(request, pk)
    if stop is not None:
        return stop
    assert application is not None
    consultation = next(
        (c for c in application.consultations.all() if c.pk == consultation_pk), None
    )
    if consultation is None:
        raise Http404(_("No such consultation."))
    form = WaiverForm(request.POST, auto_id=f"id_waiver{consultation.pk}_%s")
    if not form.is_valid():
        return _render_detail(request, application, waiver_form=(consultation.pk, form))
    try:
        services.waive_adverse_record(
            consultation,
            actor=request.user,  # type: ignore[arg-type]
            reason=form.cleaned_data["reason"],
        )
    except DomainError as error:
        return _failed(request, application, form, error, waiver_form=(consultation.pk, form))
    return _done(request, application, _("The reason was recorded."))


@login_required
@require_POST
def office_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Art. 17: eligible with the confirmed sector, or not eligible with a reason."""
    application, stop = _office_action(request, pk)
    if stop is not None:
        return stop
    assert application is not None
    form = EligibilityDecisionForm(request.POST, auto_id="id_decide_%s")
    if not form.is_valid():
        return _render_detail(request, application, decision_form=form)
    eligible = form.cleaned_data["decision"] == "eligible"
    try:
        services.decide_eligibility(
            application,
            actor=request.user,  # type: ignore[arg-type]
            eligible=eligible,
            reason=form.cleaned_data["reason"],
            sector=form.cleaned_data["sector"] if eligible else "",
        )
    except DomainError as error:
        return _failed(request, application, form, error, decision_form=form)
    return _done(
        request,
        application,
        _("%(org)s is eligible.") % {"org": application.organisation}
        if eligible
        else _("%(org)s is not eligible.") % {"org": application.organisation},
    )


@login_required
@require_POST
def disqualify(request: HttpRequest, pk: int) -> HttpResponse:
    """R8: fraud found before an award disqualifies the application."""
    application, stop = _office_action(request, pk)
    if stop is not None:
        return stop
    assert application is not None
    form = DisqualifyForm(request.POST, auto_id="id_disqualify_%s")
    if not form.is_valid():
        return _render_detail(request, application, disqualify_form=form)
    try:
        services.disqualify_application(
            application,
            actor=request.user,  # type: ignore[arg-type]
            reason=form.cleaned_data["reason"],
        )
    except DomainError as error:
        return _failed(request, application, form, error, disqualify_form=form)
    return _done(
        request, application, _("%(org)s is disqualified.") % {"org": application.organisation}
    )


# --- Recommending unit (Art. 12, 28) ------------------------------------------------------


@login_required
def recommend(request: HttpRequest, pk: int) -> HttpResponse:
    application = recommender_application(request.user, pk)
    if application is None:
        raise Http404(_("No such application."))
    editable = can_recommend(request.user, application)
    form = RecommendationForm(
        posted_data(request), initial={"opinion": application.recommendation_opinion}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_recommendation(
                application,
                actor=request.user,  # type: ignore[arg-type]
                opinion=form.cleaned_data["opinion"],
            )
        except DomainError as error:
            form.add_error(None, _message(error))
        else:
            messages.success(request, _("Your recommendation opinion was saved."))
            return redirect("accounts:dashboard")
    return render(
        request,
        "applications/recommend.html",
        {"application": application, "form": form, "editable": editable},
    )


# --- Department liaison (Art. 17) ---------------------------------------------------------


@login_required
def consultation_answer(request: HttpRequest, pk: int) -> HttpResponse:
    consultation: Consultation | None = liaison_consultation(request.user, pk)
    if consultation is None:
        raise Http404(_("No such consultation."))
    # R12: the liaison signs the round's commitment before seeing the consultation.
    pending = commitment_redirect(request, consultation.application.round)
    if pending is not None:
        return pending
    form = ConsultationAnswerForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_consultation(
                consultation,
                actor=request.user,  # type: ignore[arg-type]
                result=form.cleaned_data["result"],
                details=form.cleaned_data["details"],
            )
        except DomainError as error:
            form.add_error(None, _message(error))
        else:
            messages.success(request, _("Your answer was sent to the award office."))
            return redirect("accounts:dashboard")
    return render(
        request,
        "applications/consultation_answer.html",
        {
            "consultation": consultation,
            "application": consultation.application,
            "form": form,
            "can_answer": can_answer_consultation(request.user, consultation),
        },
    )
