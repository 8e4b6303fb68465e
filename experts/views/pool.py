"""Pages of the expert pool (评审员专家库) for the office, and the leading group's decision on
disqualifications (Art. 32). Thin: load, check, validate, call one service, redirect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from awards.models import AwardProgramme
from common.files import generated_file_response
from common.views import show_refusal
from experts.forms.pool import (
    ExpertForm,
    FormerEmployerFormSet,
    ImportForm,
    LoginForm,
    ProgrammeNoteForm,
    ProposeDisqualificationForm,
    former_employer_rows,
)
from experts.models import ExpertDisqualification, ExpertProfile
from experts.permissions import owns_profile
from experts.selectors import pool as selectors_pool
from experts.selectors.agency import pending_agency_disqualifications
from experts.selectors.pool import leading_group_programme_ids
from experts.services import pool as services_pool
from experts.services.pool_import import COLUMNS, read_workbook, template_workbook
from experts.views.disqualification import decide_response, propose_response

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The generated initial password is shown once (there is no password-reset page yet).
SESSION_PASSWORD_KEY = "pool_initial_password"


def office_programme_or_404(request: HttpRequest) -> AwardProgramme:
    """The office's programme (?programme=<id> when it runs more than one); 404 otherwise."""
    raw = request.GET.get("programme") or request.POST.get("programme")
    wanted = int(raw) if raw and raw.isdigit() else None
    programme = selectors_pool.office_programme(request.user, wanted)
    if programme is None:
        raise Http404
    return programme


def _expert(programme: AwardProgramme, pk: int) -> ExpertProfile:
    expert = selectors_pool.pool_expert(programme, pk)
    if expert is None:
        raise Http404
    return expert


@login_required
def pool_list(request: HttpRequest) -> HttpResponse:
    programme = office_programme_or_404(request)
    query = request.GET.get("q", "")
    status = request.GET.get("status", "all")
    if status not in selectors_pool.POOL_FILTERS:
        status = "all"
    page = Paginator(
        selectors_pool.pool_experts(programme, query=query, status=status), 50
    ).get_page(request.GET.get("page"))
    share_query = request.GET.get("share", "")
    return render(
        request,
        "experts/pool_list.html",
        {
            "programme": programme,
            "page": page,
            "query": query,
            "status": status,
            "share_query": share_query,
            "shareable": selectors_pool.shareable_experts(programme, share_query),
            "pending": selectors_pool.pending_disqualifications([programme.pk]),
        },
    )


def _profile_page(
    request: HttpRequest,
    programme: AwardProgramme,
    form: ExpertForm | ProgrammeNoteForm,
    formset: Any,
    expert: ExpertProfile | None = None,
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {
        "programme": programme,
        "form": form,
        "formset": formset,
        "expert": expert,
        "owner": expert is None or owns_profile(expert, programme),
    }
    if expert is not None:
        context.update(
            others_former=selectors_pool.others_former_employers(expert, programme),
            login_form=LoginForm(initial={"email": expert.email}),
            propose_form=ProposeDisqualificationForm(),
            history=selectors_pool.disqualification_history(expert),
            initial_password=request.session.pop(SESSION_PASSWORD_KEY, None),
        )
    return render(request, "experts/pool_form.html", context, status=status)


@login_required
def pool_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    programme = office_programme_or_404(request)
    form = ExpertForm(request.POST or None, creating=True)
    formset = FormerEmployerFormSet(request.POST or None, prefix="former")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        with show_refusal(request, form=form, show_rule=False):
            expert = services_pool.create_expert(
                programme,
                actor=request.user,
                fields=form.profile_fields(),
                former_employers=former_employer_rows(formset),
            )
            messages.success(request, _("%(name)s is in the pool.") % {"name": expert.name})
            return redirect("experts:pool_edit", pk=expert.pk)
    status = 400 if request.method == "POST" else 200
    return _profile_page(request, programme, form, formset, status=status)


def _former_employer_formset(
    request: HttpRequest, expert: ExpertProfile, programme: AwardProgramme
) -> Any:
    """The former employers this programme recorded; the other programmes' rows are not in
    the formset, so a post cannot change or delete them."""
    return FormerEmployerFormSet(
        request.POST or None,
        instance=expert,
        prefix="former",
        queryset=expert.former_employers.filter(selectors_pool.recorded_by(expert, programme)),
    )


def _programme_record(
    request: AuthenticatedHttpRequest, programme: AwardProgramme, expert: ExpertProfile
) -> HttpResponse:
    """A programme sharing an expert it does not own: its own note and former employers."""
    initial = {"note": selectors_pool.programme_note(expert, programme)}
    form = ProgrammeNoteForm(request.POST or None, initial=initial)
    formset = _former_employer_formset(request, expert, programme)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        with show_refusal(request, form=form, show_rule=False):
            services_pool.update_programme_record(
                expert,
                programme,
                actor=request.user,
                note=form.cleaned_data["note"],
                former_employers=former_employer_rows(formset),
            )
            messages.success(request, _("Your programme's record is saved."))
            return redirect("experts:pool_edit", pk=expert.pk)
    status = 400 if request.method == "POST" else 200
    return _profile_page(request, programme, form, formset, expert, status=status)


@login_required
def pool_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = office_programme_or_404(request)
    expert = _expert(programme, pk)
    if not owns_profile(expert, programme):
        return _programme_record(request, programme, expert)
    form = ExpertForm(request.POST or None, instance=expert)
    formset = _former_employer_formset(request, expert, programme)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        with show_refusal(request, form=form, show_rule=False):
            services_pool.update_expert(
                expert,
                programme,
                actor=request.user,
                fields=form.profile_fields(),
                active=form.cleaned_data["active"],
                former_employers=former_employer_rows(formset),
            )
            messages.success(request, _("The profile is saved."))
            return redirect("experts:pool_edit", pk=expert.pk)
    status = 400 if request.method == "POST" else 200
    return _profile_page(request, programme, form, formset, expert, status=status)


@login_required
@require_POST
def pool_login(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = office_programme_or_404(request)
    expert = _expert(programme, pk)
    if not owns_profile(expert, programme):
        raise PermissionDenied
    form = LoginForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("experts:pool_edit", pk=expert.pk)
    with show_refusal(request, show_rule=False):
        password = services_pool.create_expert_login(
            expert,
            programme,
            actor=request.user,
            username=form.cleaned_data["username"],
            email=form.cleaned_data["email"],
        )
        request.session[SESSION_PASSWORD_KEY] = password
        messages.success(request, _("The login is created."))
    return redirect("experts:pool_edit", pk=expert.pk)


@login_required
@require_POST
def pool_share(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = office_programme_or_404(request)
    # An expert in two programmes matches the join twice: one profile, whichever programme.
    expert = get_object_or_404(
        ExpertProfile.objects.filter(programmes__isnull=False).distinct(), pk=pk, active=True
    )
    with show_refusal(request, show_rule=False):
        services_pool.add_expert_to_programme(expert, programme, actor=request.user)
        messages.success(request, _("%(name)s is added to your pool.") % {"name": expert.name})
    return redirect("experts:pool_list")


@login_required
def pool_template(request: HttpRequest) -> HttpResponse:
    office_programme_or_404(request)
    return generated_file_response(
        template_workbook(), name="expert-pool-template.xlsx", content_type=XLSX
    )


@login_required
def pool_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    programme = office_programme_or_404(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    row_errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        rows, row_errors = read_workbook(form.cleaned_data["file"])
        if not row_errors:
            with show_refusal(request, form=form, show_rule=False):
                result = services_pool.import_experts(programme, actor=request.user, rows=rows)
                messages.success(
                    request,
                    _(
                        "Imported: %(created)d new experts, %(updated)d updated,"
                        " %(shared)d shared from other programmes."
                    )
                    % {
                        "created": result.created,
                        "updated": result.updated,
                        "shared": result.shared,
                    },
                )
                return redirect("experts:pool_list")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "experts/pool_import.html",
        {
            "programme": programme,
            "form": form,
            "row_errors": row_errors,
            "columns": [label for _field, _header, label in COLUMNS],
        },
        status=status,
    )


@login_required
@require_POST
def pool_propose_disqualification(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = office_programme_or_404(request)
    expert = _expert(programme, pk)
    return propose_response(
        request, services_pool.propose_disqualification, expert, programme, back="experts:pool_edit"
    )


@login_required
def pool_disqualification_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Art. 32: a member of the programme's leading group confirms or rejects a proposal."""
    return decide_response(
        request,
        pk,
        ExpertDisqualification,
        "expert",
        decide=services_pool.decide_disqualification,
        back="experts:pool_disqualification_decide",
        context=_disqualification_context,
    )


def _disqualification_context(proposal: ExpertDisqualification) -> dict[str, Any]:
    return {
        "heading": _("Disqualification (Art. 32)"),
        "subject_name": proposal.expert.name,
        "subject_rows": "experts/_expert_disqualification_rows.html",
        "consequence": _(
            "On confirmation the expert becomes inactive, its assignments are withdrawn"
            " and its permissions revoked."
        ),
        "history": selectors_pool.disqualification_history(proposal.expert),
    }


@login_required
def pool_disqualifications(request: HttpRequest) -> HttpResponse:
    """Art. 32: the proposals awaiting the leading group of the user's programmes."""
    programme_ids = leading_group_programme_ids(request.user)
    if not programme_ids:
        raise Http404
    return render(
        request,
        "experts/pool_disqualifications.html",
        {
            "pending": selectors_pool.pending_disqualifications(programme_ids),
            "agency_pending": pending_agency_disqualifications(programme_ids),
        },
    )
