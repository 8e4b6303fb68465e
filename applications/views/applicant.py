"""The applicant organisation's pages: start, dossier, attachments, submission, its own view,
withdrawal; and the permission-checked download of any attachment."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from accounts.http import AuthenticatedHttpRequest
from applications.copying import start_application_from_copy
from applications.enums import OPEN_STATUSES, ApplicationStatus
from applications.form_data import current_form_data, describe_table_value, form_display
from applications.form_pdf import FORM_PDF, application_for_form_pdf, can_download_form_pdf
from applications.forms.applicant import (
    AttachmentForm,
    DossierForm,
    SubmitForm,
    SupplementAnswerForm,
    WithdrawForm,
)
from applications.models import Application
from applications.permissions.application import can_download_attachment, can_edit_dossier
from applications.selectors.application import (
    STATUS_BADGES,
    applications_of_my_organisation,
    attachment_for_download,
    attachments_of,
    latest_version,
    my_attachment,
    section_attachments,
    submission_blockers,
    timeline_for_applicant,
)
from applications.selectors.nominee import nominee_card
from applications.services.application import (
    DossierConflict,
    add_attachment,
    answer_supplement,
    declaration_text,
    remove_attachment,
    required_attachment_checklist,
    required_attachments_gap,
    start_application,
    submit_application,
    update_dossier,
    withdraw_application,
)
from applications.watermark import WatermarkError, watermarked_copy
from awards.selectors import public_rounds
from common.files import open_or_404, private_file_response
from common.uploads import shortened_name_notice
from common.views import (
    built_document_response,
    note_shortened_name,
    posted_data,
    posted_files,
    show_refusal,
)
from decisionlog.workflow import DomainError
from organisations.permissions import email_is_verified
from organisations.selectors import organisation_of


def _my_application(request: AuthenticatedHttpRequest, pk: int) -> Application:
    """The user's own organisation's application; 404 for anyone else (they may not know it
    exists)."""
    return get_object_or_404(applications_of_my_organisation(request.user), pk=pk)


def application_detail_url(application: Application) -> str:
    return reverse("applications:detail", args=[application.pk])


def _why_locked(application: Application) -> str:
    if application.status != ApplicationStatus.DRAFT:
        return _(
            "The application is “%(status)s”: the dossier as submitted is kept exactly and can "
            "no longer be changed."
        ) % {"status": application.get_status_display()}
    return _(
        "The application window closed on %(when)s: the dossier can no longer be changed or "
        "submitted."
    ) % {
        "when": timezone.localtime(application.round.applications_close_at).strftime(
            "%Y-%m-%d %H:%M"
        )
    }


def _panel_context(application: Application, form: AttachmentForm, **extra: Any) -> dict[str, Any]:
    attachments = list(attachments_of(application))
    return {
        "application": application,
        "attachments": attachments,
        # Each dossier section lists its own attachments; after an upload or a removal the
        # panel's answer carries them out of band (templates/applications/_attachments_panel).
        "sections": section_attachments(attachments),
        "attachment_form": form,
        "editable": True,
        **extra,
    }


@login_required
@require_POST
def start(request: AuthenticatedHttpRequest, round_pk: int) -> HttpResponse:
    """Start a draft application to an open round (R1 window, R7 interval, R8 bar)."""
    organisation = organisation_of(request.user)
    if organisation is None:
        raise Http404
    round = get_object_or_404(public_rounds(), pk=round_pk)
    with show_refusal(request, show_rule=False):
        application = start_application(round, organisation, actor=request.user)
        messages.success(
            request, _("Your application to %(round)s is open as a draft.") % {"round": round}
        )
        return redirect("applications:edit", application.pk)
    return redirect("accounts:dashboard")


def _conflict_rows(form: DossierForm, conflict: DossierConflict) -> list[dict[str, Any]]:
    """Each field a colleague changed: its label and the colleague's (stored) value."""
    rows = []
    for name, value in conflict.differences.items():
        if name not in form.fields:
            # A table of the form (financials, certificates, declarations, self-assessment).
            rows.append(
                {
                    "name": name,
                    "label": Application._meta.get_field(name).verbose_name,
                    "value": describe_table_value(conflict.current, name) or "—",
                }
            )
            continue
        field = form.fields[name]
        if name == "recommender":
            shown: Any = str(conflict.current.recommender) if conflict.current.recommender else "—"
        elif isinstance(value, bool):
            shown = _("yes") if value else _("no")
        else:
            shown = value or "—"
        rows.append({"name": name, "label": field.label, "value": shown})
    return rows


def _with_revision(request: HttpRequest, revision: int) -> Any:
    """The user's POST (their unsaved text) with the stored revision, so that their next,
    deliberate save is accepted."""
    data = request.POST.copy()
    data["revision"] = str(revision)
    return data


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The minimal dossier and its attachments, while a draft in an open window (R1, R13).
    Autosaved while typing (:func:`autosave`); a save after a colleague's is refused with
    their change shown and the user's text kept (no silent overwrite)."""
    application = _my_application(request, pk)
    if not can_edit_dossier(request.user, application):
        messages.info(request, _why_locked(application))
        return redirect("applications:detail", application.pk)
    form = DossierForm(
        posted_data(request),
        instance=application,
        organisation=application.organisation,
    )
    conflict_rows: list[dict[str, Any]] = []
    if request.method == "POST" and form.is_valid():
        try:
            update_dossier(
                application,
                actor=request.user,
                expected_revision=form.cleaned_data["revision"],
                **form.dossier_fields(),
            )
        except DossierConflict as conflict:
            conflict_rows = _conflict_rows(form, conflict)
            application = conflict.current
            form = DossierForm(
                _with_revision(request, conflict.revision),
                instance=application,
                organisation=application.organisation,
            )
            form.is_valid()
            form.add_error(None, conflict.message)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The dossier is saved."))
            if "go_submit" in request.POST:
                return redirect("applications:submit", application.pk)
            return redirect("applications:edit", application.pk)
    return render(
        request,
        "applications/application_edit.html",
        {
            "form": form,
            "conflict_rows": conflict_rows,
            "required_checklist": required_attachment_checklist(application),
            **_panel_context(application, AttachmentForm()),
        },
    )


@login_required
@require_POST
def autosave(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """htmx: save the dossier as the user types, with the revision the page holds.
    Answers with the status line ("saved at HH:MM:SS", Beijing time) and the new revision
    (swapped out of band into the form); a refused save leaves the user's text in the page."""
    application = _my_application(request, pk)
    if not can_edit_dossier(request.user, application):
        return render(
            request,
            "applications/_autosave_status.html",
            {"state": "refused", "message": _why_locked(application)},
        )
    form = DossierForm(request.POST, instance=application, organisation=application.organisation)
    if not form.is_valid():
        return render(
            request,
            "applications/_autosave_status.html",
            {
                "state": "refused",
                "message": "{} {}".format(
                    _("Not saved automatically: check the fields marked in red and save."),
                    " ".join(str(e) for errors in form.errors.values() for e in errors),
                ),
            },
        )
    try:
        saved = update_dossier(
            application,
            actor=request.user,
            expected_revision=form.cleaned_data["revision"],
            **form.dossier_fields(),
        )
    except DossierConflict as conflict:
        message = "{} {}".format(
            conflict.message, _("Press Save to see their changes beside yours.")
        )
        return render(
            request,
            "applications/_autosave_status.html",
            {"state": "refused", "message": message},
        )
    except DomainError as exc:
        return render(
            request,
            "applications/_autosave_status.html",
            {"state": "refused", "message": exc.message},
        )
    return render(
        request,
        "applications/_autosave_status.html",
        {"state": "saved", "application": saved, "revision": saved.dossier_revision},
    )


def _attachments_changed(
    request: HttpRequest, application: Application, notice: str
) -> HttpResponse:
    """After an attachment was added or removed: the panel afresh with the notice (htmx), or
    the notice on the edit page."""
    if request.htmx:  # type: ignore[attr-defined]
        return render(
            request,
            "applications/_attachments_panel.html",
            _panel_context(application, AttachmentForm(), panel_notice=notice),
        )
    messages.success(request, notice)
    return redirect("applications:edit", application.pk)


@login_required
@require_POST
def attachment_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Upload one attachment (sniffed, size-checked: common.uploads). htmx or plain POST."""
    application = _my_application(request, pk)
    if not can_edit_dossier(request.user, application):
        messages.error(request, _why_locked(application))
        if request.htmx:  # type: ignore[attr-defined]
            return HttpResponseClientRedirect(application_detail_url(application))
        return redirect("applications:detail", application.pk)
    form = AttachmentForm(request.POST, request.FILES)
    added = None
    if form.is_valid():
        with show_refusal(request, form=form, field="file", show_rule=False):
            added = add_attachment(
                application,
                actor=request.user,
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                is_secret=form.cleaned_data["is_secret"],
            )
    if added is not None:
        attached = _("“%(name)s” is attached.") % {"name": added.original_name}
        shortened = shortened_name_notice(form.cleaned_data["file"].name or "")
        return _attachments_changed(request, application, f"{attached} {shortened}".strip())
    if request.htmx:  # type: ignore[attr-defined]
        return render(
            request, "applications/_attachments_panel.html", _panel_context(application, form)
        )
    dossier_form = DossierForm(instance=application, organisation=application.organisation)
    return render(
        request,
        "applications/application_edit.html",
        {"form": dossier_form, **_panel_context(application, form)},
    )


@login_required
@require_POST
def attachment_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Remove an attachment of a draft (R13: never after submission)."""
    attachment = my_attachment(request.user, pk)
    if attachment is None:
        raise Http404
    application = attachment.application
    with show_refusal(request, show_rule=False):
        remove_attachment(attachment, actor=request.user)
        return _attachments_changed(
            request, application, _("“%(name)s” is removed.") % {"name": attachment.original_name}
        )
    if request.htmx:  # type: ignore[attr-defined]
        return HttpResponseClientRedirect(application_detail_url(application))
    return redirect("applications:detail", application.pk)


def _blockers(application: Application) -> list[str]:
    """Everything that stops submission, with the round's required attachment types."""
    blockers = submission_blockers(application)
    if application.status == ApplicationStatus.DRAFT:
        required_gap = required_attachments_gap(application)
        if required_gap:
            blockers.append(required_gap)
    return blockers


@login_required
@require_http_methods(["GET", "POST"])
def submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Review what will be submitted and give the declaration of truthfulness (R13, Art. 28)."""
    application = _my_application(request, pk)
    if application.status != ApplicationStatus.DRAFT:
        messages.info(request, _why_locked(application))
        return redirect("applications:detail", application.pk)
    form = SubmitForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        with show_refusal(request, form=form, show_rule=False):
            submit_application(application, actor=request.user, declaration=True)
            messages.success(
                request,
                _("Your application is submitted. What you submitted is kept exactly as it is."),
            )
            return redirect("applications:detail", application.pk)
    return render(
        request,
        "applications/application_submit.html",
        {
            "application": application,
            "attachments": list(attachments_of(application)),
            "blockers": _blockers(application),
            "declaration_text": declaration_text(),
            "email_unverified": not email_is_verified(request.user),
            "full_form": form_display(
                current_form_data(application), application.round, application.scheme_in_use_id
            ),
            "form": form,
        },
    )


@login_required
@require_GET
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The organisation's own view of its application: status, the submitted version,
    attachments, the eligibility reason, and its timeline (no office or expert names)."""
    application = _my_application(request, pk)
    version = latest_version(application)
    return render(
        request,
        "applications/application_detail.html",
        {
            "application": application,
            "badge": STATUS_BADGES.get(application.status, "secondary"),
            "version": version,
            "full_form": form_display(
                version.data if version else current_form_data(application),
                application.round,
                application.scheme_in_use_id,
            ),
            "attachments": list(attachments_of(application)),
            "timeline": timeline_for_applicant(application),
            "editable": can_edit_dossier(request.user, application),
            # PIPL: the nominee with the national ID number masked.
            "nominee": nominee_card(request.user, application),
            "nominee_editable": can_edit_dossier(request.user, application),
            "can_withdraw": application.status in OPEN_STATUSES | {ApplicationStatus.DRAFT},
            "supplements": list(application.supplement_requests.order_by("requested_at", "pk")),
            "now": timezone.now(),
            "withdraw_form": WithdrawForm(),
        },
    )


@login_required
@require_POST
def withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The organisation withdraws its application, with a reason (logged)."""
    application = _my_application(request, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("reason", []):
            messages.error(request, error)
        return redirect("applications:detail", application.pk)
    with show_refusal(request, show_rule=False):
        withdraw_application(application, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Your application is withdrawn."))
    return redirect("applications:detail", application.pk)


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """Serve a stored attachment to whoever applications.permissions.application.can_download_attachment
    allows; 404 to anyone else. Under its original name, as an attachment, never sniffed."""
    attachment = attachment_for_download(pk)
    if attachment is None or not can_download_attachment(request.user, attachment):
        raise Http404
    handle = open_or_404(attachment.file)
    try:
        stamped = watermarked_copy(request.user, attachment, handle)  # R12: experts' copies
    except WatermarkError as error:
        return HttpResponse(str(error), status=422, content_type="text/plain; charset=utf-8")  # type: ignore[return-value]
    return private_file_response(
        stamped or handle, name=attachment.original_name, content_type=attachment.content_type
    )


@login_required
@require_GET
def form_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The filled application form (申报表) to print, sign and seal. The
    organisation's users and the committed office only; 404 to anyone else. Built in the
    background: a stored copy of the current content at once, else its progress."""
    application = application_for_form_pdf(pk)
    if application is None or not can_download_form_pdf(request.user, application):
        raise Http404
    return built_document_response(request, FORM_PDF, application.pk)


@login_required
@require_POST
def start_copy(request: AuthenticatedHttpRequest, round_pk: int, source_pk: int) -> HttpResponse:
    """Start a draft to an open round as a copy of the organisation's earlier dossier
    ``source_pk`` (R1 window, R7 interval, R8 bar)."""
    source = _my_application(request, source_pk)
    organisation = organisation_of(request.user)
    round = get_object_or_404(public_rounds(), pk=round_pk)
    with show_refusal(request, show_rule=False):
        application = start_application_from_copy(
            round,
            organisation,  # type: ignore[arg-type]
            actor=request.user,
            source=source,
        )
        messages.success(
            request,
            _(
                "Your application to %(round)s is open as a draft, copied from your %(year)s "
                "dossier. Upload the newly signed and sealed application form."
            )
            % {"round": round, "year": source.round.year},
        )
        return redirect("applications:edit", application.pk)
    return redirect("accounts:dashboard")


@login_required
@require_http_methods(["GET", "POST"])
def supplement_answer(request: AuthenticatedHttpRequest, pk: int, request_pk: int) -> HttpResponse:
    """Answer the office's supplement request before its reply deadline (Art. 17), also after
    the main deadline; the answer becomes a new version of the dossier (R13)."""
    application = _my_application(request, pk)
    supplement = get_object_or_404(application.supplement_requests.all(), pk=request_pk)
    open_now = supplement.answered_at is None and timezone.now() <= supplement.due_at
    form = SupplementAnswerForm(
        posted_data(request),
        posted_files(request),
    )
    if request.method == "POST" and form.is_valid():
        with show_refusal(request, form=form, show_rule=False):
            answer_supplement(
                supplement,
                actor=request.user,
                answer=form.cleaned_data["answer"],
                upload=form.cleaned_data["file"],
                is_secret=form.cleaned_data["is_secret"],
            )
            messages.success(
                request, _("Your answer is sent to the award office and kept as a new version.")
            )
            note_shortened_name(request, form.cleaned_data["file"])
            return redirect("applications:detail", application.pk)
    return render(
        request,
        "applications/supplement_answer.html",
        {"application": application, "supplement": supplement, "form": form, "open_now": open_now},
    )
