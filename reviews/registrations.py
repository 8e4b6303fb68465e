"""What reviews adds to the registries of the apps below it (called from
``ReviewsConfig.ready``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest

from accounts.dashboard import register_section
from accounts.models import User
from accounts.workqueue import register_provider
from applications import hooks as application_hooks
from applications.enums import ApplicationStatus
from applications.models import Application
from awards import hooks as round_hooks
from awards import sweeps
from awards.enums import RoundStage
from awards.models import AwardProgramme, Round, ScoringCategory, ScoringItem, ScoringScheme
from common.built_documents import register_kind
from common.page_cache import change_on_save, change_on_save_of
from decisionlog.labels import register_state_enum
from experts.departures import on_expert_leaving
from experts.models import ExpertProfile
from experts.selectors.pool import expert_name_of
from organisations.models import Organisation
from reviews.enums import ConflictScoreEffect, ReviewStatus
from reviews.exports import MATERIAL_REPORT, SITE_REPORT
from reviews.forms.defence import DefenceScoreForm
from reviews.forms.review import OfficeConflictForm, RecomputeCompositeForm
from reviews.models import Assignment, ConflictDeclaration, Review, ReviewDeadline, ReviewGroup
from reviews.permissions import can_open_dossier, can_record_defence_score, can_run_review
from reviews.selectors import review as review_selectors
from reviews.selectors import site as site_selectors
from reviews.selectors import workqueue as work
from reviews.selectors.applicant import conflicts_on_record
from reviews.selectors.defence import defence_score_of, defence_section
from reviews.selectors.progress import REVIEW_HUB_SCOPE, application_hub_scope
from reviews.services.deadlines import sweep_review_reminders
from reviews.services.rescoring import recompute_refusal
from reviews.services.review import withdraw_assignments_of_expert
from reviews.widgets import expert_task_rows_html


def _conflicts_section(
    request: HttpRequest, application: Application, forms: Mapping[str, Any]
) -> dict[str, Any]:
    """R12: every conflict of interest on record, who declared, named or recorded it and what
    it did to the expert's submitted reviews; when one recorded after the composite evaluation
    awaits the office, the form to recompute the composite (or why it can no longer be); for
    the office, the form to record a conflict of an assigned expert."""
    conflicts = list(conflicts_on_record(application))
    context: dict[str, Any] = {"conflicts": conflicts}
    if not can_run_review(request.user, application.round):
        return context
    form = OfficeConflictForm(application=application, auto_id="id_conflict_%s")
    if form.experts.exists():
        context["office_conflict_form"] = form
    if any(c.score_effect == ConflictScoreEffect.PENDING for c in conflicts):
        refusal = recompute_refusal(application.round)
        context["recompute_refusal"] = refusal
        if refusal is None:
            context["recompute_form"] = forms.get("recompute_form") or RecomputeCompositeForm(
                initial={"application": application.pk}, auto_id="id_recompute_%s"
            )
    return context


def _defence_section(
    request: HttpRequest, application: Application, forms: Mapping[str, Any]
) -> dict[str, Any]:
    """R1 / Art. 18-20: in a round that holds a question-and-defence stage, the application's
    defence score on record and, for the office while the round is in that stage and the
    application goes on after the material review, the form to record or correct it."""
    if not can_record_defence_score(request.user, application):
        return {}
    context: dict[str, Any] = {
        "defence_held": True,
        "defence_score": defence_score_of(application.pk),
    }
    if (
        application.round.stage == RoundStage.DEFENCE
        and application.status == ApplicationStatus.SITE_REVIEW
    ):
        context["defence_form"] = forms.get("defence_form") or DefenceScoreForm(
            auto_id="id_defence_%s"
        )
    return context


def _dashboard_expert(user: User) -> dict[str, Any]:
    """The expert's dashboard section, each round's task rows rendered once in Python
    (reviews.widgets.expert_task_rows_html)."""
    context = review_selectors.dashboard_expert(user)
    profile: ExpertProfile | None = context["profile"]
    led: list[set[int]] = []

    def led_group_ids() -> set[int]:
        # One query, and only when a row shows a submitted review (the consensus link).
        if not led:
            led.append(set(profile.led_groups.values_list("pk", flat=True)) if profile else set())
        return led[0]

    for entry in context["rounds"]:
        entry["rows_html"] = expert_task_rows_html(entry["tasks"], led_group_ids)
    return context


def _defence_round_context(round: Round) -> dict[str, Any]:
    """R1: the round page's question-and-defence section (none without the stage)."""
    return {"defence": defence_section(round)}


def register() -> None:
    for model in (ScoringScheme, ScoringCategory, ScoringItem):
        post_save.connect(review_selectors.forget_schemes, sender=model)
        post_delete.connect(review_selectors.forget_schemes, sender=model)
    register_kind(MATERIAL_REPORT)
    register_kind(SITE_REPORT)
    # R1: the question-and-defence stage, in a round whose rules hold it, before the review.
    round_hooks.round_page_context.add(_defence_round_context)
    round_hooks.round_page_partials.add("reviews/_round_hub_defence.html")
    round_hooks.round_page_partials.add("reviews/_round_hub_office.html")
    register_state_enum("review", ReviewStatus)
    application_hooks.dossier_readers.add(can_open_dossier)
    application_hooks.reader_names.add(expert_name_of)
    application_hooks.office_page_sections.add(_conflicts_section)
    application_hooks.office_page_sections.add(_defence_section)
    # An expert leaving the pool (disqualified, or its agency disqualified) loses its
    # assignments: the pool is a lower layer and asks through its registry.
    on_expert_leaving(withdraw_assignments_of_expert)
    sweeps.register("review_reminders", sweep_review_reminders, order=60)
    register_section("expert", "reviews/_dashboard_expert.html", _dashboard_expert, order=60)
    register_section(
        "applicant",
        "reviews/_dashboard_site_visit.html",
        site_selectors.dashboard_applicant,
        order=70,
    )
    register_provider("expert", "reviews", work.expert_items, count=work.expert_item_count)
    register_provider("office", "reviews", work.office_items)
    # What the office's review hub caches (reviews.selectors.progress.REVIEW_HUB_SCOPE).
    change_on_save(
        REVIEW_HUB_SCOPE,
        Assignment,
        Review,
        ConflictDeclaration,
        ReviewGroup,
        ReviewGroup.members.through,
        ReviewDeadline,
        Organisation,
        Round,
        # A round's sector buckets are named by its kept rules (a draft's, its programme's).
        AwardProgramme,
        ExpertProfile,
    )
    change_on_save_of(application_hub_scope, Application)
