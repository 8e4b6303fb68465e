"""Pages of expert review. Thin: load, check the predicate (404 where the user may not know the
object exists, 403 where it may see but not act), validate, call one service, redirect."""

from __future__ import annotations

from decimal import Decimal
from html import escape
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import EmptyResultSet, PermissionDenied
from django.core.paginator import Paginator
from django.forms import BoundField
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from applications.models import Application
from awards.enums import PrizeLevel, RoundStage
from awards.models import Round
from awards.permissions import has_signed_commitment
from awards.rulesets import round_sector_choices
from common import page_cache
from common.kept_pages import kept_page
from common.views import posted_data, show_refusal
from reviews.enums import ReviewStage, ReviewStatus
from reviews.forms.deadline import ReviewDeadlineForm
from reviews.forms.review import (
    AssignForm,
    DeclarationForm,
    GroupForm,
    OfficeConflictForm,
    RecomputeCompositeForm,
    ScoreForm,
    SiteSelectionForm,
    WithdrawForm,
)
from reviews.models import Assignment
from reviews.permissions import (
    can_open_dossier,
    can_run_review,
    can_view_composite_report,
    expert_profile_of,
    has_declared_no_conflict,
    is_assigned_without_conflict,
    stage_refusal,
)
from reviews.rules.staffing import staffing_open
from reviews.selectors import progress as selectors_progress
from reviews.selectors import review as selectors
from reviews.selectors.site import SITE_STATUSES
from reviews.services import deadlines as services_deadlines
from reviews.services import rescoring as services_rescoring
from reviews.services import review as services
from reviews.widgets import bands_rows_html, field_html, score_sections_html


def sign_first(request: HttpRequest, round: Round) -> HttpResponse:
    """R12: sign the round's confidentiality commitment, then come back here."""
    url = reverse("awards:sign_commitment", args=[round.pk])
    return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")


def application_or_404(pk: int) -> Application:
    return get_object_or_404(
        Application.objects.select_related(
            "round__programme", "organisation__division", "recommender"
        ),
        pk=pk,
    )


def expert_gate(request: HttpRequest, application: Application) -> HttpResponse | None:
    """An assigned expert without the commitment or the declaration is sent to give them; a
    conflicted or unassigned user gets 404 (R12)."""
    if can_open_dossier(request.user, application):
        return None
    if not is_assigned_without_conflict(request.user, application):
        raise Http404
    if not has_signed_commitment(request.user, application.round):
        return sign_first(request, application.round)
    return redirect("reviews:declare", pk=application.pk)


# --- the expert --------------------------------------------------------------------------------


@login_required
def declare(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """R12: the expert declares its conflict status for one application, seeing only the
    organisation's name, credit code, industry and county (not the dossier)."""
    application = application_or_404(pk)
    if not is_assigned_without_conflict(request.user, application):
        raise Http404
    if not has_signed_commitment(request.user, application.round):
        return sign_first(request, application.round)
    expert = expert_profile_of(request.user)
    assert expert is not None
    form = DeclarationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        has_conflict = form.cleaned_data["has_conflict"]
        with show_refusal(request, form=form, show_rule=False):
            services.declare_conflict(
                application,
                expert,
                actor=request.user,
                has_conflict=has_conflict,
                kind=form.cleaned_data["kind"],
                note=form.cleaned_data["note"],
            )
            if has_conflict:
                messages.success(
                    request,
                    _(
                        "Your conflict of interest is recorded; you no longer review this application."
                    ),
                )
                return redirect("accounts:dashboard")
            messages.success(request, _("Your declaration of no conflict is recorded."))
            return redirect("reviews:dossier", pk=application.pk)
    return render(
        request,
        "reviews/conflict_declare.html",
        {
            "application": application,
            "organisation": application.organisation,
            "form": form,
            "declared_no_conflict": has_declared_no_conflict(request.user, application),
        },
    )


@login_required
def dossier(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The dossier for an assigned expert (R12: only after commitment and declaration)."""
    application = application_or_404(pk)
    gate = expert_gate(request, application)
    if gate is not None:
        return gate
    stages = []
    reviews = {r.stage: r for r in selectors.own_reviews(request.user, application)}
    for stage in ReviewStage:
        review = reviews.get(stage.value)
        refusal = stage_refusal(request.user, application, stage.value, own_review=review)
        if refusal is None or review is not None:
            stages.append({"stage": stage, "review": review, "can_score": refusal is None})
    return render(
        request,
        "reviews/dossier_detail.html",
        {
            "application": application,
            "organisation": application.organisation,
            "attachments": selectors.dossier_attachments(application),
            "stages": stages,
            "viewed_at": timezone.now(),
            "in_site_review": application.status in SITE_STATUSES,
        },
    )


@kept_page
@login_required
def score(request: AuthenticatedHttpRequest, pk: int, stage: str) -> HttpResponse:
    """The scoring form of one stage: GB/T 19580 items with the six bands, comments, feedback
    per category; "save draft" and "submit". A submitted review is shown read-only."""
    if stage not in ReviewStage.values:
        raise Http404
    # What the page shows of the round (its scheme) and the organisation, without the
    # programme's, the division's and the recommender's rows the dossier page needs.
    application = get_object_or_404(
        Application.objects.select_related("round__scheme", "organisation"), pk=pk
    )
    gate = expert_gate(request, application)
    if gate is not None:
        return gate
    review = selectors.own_review(request.user, application, stage)
    refusal = stage_refusal(request.user, application, stage, own_review=review)
    if refusal is not None and (request.method == "POST" or review is None):
        raise PermissionDenied(refusal)
    categories = selectors.scheme_categories(application.round, application.scheme_in_use_id)
    editable = refusal is None
    form = ScoreForm(
        posted_data(request),
        categories=categories,
        review=review,
    )
    if request.method == "POST" and form.is_valid():
        expert = expert_profile_of(request.user)
        assert expert is not None
        submit = request.POST.get("action") == "submit"
        with show_refusal(request, form=form, show_rule=False):
            services.save_review(
                application,
                expert,
                stage,
                actor=request.user,
                scores=form.scores(),
                feedback=form.feedback(),
                summary=form.cleaned_data["summary"],
                submit=submit,
            )
            if submit:
                messages.success(request, _("Your review is submitted."))
                return redirect("reviews:dossier", pk=application.pk)
            messages.success(request, _("Your draft is saved."))
            return redirect("reviews:score", pk=application.pk, stage=stage)
    return render(
        request,
        "reviews/review_score.html",
        {
            "application": application,
            "organisation": application.organisation,
            "stage": ReviewStage(stage),
            "form": form,
            # The categories' cards and their 23 item rows rendered in Python (performance),
            # the rest by the template.
            "sections_html": score_sections_html(form.sections(), editable),
            "summary_html": field_html(form["summary"]) if editable else "",
            "review": review,
            "editable": editable,
            "submitted": review is not None and review.status == ReviewStatus.SUBMITTED,
            "bands_html": bands_rows_html(translation.get_language()),
            "due": selectors.review_deadlines([application.round_id]).get(
                (application.round_id, stage)
            ),
        },
    )


# --- the office --------------------------------------------------------------------------------


def review_round_or_404(request: HttpRequest, pk: int) -> Round:
    round = get_object_or_404(Round.objects.select_related("programme", "scheme"), pk=pk)
    if not can_run_review(request.user, round):
        raise Http404
    return round


# The review hub holds two long tables besides its forms: together about fifty rows a page.
# Applications per page of the assignment table: each shows its experts (five at provincial
# scale, each row with its own withdraw form), so five applications make about 25 rows; and
# 25 rows of the site-selection table.
ASSIGNMENT_PAGE_SIZE = 5
CANDIDATE_PAGE_SIZE = 25
COMPOSITE_PAGE_SIZE = 50


def _options(
    bound: BoundField, loaded: dict[str, list[Any]] | None = None
) -> list[tuple[str, str, bool]]:
    """(value, label, selected) of a model choice field, for templates/reviews/_fast_select.html
    (one query, one loop; the widget's per-option templates take seconds for a large pool).
    Fields over the same query (the pool: leader, members, expert) share one fetch through
    ``loaded``."""
    field: Any = bound.field
    value = bound.value()
    values = value if isinstance(value, list | tuple) else [value]
    chosen = {str(v) for v in values if v not in (None, "")}
    try:
        key = str(field.queryset.query)
    except EmptyResultSet:
        key = ""
    if loaded is None or not key:
        objects = list(field.queryset)
    else:
        if key not in loaded:
            loaded[key] = list(field.queryset)
        objects = loaded[key]
    return [
        (str(obj.pk), str(field.label_from_instance(obj)), str(obj.pk) in chosen) for obj in objects
    ]


def _options_html(
    bound: BoundField, options: list[tuple[str, str, bool]], multiple: bool = False
) -> SafeString:
    """The options of templates/reviews/_fast_select.html (same names, ids and values as the
    form's widget). Every value and label goes through ``html.escape`` (quotes included):
    format_html per option was a third of the page's time for two thousand options."""
    if multiple:
        name, auto_id = escape(bound.html_name), escape(str(bound.auto_id))
        html = "".join(
            f'<div class="form-check"><input class="form-check-input" type="checkbox" '
            f'name="{name}" value="{escape(value)}" id="{auto_id}_{n}"'
            f'{" checked" if on else ""}><label class="form-check-label" '
            f'for="{auto_id}_{n}">{escape(label)}</label></div>'
            for n, (value, label, on) in enumerate(options)
        )
    else:
        html = "".join(
            f'<option value="{escape(value)}"{" selected" if on else ""}>{escape(label)}</option>'
            for value, label, on in options
        )
    return mark_safe(html)  # every piece escaped above


def _round_review_page(
    request: HttpRequest, round: Round, status: int = 200, **forms: Any
) -> HttpResponse:
    pool = selectors.expert_pool(round)
    deadlines = selectors.review_deadlines([round.pk])
    groups = selectors.review_groups(round)
    site_form = forms.get("site_form")
    context: dict[str, Any] = {
        "round": round,
        "groups": groups,
        "progress_card": progress_card(round, deadlines, groups),
        **hub_tables(request, round, site_form),
        "group_form": forms.get("group_form")
        or GroupForm(pool=pool, sector_choices=round_sector_choices(round)),
        "assign_form": forms.get("assign_form")
        or AssignForm(
            round=round, applications=selectors.assignable_applications(round), pool=pool
        ),
        "staffing_open": staffing_open(round),
        # Unbound, the form shows its two fields only: the table above it ticks the
        # applications that reach the threshold.
        "site_form": site_form
        or SiteSelectionForm(candidates=selectors.assignable_applications(round)),
        "stages": RoundStage,
        # The due dates of the two review stages (one query).
        "deadlines": [(stage, deadlines.get((round.pk, stage))) for stage in ReviewStage],
        "deadline_form": ReviewDeadlineForm(),
    }
    # The group and assignment forms are fetched when opened (group_form, assign_form below):
    # the pool's hundreds of experts and a round's thousand applications are not sent with
    # every page. A form sent back with errors is shown here, filled in as it was posted.
    loaded: dict[str, list[Any]] = {}
    if context["group_form"].is_bound:
        context["group_fast"] = _group_options(context["group_form"], loaded)
    if context["assign_form"].is_bound:
        context.update(_assign_context(context["assign_form"], loaded))
    return render(request, "reviews/round_review.html", context, status=status)


# Stands for the CSRF token in the cached assignment table; each request puts its own in.
_CSRF_SLOT = "csrf-token-of-the-request"


def hub_tables(
    request: HttpRequest, round: Round, site_form: SiteSelectionForm | None = None
) -> dict[str, SafeString]:
    """The review hub's two long tables, a page of each (``page``, ``cpage``): the assignment
    table (templates/reviews/_assignment_card.html) and the site-selection table
    (templates/reviews/_site_candidates.html). Counted and rendered once per change of what
    they show (``REVIEW_HUB_SCOPE``) and per page, unless a posted site selection is shown
    again with its own ticks; the withdraw forms' CSRF token is the request's own."""
    page, cpage = request.GET.get("page") or "", request.GET.get("cpage") or ""
    if not page.isdigit():
        page = ""  # Paginator.get_page shows the first page
    if cpage != "all" and not cpage.isdigit():
        cpage = ""

    def build() -> tuple[dict[str, str], None]:
        # The assignment table a page at a time (a round may hold a thousand applications).
        table_page = Paginator(
            selectors.reviewed_applications(round), ASSIGNMENT_PAGE_SIZE
        ).get_page(page)
        # The site-selection table a page at a time too: the means are computed for the
        # rows shown.
        candidate_page = None
        candidates: list[dict[str, Any]] = []
        all_candidates = cpage == "all"
        if round.stage == RoundStage.MATERIAL_REVIEW and all_candidates:
            # Asked for explicitly, to tick a manual selection across every application.
            candidates = selectors.site_review_candidates(round)
        elif round.stage == RoundStage.MATERIAL_REVIEW:
            candidate_page = Paginator(
                selectors.site_review_applications(round), CANDIDATE_PAGE_SIZE
            ).get_page(cpage)
            candidates = selectors.site_review_candidate_rows(
                round, list(candidate_page.object_list)
            )
        if site_form is not None and site_form.is_bound:
            selected = {int(v) for v in site_form.data.getlist("applications") if str(v).isdigit()}
        else:
            selected = {c["application"].pk for c in candidates if c["reaches"]}
        context = {
            "round": round,
            "table": selectors.assignment_table(round, list(table_page.object_list)),
            "table_page": table_page,
            "candidates": candidates,
            "candidate_page": candidate_page,
            "all_candidates": all_candidates,
            "selected_ids": selected,
            "assignable_statuses": selectors.ASSIGNABLE_STATUSES,
            "site_statuses": SITE_STATUSES,
            "staffing_open": staffing_open(round),
            "csrf_token": _CSRF_SLOT,
        }
        return {
            "assignments": render_to_string("reviews/_assignment_card.html", context),
            "candidates": render_to_string("reviews/_site_candidates.html", context),
        }, None

    if site_form is not None and site_form.is_bound:
        parts, _expires = build()
    else:
        parts = page_cache.cached_value(
            "review-hub-tables",
            [selectors_progress.REVIEW_HUB_SCOPE, selectors_progress.round_hub_scope(round.pk)],
            [round.pk, page, cpage],
            build,
        )
    token = escape(get_token(request))
    return {
        "assignment_card": mark_safe(parts["assignments"].replace(_CSRF_SLOT, token)),
        "candidate_table": mark_safe(parts["candidates"]),  # rendered by its template
    }


def progress_card(
    round: Round, deadlines: dict[tuple[int, str], Any], groups: list[Any]
) -> SafeString:
    """The review hub's progress card (templates/reviews/_progress_card.html), counted and
    rendered once per change of what it counts (``REVIEW_HUB_SCOPE``) and per day (what is
    overdue changes at midnight, Beijing time): at a thousand applications its counting query
    was most of the page's time."""

    def build() -> tuple[str, None]:
        # Two queries; the due dates and groups reused.
        progress = selectors_progress.review_progress(
            round, deadlines=deadlines, groups_of_round=groups
        )
        context = {
            "round": round,
            "deadlines": [(stage, deadlines.get((round.pk, stage))) for stage in ReviewStage],
            "progress": progress,
            "progress_chart": progress.chart_data(),
            "review_stages": list(ReviewStage),
        }
        return render_to_string("reviews/_progress_card.html", context), None

    return page_cache.cached_html(
        "review-progress",
        [selectors_progress.REVIEW_HUB_SCOPE, selectors_progress.round_hub_scope(round.pk)],
        [round.pk, timezone.localdate().isoformat()],
        build,
    )


def _pool_loaded(pool: Any, loaded: dict[str, list[Any]]) -> None:
    """The pool once for leader, members and expert, with what ExpertProfile.__str__ shows."""
    loaded.setdefault(str(pool.query), list(pool.only("pk", "name", "employer")))


def _group_options(form: GroupForm, loaded: dict[str, list[Any]]) -> dict[str, SafeString]:
    _pool_loaded(form.fields["leader"].queryset, loaded)  # type: ignore[attr-defined]
    return {
        "leader": _options_html(form["leader"], _options(form["leader"], loaded)),
        "members": _options_html(form["members"], _options(form["members"], loaded), True),
    }


def _assign_context(form: AssignForm, loaded: dict[str, list[Any]]) -> dict[str, Any]:
    """The assignment form of one application: the application as a hidden value (its name
    shown), the pool's experts and the round's groups as options."""
    _pool_loaded(form.fields["expert"].queryset, loaded)  # type: ignore[attr-defined]
    chosen = str(form["application"].value() or "")
    application = (
        form.fields["application"]  # type: ignore[attr-defined]
        .queryset.filter(pk=int(chosen))
        .select_related("organisation")
        .first()
        if chosen.isdigit()
        else None
    )
    return {
        "assign_application": application,
        "assign_fast": {
            "expert": _options_html(form["expert"], _options(form["expert"], loaded)),
            "group": _options_html(form["group"], _options(form["group"], loaded)),
        },
    }


@login_required
def group_form(request: HttpRequest, pk: int) -> HttpResponse:
    """The form that creates a review group, fetched when the office opens it on the review
    hub (its leader and member choices are the whole expert pool)."""
    round = review_round_or_404(request, pk)
    form = GroupForm(pool=selectors.expert_pool(round), sector_choices=round_sector_choices(round))
    context = {"round": round, "group_form": form, "group_fast": _group_options(form, {})}
    return render(request, "reviews/_group_form.html", context)


@login_required
def assign_form(request: HttpRequest, pk: int) -> HttpResponse:
    """The form that assigns an expert to one application of the round, opened from the
    application's row of the assignment table. 400 without an application; 404 for one this
    round cannot assign (another round's, or past the review stages)."""
    round = review_round_or_404(request, pk)
    applications = selectors.assignable_applications(round)
    chosen = request.GET.get("application", "")
    if not chosen.isdigit():
        return HttpResponse(status=400)
    if not applications.filter(pk=int(chosen)).exists():
        raise Http404
    form = AssignForm(
        round=round,
        applications=applications,
        pool=selectors.expert_pool(round),
        initial={"application": int(chosen)},
        auto_id=f"assign-{chosen}-%s",
    )
    context = {"round": round, "assign_form": form, **_assign_context(form, {})}
    return render(request, "reviews/_assign_form.html", context)


@login_required
def progress_reviewers(request: HttpRequest, pk: int) -> HttpResponse:
    """The review hub's progress per reviewer (hundreds of rows at provincial scale), fetched
    when the office opens it."""
    round = review_round_or_404(request, pk)
    context = {"progress": selectors_progress.review_progress(round)}
    return render(request, "reviews/_progress_reviewers.html", context)


@kept_page
@login_required
def round_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The office's review hub: due dates, progress per group and reviewer, groups,
    the assignment table, and the buttons that move the round on (select for site review,
    composite evaluation, candidate list)."""
    return _round_review_page(request, review_round_or_404(request, pk))


@login_required
@require_POST
def group_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    round = review_round_or_404(request, pk)
    form = GroupForm(
        request.POST, pool=selectors.expert_pool(round), sector_choices=round_sector_choices(round)
    )
    if form.is_valid():
        with show_refusal(request, form=form, show_rule=False):
            group = services.create_review_group(
                round,
                actor=request.user,
                name=form.cleaned_data["name"],
                sector=form.cleaned_data["sector"],
                leader=form.cleaned_data["leader"],
                members=form.cleaned_data["members"],
            )
            messages.success(request, _("Group “%(name)s” created.") % {"name": group.name})
            return redirect("reviews:round_review", pk=round.pk)
    return _round_review_page(request, round, group_form=form)


@login_required
@require_POST
def set_deadline(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The office sets the due date of a review stage; experts are reminded."""
    round = review_round_or_404(request, pk)
    form = ReviewDeadlineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a review stage and a valid due date."))
        return redirect("reviews:round_review", pk=round.pk)
    with show_refusal(request, show_rule=False):
        deadline = services_deadlines.set_review_deadline(
            round,
            form.cleaned_data["stage"],
            form.cleaned_data["due_on"],
            actor=request.user,
        )
        messages.success(
            request,
            _("%(stage)s reviews are due on %(date)s.")
            % {"stage": deadline.get_stage_display(), "date": deadline.due_on.isoformat()},
        )
    return redirect("reviews:round_review", pk=round.pk)


@login_required
@require_POST
def assign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    round = review_round_or_404(request, pk)
    form = AssignForm(
        request.POST,
        round=round,
        applications=selectors.assignable_applications(round),
        pool=selectors.expert_pool(round),
    )
    if form.is_valid():
        with show_refusal(request, form=form, show_rule=False):
            services.assign_expert(
                form.cleaned_data["application"],
                form.cleaned_data["expert"],
                actor=request.user,
                group=form.cleaned_data["group"],
            )
            messages.success(
                request,
                _("%(expert)s is assigned to %(org)s.")
                % {
                    "expert": form.cleaned_data["expert"].name,
                    "org": form.cleaned_data["application"].organisation.name,
                },
            )
            return redirect("reviews:round_review", pk=round.pk)
    return _round_review_page(request, round, assign_form=form)


@login_required
@require_POST
def withdraw_assignment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(
        Assignment.objects.select_related("application__round__programme", "expert"), pk=pk
    )
    round = assignment.application.round
    if not can_run_review(request.user, round):
        raise Http404
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for withdrawing the expert."))
        return redirect("reviews:round_review", pk=round.pk)
    with show_refusal(request, show_rule=False):
        services.withdraw_assignment(
            assignment,
            actor=request.user,
            reason=form.cleaned_data["reason"],
        )
        messages.success(
            request, _("%(expert)s is withdrawn.") % {"expert": assignment.expert.name}
        )
    return redirect("reviews:round_review", pk=round.pk)


@login_required
@require_POST
def select_site(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    round = review_round_or_404(request, pk)
    form = SiteSelectionForm(request.POST, candidates=selectors.assignable_applications(round))
    if form.is_valid():
        with show_refusal(request, form=form, show_rule=False):
            services.select_for_site_review(
                round,
                actor=request.user,
                application_ids=form.application_ids(),
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("The site-review list is fixed."))
            return redirect("reviews:round_review", pk=round.pk)
    return _round_review_page(request, round, site_form=form)


@login_required
@require_POST
def complete_composite(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    round = review_round_or_404(request, pk)
    with show_refusal(request, show_rule=False):
        services.complete_composite_evaluation(round, actor=request.user)
        messages.success(request, _("The composite evaluation is complete."))
        return redirect("reviews:composite_report", pk=round.pk)
    return redirect("reviews:round_review", pk=round.pk)


@login_required
@require_POST
def submit_candidates(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    round = review_round_or_404(request, pk)
    with show_refusal(request, show_rule=False):
        services.submit_candidate_list(round, actor=request.user)
        messages.success(request, _("The candidate list is submitted to the leading group."))
    return redirect("reviews:round_review", pk=round.pk)


@login_required
@require_POST
def recompute_composite(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """R12: the office recomputes the round's composite after a conflict of interest recorded
    once the composite evaluation was complete (from the office's application page)."""
    round = review_round_or_404(request, pk)
    form = RecomputeCompositeForm(request.POST)
    back = reverse("reviews:composite_report", args=[round.pk])
    if form.is_valid():
        application_id = form.cleaned_data["application"]
        if application_id and Application.objects.filter(pk=application_id, round=round).exists():
            back = reverse("applications:office_detail", args=[application_id]) + "#conflicts"
        with show_refusal(request, show_rule=False):
            services_rescoring.recompute_composite(
                round, actor=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(
                request, _("The composite is recomputed without the conflicted expert's reviews.")
            )
    else:
        messages.error(request, _("Give the reason for recomputing the composite."))
    return redirect(back)


@login_required
@require_POST
def record_conflict(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """R12: the office records a conflict of interest of an assigned expert (from the office's
    application page); reviews the expert already submitted leave the official scores."""
    application = application_or_404(pk)
    if not can_run_review(request.user, application.round):
        raise Http404
    form = OfficeConflictForm(request.POST, application=application)
    if form.is_valid():
        with show_refusal(request, show_rule=False):
            services.declare_conflict(
                application,
                form.cleaned_data["expert"],
                actor=request.user,
                has_conflict=True,
                kind=form.cleaned_data["kind"],
                note=form.cleaned_data["note"],
            )
            messages.success(
                request, _("The conflict of interest is recorded; the expert no longer reviews.")
            )
    else:
        messages.error(request, _("Choose the expert and the kind of conflict, and say how."))
    return redirect(reverse("applications:office_detail", args=[application.pk]) + "#conflicts")


# --- office and leading group ------------------------------------------------------------------


def _number(value: Decimal | int | None) -> str:
    """A score or a rank as the portal prints numbers: no thousands separator and a decimal
    point in both languages (Django's ``localize`` gives the same, at forty calls a number)."""
    if value is None:
        return "—"
    return f"{value:f}" if isinstance(value, Decimal) else str(value)


def _ranking_rows_html(rows: list[dict[str, Any]]) -> SafeString:
    """The rows of one sector's ranking on the composite report's page
    (templates/reviews/composite_report.html shows them): fifty rows of eight cells through
    the template language cost more than the rest of the page. Every value is escaped here
    (``html.escape``, quotes included)."""
    repeat_badge = f'<span class="badge text-bg-warning">{escape(_("Repeat prize winner"))}</span>'
    outside = f' <span class="small text-muted">{escape(_("outside the quota"))}</span>'
    not_candidate = f'<span class="text-muted">{escape(_("Not a candidate"))}</span>'
    html = []
    for row in rows:
        app = row["application"]
        name = (
            f"{app.nominee.full_name}（{app.organisation.name}）"
            if app.is_individual
            else app.organisation.name
        )
        composite = _number(app.composite_score)
        if row["bonus"]:
            tilt = _("incl. +%(b)s tilt") % {"b": _number(row["bonus"])}
            composite += f' <span class="small text-muted">({escape(tilt)})</span>'
        tags = "".join(
            f'<span class="badge text-bg-info me-1">{escape(tag)}</span>'
            for tag in app.priority_tags
        )
        if app.proposed_level:
            style = (
                "text-bg-danger" if app.proposed_level == PrizeLevel.PRIZE else "text-bg-primary"
            )
            level = f'<span class="badge {style}">{escape(app.get_proposed_level_display())}</span>'
            level += outside if row["outside_quota"] else ""
        else:
            level = not_candidate
        html.append(
            f'<tr class="ranking-row"><td>{_number(app.sector_rank)}</td>'
            f"<td>{escape(name)}</td>"
            f'<td class="text-end">{_number(app.material_score)}</td>'
            f'<td class="text-end">{_number(app.site_score)}</td>'
            f'<td class="text-end fw-semibold">{composite}</td>'
            f"<td>{tags or '—'}</td>"
            f"<td>{repeat_badge if row['is_repeat'] else '—'}</td>"
            f"<td>{level}</td></tr>"
        )
    return mark_safe("".join(html))  # every value escaped above


@kept_page
@login_required
def composite_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Art. 20: the composite evaluation report with the ranking per sector (office and
    leading group of the programme, after signing the commitment, R12)."""
    round = get_object_or_404(Round.objects.select_related("programme"), pk=pk)
    if not can_view_composite_report(request.user, round):
        raise Http404
    if not has_signed_commitment(request.user, round):
        return sign_first(request, round)
    # The ranking 50 rows a page (the Excel export above has them all).
    report = selectors.composite_report(
        round, request.GET.get("page"), per_page=COMPOSITE_PAGE_SIZE
    )
    for block in report["sectors"]:
        block["rows_html"] = _ranking_rows_html(block["rows"])
    return render(
        request,
        "reviews/composite_report.html",
        {
            "round": round,
            "report": report,
            "can_run": can_run_review(request.user, round),
            "stages": RoundStage,
        },
    )
