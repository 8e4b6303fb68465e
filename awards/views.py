"""Pages of rounds: public call notices, the office's round hub, the leading group's approval
of the review rules and the confidentiality commitment (R12). Views stay thin: load through a
selector, check the predicate (404 when the user may not know the object), validate a form,
call one service, turn a DomainError into a message."""

from __future__ import annotations

from collections.abc import Callable
from copy import copy
from datetime import datetime
from decimal import Decimal
from functools import partial
from typing import cast
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest, client_address
from awards import hooks, services
from awards.areas import area_parts, area_refusal
from awards.buckets import buckets_from_json
from awards.enums import (
    CertificateStandard,
    ProgrammeTemplate,
    PublicityDayUnit,
    RoundStage,
    TiltRule,
)
from awards.forms import (
    ApproveProgrammeRulesForm,
    ApproveRulesForm,
    ApproveWorkPlanForm,
    BudgetLineForm,
    CalendarDayForm,
    CommitmentForm,
    ExtendDeadlineForm,
    GuidanceForm,
    GuidedProgrammeForm,
    LeadingIndustryForm,
    MilestoneDoneForm,
    MilestoneForm,
    OutletForm,
    ProgrammeEditForm,
    ProgrammeRulesForm,
    ProgrammeSetUpForm,
    PublishCallForm,
    ResearchNoteForm,
    ReturnWorkPlanForm,
    RoundEditForm,
    RoundForm,
    TrainingForm,
    WorkPlanForm,
    office_programmes,
)
from awards.models import (
    AwardProgramme,
    HolidayCalendarDay,
    LeadingIndustry,
    Round,
    ScoringScheme,
    WorkPlan,
    WorkPlanBudgetLine,
    WorkPlanMilestone,
    WorkPlanResearchNote,
    WorkPlanTraining,
)
from awards.permissions import (
    can_approve_review_rules,
    can_edit_programme,
    can_list_all_programmes,
    has_signed_commitment,
    may_sign_commitment,
    must_sign_commitment,
)
from awards.rules import (
    LEGACY_BUCKET_LIMITS,
    PROGRAMME_SETTING_FIELDS,
    is_measures_bucket_pair,
    round_proposal,
)
from awards.rulesets import (
    LEVEL_NAME_FIELDS,
    default_individual_name,
    round_bucket_table,
    round_rule_settings,
)
from awards.selectors import (
    CALLS_SCOPE,
    calendar_days,
    call_outlets,
    commitment_of,
    founding_programme,
    guidance_published_by,
    guided_overview,
    guiding_programme,
    hosted_programmes,
    leading_group_programme,
    leading_group_round,
    leading_group_work_plan,
    leading_industries,
    office_programme,
    office_round,
    office_work_plan,
    plan_progress,
    plan_sections,
    previewable_programme,
    public_call_choices,
    public_round,
    public_rounds,
    readable_guidance,
    required_document_list,
    rounds_for_office,
    work_plans_for_leading_group,
    work_plans_for_office,
)
from awards.specimens import call_notice_specimen
from awards.stages import next_steps, progress_percent, stage_guide, stage_progress
from common import page_cache
from common.files import stored_document_response
from common.kept_pages import kept_page
from common.public_list import ListFilter, kept_until, list_context, page_of
from common.views import form_page, found_or_404, note_shortened_name, posted_data, show_refusal
from decisionlog.selectors import decisions_for_round
from organisations.selectors import organisation_of

DECISION_LOG_PAGE_SIZE = 50
# Call notices a page of the public list shows (a province's programmes: ~150 a year).
CALLS_PAGE_SIZE = 20


def commitment_redirect(
    request: HttpRequest, round: Round, next_url: str | None = None
) -> HttpResponse | None:
    """R12: a redirect to the round's commitment page when the user must sign it first.

    Returns None when there is nothing to sign. ``next_url`` defaults to the current URL; a
    view handling a POST passes the page to come back to (a GET page) instead.
    """
    if not must_sign_commitment(request.user, round):
        return None
    target = next_url or request.get_full_path()
    messages.info(request, _("Sign the round's confidentiality commitment before you continue."))
    return redirect(
        reverse("awards:sign_commitment", args=[round.pk]) + "?" + urlencode({"next": target})
    )


def _office_round_or_404(request: HttpRequest, pk: int) -> Round:
    round = office_round(request.user, pk)
    if round is None:
        raise Http404(_("No such round."))
    return round


# --- Public -------------------------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    """The portal's front page: the latest calls published."""
    return render(request, "home.html", {"rounds": public_rounds()[:5]})


def call_list(request: HttpRequest) -> HttpResponse:
    """The published call notices, a page at a time, of one programme or year if asked;
    rendered once per change of a round or programme for each filter and page."""

    chosen = ListFilter.from_request(request)

    def build() -> tuple[str, datetime | None]:
        choices = public_call_choices()
        rounds = public_rounds(chosen.programme, chosen.year)
        page = page_of(rounds, CALLS_PAGE_SIZE, chosen, choices)
        context = list_context(page, chosen, choices)
        context["rounds"] = page.object_list
        html = render_to_string("awards/_call_list_content.html", context)
        return html, kept_until(page, chosen)

    return page_cache.cached_page(
        request, "awards/call_list.html", "calls", [CALLS_SCOPE], chosen.vary(), build
    )


def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round = found_or_404(public_round(pk), _("No such call notice."))
    # R5 / Art. 13(1): who may apply; an applicant registered outside sees why, no button.
    organisation = organisation_of(request.user)
    return render(
        request,
        "awards/call_detail.html",
        {
            "round": round,
            "registration_area": area_parts(round_rule_settings(round).registration_area),
            "area_refusal": area_refusal(organisation, round) if organisation else None,
            "bucket_places": round_bucket_table(round),
            "documents": required_document_list(round),
            "outlets": call_outlets(round),
            "window_open": round.window_is_open(),
            "not_yet_open": round.stage == RoundStage.APPLICATION
            and timezone.now() < round.applications_open_at,
        },
    )


# --- Office -------------------------------------------------------------------------------


@kept_page
@login_required
def round_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    programmes = office_programmes(request.user)
    if not programmes:
        raise Http404(_("This page is for the award office."))
    return render(
        request,
        "awards/round_list.html",
        {
            "rounds": rounds_for_office(request.user),
            "programmes": programmes,
            # Art. 11(9): a programme no other guides may set up those it is to guide.
            "founding": [p for p in programmes if p.guided_by_id is None],
        },
    )


@login_required
def round_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    programmes = office_programmes(request.user)
    if not programmes:
        raise Http404(_("This page is for the award office."))
    # R1, R2, R4: the year and title on the programme's cadence, its places and prize money,
    # for the programme chosen (?programme=, or the office's only one).
    # R2: the places of the chosen programme's sector buckets (the one posted, on a POST).
    chosen = request.POST.get("programme") or request.GET.get("programme", "")
    selected = next((p for p in programmes if len(programmes) == 1 or str(p.pk) == chosen), None)
    form = RoundForm(
        posted_data(request),
        programmes=programmes,
        programme=selected,
        initial=round_proposal(selected, timezone.localdate()) if selected else None,
    )
    if request.method == "POST" and form.is_valid():
        with show_refusal(request, form=form):
            round = services.create_round(
                form.cleaned_data["programme"],
                actor=request.user,
                **form.settings(),
            )
            messages.success(request, _("The round was created as a draft."))
            return redirect("awards:round_detail", pk=round.pk)
    return render(
        request,
        "awards/round_form.html",
        {
            "form": form,
            "round": None,
            "programmes": programmes if len(programmes) > 1 else [],
            "selected": selected,
        },
    )


@kept_page
@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round = _office_round_or_404(request, pk)
    now = timezone.now()
    context: dict[str, object] = {}
    for provide in hooks.round_page_context:
        context.update(provide(round))
    return render(
        request,
        "awards/round_detail.html",
        {
            **context,
            "round": round,
            "now": now,
            "stages": stage_progress(round),
            "progress": progress_percent(round),
            "guide": stage_guide(round),
            "steps": next_steps(round, now=now),
            "outlets": round.outlets.order_by("published_on", "pk"),
            "signed": has_signed_commitment(request.user, round),
            "hub_partials": list(hooks.round_page_partials),
            "deadline_passed": now >= round.applications_close_at,
            "publicity_unit": PublicityDayUnit(round_rule_settings(round).publicity_day_unit).label,
        },
    )


@login_required
def round_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    round = _office_round_or_404(request, pk)
    # The form gets its own copy: validation must not touch the round the page shows.
    form = RoundEditForm(posted_data(request), instance=Round.objects.get(pk=round.pk))
    if request.method == "POST" and form.is_valid():
        with show_refusal(request, form=form):
            services.update_round_settings(
                round,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                **form.editable_settings(),
            )
            messages.success(request, _("The settings were saved."))
            return redirect("awards:round_detail", pk=round.pk)
    return render(request, "awards/round_form.html", {"form": form, "round": round})


@login_required
def publish_call(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    round = _office_round_or_404(request, pk)
    form = PublishCallForm(
        posted_data(request),
        initial={"call_notice": round.call_notice, "required_documents": round.required_documents},
    )
    if request.method == "POST" and form.is_valid():
        with show_refusal(request, form=form):
            services.publish_call(
                round,
                actor=request.user,
                call_notice=form.cleaned_data["call_notice"],
                required_documents=form.cleaned_data["required_documents"],
            )
            messages.success(request, _("The call notice is published."))
            return redirect("awards:round_detail", pk=round.pk)
    return render(request, "awards/call_publish.html", {"form": form, "round": round})


def _round_form_page(
    request: AuthenticatedHttpRequest,
    pk: int,
    form_class: type[forms.BaseForm],
    service: Callable[..., object],
    *,
    success: str,
    template: str,
    context: Callable[[Round], dict[str, object]],
) -> HttpResponse:
    """An office page of the round with one form whose fields are ``service``'s keyword
    arguments (after the round and the actor); back to the round's hub once it succeeds."""
    round = _office_round_or_404(request, pk)
    return form_page(
        request,
        form_class(posted_data(request)),
        partial(service, round, actor=request.user),
        success=success,
        then=reverse("awards:round_detail", args=[round.pk]),
        template=template,
        context={"round": round, **context(round)},
    )


@login_required
def add_outlet(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    # The form's fields are the service's: notice, outlet, published_on, url.
    return _round_form_page(
        request,
        pk,
        OutletForm,
        services.add_publication_outlet,
        success=_("The publication was recorded."),
        template="awards/outlet_form.html",
        context=lambda round: {"outlets": round.outlets.order_by("published_on", "pk")},
    )


@login_required
def extend_deadline(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    # The form's fields are the service's: new_close_at, reason.
    return _round_form_page(
        request,
        pk,
        ExtendDeadlineForm,
        services.extend_deadline,
        success=_("The deadline was extended and the applicants notified."),
        template="awards/deadline_extend.html",
        context=lambda round: {"now": timezone.now()},
    )


@login_required
@require_POST
def start_material_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    round = _office_round_or_404(request, pk)
    with show_refusal(request):
        services.start_material_review(round, actor=request.user)
        messages.success(request, _("The material review has started."))
    return redirect("awards:round_detail", pk=round.pk)


@login_required
def decision_log(request: HttpRequest, pk: int) -> HttpResponse:
    round = _office_round_or_404(request, pk)
    paginator = Paginator(decisions_for_round(round.pk), DECISION_LOG_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "awards/decision_log.html", {"round": round, "page": page})


# --- A programme's rules and holiday calendar (Art. 10, 13, 21) -----------------------------


def _office_programme_or_404(request: HttpRequest, pk: int) -> AwardProgramme:
    programme = office_programme(request.user, pk)
    if programme is None:
        raise Http404(_("No such programme."))
    return programme


# The settings that are money per winner (元).
MONEY_SETTINGS = frozenset({"prize_amount", "nomination_amount", "individual_amount"})


def _rule_value(programme: AwardProgramme, name: str) -> object:
    """A setting as the pages show it: the accepted certificates and the divisions of the
    registration area and the programmes whose bars it honours by their names."""
    value = getattr(programme, name)
    if name == "accepted_certification_standards":
        labels = dict(CertificateStandard.choices)
        return [labels.get(standard, standard) for standard in value]
    if name == "registration_area":
        # R5 / Art. 13(1): whole cities by their names, other divisions by theirs.
        return area_parts(value) or [_("no restriction")]
    if name == "honoured_bar_programmes":
        # R8 / Art. 28, 30: the programmes whose bars it honours, by name.
        names = AwardProgramme.objects.filter(pk__in=value).order_by("name")
        return list(names.values_list("name", flat=True)) or [_("only its own bars")]
    if name == "sector_buckets":
        # R2: each bucket with its sections and its places at each level.
        return [
            _("%(name)s (%(sections)s): %(prize)d prize places, %(nomination)d nomination places")
            % {
                "name": bucket.name,
                "sections": "、".join(bucket.sections) or _("every other section"),
                "prize": bucket.prize_places,
                "nomination": bucket.nomination_places,
            }
            for bucket in buckets_from_json(value)
        ]
    if name == "individual_name" and programme.accepts_individuals:
        # R4: left empty, the name certificates write is the programme's with （个人）.
        return value or default_individual_name(programme.name)
    if name == "individual_scheme" and value:
        scheme = ScoringScheme.objects.filter(code=value).only("name").first()
        return scheme.name if scheme is not None else value
    if name in MONEY_SETTINGS:
        # Money grouped by thousands in the page's language: 500,000.00.
        return number_format(Decimal(value), 2, force_grouping=True)
    return value


def _rule_rows(programme: AwardProgramme) -> list[tuple[object, object]]:
    """Each rule setting's model field and value, as _programme_rules_table.html lists them;
    the manufacturing and service places only with the 2022 measures' two buckets (R2)."""
    pair = is_measures_bucket_pair(programme.sector_buckets)
    return [
        (AwardProgramme._meta.get_field(name), _rule_value(programme, name))
        for name in ProgrammeRulesForm.Meta.fields
        if pair or name not in LEGACY_BUCKET_LIMITS
    ]


def _programme_rules_context(programme: AwardProgramme) -> dict[str, object]:
    """What the office's and the leading group's pages of a programme's rules show."""
    return {
        "programme": programme,
        "rule_rows": _rule_rows(programme),
        "calendar": calendar_days(programme),
        "rounds": programme.rounds.exclude(stage=RoundStage.DRAFT).order_by("-year"),
    }


@login_required
def programme_rules(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The office's page of its programme's rules: change them (a new version for the leading
    group to approve) and keep the holiday calendar."""
    programme = _office_programme_or_404(request, pk)
    # The form gets its own copy: validation must not touch the programme the page shows.
    form = ProgrammeRulesForm(posted_data(request), instance=AwardProgramme.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        before = programme.rules_version
        with show_refusal(request, form=form):
            changed = services.update_programme_rules(
                programme,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                **form.settings(),
            )
            if changed.rules_version == before:
                messages.info(request, _("Nothing was changed."))
            else:
                messages.success(
                    request,
                    _(
                        "Version %(version)d of the rules is saved and awaits the leading "
                        "group's approval."
                    )
                    % {"version": changed.rules_version},
                )
            return redirect("awards:programme_rules", pk=programme.pk)
    return render(
        request,
        "awards/programme_rules.html",
        {**_programme_rules_context(programme), "form": form, "day_form": CalendarDayForm()},
    )


@login_required
@require_POST
def calendar_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = _office_programme_or_404(request, pk)
    form = CalendarDayForm(request.POST)
    if form.is_valid():
        with show_refusal(request, form=form):
            services.add_calendar_day(programme, actor=request.user, **form.cleaned_data)
            messages.success(request, _("The day was entered in the calendar."))
            return redirect("awards:programme_rules", pk=programme.pk)
    return render(
        request,
        "awards/programme_rules.html",
        {
            **_programme_rules_context(programme),
            "form": ProgrammeRulesForm(instance=programme),
            "day_form": form,
        },
    )


@login_required
@require_POST
def calendar_remove(request: AuthenticatedHttpRequest, pk: int, day_pk: int) -> HttpResponse:
    programme = _office_programme_or_404(request, pk)
    entry = get_object_or_404(HolidayCalendarDay, pk=day_pk, programme=programme)
    with show_refusal(request):
        services.remove_calendar_day(entry, actor=request.user)
        messages.success(request, _("The day was removed from the calendar."))
    return redirect("awards:programme_rules", pk=programme.pk)


# --- R6 / Art. 15: the city's leading industries ----------------------------------------------


@login_required
def leading_industry_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The office's list of the city's leading industries, with the form to add one."""
    programme = _office_programme_or_404(request, pk)
    form = LeadingIndustryForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        with show_refusal(request, form=form):
            entry = services.add_leading_industry(
                programme, actor=request.user, **form.cleaned_data
            )
            messages.success(
                request,
                _("%(name)s was added to the leading industries.") % {"name": entry.name},
            )
            return redirect("awards:leading_industry_list", pk=programme.pk)
    return render(
        request,
        "awards/leading_industry_list.html",
        {"programme": programme, "industries": leading_industries(programme.pk), "form": form},
    )


@login_required
def leading_industry_edit(
    request: AuthenticatedHttpRequest, pk: int, industry_pk: int
) -> HttpResponse:
    programme = _office_programme_or_404(request, pk)
    entry = get_object_or_404(LeadingIndustry, pk=industry_pk, programme=programme)
    form = LeadingIndustryForm(
        posted_data(request),
        initial={"name": entry.name, "industry_classes": entry.industry_classes},
    )
    if request.method == "POST" and form.is_valid():
        with show_refusal(request, form=form):
            services.change_leading_industry(entry, actor=request.user, **form.cleaned_data)
            messages.success(request, _("The leading industry was changed."))
            return redirect("awards:leading_industry_list", pk=programme.pk)
    return render(
        request,
        "awards/leading_industry_edit.html",
        {"programme": programme, "industry": entry, "form": form},
    )


@login_required
@require_POST
def leading_industry_remove(
    request: AuthenticatedHttpRequest, pk: int, industry_pk: int
) -> HttpResponse:
    programme = _office_programme_or_404(request, pk)
    entry = get_object_or_404(LeadingIndustry, pk=industry_pk, programme=programme)
    with show_refusal(request):
        services.remove_leading_industry(entry, actor=request.user)
        messages.success(request, _("The leading industry was taken off the list."))
    return redirect("awards:leading_industry_list", pk=programme.pk)


@login_required
def approve_programme_rules(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Art. 10: the leading group reads the programme's rules and approves a new version."""
    programme = leading_group_programme(request.user, pk)
    if programme is None:
        raise Http404(_("No such programme."))
    form = ApproveProgrammeRulesForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        with show_refusal(request, form=form):
            services.approve_programme_rules(
                programme, actor=request.user, note=form.cleaned_data["note"]
            )
            messages.success(
                request,
                _("Version %(version)d of the rules of %(programme)s is approved.")
                % {"version": programme.rules_version, "programme": programme.name},
            )
            return redirect("accounts:dashboard")
    return render(
        request,
        "awards/programme_rules_approve.html",
        {**_programme_rules_context(programme), "form": form},
    )


# --- Leading group ------------------------------------------------------------------------


@login_required
def approve_rules(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    round = leading_group_round(request.user, pk)
    if round is None:
        raise Http404(_("No such round."))
    can_approve = can_approve_review_rules(request.user, round) and not round.rules_approved
    form = ApproveRulesForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        with show_refusal(request, form=form):
            services.approve_review_rules(
                round,
                actor=request.user,
                note=form.cleaned_data["note"],
            )
            messages.success(
                request, _("The review rules of %(round)s are approved.") % {"round": round}
            )
            return redirect("accounts:dashboard")
    return render(
        request,
        "awards/rules_approve.html",
        {
            "round": round,
            "bucket_places": round_bucket_table(round),
            "form": form,
            "can_approve": can_approve,
            "review_started": round.stage
            not in (RoundStage.DRAFT, RoundStage.APPLICATION, RoundStage.ELIGIBILITY),
            "tilt_is_bonus": round.tilt_rule == TiltRule.BONUS_POINTS,
        },
    )


# --- Commitment (R12, Art. 31) ------------------------------------------------------------


def _safe_next(request: HttpRequest) -> str | None:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


@login_required
def sign_commitment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    round = get_object_or_404(Round.objects.select_related("programme"), pk=pk)
    if not may_sign_commitment(request.user, round):
        raise Http404(_("No such round."))
    next_url = _safe_next(request)
    form = CommitmentForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        services.sign_commitment(
            round,
            user=request.user,
            ip_address=client_address(request),
        )
        messages.success(
            request, _("You signed the confidentiality commitment of %(round)s.") % {"round": round}
        )
        return redirect(next_url or "accounts:dashboard")
    return render(
        request,
        "awards/commitment_sign.html",
        {
            "round": round,
            "form": form,
            "text": services.commitment_text_for(request.user, round),
            "commitment": commitment_of(request.user, round),
            "next": next_url or "",
        },
    )


# --- The annual work plan (Art. 11(3)) -----------------------------------------------------


@login_required
def work_plans(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The office's work plans, and the form to start the year's."""
    programmes = office_programmes(request.user)
    if not programmes:
        raise Http404(_("No such page."))
    form = WorkPlanForm(posted_data(request), programmes=programmes)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        programme = data.pop("programme")
        with show_refusal(request, form=form):
            plan = services.create_work_plan(programme, actor=request.user, **data)
            messages.success(request, _("The work plan was started as a draft."))
            return redirect("awards:work_plan_detail", pk=plan.pk)
    today = timezone.localdate()
    plans = [(plan, plan_progress(plan, today)) for plan in work_plans_for_office(request.user)]
    return render(request, "awards/work_plan_list.html", {"plans": plans, "form": form})


def _office_plan_or_404(request: HttpRequest, pk: int) -> WorkPlan:
    plan = office_work_plan(request.user, pk)
    if plan is None:
        raise Http404(_("No such work plan."))
    return plan


# The kinds of item a plan holds: their model and form.
PLAN_ITEM_KINDS: dict[str, tuple[type[services.PlanItem], type[forms.BaseForm]]] = {
    "milestone": (WorkPlanMilestone, MilestoneForm),
    "training": (WorkPlanTraining, TrainingForm),
    "budget": (WorkPlanBudgetLine, BudgetLineForm),
    "research": (WorkPlanResearchNote, ResearchNoteForm),
}


def _item_forms(plan: WorkPlan, bound: dict[str, forms.BaseForm]) -> dict[str, forms.BaseForm]:
    return {
        "milestone": bound.get("milestone") or MilestoneForm(plan=plan),
        "training": bound.get("training") or TrainingForm(),
        "budget": bound.get("budget") or BudgetLineForm(),
        "research": bound.get("research") or ResearchNoteForm(),
    }


def _plan_page(
    request: HttpRequest,
    plan: WorkPlan,
    template: str,
    *,
    status: int = 200,
    **extra: object,
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "plan": plan,
            "progress": plan_progress(plan),
            **plan_sections(plan),
            **extra,
        },
        status=status,
    )


@login_required
def work_plan_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The office's page of a plan: its items, progress, the forms of a draft."""
    plan = _office_plan_or_404(request, pk)
    return _plan_page(
        request,
        plan,
        "awards/work_plan_detail.html",
        item_forms=_item_forms(plan, {}),
        edit_form=WorkPlanForm(instance=plan),
        done_form=MilestoneDoneForm(),
    )


@login_required
@require_POST
def work_plan_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = _office_plan_or_404(request, pk)
    form = WorkPlanForm(request.POST, instance=WorkPlan.objects.get(pk=pk))
    if form.is_valid():
        with show_refusal(request, form=form):
            services.update_work_plan(plan, actor=request.user, **form.cleaned_data)
            messages.success(request, _("The work plan was saved."))
            return redirect("awards:work_plan_detail", pk=plan.pk)
    return _plan_page(
        request,
        plan,
        "awards/work_plan_detail.html",
        item_forms=_item_forms(plan, {}),
        edit_form=form,
        done_form=MilestoneDoneForm(),
    )


_ADD_SERVICES: dict[str, Callable[..., object]] = {
    "milestone": services.add_milestone,
    "training": services.add_training,
    "budget": services.add_budget_line,
    "research": services.add_research_note,
}


@login_required
@require_POST
def work_plan_add(request: AuthenticatedHttpRequest, pk: int, kind: str) -> HttpResponse:
    """Add a milestone, training session, budget line or research note to the draft."""
    plan = _office_plan_or_404(request, pk)
    if kind not in PLAN_ITEM_KINDS:
        raise Http404(_("No such page."))
    form_class = PLAN_ITEM_KINDS[kind][1]
    form = (
        MilestoneForm(request.POST, plan=plan)
        if kind == "milestone"
        else form_class(request.POST, request.FILES)
    )
    if form.is_valid():
        with show_refusal(request, form=form):
            _ADD_SERVICES[kind](plan, actor=request.user, **form.cleaned_data)
            messages.success(request, _("The item was added to the work plan."))
            if kind == "research":
                note_shortened_name(request, form.cleaned_data.get("upload"))
            return redirect(reverse("awards:work_plan_detail", args=[plan.pk]) + f"#{kind}")
    return _plan_page(
        request,
        plan,
        "awards/work_plan_detail.html",
        item_forms=_item_forms(plan, {kind: form}),
        edit_form=WorkPlanForm(instance=plan),
        done_form=MilestoneDoneForm(),
    )


@login_required
@require_POST
def work_plan_remove(
    request: AuthenticatedHttpRequest, pk: int, kind: str, item_pk: int
) -> HttpResponse:
    plan = _office_plan_or_404(request, pk)
    if kind not in PLAN_ITEM_KINDS:
        raise Http404(_("No such page."))
    item = cast(
        services.PlanItem, get_object_or_404(PLAN_ITEM_KINDS[kind][0], pk=item_pk, plan=plan)
    )
    with show_refusal(request):
        services.remove_plan_item(item, actor=request.user)
        messages.success(request, _("The item was removed from the work plan."))
    return redirect(reverse("awards:work_plan_detail", args=[plan.pk]) + f"#{kind}")


@login_required
@require_POST
def work_plan_milestone_done(
    request: AuthenticatedHttpRequest, pk: int, item_pk: int
) -> HttpResponse:
    """The office records the day a milestone was done (an empty day clears it)."""
    plan = _office_plan_or_404(request, pk)
    milestone = get_object_or_404(WorkPlanMilestone, pk=item_pk, plan=plan)
    form = MilestoneDoneForm(request.POST)
    if form.is_valid():
        with show_refusal(request):
            services.mark_milestone_done(
                milestone, actor=request.user, done_on=form.cleaned_data["done_on"]
            )
            messages.success(request, _("The milestone was updated."))
    else:
        messages.error(request, _("Enter a valid date."))
    return redirect(reverse("awards:work_plan_detail", args=[plan.pk]) + "#milestone")


@login_required
@require_POST
def work_plan_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = _office_plan_or_404(request, pk)
    with show_refusal(request):
        services.submit_work_plan(plan, actor=request.user)
        messages.success(request, _("The work plan was submitted to the leading group."))
    return redirect("awards:work_plan_detail", pk=plan.pk)


@login_required
def work_plan_document(request: HttpRequest, pk: int, item_pk: int) -> FileResponse:
    """A research note's document: the plan's office and (once submitted) leading group."""
    plan = office_work_plan(request.user, pk) or leading_group_work_plan(request.user, pk)
    if plan is None:
        raise Http404(_("No such work plan."))
    return stored_document_response(get_object_or_404(WorkPlanResearchNote, pk=item_pk, plan=plan))


@login_required
def approve_work_plan(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Art. 11(3), 10: the leading group reads the submitted plan and approves it."""
    plan = leading_group_work_plan(request.user, pk)
    if plan is None:
        raise Http404(_("No such work plan."))
    form = ApproveWorkPlanForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        with show_refusal(request, form=form):
            services.approve_work_plan(plan, actor=request.user, note=form.cleaned_data["note"])
            messages.success(request, _("The work plan %(plan)s is approved.") % {"plan": plan})
            return redirect("accounts:dashboard")
    return _plan_page(
        request,
        plan,
        "awards/work_plan_approve.html",
        form=form,
        return_form=ReturnWorkPlanForm(),
        plans=work_plans_for_leading_group(request.user).prefetch_related(None),
    )


@login_required
@require_POST
def return_work_plan(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Art. 11(3): the leading group returns the plan to the office, saying what to change."""
    plan = leading_group_work_plan(request.user, pk)
    if plan is None:
        raise Http404(_("No such work plan."))
    form = ReturnWorkPlanForm(request.POST)
    if form.is_valid():
        with show_refusal(request, form=form):
            services.return_work_plan(plan, actor=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("The work plan went back to the office."))
            return redirect("accounts:dashboard")
    return _plan_page(
        request,
        plan,
        "awards/work_plan_approve.html",
        form=ApproveWorkPlanForm(),
        return_form=form,
        plans=work_plans_for_leading_group(request.user).prefetch_related(None),
    )


# --- Guiding the county and zone awards (Art. 11(9)) ----------------------------------------


@login_required
def guided_programmes(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Art. 11(9): the city office's view of the county and zone programmes it guides (their
    rounds, stages and numbers, no dossier) and the guidance it published to them."""
    programme = guiding_programme(request.user, pk)
    if programme is None:
        raise Http404(_("No such programme."))
    form = GuidanceForm(posted_data(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with show_refusal(request, form=form):
            services.publish_guidance(programme, actor=request.user, **form.cleaned_data)
            messages.success(request, _("The guidance was published to the county offices."))
            note_shortened_name(request, form.cleaned_data.get("upload"))
            return redirect("awards:guided_programmes", pk=programme.pk)
    return render(
        request,
        "awards/guided_programmes.html",
        {
            "programme": programme,
            **guided_overview(programme),
            "guidance": guidance_published_by(programme),
            "form": form,
        },
    )


@login_required
def guidance_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = readable_guidance(request.user, pk)
    if document is None:
        raise Http404(_("No such guidance."))
    return render(request, "awards/guidance_detail.html", {"document": document})


@login_required
def guidance_file(request: HttpRequest, pk: int) -> FileResponse:
    document = readable_guidance(request.user, pk)
    if document is None:
        raise Http404(_("No such document."))
    return stored_document_response(document)


def _programme_set_up(request: HttpRequest, created: AwardProgramme) -> HttpResponse:
    """After a programme is set up (by the operator or its guiding city office): say what
    comes next and open the page that invites its first accounts."""
    messages.success(
        request,
        _(
            "%(name)s was set up. Its rules (version 1) await its leading group's "
            "approval. Invite the first users of its office and leading group now."
        )
        % {"name": created.name},
    )
    return redirect("organisations:programme_accounts", pk=created.pk)


@login_required
def programme_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Art. 11(9): the city office sets up a county or zone programme it is to guide, starting
    from the 2022 measures or from its own programme's settings and rules (``?template=``)."""
    guiding = founding_programme(request.user, pk)
    if guiding is None:
        raise Http404(_("No such programme."))
    chosen = request.POST.get("template") or request.GET.get("template")
    template = ProgrammeTemplate(
        chosen if chosen in ProgrammeTemplate.values else ProgrammeTemplate.MEASURES
    )
    source = guiding if template == ProgrammeTemplate.GUIDING else AwardProgramme()
    form = GuidedProgrammeForm(
        posted_data(request),
        buckets=source.sector_buckets,
        initial={
            "template": template.value,
            **{name: getattr(source, name) for name in PROGRAMME_SETTING_FIELDS},
        },
    )
    if request.method == "POST" and form.is_valid():
        with show_refusal(request, form=form):
            created = services.create_guided_programme(
                guiding, actor=request.user, **form.settings()
            )
            return _programme_set_up(request, created)
    return render(
        request,
        "awards/programme_create.html",
        {
            "guiding": guiding,
            "form": form,
            "template": template,
            "templates": ProgrammeTemplate.choices,
            # The validity and prize money, rule settings too, are on the form; the levels take
            # the new programme's name.
            "rule_rows": [
                (field, value)
                for field, value in _rule_rows(source)
                if getattr(field, "name", "") not in (*PROGRAMME_SETTING_FIELDS, *LEVEL_NAME_FIELDS)
            ],
            "calendar_days": guiding.calendar_days.count()
            if template == ProgrammeTemplate.GUIDING
            else 0,
        },
    )


# --- The installation's operator: the programmes it hosts ---------------------------------

PROGRAMMES_PAGE_SIZE = 25


@login_required
def platform_programmes(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every programme the installation hosts, with its rules' state and its office's users
    (only for the operator)."""
    if not can_list_all_programmes(request.user):
        raise Http404(_("No such page."))
    page = Paginator(hosted_programmes(), PROGRAMMES_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "awards/platform_programmes.html", {"page": page})


@login_required
def platform_programme_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The operator sets up a programme from the 2022 measures or from another programme's
    settings and rules (``?template=copy&source=``), optionally guided by a city programme."""
    if not can_list_all_programmes(request.user):
        raise Http404(_("No such page."))
    chosen = request.POST.get("template") or request.GET.get("template")
    template = ProgrammeTemplate(
        chosen if chosen in (ProgrammeTemplate.MEASURES, ProgrammeTemplate.COPY) else "measures"
    )
    source_id = request.POST.get("source") or request.GET.get("source") or ""
    source = (
        AwardProgramme.objects.filter(pk=source_id).first()
        if template == ProgrammeTemplate.COPY and source_id.isdigit()
        else None
    )
    origin = source or AwardProgramme()
    form = ProgrammeSetUpForm(
        posted_data(request),
        buckets=origin.sector_buckets,
        initial={
            "template": template.value,
            "source": source,
            **{name: getattr(origin, name) for name in PROGRAMME_SETTING_FIELDS},
        },
    )
    if request.method == "POST" and form.is_valid():
        with show_refusal(request, form=form):
            created = services.set_up_programme(actor=request.user, **form.settings())
            return _programme_set_up(request, created)
    return render(
        request,
        "awards/platform_programme_create.html",
        {
            "form": form,
            "template": template,
            "templates": [
                (value, label)
                for value, label in ProgrammeTemplate.choices
                if value != ProgrammeTemplate.GUIDING
            ],
            "source": source,
            "rule_rows": [
                (field, value)
                for field, value in _rule_rows(origin)
                if getattr(field, "name", "") not in (*PROGRAMME_SETTING_FIELDS, *LEVEL_NAME_FIELDS)
            ],
            "calendar_days": source.calendar_days.count() if source else 0,
        },
    )


@login_required
def platform_programme_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The operator corrects a programme's name, short name, awarding body, office, leading
    group and guiding programme; its rules stay with its office (their page is linked)."""
    if not can_edit_programme(request.user):
        raise Http404(_("No such page."))
    programme = get_object_or_404(AwardProgramme, pk=pk)
    # The form works on a copy: a refused change leaves the page's title as stored.
    form = ProgrammeEditForm(posted_data(request), instance=copy(programme))
    if request.method == "POST" and form.is_valid():
        with show_refusal(request, form=form):
            services.update_programme(programme, actor=request.user, **form.values())
            messages.success(request, _("%(name)s is saved.") % {"name": form.values()["name"]})
            return redirect("awards:platform_programmes")
    return render(
        request,
        "awards/platform_programme_edit.html",
        {"programme": programme, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def programme_notice_preview(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Art. 16: the call notice's specimen (样张) under the programme's current rules, for its
    office and leading group; links to the certificate's specimen (R15)."""
    programme = previewable_programme(request.user, pk)
    if programme is None:
        raise Http404(_("No such programme."))
    return render(request, "awards/programme_notice_preview.html", call_notice_specimen(programme))
