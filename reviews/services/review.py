"""Every write of expert review: groups, assignments, conflict
declarations (R12), scores, the site-review list, the composite evaluation and the candidate
list (R2, R6, R7). Each writes the decision log in its own transaction (R14)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import is_office_of
from applications.enums import ApplicationStatus
from applications.models import Application
from applications.services.application import transition_application
from awards.enums import PrizeLevel, RoundStage
from awards.models import Round, ScoringCategory, ScoringItem
from awards.permissions import has_signed_commitment
from awards.rules import stage_after_material_review
from awards.rulesets import round_bucket_places
from awards.services import transition_round
from common import page_cache
from decisionlog.services import record_decision
from decisionlog.workflow import DomainError, transition_logged
from experts.models import ExpertProfile
from notifications.services import notify, notify_event
from reviews.enums import (
    REVIEW_TRANSITIONS,
    ConflictKind,
    ConflictSource,
    ReviewStage,
    ReviewStatus,
)
from reviews.models import (
    Assignment,
    CategoryFeedback,
    ConflictDeclaration,
    ItemScore,
    Review,
    ReviewGroup,
)
from reviews.permissions import detected_conflict_reason, pool_of, score_refusal
from reviews.rules.scoring import is_valid_percent, review_total
from reviews.rules.staffing import check_staffing_open
from reviews.selectors.feedback import consensus_totals
from reviews.selectors.progress import REVIEW_HUB_SCOPE
from reviews.selectors.review import leading_group_users, stage_progress
from reviews.services.rescoring import exclude_scored_reviews, rank_applications, ranking_data

Scores = dict[int, tuple[int, str]]
Feedback = dict[int, tuple[str, str]]


def transition_review(
    review: Review,
    to: str,
    *,
    actor: User | None,
    reason: str = "",
    data: dict[str, Any] | None = None,
    **extra: Any,
) -> Review:
    """The only way a review's status changes (draft -> submitted, never back)."""
    return transition_logged(
        review, to, REVIEW_TRANSITIONS, actor, reason, extra, action=f"review.{to}", data=data
    )


def require_office(actor: User, round: Round) -> None:
    if not is_office_of(actor, round.programme_id):
        raise DomainError(_("Only the office of this programme can do this."))


# --- groups and assignments ------------------------------------------------------------------


@transaction.atomic
def create_review_group(
    round: Round,
    *,
    actor: User,
    name: str,
    sector: str,
    leader: ExpertProfile | None = None,
    members: Iterable[ExpertProfile] = (),
) -> ReviewGroup:
    """Form a review group (评审组) for one sector of the round, from the programme's active
    expert pool; the group leader is a member.

    Preconditions: the actor is office staff of the programme; the name is new in the round.
    Side effects: the group and its members; a decision-log row.
    """
    require_office(actor, round)
    check_staffing_open(round)
    name = name.strip()
    if not name:
        raise DomainError(_("Give the group a name."))
    # R2: one of the sector buckets of the round's rules.
    if sector not in round_bucket_places(round)[PrizeLevel.PRIZE]:
        raise DomainError(_("Choose the group's sector."))
    if ReviewGroup.objects.filter(round=round, name=name).exists():
        raise DomainError(_("This round already has a group named “%(name)s”.") % {"name": name})
    chosen = {m.pk: m for m in members}
    if leader is not None:
        chosen[leader.pk] = leader
    if not chosen:
        raise DomainError(_("Choose the group's members."))
    in_pool = set(pool_of(round.programme_id).filter(pk__in=chosen).values_list("pk", flat=True))
    outside = [str(m.name) for pk, m in chosen.items() if pk not in in_pool]
    if outside:
        raise DomainError(
            _("Not in the programme's active expert pool: %(names)s.")
            % {"names": "、".join(sorted(outside))}
        )
    group = ReviewGroup.objects.create(round=round, name=name, sector=sector, leader=leader)
    group.members.set(chosen.values())
    record_decision(
        actor=actor,
        action="review.group_create",
        obj=round,
        data={
            "group": group.pk,
            "name": name,
            "sector": sector,
            "leader": leader.pk if leader else None,
            "members": sorted(chosen),
        },
    )
    return group


def assign_expert(
    application: Application,
    expert: ExpertProfile,
    *,
    actor: User,
    group: ReviewGroup | None = None,
) -> Assignment:
    """Assign an expert of the programme's active pool to review an application.

    Preconditions: the actor is office staff of the programme; the application is in material
    review (ELIGIBLE) or site review; the expert has a login; if a group is given it belongs to
    the round and has the expert as a member; R12: no conflict declared (or recorded) for this
    application and none detected (the expert's employer is the applicant).
    Side effects (one transaction): the Assignment (what opens the dossier to the expert, with
    the conditions of reviews.permissions), a notification to the expert, a decision-log row.
    Idempotent: an active assignment is returned as it is.
    """
    with transaction.atomic():
        app = (
            Application.objects.select_for_update(of=("self",))
            .select_related("round", "organisation")
            .get(pk=application.pk)
        )
        require_office(actor, app.round)
        if app.status not in (ApplicationStatus.ELIGIBLE, ApplicationStatus.SITE_REVIEW):
            raise DomainError(
                _("Experts are assigned only to applications in material or site review.")
            )
        expert = ExpertProfile.objects.select_related("user").get(pk=expert.pk)
        if expert.user_id is None:
            raise DomainError(
                _("%(expert)s has no log-in and cannot review.") % {"expert": expert.name}
            )
        if not pool_of(app.round.programme_id).filter(pk=expert.pk).exists():
            raise DomainError(
                _("%(expert)s is not in the programme's active expert pool.")
                % {"expert": expert.name}
            )
        if group is not None:
            if group.round_id != app.round_id:
                raise DomainError(_("The group belongs to another round."))
            if not group.members.filter(pk=expert.pk).exists():
                raise DomainError(
                    _("%(expert)s is not a member of %(group)s.")
                    % {"expert": expert.name, "group": group.name}
                )
        detected = detected_conflict_reason(expert, app.organisation.credit_code)
        if detected == "employer":
            raise DomainError(
                _(
                    "%(expert)s works for %(org)s: a conflict of interest, the expert cannot "
                    "review this application."
                )
                % {"expert": expert.name, "org": app.organisation.name},
                rule="R12",
            )
        if detected == "former_employer":
            raise DomainError(
                _(
                    "%(expert)s worked for %(org)s within the last three years: a conflict of "
                    "interest, the expert cannot review this application."
                )
                % {"expert": expert.name, "org": app.organisation.name},
                rule="R12",
            )
        conflict = ConflictDeclaration.objects.filter(
            expert=expert, application=app, has_conflict=True
        ).first()
        if conflict is not None:
            raise DomainError(
                _("%(expert)s has a conflict of interest with %(org)s (%(kind)s).")
                % {
                    "expert": expert.name,
                    "org": app.organisation.name,
                    "kind": conflict.get_kind_display() or _("declared"),
                },
                rule="R12",
            )
        existing = Assignment.objects.filter(
            application=app, expert=expert, withdrawn_at__isnull=True
        ).first()
        assert expert.user is not None
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                assignment = Assignment.objects.create(
                    application=app, expert=expert, group=group, assigned_by=actor
                )
        except IntegrityError:  # a concurrent request assigned the same expert first
            return Assignment.objects.get(application=app, expert=expert, withdrawn_at__isnull=True)
        record_decision(
            actor=actor,
            action="review.assign",
            obj=app,
            data={
                "assignment": assignment.pk,
                "expert": expert.pk,
                "expert_name": expert.name,
                "group": group.pk if group else None,
            },
        )

        # In the expert's language (template "review_assigned").
        notify_event(
            "review_assigned",
            users=[expert.user],
            context={"organisation": app.organisation.name, "round": str(app.round)},
            url=reverse("reviews:declare", args=[app.pk]),
            programme_id=app.round.programme_id,
        )
    return assignment


def end_assignment(assignment: Assignment, *, reason: str) -> None:
    """Withdraw an assignment (same transaction as the caller): the dossier closes to the expert."""
    Assignment.objects.filter(pk=assignment.pk, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now(), withdrawn_reason=reason
    )
    page_cache.changed(REVIEW_HUB_SCOPE)  # an update() sends no signal


@transaction.atomic
def withdraw_assignment(assignment: Assignment, *, actor: User, reason: str) -> Assignment:
    """The office takes an expert off an application (with a reason).

    Preconditions: the actor is office staff of the programme; a reason is given.
    Side effects: withdrawn_at and reason set, decision-log row.
    Idempotent: an already withdrawn assignment is returned unchanged.
    """
    locked = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("application__round", "expert__user")
        .get(pk=assignment.pk)
    )
    require_office(actor, locked.application.round)
    if locked.withdrawn_at is not None:
        return locked
    check_staffing_open(locked.application.round)
    if not reason.strip():
        raise DomainError(_("Give the reason for withdrawing the expert."))
    end_assignment(locked, reason=reason)
    record_decision(
        actor=actor,
        action="review.withdraw",
        obj=locked.application,
        reason=reason,
        data={"assignment": locked.pk, "expert": locked.expert_id},
    )
    locked.refresh_from_db()
    return locked


@transaction.atomic
def withdraw_assignments_of_expert(
    expert: ExpertProfile, *, actor: User, reason: str, programme_id: int | None
) -> int:
    """Withdraw the active assignments of an expert (Art. 32: a disqualified expert, R12) in
    the rounds of ``programme_id`` (``None``: every programme), each with a decision-log row.
    The caller checks the actor's right (the leading group decides a disqualification).
    Returns how many were withdrawn."""
    scope = Q() if programme_id is None else Q(application__round__programme_id=programme_id)
    active = list(
        Assignment.objects.select_for_update(of=("self",))
        .select_related("application__round", "expert__user")
        .filter(scope, expert=expert, withdrawn_at__isnull=True)
        .order_by("pk")
    )
    for assignment in active:
        end_assignment(assignment, reason=reason)
        record_decision(
            actor=actor,
            action="review.withdraw",
            obj=assignment.application,
            reason=reason,
            data={"assignment": assignment.pk, "expert": assignment.expert_id},
        )
    return len(active)


def declare_conflict(
    application: Application,
    expert: ExpertProfile,
    *,
    actor: User,
    has_conflict: bool,
    kind: str = "",
    note: str = "",
) -> ConflictDeclaration:
    """R12: the assigned expert declares, for one application, no conflict of interest or a
    conflict of a given kind. The office may also record a conflict it learns of (never
    "no conflict" on the expert's behalf).

    Preconditions: an active assignment of the expert; a conflict names its kind (and "other"
    a note); "no conflict" needs the round's commitment signed first and no detected or
    earlier conflict.
    Side effects (one transaction): the declaration; for a conflict, the assignment is
    withdrawn at once and the reviews the expert already submitted leave the official scores
    (rescoring.exclude_scored_reviews: recomputed and logged, or left to the office's
    recomputation of the composite once the stage is closed); a decision-log row. Declaring
    "no conflict" twice returns the first declaration.
    """
    with transaction.atomic():
        # The round first, as closing a stage locks it before its applications.
        Round.objects.select_for_update().filter(pk=application.round_id).first()
        app = (
            Application.objects.select_for_update(of=("self",))
            .select_related("round", "organisation")
            .get(pk=application.pk)
        )
        expert = ExpertProfile.objects.select_related("user").get(pk=expert.pk)
        is_self = expert.user_id is not None and actor.pk == expert.user_id
        if not is_self and not (has_conflict and is_office_of(actor, app.round.programme_id)):
            raise DomainError(_("Only the expert can declare for this application."), rule="R12")
        assignment = (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("expert__user", "application")
            .filter(application=app, expert=expert, withdrawn_at__isnull=True)
            .first()
        )
        earlier_conflict = ConflictDeclaration.objects.filter(
            expert=expert, application=app, has_conflict=True
        ).first()
        if assignment is None:
            if has_conflict and earlier_conflict is not None:
                return earlier_conflict
            raise DomainError(
                _("%(expert)s is not assigned to this application.") % {"expert": expert.name}
            )
        if has_conflict:
            if kind not in ConflictKind.values:
                raise DomainError(_("Choose the kind of conflict of interest."), rule="R12")
            if kind == ConflictKind.OTHER and not note.strip():
                raise DomainError(_("Describe the conflict of interest."), rule="R12")
        else:
            kind = ""
            if earlier_conflict is not None or detected_conflict_reason(
                expert, app.organisation.credit_code
            ):
                raise DomainError(
                    _("A conflict of interest is on record for this application."), rule="R12"
                )
            if not has_signed_commitment(actor, app.round):
                raise DomainError(
                    _("Sign the round's confidentiality commitment first."), rule="R12"
                )
            existing = ConflictDeclaration.objects.filter(
                expert=expert, application=app, has_conflict=False
            ).first()
            if existing is not None:
                return existing
        declaration = ConflictDeclaration.objects.create(
            expert=expert,
            application=app,
            has_conflict=has_conflict,
            kind=kind,
            source=ConflictSource.DECLARED if is_self else ConflictSource.OFFICE,
            note=note,
            recorded_by=actor,
        )
        if has_conflict:
            end_assignment(
                assignment,
                reason=_("Conflict of interest: %(kind)s") % {"kind": ConflictKind(kind).label},
            )
        record_decision(
            actor=actor,
            action="review.conflict" if has_conflict else "review.no_conflict",
            obj=app,
            reason=note,
            data={
                "declaration": declaration.pk,
                "expert": expert.pk,
                "expert_name": expert.name,
                "has_conflict": has_conflict,
                "kind": kind,
                "source": declaration.source,
                "assignment_withdrawn": assignment.pk if has_conflict else None,
            },
        )
        if has_conflict:
            exclude_scored_reviews(app, expert, declaration, actor=actor)
    return declaration


# --- scores ------------------------------------------------------------------------------------


def _check_scorer(actor: User, expert: ExpertProfile, application: Application, stage: str) -> None:
    """R-roles: only the expert enters its own scores (never the office); then score_refusal."""
    if expert.user_id is None or actor.pk != expert.user_id:
        raise DomainError(_("Only the expert can enter or change its own scores."))
    refusal = score_refusal(actor, application, stage)
    if refusal is not None:
        raise DomainError(refusal, rule="R12")


def write_scores(
    review: Review,
    items: dict[int, ScoringItem],
    *,
    scores: Scores,
    feedback: Feedback | None,
    summary: str,
) -> None:
    """Replace a draft review's item scores, and its feedback unless ``feedback`` is None, with
    these; set its total (points x percentage over ``items``, the round's scheme) and summary.
    The caller has checked the items and percentages and saves the review itself."""
    # A draft holds exactly the scores last saved.
    review.item_scores.all().delete()
    ItemScore.objects.bulk_create(
        ItemScore(review=review, item_id=item_id, percent=percent, comment=comment.strip())
        for item_id, (percent, comment) in scores.items()
    )
    if feedback is not None:
        review.feedback.all().delete()
        CategoryFeedback.objects.bulk_create(
            CategoryFeedback(
                review=review,
                category_id=category_id,
                strengths=strengths.strip(),
                opportunities=opportunities.strip(),
            )
            for category_id, (strengths, opportunities) in feedback.items()
            if strengths.strip() or opportunities.strip()
        )
    review.total = review_total(
        (items[item_id].points, percent) for item_id, (percent, _c) in scores.items()
    )
    review.summary = summary.strip()


@transaction.atomic
def save_review(
    application: Application,
    expert: ExpertProfile,
    stage: str,
    *,
    actor: User,
    scores: Scores,
    feedback: Feedback | None = None,
    summary: str = "",
    submit: bool = False,
) -> Review:
    """Save the expert's draft scores for one application at one stage (material or site);
    with ``submit`` (the form's "submit" button), then :func:`submit_review` in the same
    transaction: when the submission is refused, nothing of it is saved.

    ``scores`` maps scoring-item ids to (percentage, comment); the draft then holds exactly
    these. ``feedback`` maps category ids to (strengths, opportunities for improvement): the
    applicant's feedback report; None leaves it as it was.
    Preconditions: the actor is the expert itself (the office never enters or changes scores);
    score_refusal is None (R12: assigned, no conflict, declared, commitment signed; the round and the
    application in that stage; not yet submitted); items of the round's scheme; percentages
    in steps of 5 from 0 to 100 (GB/Z 19579).
    Side effects: the review (created as a draft), its item scores and feedback, total =
    sum(points x percentage) to one decimal; a decision-log row.
    """
    app = Application.objects.select_related("round", "organisation").get(pk=application.pk)
    _check_scorer(actor, expert, app, stage)
    items = {i.pk: i for i in ScoringItem.objects.filter(category__scheme_id=app.scheme_in_use_id)}
    unknown = sorted(set(scores) - set(items))
    if unknown:
        raise DomainError(
            _("These items are not in the round's scoring scheme: %(ids)s.")
            % {"ids": ", ".join(map(str, unknown))}
        )
    bad = [
        f"{items[item_id].code} ({percent!r})"
        for item_id, (percent, _comment) in sorted(
            scores.items(), key=lambda kv: items[kv[0]].order
        )
        if not is_valid_percent(percent)
    ]
    if bad:
        raise DomainError(
            _("Percentages go in steps of 5 from 0 to 100; not allowed: %(items)s.")
            % {"items": "、".join(bad)}
        )
    if feedback is not None:
        categories = set(
            ScoringCategory.objects.filter(scheme_id=app.scheme_in_use_id).values_list(
                "pk", flat=True
            )
        )
        unknown = sorted(set(feedback) - categories)
        if unknown:
            raise DomainError(
                _("These categories are not in the round's scoring scheme: %(ids)s.")
                % {"ids": ", ".join(map(str, unknown))}
            )
    review, _created = Review.objects.get_or_create(application=app, expert=expert, stage=stage)
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.status != ReviewStatus.DRAFT:
        raise DomainError(_("Your review was submitted and can no longer change."))
    write_scores(review, items, scores=scores, feedback=feedback, summary=summary)
    review.save(update_fields=["total", "summary", "updated_at"])
    record_decision(
        actor=actor,
        action="review.save",
        obj=app,
        data={
            "review": review.pk,
            "stage": stage,
            "total": str(review.total),
            "items": len(scores),
        },
    )
    return submit_review(review, actor=actor) if submit else review


@transaction.atomic
def submit_review(review: Review, *, actor: User) -> Review:
    """Submit a review: every item of the scheme scored; afterwards it can no longer change.

    Preconditions: the actor is the expert itself; score_refusal is None; every item scored.
    Side effects: status submitted, submitted_at; a decision-log row with every percentage
    (R14). Submitting a submitted review returns it unchanged.
    """
    locked = (
        Review.objects.select_for_update(of=("self",))
        .select_related("expert", "application__round")
        .get(pk=review.pk)
    )
    if locked.expert.user_id is None or actor.pk != locked.expert.user_id:
        raise DomainError(_("Only the expert can enter or change its own scores."))
    if locked.status == ReviewStatus.SUBMITTED:
        return locked
    _check_scorer(actor, locked.expert, locked.application, locked.stage)
    scored = {s.item_id: s for s in locked.item_scores.select_related("item")}
    items = ScoringItem.objects.filter(category__scheme_id=locked.application.scheme_in_use_id)
    missing = [i.code for i in items if i.pk not in scored]
    if missing:
        raise DomainError(
            _("Score every item before submitting; missing: %(items)s.")
            % {"items": "、".join(missing)}
        )
    return transition_review(
        locked,
        ReviewStatus.SUBMITTED,
        actor=actor,
        submitted_at=timezone.now(),
        data={
            "stage": locked.stage,
            "total": str(locked.total),
            "percent": {s.item.code: s.percent for s in scored.values()},
        },
    )


# --- moving the round on -----------------------------------------------------------------------


def _missing_message(
    stage_label: str, applications: list[Application], missing: dict[int, list[str]]
) -> str:
    parts = [
        f"{app.organisation.name}: {'、'.join(missing[app.pk])}"
        for app in applications
        if app.pk in missing
    ]
    return _("%(stage)s is not complete. %(missing)s") % {
        "stage": stage_label,
        "missing": "; ".join(parts),
    }


def _close_review_stage(
    round: Round,
    *,
    actor: User,
    round_stage: str,
    not_in_stage: str,
    application_status: str,
    review_stage: str,
) -> tuple[Round, list[Application], dict[int, Decimal]]:
    """Shared start of closing a review stage: lock the round, check the office and the
    stage (R1), refuse while reviews are missing, and return each application's score: the
    group's submitted consensus where there is one (docs/rules.md, Scoring), else the members'
    mean."""
    locked = Round.objects.select_for_update().get(pk=round.pk)
    require_office(actor, locked)
    if locked.stage != round_stage:
        raise DomainError(not_in_stage, rule="R1")
    applications = list(
        locked.applications.filter(status=application_status)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    progress = stage_progress(applications, review_stage)
    if progress.missing:
        raise DomainError(
            _missing_message(str(ReviewStage(review_stage).label), applications, progress.missing),
            rule="R1",
        )
    scores = progress.means() | consensus_totals([a.pk for a in applications], review_stage)
    return locked, applications, scores


def select_for_site_review(
    round: Round,
    *,
    actor: User,
    application_ids: list[int] | None = None,
    reason: str = "",
) -> Round:
    """Art. 18: close material review and fix the list that goes on to site review.

    Preconditions: the actor is office staff of the programme; the round is in material
    review; every active assignment's material review is submitted (the refusal lists what
    is missing). ``application_ids`` None selects every application whose mean material score
    reaches round.site_review_min_score; otherwise exactly those (applications of this round
    in material review), a manual selection logged as such.
    Side effects (one transaction): each application's material_score (mean of the submitted
    material reviews of experts in good standing, one decimal); selected -> SITE_REVIEW, the
    others -> NOT_SELECTED (each logged); a decision-log row with every score; the round ->
    SITE_REVIEW, or DEFENCE when its rules hold a question-and-defence stage (R1: the list
    fixed here is the one questioned there and visited after).
    """
    with transaction.atomic():
        locked, applications, scores = _close_review_stage(
            round,
            actor=actor,
            round_stage=RoundStage.MATERIAL_REVIEW,
            not_in_stage=_("The round is not in material review."),
            application_status=ApplicationStatus.ELIGIBLE,
            review_stage=ReviewStage.MATERIAL,
        )
        manual = application_ids is not None
        if application_ids is None:
            selected = {pk for pk, s in scores.items() if s >= locked.site_review_min_score}
        else:
            selected = set(application_ids)
            unknown = selected - set(scores)
            if unknown:
                raise DomainError(
                    _("Only applications of this round in material review can be selected.")
                )
        threshold = locked.site_review_min_score
        why = reason or (
            _("Manual selection by the office.")
            if manual
            else _("Mean material score against the threshold of %(t)s.") % {"t": threshold}
        )
        for app in applications:
            transition_application(
                app,
                ApplicationStatus.SITE_REVIEW
                if app.pk in selected
                else ApplicationStatus.NOT_SELECTED,
                actor=actor,
                reason=why,
                material_score=scores[app.pk],
            )
        record_decision(
            actor=actor,
            action="review.select_for_site_review",
            obj=locked,
            reason=why,
            data={
                "threshold": str(threshold),
                "manual": manual,
                "scores": {str(app.pk): str(scores[app.pk]) for app in applications},
                "selected": sorted(selected),
            },
        )
        # R1: the list goes on to the question-and-defence stage when the round's rules hold
        # one (awards.rules.stage_after_material_review), else straight to the site review.
        return transition_round(
            locked, stage_after_material_review(locked), actor=actor, reason=why
        )


def complete_composite_evaluation(round: Round, *, actor: User) -> Round:
    """Art. 20: combine material and site review into the composite score, rank within each
    sector and propose the candidate list within the quotas.

    Preconditions: the actor is office staff of the programme; the round is in site review;
    every active assignment's site review is submitted.
    Steps: site_score = mean of the submitted site reviews (one decimal); composite =
    material x material_weight + site x site_weight (+ R6 bonus points for the Art. 15 tag the
    office confirmed, when the round's tilt rule is "bonus"); rank within each sector (R6
    "precedence": at equal composite scores that tag first; then material score, then name);
    fill places with reviews.rules.scoring.fill_places (R2 quotas per sector and in total, prize first, then
    nomination; R7 a repeat prize winner qualifying for the prize is outside the quota).
    Side effects (one transaction): site_score, composite_score, sector_rank, proposed_level
    on each application; -> CANDIDATE or NOT_CANDIDATE (each logged); a decision-log row with
    the ranking, the tie-breaks used and the quota use; the round -> COMPOSITE.
    """
    with transaction.atomic():
        locked, applications, site_scores = _close_review_stage(
            round,
            actor=actor,
            round_stage=RoundStage.SITE_REVIEW,
            not_in_stage=_("The round is not in site review."),
            application_status=ApplicationStatus.SITE_REVIEW,
            review_stage=ReviewStage.SITE,
        )
        material: dict[int, Decimal] = {}
        for app in applications:
            if app.material_score is None:
                raise DomainError(
                    _("%(org)s has no material review score.") % {"org": app.organisation.name}
                )
            material[app.pk] = app.material_score
        ranking = rank_applications(locked, applications, material, site_scores)
        for app in applications:
            entry, placement = ranking.entries[app.pk], ranking.placements[app.pk]
            transition_application(
                app,
                ApplicationStatus.CANDIDATE if placement.level else ApplicationStatus.NOT_CANDIDATE,
                actor=actor,
                reason=_("Composite evaluation."),
                site_score=site_scores[app.pk],
                composite_score=entry.composite,
                sector_rank=ranking.ranks[app.pk],
                proposed_level=placement.level,
            )
        record_decision(
            actor=actor,
            action="review.composite",
            obj=locked,
            data=ranking_data(locked, ranking, site_scores),
        )
        return transition_round(locked, RoundStage.COMPOSITE, actor=actor)


def submit_candidate_list(round: Round, *, actor: User) -> Round:
    """Art. 20-21: the office submits the composite report and candidate list to the leading
    group's plenary.

    Preconditions: the actor is office staff of the programme; the round's composite
    evaluation is complete (stage COMPOSITE).
    Side effects (one transaction): the round -> DELIBERATION (logged); a notification to each
    leading-group member of the programme.
    """
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round.pk)
        require_office(actor, locked)
        if locked.stage != RoundStage.COMPOSITE:
            raise DomainError(
                _("The candidate list is submitted once the composite evaluation is complete."),
                rule="R1",
            )
        result = transition_round(locked, RoundStage.DELIBERATION, actor=actor)
        candidates = locked.applications.filter(status=ApplicationStatus.CANDIDATE)
        prizes = candidates.filter(proposed_level=PrizeLevel.PRIZE).count()
        nominations = candidates.filter(proposed_level=PrizeLevel.NOMINATION).count()

        notify(
            leading_group_users(locked),
            subject=_("Candidate list for the plenary"),
            body=_(
                "The office submitted the composite evaluation and candidate list of %(round)s: "
                "%(prizes)d for the prize, %(nominations)d for the nomination prize."
            )
            % {"round": locked, "prizes": prizes, "nominations": nominations},
            url=reverse("reviews:composite_report", args=[locked.pk]),
            programme_id=locked.programme_id,
        )
    return result
