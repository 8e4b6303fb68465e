"""Office, recommender and liaison pages of applications (Art. 12, 13, 17, R5, R8, R12).

Thin views: load through a selector, check the predicate (404 when the user may not know the
object exists), validate a form, call one service, show a DomainError on the form."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial, wraps
from html import escape
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.http import AuthenticatedHttpRequest
from applications import hooks
from applications.consultation_letter import consultation_letter, consulted_departments
from applications.eligibility import applicable_conditions, compute_conditions
from applications.enums import (
    ApplicationStatus,
    AttachmentKind,
    ConsultationResult,
    EligibilityCondition,
)
from applications.exports import XLSX_CONTENT_TYPE, eligible_list_pdf, eligible_list_workbook
from applications.form_data import form_display
from applications.forms.applicant import DossierForm
from applications.forms.office import (
    AdverseRecordForm,
    ConsultationAnswerForm,
    ConsultationBatchForm,
    ConsultationForm,
    DisqualifyForm,
    EligibilityCheckForm,
    EligibilityDecisionForm,
    LeaderTagForm,
    PaperEntryForm,
    PaperReplyForm,
    RecommendationForm,
    ReplySheetForm,
    StatusFilterForm,
    SupplementRequestForm,
    WaiverForm,
)
from applications.models import AdverseRecord, Application, Consultation
from applications.permissions.application import can_decide_eligibility, can_recommend
from applications.permissions.office import (
    can_answer_consultation,
    can_check_eligibility,
    can_consult,
    can_disqualify,
    is_department_liaison,
    is_office_for,
    is_recommending_unit_user,
)
from applications.selectors.adverse import adverse_records_of
from applications.selectors.nominee import nominee_card
from applications.selectors.office import (
    lacking_recommendation,
    latest_dossier_version,
    liaison_consultation,
    office_application,
    office_applications,
    recommender_application,
    recommender_applications,
    round_breakdown,
    status_counts,
)
from applications.services import application as services
from applications.services.consultation_sheet import (
    LetterRefused,
    import_replies,
    reply_sheet,
    sheet_consultations,
)
from awards.permissions import has_signed_commitment
from awards.rulesets import round_rule_settings, round_sector_choices
from awards.selectors import leading_industries_covering, office_round
from awards.views import commitment_redirect
from common.files import generated_file_response, open_or_404, private_file_response
from common.kept_pages import kept_page
from common.official_docx import DOCX_CONTENT_TYPE
from common.uploads import UploadRefused
from common.views import form_page, posted_data, posted_files, show_refusal
from decisionlog.selectors import decisions_for_object
from decisionlog.workflow import DomainError
from organisations.models import Department

HISTORY_LIMIT = 50
OFFICE_LIST_PAGE_SIZE = 50
# What the office's application list shows of each row (applications/office_list.html).
OFFICE_LIST_COLUMNS = (
    "pk",
    "adverse_unresolved",
    "status",
    "sector",
    "sector_confirmed",
    "submitted_at",
    "recommended_at",
    "entered_on_behalf_by_id",
    "organisation__name",
    "organisation__division__name",
    "recommender__name",
    # R4: an individual nominee is listed by name with the employer.
    "nominee_kind",
    "nominee__full_name",
)


# --- Office: list -------------------------------------------------------------------------


@dataclass(frozen=True)
class OfficeListRow:
    """One row of the office's application list, as the table prints it."""

    pk: int
    url: str
    label: str
    on_paper: bool
    adverse_unresolved: bool
    division: str
    sector: str
    sector_confirmed: bool
    status: str
    recommender: str
    recommended: bool
    submitted: str


def _url_of_pk(name: str) -> Callable[[int], str]:
    """The URL of ``name`` for any object id, reversed once (a reverse per row of a long
    list costs more than the row)."""
    slot = 987654321
    head, tail = reverse(name, args=[slot]).split(str(slot))
    return lambda pk: f"{head}{pk}{tail}"


@kept_page
@login_required
def office_list(request: HttpRequest, round_pk: int) -> HttpResponse:
    round = office_round(request.user, round_pk)
    if round is None:
        raise Http404(_("No such round."))
    filter_form = StatusFilterForm(request.GET or None)
    status = ""
    if filter_form.is_bound and filter_form.is_valid():
        status = filter_form.cleaned_data["status"]
    counts = status_counts(round)
    # Performance: 50 rows a page; the total comes from the status counts the page shows
    # anyway (same round, same office scope), so paging costs no extra COUNT query.
    # Performance: the table's columns as values, each row's link and texts made once here;
    # model rows of five models and the template's per-row tags were most of the page.
    listed = office_applications(request.user, round, status).values(*OFFICE_LIST_COLUMNS)
    paginator = Paginator(listed, OFFICE_LIST_PAGE_SIZE)
    paginator.count = sum(n for value, _label, n in counts if not status or value == status)
    page = paginator.get_page(request.GET.get("page"))
    # Each label translated once, not every choice of the field for every row
    # (get_FOO_display hashes the field's whole list of lazy labels each time).
    status_labels = {value: str(label) for value, label in ApplicationStatus.choices}
    detail_url = _url_of_pk("applications:office_detail")
    rows = [
        OfficeListRow(
            pk=row["pk"],
            url=detail_url(row["pk"]),
            label=Application.label_of(
                row["nominee_kind"], row["nominee__full_name"], row["organisation__name"]
            ),
            on_paper=bool(row["entered_on_behalf_by_id"]),
            adverse_unresolved=row["adverse_unresolved"],
            division=row["organisation__division__name"] or "",
            # R2: the bucket by its name in the rules the round kept (once for the page).
            sector=round.sector_label(row["sector"]),
            sector_confirmed=row["sector_confirmed"],
            status=status_labels.get(row["status"], row["status"]),
            recommender=row["recommender__name"] or "–",
            recommended=row["recommended_at"] is not None,
            submitted=(
                timezone.localtime(row["submitted_at"]).strftime("%Y-%m-%d %H:%M")
                if row["submitted_at"]
                else "–"
            ),
        )
        for row in page
    ]
    page.object_list = rows
    return render(
        request,
        "applications/office_list.html",
        {
            "rows": _office_rows_html(rows),
            "round": round,
            "applications": page,
            "page": page,
            "filter_form": filter_form,
            "status": status,
            "counts": counts,
            "departments": consulted_departments(request.user, round),
            "today": timezone.localdate(),
        },
    )


def _office_rows_html(rows: list[OfficeListRow]) -> SafeString:
    """The table rows of the office's application list (templates/applications/office_list.html
    shows them): fifty rows of eleven values through the template language cost more than the
    rest of the page. Every value is escaped here (``html.escape``, quotes included)."""
    paper = escape(_("paper"))
    adverse = escape(_("Unresolved adverse record"))
    confirmed = escape(_("Confirmed by the office"))
    opinion = escape(_("Opinion written"))
    return mark_safe(  # every value escaped below
        "".join(
            f'<tr><td><a href="{escape(r.url)}">{escape(r.label)}</a>'
            + (f' <span class="badge text-bg-light border">{paper}</span>' if r.on_paper else "")
            + (
                f' <span class="badge text-bg-danger adverse-flag">{adverse}</span>'
                if r.adverse_unresolved
                else ""
            )
            + f"</td><td>{escape(r.division)}</td><td>{escape(r.sector)}"
            + (
                f' <span class="text-success" title="{confirmed}">✓</span>'
                if r.sector_confirmed
                else ""
            )
            + f'</td><td><span class="badge text-bg-secondary">{escape(r.status)}</span></td>'
            + f"<td>{escape(r.recommender)}"
            + (f' <span class="text-success" title="{opinion}">✓</span>' if r.recommended else "")
            + f'</td><td class="text-nowrap">{escape(r.submitted)}</td></tr>'
            for r in rows
        )
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


def _met_initial(met: bool | None) -> str | None:
    return None if met is None else ("yes" if met else "no")


@dataclass(frozen=True)
class Posted:
    """A form the office posted that came back invalid or refused: the page shows it, with its
    errors, in its panel instead of a fresh one."""

    panel: str
    form: Form
    # The row of a per-row form: the consultation's (waiver, paper), the adverse record's.
    consultation_pk: int | None = None


def _posted_form(
    posted: Posted | None, panel: str, consultation_pk: int | None = None
) -> Form | None:
    if posted is None or posted.panel != panel or posted.consultation_pk != consultation_pk:
        return None
    return posted.form


def _condition_rows(
    application: Application, posted: Posted | None, *, may_check: bool
) -> list[dict[str, Any]]:
    """R5: each condition of Art. 13, its recorded check, the computed answer, and the form to
    record it (the posted one in its own row)."""
    checks = {c.condition: c for c in application.eligibility_checks.all()}
    computed = compute_conditions(application)
    check_form = _posted_form(posted, "check")
    rows = []
    for condition in applicable_conditions(application):
        check = checks.get(condition.value)
        row_computed = computed[condition]
        form: Form | None = None
        if check_form is not None and check_form.data.get("condition") == condition.value:
            form = check_form
        elif may_check:
            form = EligibilityCheckForm(
                initial={
                    "condition": condition.value,
                    "met": _met_initial(check.met if check else row_computed.met),
                    "evidence": check.evidence if check else "",
                },
                auto_id=f"id_{condition.value}_%s",
            )
        rows.append(
            {
                "condition": condition,
                "check": check,
                "form": form,
                "computed": row_computed,
                "overridden": check is not None
                and check.computed_met is not None
                and check.computed_met != check.met,
            }
        )
    return rows


def _consultation_rows(
    consultations: list[Consultation],
    posted: Posted | None,
    *,
    may_check: bool,
    may_paper: bool,
) -> list[dict[str, Any]]:
    """Art. 17: each consultation with the form to waive its adverse record (R5) and the form
    to enter its reply received on paper, where they apply."""
    rows = []
    for consultation in consultations:
        waiver = _posted_form(posted, "waiver", consultation.pk)
        if (
            waiver is None
            and consultation.result == ConsultationResult.ADVERSE
            and not consultation.adverse_waiver_reason
            and may_check
        ):
            waiver = WaiverForm(auto_id=f"id_waiver{consultation.pk}_%s")
        paper = _posted_form(posted, "paper", consultation.pk)
        if paper is None and consultation.result == ConsultationResult.PENDING and may_paper:
            paper = PaperReplyForm(auto_id=f"id_paper{consultation.pk}_%s")
        rows.append({"consultation": consultation, "waiver_form": waiver, "paper_form": paper})
    return rows


def _adverse_rows(
    application: Application, posted: Posted | None, *, may_resolve: bool
) -> list[dict[str, Any]]:
    """R5: each adverse record received after the eligibility decision, with the form to
    review it while it is unresolved."""
    rows = []
    for record in adverse_records_of(application):
        form = _posted_form(posted, "adverse", record.pk)
        if form is None and record.unresolved and may_resolve:
            form = AdverseRecordForm(auto_id=f"id_adverse{record.pk}_%s")
        rows.append({"record": record, "form": form})
    return rows


def _render_detail(
    request: HttpRequest, application: Application, posted: Posted | None = None
) -> HttpResponse:
    """The office's page of one application: the dossier and a panel per step of the
    eligibility check, each with a fresh form where the user may act (or the posted one)."""
    user = request.user
    may_check = can_check_eligibility(user, application)
    may_consult = can_consult(user, application)
    may_decide = can_decide_eligibility(user, application)
    consultations = list(application.consultations.all())
    consulted = [c.department_id for c in consultations]
    more_departments = may_consult and Department.objects.exclude(pk__in=consulted).exists()
    consult_form = _posted_form(posted, "consult")
    if consult_form is None and may_consult:
        consult_form = ConsultationForm(
            exclude_department_ids=consulted,
            adverse_record_years=round_rule_settings(application.round).adverse_record_years,
            auto_id="id_consult_%s",
        )
    decision_form = _posted_form(posted, "decision")
    if decision_form is None and may_decide:
        decision_form = EligibilityDecisionForm(
            initial={"sector": application.sector},
            auto_id="id_decide_%s",
            sector_choices=round_sector_choices(application.round),
        )
    disqualify_form = _posted_form(posted, "disqualify")
    if disqualify_form is None and can_disqualify(user, application):
        disqualify_form = DisqualifyForm(auto_id="id_disqualify_%s")
    supplement_form = _posted_form(posted, "supplement")
    if supplement_form is None and may_check:
        supplement_form = SupplementRequestForm(auto_id="id_supplement_%s")
    leader_tag_form = _posted_form(posted, "leader_tag")
    if leader_tag_form is None and may_check and application.tag_key_industry_leader:
        leader_tag_form = LeaderTagForm(auto_id="id_leader_tag_%s")
    # Sections the apps above add (R8 bar after fraud: grants; R12 conflicts: reviews), given
    # the form they posted when it came back.
    section_forms = {f"{posted.panel}_form": posted.form} if posted is not None else {}
    sections: dict[str, Any] = {}
    for section in hooks.office_page_sections:
        sections.update(section(request, application, section_forms))
    dossier = _dossier(application)
    return render(
        request,
        "applications/office_detail.html",
        {
            "application": application,
            "round": application.round,
            # PIPL: the nominee's national ID number in full on this page only, for the office
            # of the application's own programme (masked for anyone else who reads it).
            "nominee": nominee_card(user, application, unmask=True),
            "dossier": dossier,
            "full_form": form_display(
                dossier["data"], application.round, application.scheme_in_use_id
            ),
            "attachments": list(application.attachments.all()),
            "conditions": _condition_rows(application, posted, may_check=may_check),
            "consultations": _consultation_rows(
                consultations, posted, may_check=may_check, may_paper=may_consult
            ),
            "consult_form": consult_form,
            "adverse_records": _adverse_rows(
                application, posted, may_resolve=is_office_for(user, application)
            ),
            "more_departments": more_departments,
            "blockers": (
                services.eligibility_blockers(application)
                if application.status == ApplicationStatus.SUBMITTED
                else []
            ),
            "decision_form": decision_form if may_decide else None,
            "disqualify_form": disqualify_form,
            "supplement_form": supplement_form if may_check else None,
            "leader_tag_form": leader_tag_form if may_check else None,
            # R6 / Art. 15: the leading industries covering the organisation's class.
            "leading_industries": (
                leading_industries_covering(
                    application.round.programme_id, application.organisation.industry_class
                )
                if application.tag_key_industry_leader
                else []
            ),
            "supplements": list(application.supplement_requests.all()),
            "now": timezone.now(),
            "history": decisions_for_object(application)[:HISTORY_LIMIT],
            **sections,
        },
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


def office_action(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """An office POST on the application page: ``view(request, application, **kwargs)`` gets
    the application of the URL's ``pk`` (404 when it is not the office's), once the round's
    commitment is signed (R12: else the signing page, back here afterwards)."""

    @wraps(view)
    def load(request: AuthenticatedHttpRequest, pk: int, **kwargs: Any) -> HttpResponse:
        application = _office_application_or_404(request, pk)
        next_url = _detail_url(application)
        pending = commitment_redirect(request, application.round, next_url=next_url)
        if pending is not None:
            return pending
        return view(request, application, **kwargs)

    return load


def submit_on_page(
    request: HttpRequest,
    application: Application,
    posted: Posted,
    run: Callable[[], str],
    *,
    file_field: str | None = None,
) -> HttpResponse:
    """The end of every office POST on the page: ``run`` calls the service once the form is
    valid and returns the message for the redirect back to the page. An invalid form, or a
    refusal (shown on the form, next to ``file_field`` for a refused upload), shows the page
    again with the posted form in its panel; after a refusal the page is read afresh from the
    database, as nothing was saved."""
    form = posted.form
    if not form.is_valid():
        return _render_detail(request, application, posted)
    try:
        message = run()
    except DomainError as error:
        on_file = file_field is not None and isinstance(error, UploadRefused)
        form.add_error(file_field if on_file else None, error.user_message)
        messages.error(request, _("Nothing was saved; see the message in the form below."))
        return _render_detail(request, _office_application_or_404(request, application.pk), posted)
    messages.success(request, message)
    return redirect(_detail_url(application))


@login_required
@require_POST
@office_action
def office_check(request: AuthenticatedHttpRequest, application: Application) -> HttpResponse:
    """R5: record one condition of Art. 13 with its evidence."""
    condition = request.POST.get("condition", "")
    prefix = condition if condition in EligibilityCondition.values else "check"
    form = EligibilityCheckForm(request.POST, auto_id=f"id_{prefix}_%s")

    def record() -> str:
        services.record_eligibility_check(
            application,
            actor=request.user,
            condition=form.cleaned_data["condition"],
            met=form.cleaned_data["met"] == "yes",
            evidence=form.cleaned_data["evidence"],
        )
        label = EligibilityCondition(form.cleaned_data["condition"]).label
        return _("Recorded: %(c)s") % {"c": label}

    return submit_on_page(request, application, Posted("check", form), record)


@login_required
@require_POST
@office_action
def office_consult(request: AuthenticatedHttpRequest, application: Application) -> HttpResponse:
    """Art. 17: send a consultation to a department."""
    consulted = [c.department_id for c in application.consultations.all()]
    form = ConsultationForm(
        request.POST,
        exclude_department_ids=consulted,
        adverse_record_years=round_rule_settings(application.round).adverse_record_years,
        auto_id="id_consult_%s",
    )

    def send() -> str:
        services.send_consultation(
            application,
            actor=request.user,
            department=form.cleaned_data["department"],
            question=form.cleaned_data["question"],
            due_on=form.cleaned_data["due_on"],
        )
        return _("The consultation was sent to %(d)s.") % {"d": form.cleaned_data["department"]}

    return submit_on_page(request, application, Posted("consult", form), send)


def _consultation_of(application: Application, consultation_pk: int) -> Consultation:
    """One of the application's consultations (already loaded with the page), or 404."""
    for consultation in application.consultations.all():
        if consultation.pk == consultation_pk:
            return consultation
    raise Http404(_("No such consultation."))


@login_required
@require_POST
@office_action
def office_waive(
    request: AuthenticatedHttpRequest, application: Application, consultation_pk: int
) -> HttpResponse:
    """R5: record why a department's adverse record does not apply."""
    consultation = _consultation_of(application, consultation_pk)
    form = WaiverForm(request.POST, auto_id=f"id_waiver{consultation.pk}_%s")

    def waive() -> str:
        services.waive_adverse_record(
            consultation, actor=request.user, reason=form.cleaned_data["reason"]
        )
        return _("The reason was recorded.")

    return submit_on_page(request, application, Posted("waiver", form, consultation.pk), waive)


@login_required
@require_POST
@office_action
def office_resolve_adverse(
    request: AuthenticatedHttpRequest, application: Application, record_pk: int
) -> HttpResponse:
    """R5: the office's review of an adverse record received after the eligibility decision:
    it does not apply (with the reason), or the application is disqualified."""
    record = AdverseRecord.objects.filter(pk=record_pk, application=application).first()
    if record is None:
        raise Http404(_("No such adverse record."))
    form = AdverseRecordForm(request.POST, auto_id=f"id_adverse{record.pk}_%s")

    def resolve() -> str:
        disqualify = form.cleaned_data["outcome"] == AdverseRecordForm.DISQUALIFY
        services.resolve_adverse_record(
            record, actor=request.user, disqualify=disqualify, reason=form.cleaned_data["reason"]
        )
        if disqualify:
            return _("The application was disqualified.")
        return _("The reason was recorded: the application goes on.")

    return submit_on_page(request, application, Posted("adverse", form, record.pk), resolve)


@login_required
@require_POST
@office_action
def office_supplement(request: AuthenticatedHttpRequest, application: Application) -> HttpResponse:
    """Art. 17: ask the applicant for a supplement with a reply deadline."""
    form = SupplementRequestForm(request.POST, auto_id="id_supplement_%s")

    def ask() -> str:
        # The form's fields are the service's: what, due_at.
        services.request_supplement(application, actor=request.user, **form.cleaned_data)
        return _("The supplement was requested; the organisation is notified.")

    return submit_on_page(request, application, Posted("supplement", form), ask)


@login_required
@require_POST
@office_action
def office_paper_reply(
    request: AuthenticatedHttpRequest, application: Application, consultation_pk: int
) -> HttpResponse:
    """Art. 17: enter a department's reply received on paper, optionally with the scan of the
    department's sealed reply letter (checked and stored like the liaison's)."""
    consultation = _consultation_of(application, consultation_pk)
    form = PaperReplyForm(request.POST, request.FILES, auto_id=f"id_paper{consultation.pk}_%s")

    def enter() -> str:
        services.enter_paper_reply(
            consultation,
            actor=request.user,
            result=form.cleaned_data["result"],
            details=form.cleaned_data["details"],
            received_on=form.cleaned_data["received_on"],
            letter=form.cleaned_data["letter"],
        )
        return _("The paper reply was recorded.")

    # A refused letter's message stands next to the file the office chose.
    posted = Posted("paper", form, consultation.pk)
    return submit_on_page(request, application, posted, enter, file_field="letter")


@login_required
@require_POST
@office_action
def office_leader_tag(request: AuthenticatedHttpRequest, application: Application) -> HttpResponse:
    """R6 / Art. 15: confirm or refuse the claimed leading-enterprise tag, with the reason."""
    form = LeaderTagForm(request.POST, auto_id="id_leader_tag_%s")

    def decide() -> str:
        confirmed = form.cleaned_data["decision"] == "confirmed"
        services.decide_leader_tag(
            application, actor=request.user, confirmed=confirmed, reason=form.cleaned_data["reason"]
        )
        if confirmed:
            return _("The leading-enterprise tag (Art. 15) is confirmed.")
        return _("The leading-enterprise tag (Art. 15) is refused.")

    return submit_on_page(request, application, Posted("leader_tag", form), decide)


@login_required
@require_POST
@office_action
def office_decide(request: AuthenticatedHttpRequest, application: Application) -> HttpResponse:
    """Art. 17: eligible with the confirmed sector, or not eligible with a reason."""
    form = EligibilityDecisionForm(
        request.POST,
        auto_id="id_decide_%s",
        sector_choices=round_sector_choices(application.round),
    )

    def decide() -> str:
        eligible = form.cleaned_data["decision"] == "eligible"
        services.decide_eligibility(
            application,
            actor=request.user,
            eligible=eligible,
            reason=form.cleaned_data["reason"],
            sector=form.cleaned_data["sector"] if eligible else "",
        )
        if eligible:
            return _("%(org)s is eligible.") % {"org": application.organisation}
        return _("%(org)s is not eligible.") % {"org": application.organisation}

    return submit_on_page(request, application, Posted("decision", form), decide)


@login_required
@require_POST
@office_action
def disqualify(request: AuthenticatedHttpRequest, application: Application) -> HttpResponse:
    """R8: fraud found before an award disqualifies the application."""
    form = DisqualifyForm(request.POST, auto_id="id_disqualify_%s")

    def run() -> str:
        services.disqualify_application(
            application,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            fraud=form.cleaned_data["fraud"],
        )
        return _("%(org)s is disqualified.") % {"org": application.organisation}

    return submit_on_page(request, application, Posted("disqualify", form), run)


@login_required
def recommend(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Art. 12, 28: the dossier in the unit's scope, its attachments, and the opinion with the
    unit's declaration; only after the round's commitment is signed (R12, Art. 31)."""
    application = recommender_application(request.user, pk)
    if application is None:
        raise Http404(_("No such application."))
    pending = commitment_redirect(
        request, application.round, next_url=reverse("applications:recommend", args=[pk])
    )
    if pending is not None:
        return pending
    editable = can_recommend(request.user, application)
    form = RecommendationForm(
        posted_data(request),
        posted_files(request),
        initial={"opinion": application.recommendation_opinion},
    )
    return form_page(
        request,
        form,
        partial(services.record_recommendation, application, actor=request.user),
        success=_("Your recommendation opinion was saved."),
        then="accounts:dashboard",
        template="applications/recommend.html",
        context={
            "application": application,
            "editable": editable,
            "letters": application.attachments.filter(
                kind=AttachmentKind.RECOMMENDATION_LETTER
            ).order_by("-uploaded_at"),
            "attachments": application.attachments.exclude(
                kind=AttachmentKind.RECOMMENDATION_LETTER
            ).order_by("kind", "uploaded_at"),
            "declaration_text": services.recommendation_declaration_text(),
        },
    )


# --- Department liaison (Art. 17) ---------------------------------------------------------


@login_required
def consultation_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    consultation: Consultation | None = liaison_consultation(request.user, pk)
    if consultation is None:
        raise Http404(_("No such consultation."))
    # R12: the liaison signs the round's commitment before seeing the consultation.
    pending = commitment_redirect(request, consultation.application.round)
    if pending is not None:
        return pending
    form = ConsultationAnswerForm(posted_data(request), posted_files(request))
    return form_page(
        request,
        form,
        partial(services.answer_consultation, consultation, actor=request.user),
        success=_("Your answer was sent to the award office."),
        then="accounts:dashboard",
        template="applications/consultation_answer.html",
        context={
            "consultation": consultation,
            "application": consultation.application,
            "can_answer": can_answer_consultation(request.user, consultation),
        },
    )


@login_required
@require_GET
def consultation_reply_letter(request: HttpRequest, pk: int) -> FileResponse:
    """Art. 17: the department's sealed reply letter, to the programme's office (after
    signing the round's commitment, R12) and the department's liaison; 404 to anyone else."""

    consultation = (
        Consultation.objects.select_related("application__round__programme").filter(pk=pk).first()
    )
    if consultation is None or not consultation.reply_letter:
        raise Http404(_("No such consultation."))
    application = consultation.application
    as_office = is_office_for(request.user, application) and has_signed_commitment(
        request.user, application.round
    )
    if not as_office and liaison_consultation(request.user, pk) is None:
        raise Http404(_("No such consultation."))
    return private_file_response(
        open_or_404(consultation.reply_letter),
        name=consultation.reply_letter_name,
        content_type=consultation.reply_letter_type,
    )


# --- Recommendations: the unit's bulk list, the office's list of those lacking one ----------


@login_required
def recommender_list(request: HttpRequest) -> HttpResponse:
    """Art. 12, 28: every application naming the user's unit with the state of its opinion."""
    if not is_recommending_unit_user(request.user):
        raise Http404(_("No such page."))
    awaiting_only = request.GET.get("awaiting") == "1"
    return render(
        request,
        "applications/recommender_list.html",
        {
            "applications": recommender_applications(request.user, awaiting_only=awaiting_only),
            "awaiting_only": awaiting_only,
        },
    )


@login_required
def office_recommendations(request: HttpRequest, round_pk: int) -> HttpResponse:
    """Art. 12: the round's submitted applications still lacking the recommendation."""
    round = office_round(request.user, round_pk)
    if round is None:
        raise Http404(_("No such round."))
    return render(
        request,
        "applications/office_recommendations.html",
        {"round": round, "applications": lacking_recommendation(request.user, round)},
    )


@login_required
def eligible_list_export(request: HttpRequest, round_pk: int, fmt: str) -> HttpResponse:
    """Art. 17: the confirmed eligibility list as Excel or as a PDF for the file."""

    round = office_round(request.user, round_pk)
    if round is None or fmt not in ("xlsx", "pdf"):
        raise Http404(_("No such round."))
    name = f"{round.title}-资格审查名单.{fmt}"
    if fmt == "xlsx":
        return generated_file_response(
            eligible_list_workbook(request.user, round), name=name, content_type=XLSX_CONTENT_TYPE
        )
    return generated_file_response(
        eligible_list_pdf(request.user, round), name=name, content_type="application/pdf"
    )


@login_required
def consultation_letter_docx(
    request: HttpRequest, round_pk: int, department_pk: int
) -> HttpResponse:
    """Art. 17: the consultation letter (征求意见函) to one department as an editable .docx."""
    from django.shortcuts import get_object_or_404

    round = office_round(request.user, round_pk)
    if round is None:
        raise Http404(_("No such round."))
    department = get_object_or_404(Department, pk=department_pk)
    return generated_file_response(
        consultation_letter(request.user, round, department),
        name=f"征求意见函-{department.name}-{round.title}.docx",
        content_type=DOCX_CONTENT_TYPE,
    )


# --- Department liaison: answers by Excel sheet (Art. 17) ---------------------------------


@login_required
def liaison_replies(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The liaison's pending consultations, the sheet to fill in, and its upload: all rows
    saved or none, each error named by its row."""
    if not is_department_liaison(request.user):
        raise Http404(_("No such page."))

    form = ReplySheetForm(
        posted_data(request),
        posted_files(request),
    )
    rows = []
    if request.method == "POST" and form.is_valid():
        try:
            rows = import_replies(
                request.user,
                form.cleaned_data["file"],
                letter=form.cleaned_data["letter"],
            )
        except LetterRefused as error:
            form.add_error("letter", error.user_message)
        except DomainError as error:
            form.add_error("file", error.user_message)
        else:
            if not any(row.error for row in rows):
                messages.success(
                    request,
                    _("%(n)d answers were sent to the award office.") % {"n": len(rows)},
                )
                return redirect("applications:liaison_replies")
    return render(
        request,
        "applications/liaison_replies.html",
        {
            "form": form,
            "errors": [row.error for row in rows if row.error],
            "pending": sheet_consultations(request.user),
        },
    )


@login_required
def liaison_reply_sheet(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The sheet of the liaison's pending consultations to fill in (.xlsx)."""
    if not is_department_liaison(request.user):
        raise Http404(_("No such page."))

    return generated_file_response(
        reply_sheet(request.user), name="征求意见答复表.xlsx", content_type=XLSX_CONTENT_TYPE
    )


# --- A dossier received on paper ------------------------------------------------------------------


@login_required
def office_paper_entry(request: AuthenticatedHttpRequest, round_pk: int) -> HttpResponse:
    """The office enters a dossier received on paper on the organisation's behalf; it is
    submitted at once and marked as entered on paper everywhere it is shown."""
    round = office_round(request.user, round_pk)
    if round is None:
        raise Http404(_("No such round."))
    pending = commitment_redirect(request, round)
    if pending is not None:
        return pending
    posted = request.method == "POST"
    entry_form = PaperEntryForm(
        request.POST if posted else None, request.FILES if posted else None, auto_id="id_paper_%s"
    )
    dossier_form = DossierForm(
        request.POST if posted else None, instance=Application(round=round), organisation=None
    )
    dossier_form.fields["revision"].required = False
    if posted and entry_form.is_valid() and dossier_form.is_valid():
        with show_refusal(request, form=entry_form):
            application = services.enter_paper_dossier(
                round,
                entry_form.cleaned_data["organisation"],
                actor=request.user,
                received_on=entry_form.cleaned_data["received_on"],
                fields=dossier_form.dossier_fields(),
                files=entry_form.files_with_kinds(),
            )
            messages.success(
                request,
                _("The paper dossier of %(org)s is entered and submitted.")
                % {"org": application.organisation},
            )
            return redirect(_detail_url(application))
    return render(
        request,
        "applications/office_paper_entry.html",
        {"round": round, "entry_form": entry_form, "form": dossier_form},
    )


@login_required
def office_round_charts(request: HttpRequest, round_pk: int) -> HttpResponse:
    """The round's applications by county, industry, sector and status, with charts, and
    what is waiting for whom."""
    round = office_round(request.user, round_pk)
    if round is None:
        raise Http404(_("No such round."))
    breakdown = round_breakdown(request.user, round)
    labels = {
        "office": _("Eligibility decisions awaiting the office"),
        "recommenders": _("Recommendations awaiting the recommending units"),
        "departments": _("Consultation replies awaiting the departments"),
        "applicants": _("Supplements awaiting the applicants"),
    }
    waiting = [{**row, "label": labels[str(row["who"])]} for row in breakdown["waiting"]]
    chart_data = {
        key: {
            "labels": [str(k) for k, _n in breakdown[key]],
            "counts": [n for _k, n in breakdown[key]],
        }
        for key in ("by_county", "by_industry", "by_sector", "by_status")
    }
    return render(
        request,
        "applications/office_round_charts.html",
        {"round": round, "breakdown": breakdown, "waiting": waiting, "chart_data": chart_data},
    )


@login_required
def office_consult_batch(request: AuthenticatedHttpRequest, round_pk: int) -> HttpResponse:
    """Art. 17: consult one department about many of the round's applications at once."""
    round = office_round(request.user, round_pk)
    if round is None:
        raise Http404(_("No such round."))
    candidates = (
        office_applications(request.user, round)
        .filter(status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.ELIGIBLE])
        .select_related("organisation")
    )
    form = ConsultationBatchForm(
        posted_data(request),
        applications=candidates,
        adverse_record_years=round_rule_settings(round).adverse_record_years,
        auto_id="id_batch_%s",
        initial={"applications": [a.pk for a in candidates]},
    )
    if request.method == "POST" and form.is_valid():
        with show_refusal(request, form=form):
            sent, skipped = services.send_consultation_batch(
                list(form.cleaned_data["applications"]),
                actor=request.user,
                department=form.cleaned_data["department"],
                question=form.cleaned_data["question"],
                due_on=form.cleaned_data["due_on"],
            )
            message = _("%(n)d organisations were sent to %(d)s.") % {
                "n": len(sent),
                "d": form.cleaned_data["department"],
            }
            if skipped:
                message += " " + _("Already consulted, left out: %(names)s.") % {
                    "names": "、".join(a.organisation.name for a in skipped)
                }
            messages.success(request, message)
            return redirect("applications:office_list", round.pk)
    return render(request, "applications/office_consult_batch.html", {"round": round, "form": form})
